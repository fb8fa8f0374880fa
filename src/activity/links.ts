/**
 * Account links: the account's id in each linked system (a HubSpot company id, a Salesforce account
 * id, a Zendesk organization id). One id per source and account; one account per source id. Ids are
 * stored and matched in their canonical form (canonicalSourceId: a Salesforce id's first 15 characters).
 */
import { AppError } from "../domain/errors.js";
import { canonicalSourceId, type LinkSource } from "../domain/sources.js";
import type { Db, Tx } from "../store/client.js";

export interface LinkResult {
  /** False when the account already had exactly this id. */
  changed: boolean;
  /** The id it had for this source before, when it had another. */
  replaced: string | null;
  /** Connector events that waited for an account with this id: due again now (the inbox worker applies them). */
  released: number;
}

/**
 * Links an account to its id in a source, replacing the id it had there, and releases the connector
 * events that waited as unmatched for that id (whatever wrote the link: `link`, the API, a CSV). An id
 * already linked to another account is a conflict (a company is one account), named so a person can
 * fix it.
 */
export async function linkAccount(db: Db | Tx, accountId: string, source: LinkSource, given: string, now: Date): Promise<LinkResult> {
  const sourceId = canonicalSourceId(source, given);
  const taken = await db.accountLink.findUnique({ where: { source_sourceId: { source, sourceId } }, select: { accountId: true, account: { select: { name: true } } } });
  if (taken && taken.accountId !== accountId) {
    throw new AppError("conflict", `${source} id ${sourceId} is already linked to ${taken.account.name}.`, [`\`unlink "${taken.account.name}" ${source}\` first if it belongs here.`]);
  }
  if (taken) return { changed: false, replaced: null, released: 0 };
  const current = await db.accountLink.findUnique({ where: { accountId_source: { accountId, source } }, select: { sourceId: true } });
  await db.accountLink.upsert({
    where: { accountId_source: { accountId, source } },
    create: { accountId, source, sourceId },
    update: { sourceId },
  });
  const waiting = await db.inboundEvent.updateMany({ where: { source, accountSourceId: sourceId, status: "unmatched" }, data: { status: "pending", nextAttemptAt: now } });
  return { changed: true, replaced: current?.sourceId ?? null, released: waiting.count };
}

/** Removes the account's link to a source; the id it had, or null when it had none. */
export async function unlinkAccount(db: Db | Tx, accountId: string, source: LinkSource): Promise<string | null> {
  const current = await db.accountLink.findUnique({ where: { accountId_source: { accountId, source } }, select: { sourceId: true } });
  if (!current) return null;
  await db.accountLink.deleteMany({ where: { accountId, source } });
  return current.sourceId;
}

/** The account a source's id is linked to, or null. */
export async function accountOfSourceId(db: Db | Tx, source: LinkSource, sourceId: string): Promise<string | null> {
  const link = await db.accountLink.findUnique({ where: { source_sourceId: { source, sourceId: canonicalSourceId(source, sourceId) } }, select: { accountId: true } });
  return link?.accountId ?? null;
}

/** Every link of an account, by source. */
export async function linksOf(db: Db | Tx, accountId: string): Promise<Partial<Record<LinkSource, string>>> {
  const links = await db.accountLink.findMany({ where: { accountId }, select: { source: true, sourceId: true } });
  return Object.fromEntries(links.map((l) => [l.source, l.sourceId]));
}
