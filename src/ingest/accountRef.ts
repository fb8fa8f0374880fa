/** Resolves the account an ingested item refers to: by external id exactly, or by name via findAccount. */
import { findAccount } from "../activity/findAccount.js";
import { AppError } from "../domain/errors.js";
import type { Db } from "../store/client.js";

export interface ResolvedAccount {
  id: string;
  name: string;
  /** Bare dates in the item are read in it. */
  timeZone: string;
}

export interface AccountRefInput {
  account?: string;
  accountExternalId?: string;
}

export type AccountResolver = (ref: AccountRefInput) => Promise<ResolvedAccount>;

/**
 * A resolver remembering its answers (failures too, so a file naming one unknown account a thousand
 * times computes the suggestions once). Use one per request or import: accounts added meanwhile are
 * seen by the next one. `cacheSize` bounds the memory of a long import.
 */
export function createAccountResolver(db: Db, cacheSize = 10_000): AccountResolver {
  const cache = new Map<string, Promise<ResolvedAccount>>();
  return (ref) => {
    const key = ref.accountExternalId !== undefined ? `x:${ref.accountExternalId}` : `n:${ref.account ?? ""}`;
    let found = cache.get(key);
    if (!found) {
      if (cache.size >= cacheSize) cache.delete(cache.keys().next().value as string);
      found = resolveAccount(db, ref);
      found.catch(() => undefined); // the caller handles it; the cached copy must not be "unhandled"
      cache.set(key, found);
    }
    return found;
  };
}

export async function resolveAccount(db: Db, ref: AccountRefInput): Promise<ResolvedAccount> {
  if (ref.accountExternalId !== undefined) {
    const byExternalId = await db.account.findUnique({
      where: { externalId: ref.accountExternalId },
      select: { id: true, name: true, timeZone: true },
    });
    if (byExternalId) return byExternalId;
    throw new AppError("unknown_account", `No account has the external id "${ref.accountExternalId}".`, [
      "Send the account first (POST /api/v1/accounts or an accounts CSV), or refer to it by name with account.",
    ]);
  }
  const match = await findAccount(db, ref.account ?? "");
  const row = await db.account.findUnique({ where: { id: match.id }, select: { timeZone: true } });
  if (!row) throw new AppError("unknown_account", `Account "${match.name}" was removed meanwhile.`);
  return { ...match, timeZone: row.timeZone };
}
