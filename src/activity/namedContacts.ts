/**
 * Contacts named by activity (a touch's `--with`, a mail's sender, a ticket's requester): the
 * account's Contact of that name exists afterwards, created with role `other` when it did not;
 * an existing contact (its role, its details) is left as it is.
 */
import type { Tx } from "../store/client.js";
import { newIds } from "../store/ids.js";
import { insertSkippingTaken, rowsParams, type PlainTx } from "../store/plainTransaction.js";
import { sqlTimestamp } from "../store/rows.js";
import { nameKey } from "./names.js";

export interface NamedContact {
  accountId: string;
  name: string | null;
}

const COLUMNS = [["id"], ["accountId"], ["name"], ["nameKey"], ["source"], ["createdAt", "timestamp(3)"], ["updatedAt", "timestamp(3)"]] as const;
const INSERT = insertSkippingTaken("Contact", COLUMNS, ["accountId", "nameKey"]);

/** One name per account and key, trimmed; nameless and unkeyable names (punctuation only) left out. */
function distinctNames(items: readonly NamedContact[]): { accountId: string; name: string; key: string }[] {
  const seen = new Map<string, { accountId: string; name: string; key: string }>();
  for (const { accountId, name } of items) {
    const trimmed = name?.trim();
    const key = trimmed ? nameKey(trimmed) : "";
    if (key && !seen.has(`${accountId}\u001f${key}`)) seen.set(`${accountId}\u001f${key}`, { accountId, name: trimmed!, key });
  }
  return [...seen.values()];
}

/** In a plain transaction: one statement for any number of names. */
export async function ensureNamedContacts(tx: PlainTx, items: readonly NamedContact[], source: string): Promise<void> {
  const names = distinctNames(items);
  if (names.length === 0) return;
  const ids = newIds(names.length);
  const now = sqlTimestamp(new Date(), tx.dialect);
  const rows = names.map((n, i) => [ids[i], n.accountId, n.name, n.key, source, now, now]);
  await tx.query(INSERT[tx.dialect], rowsParams(tx.dialect, rows, COLUMNS.length));
}

/** In a Prisma transaction. */
export async function ensureNamedContactsIn(tx: Tx, items: readonly NamedContact[], source: string): Promise<void> {
  for (const n of distinctNames(items)) {
    await tx.contact.upsert({
      where: { accountId_nameKey: { accountId: n.accountId, nameKey: n.key } },
      create: { accountId: n.accountId, name: n.name, nameKey: n.key, source },
      update: {},
    });
  }
}
