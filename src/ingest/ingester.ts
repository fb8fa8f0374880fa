/**
 * What an ingester is: it applies one validated item through the activity services, in two steps so
 * a batch can resolve and check every item before writing any. `prepare` only reads (and throws an
 * AppError for an unknown account or an impossible time); `write` makes the change, atomically per
 * item; `writeMany`, where a kind has it (touchpoints), writes a whole batch in one transaction.
 * `preload`, where a kind has it, reads what a whole batch refers to in a few queries first, so that
 * preparing its items one by one costs no query each.
 */
import type { AppError } from "../domain/errors.js";
import type { Actor } from "../domain/people.js";
import { rowReader, type Db } from "../store/client.js";
import { inJsonArray } from "../store/rows.js";
import { nameKey } from "../activity/names.js";
import { createAccountResolver, type AccountRefInput, type AccountResolver, type ResolvedAccount } from "./accountRef.js";

export interface IngestContext {
  now: Date;
  /** For accounts created without a time zone. */
  defaultTimeZone: string;
  /** Recorded on touchpoints and complaints. */
  source: "api" | "csv";
}

export const APPLY_STATUSES = ["created", "updated", "duplicate"] as const;
export type ApplyStatus = (typeof APPLY_STATUSES)[number];

export interface ApplyResult {
  status: ApplyStatus;
  /** The touchpoint's, account's or contact's id (text), or the complaint's number. */
  id: string | number;
  accountId: string;
}

export interface Lookups {
  account: AccountResolver;
  author(by: string): Promise<Author>;
  /**
   * Reads the accounts and authors many items refer to in a few queries, so that `account` and
   * `author` answer those from memory. It only warms: a reference it cannot settle alone (unknown,
   * ambiguous, a prefix of a name) is left to `account`, which answers it as before, errors included.
   */
  preload(refs: readonly AccountRefInput[], authors: readonly string[]): Promise<void>;
}

export interface Author {
  personId: string | null;
  name: string;
}

export interface Ingester<Item, Prepared> {
  /** Before a batch's items are prepared: warms `lookups` for all of them at once (Lookups.preload). */
  preload?(items: readonly Item[], lookups: Lookups): Promise<void>;
  prepare(db: Db, item: Item, ctx: IngestContext, lookups: Lookups): Promise<Prepared>;
  write(db: Db, prepared: Prepared, ctx: IngestContext): Promise<ApplyResult>;
  /**
   * Many prepared items in one go (in one transaction), results in the same order; absent → one
   * write each. An AppError about one of the items is thrown as an ItemError saying which.
   */
  writeMany?(db: Db, prepared: Prepared[], ctx: IngestContext): Promise<ApplyResult[]>;
}

/** An AppError raised for one item of a batch: the response says which. */
export class ItemError extends Error {
  constructor(
    readonly index: number,
    readonly appError: AppError,
  ) {
    super(appError.message);
    this.name = "ItemError";
  }
}

/** Lookups that remember their answers; one per request or import. */
export function createLookups(db: Db, cacheSize = 10_000): Lookups {
  const authors = new Map<string, Promise<Author>>();
  const preloaded = new Map<string, Promise<ResolvedAccount>>();
  const resolve = createAccountResolver(db, cacheSize);
  const remember = <V>(cache: Map<string, V>, key: string, value: V) => {
    if (cache.size >= cacheSize) cache.clear();
    cache.set(key, value);
  };
  return {
    account: (ref) => preloaded.get(refKey(ref)) ?? resolve(ref),
    author(by) {
      let found = authors.get(by);
      if (!found) remember(authors, by, (found = findAuthor(db, by)));
      return found;
    },
    async preload(refs, names) {
      for (const [key, account] of await readAccounts(db, refs)) remember(preloaded, key, Promise.resolve(account));
      for (const [by, author] of await readAuthors(db, names.filter((b) => !authors.has(b)))) remember(authors, by, Promise.resolve(author));
    },
  };
}

const refKey = (ref: AccountRefInput) => (ref.accountExternalId !== undefined ? `x:${ref.accountExternalId}` : `n:${ref.account ?? ""}`);

/**
 * The accounts that references name without doubt: an external id exactly, or a name that exactly
 * one account has as its name or external id (findAccount's first step). By refKey. Plain reads
 * through the driver (src/store/rows.ts), one statement whatever the number of references.
 */
async function readAccounts(db: Db, refs: readonly AccountRefInput[]): Promise<Map<string, ResolvedAccount>> {
  const external = [...new Set(refs.flatMap((r) => (r.accountExternalId !== undefined ? [r.accountExternalId] : [])))];
  const named = [...new Set(refs.flatMap((r) => (r.accountExternalId === undefined && r.account !== undefined && nameKey(r.account) ? [r.account] : [])))];
  const reader = rowReader(db);
  const rows = (where: string, ...lists: string[][]) =>
    reader.all(`SELECT "id", "name", "timeZone", "externalId", "nameKey" FROM "Account" WHERE ${where}`, lists.map((l) => JSON.stringify(l)));
  const found = new Map<string, ResolvedAccount>();
  const resolved = (v: unknown[]): ResolvedAccount => ({ id: v[0] as string, name: v[1] as string, timeZone: v[2] as string });
  if (external.length) for (const v of await rows(`"externalId" ${inJsonArray(reader.dialect)}`, external)) found.set(`x:${v[3] as string}`, resolved(v));
  if (named.length) {
    const candidates = await rows(`"nameKey" ${inJsonArray(reader.dialect)} OR "externalId" ${inJsonArray(reader.dialect)}`, named.map(nameKey), named.map((n) => n.trim()));
    for (const typed of named) {
      const key = nameKey(typed);
      const matches = candidates.filter((v) => v[4] === key || v[3] === typed.trim());
      if (matches.length === 1) found.set(`n:${typed}`, resolved(matches[0]));
    }
  }
  return found;
}

/** What findAuthor answers for each of `bys` that is an email, in one read. */
async function readAuthors(db: Db, bys: readonly string[]): Promise<Map<string, Author>> {
  const emails = [...new Set(bys.filter((b) => b.includes("@")))];
  if (emails.length === 0) return new Map();
  const reader = rowReader(db);
  const rows = await reader.all(`SELECT "email", "id", "name" FROM "Person" WHERE "email" ${inJsonArray(reader.dialect)}`, [JSON.stringify(emails.map((e) => e.toLowerCase()))]);
  const people = new Map(rows.map((v) => [v[0] as string, { personId: v[1] as string, name: v[2] as string }]));
  return new Map(emails.map((by) => [by, people.get(by.toLowerCase()) ?? { personId: null, name: by }]));
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
