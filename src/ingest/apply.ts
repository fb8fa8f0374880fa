/** The ingesters of accounts, touchpoints and renewals (complaints: applyComplaint.ts); see ingester.ts. */
import { upsertAccount } from "../activity/accounts.js";
import type { Ingester } from "./ingester.js";
import type { IngestAccount, IngestRenewal, IngestTouchpoint } from "./schemas.js";
import { assertNotFuture, resolveMoment } from "./times.js";
import { writeTouchpoints, type PreparedTouchpoint } from "./writeTouchpoints.js";

export const accountIngester: Ingester<IngestAccount, IngestAccount> = {
  prepare: async (_db, item) => item,
  async write(db, item, ctx) {
    const upserted = await upsertAccount(db, item, { timeZone: ctx.defaultTimeZone }, ctx.now);
    return { status: upserted.created ? "created" : "updated", id: upserted.id, accountId: upserted.id };
  },
};

export const touchpointIngester: Ingester<IngestTouchpoint, PreparedTouchpoint> = {
  async prepare(_db, item, ctx, lookups) {
    const account = await lookups.account(item);
    const occurredAt = resolveMoment(item.occurredAt, account.timeZone, ctx.now);
    assertNotFuture("A touchpoint", "occurredAt", occurredAt, ctx.now);
    return {
      accountId: account.id,
      kind: item.kind,
      occurredAt,
      summary: item.summary,
      contactName: item.contact,
      by: item.by ? await lookups.author(item.by) : null,
      idempotencyKey: item.idempotencyKey ?? null,
    };
  },
  async write(db, p, ctx) {
    const [result] = await writeTouchpoints(db, [p], ctx);
    return result;
  },
  writeMany: writeTouchpoints,
};

export interface PreparedRenewal {
  accountId: string;
  renewalDate: string | null;
}

export const renewalIngester: Ingester<IngestRenewal, PreparedRenewal> = {
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
