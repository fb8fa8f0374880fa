/**
 * Applies one validated item through the activity services. Two steps, so a batch can resolve and
 * check every item before writing any: `prepare` only reads (and throws an AppError for an unknown
 * account or an impossible time), `write` makes the change, atomically per item; `writeMany`, where
 * a kind has it (touchpoints), writes a whole batch in one transaction.
 */
import { upsertAccount } from "../activity/accounts.js";
import type { Actor } from "../domain/people.js";
import type { Db } from "../store/client.js";
import { createAccountResolver, type AccountResolver } from "./accountRef.js";
import type { IngestAccount, IngestRenewal, IngestTouchpoint } from "./schemas.js";
import { assertNotFuture, resolveMoment } from "./times.js";
import { writeTouchpoints, type PreparedTouchpoint } from "./writeTouchpoints.js";

export { isUniqueViolation } from "./writeTouchpoints.js";
export type { PreparedTouchpoint } from "./writeTouchpoints.js";

export interface IngestContext {
  now: Date;
  /** For accounts created without a time zone. */
  defaultTimeZone: string;
  /** Recorded on touchpoints and complaints. */
  source: "api" | "csv";
}

export type ApplyStatus = "created" | "updated" | "duplicate";

export interface ApplyResult {
  status: ApplyStatus;
  /** The touchpoint's or account's id (text), or the complaint's number. */
  id: string | number;
  accountId: string;
}

export interface Lookups {
  account: AccountResolver;
  author(by: string): Promise<Author>;
}

export interface Author {
  personId: string | null;
  name: string;
}

export interface Ingester<Item, Prepared> {
  prepare(db: Db, item: Item, ctx: IngestContext, lookups: Lookups): Promise<Prepared>;
  write(db: Db, prepared: Prepared, ctx: IngestContext): Promise<ApplyResult>;
  /** Many prepared items in one go (in one transaction), results in the same order; absent → one write each. */
  writeMany?(db: Db, prepared: Prepared[], ctx: IngestContext): Promise<ApplyResult[]>;
}

/** Lookups that remember their answers; one per request or import. */
export function createLookups(db: Db, cacheSize = 10_000): Lookups {
  const authors = new Map<string, Promise<Author>>();
  return {
    account: createAccountResolver(db, cacheSize),
    author(by) {
      let found = authors.get(by);
      if (!found) {
        if (authors.size >= cacheSize) authors.clear();
        found = findAuthor(db, by);
        authors.set(by, found);
      }
      return found;
    },
  };
}

/** "by" is a person's email (linked to the Person when known) or just a name. */
async function findAuthor(db: Db, by: string): Promise<Author> {
  if (!by.includes("@")) return { personId: null, name: by };
  const person = await db.person.findUnique({ where: { email: by.toLowerCase() }, select: { id: true, name: true } });
  return person ? { personId: person.id, name: person.name } : { personId: null, name: by };
}

/** The actor recorded on complaint answers and resolutions that arrive from a feed. */
export function feedActor(ctx: IngestContext): Actor {
  return { personId: null, name: ctx.source === "api" ? "API" : "CSV import", role: "admin", platform: "console" };
}

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

/** One item, start to finish (the CSV import and single-item callers). */
export async function applyItem<Item, Prepared>(
  ingester: Ingester<Item, Prepared>,
  db: Db,
  item: Item,
  ctx: IngestContext,
  lookups: Lookups = createLookups(db),
): Promise<ApplyResult> {
  return ingester.write(db, await ingester.prepare(db, item, ctx, lookups), ctx);
}

export const applyAccount = (db: Db, item: IngestAccount, ctx: IngestContext, lookups?: Lookups) => applyItem(accountIngester, db, item, ctx, lookups);
export const applyTouchpoint = (db: Db, item: IngestTouchpoint, ctx: IngestContext, lookups?: Lookups) => applyItem(touchpointIngester, db, item, ctx, lookups);
export const applyRenewal = (db: Db, item: IngestRenewal, ctx: IngestContext, lookups?: Lookups) => applyItem(renewalIngester, db, item, ctx, lookups);
