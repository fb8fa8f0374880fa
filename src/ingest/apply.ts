/** The ingesters of accounts, touchpoints and renewals (complaints: applyComplaint.ts; contacts: applyContact.ts); see ingester.ts. */
import { upsertAccount, upsertAccountIn } from "../activity/accounts.js";
import { saveContacts } from "../activity/contacts.js";
import { writeTouchpoints, type TouchpointToWrite } from "../activity/writeTouchpoints.js";
import type { ContactRole } from "../domain/contacts.js";
import { isAppError } from "../domain/errors.js";
import type { Db } from "../store/client.js";
import { retryOnWriteRace } from "../store/errors.js";
import { ItemError, type ApplyResult, type IngestContext, type Ingester } from "./ingester.js";
import type { IngestAccount, IngestRenewal, IngestTouchpoint } from "./schemas.js";
import { assertNotFuture, resolveMoment } from "./times.js";

const accountResult = (upserted: { id: string; created: boolean }): ApplyResult => ({
  status: upserted.created ? "created" : "updated",
  id: upserted.id,
  accountId: upserted.id,
});

/** A row of a CSV alone; a batch from the API in one transaction, so an id linked elsewhere in item 7 leaves items 1–6 unwritten too. */
export const accountIngester: Ingester<IngestAccount, IngestAccount> = {
  prepare: async (_db, item) => item,
  async write(db, item, ctx) {
    return accountResult(await upsertAccount(db, item, { timeZone: ctx.defaultTimeZone }, ctx.now));
  },
  writeMany(db, items, ctx) {
    const writeAll = () =>
      db.$transaction(
        async (tx) => {
          const results: ApplyResult[] = [];
          for (const [index, item] of items.entries()) {
            const upserted = await upsertAccountIn(tx, item, { timeZone: ctx.defaultTimeZone }, ctx.now).catch((err: unknown) =>
              Promise.reject(isAppError(err) ? new ItemError(index, err) : err),
            );
            results.push(accountResult(upserted));
          }
          return results;
        },
        { timeout: 60_000 },
      );
    return retryOnWriteRace(writeAll);
  },
};

/** A touchpoint that may also say the role of the contact it names. */
export type PreparedTouchpoint = TouchpointToWrite & { contactRole: ContactRole | null };

export const touchpointIngester: Ingester<IngestTouchpoint, PreparedTouchpoint> = {
  preload: (items, lookups) => lookups.preload(items, items.flatMap((item) => (item.by ? [item.by] : []))),
  async prepare(_db, item, ctx, lookups) {
    const account = await lookups.account(item);
    const occurredAt = resolveMoment(item.occurredAt, account.timeZone, ctx.now);
    assertNotFuture("A touchpoint", "occurredAt", occurredAt, ctx.now);
    return {
      accountId: account.id,
      kind: item.kind,
      direction: item.direction ?? null,
      occurredAt,
      summary: item.summary,
      contactName: item.contact,
      contactRole: item.contactRole ?? null,
      by: item.by ? await lookups.author(item.by) : null,
      idempotencyKey: item.idempotencyKey ?? null,
    };
  },
  async write(db, p, ctx) {
    const [result] = await writeTouchpointsWithRoles(db, [p], ctx);
    return result;
  },
  writeMany: (db, items, ctx) => writeTouchpointsWithRoles(db, items, ctx),
};

/**
 * After the touchpoints (which create the contacts they name), the roles some of them give: a
 * second transaction, as both writes are idempotent and a retry completes what a crash left out.
 */
async function writeTouchpointsWithRoles(db: Db, items: PreparedTouchpoint[], ctx: IngestContext): Promise<ApplyResult[]> {
  const results = await writeTouchpoints(db, items, ctx.source);
  const roles = items.flatMap((p) => (p.contactRole && p.contactName ? [{ accountId: p.accountId, name: p.contactName, role: p.contactRole }] : []));
  await saveContacts(db, roles, ctx.source);
  return results;
}

export interface PreparedRenewal {
  accountId: string;
  renewalDate: string | null;
}

export const renewalIngester: Ingester<IngestRenewal, PreparedRenewal> = {
  preload: (items, lookups) => lookups.preload(items, []),
  async prepare(_db, item, _ctx, lookups) {
    const account = await lookups.account(item);
    return { accountId: account.id, renewalDate: item.renewalDate };
  },
  async write(db, p) {
    const current = await db.account.findUnique({ where: { id: p.accountId }, select: { renewalDate: true } });
    if (current?.renewalDate === p.renewalDate) return { status: "duplicate", id: p.accountId, accountId: p.accountId };
    await db.account.update({ where: { id: p.accountId }, data: { renewalDate: p.renewalDate } });
    return { status: "updated", id: p.accountId, accountId: p.accountId };
  },
};
