/**
 * What an ingester is: it applies one validated item through the activity services, in two steps so
 * a batch can resolve and check every item before writing any. `prepare` only reads (and throws an
 * AppError for an unknown account or an impossible time); `write` makes the change, atomically per
 * item; `writeMany`, where a kind has it (touchpoints), writes a whole batch in one transaction.
 */
import type { AppError } from "../domain/errors.js";
import type { Actor } from "../domain/people.js";
import type { Db } from "../store/client.js";
import { createAccountResolver, type AccountResolver } from "./accountRef.js";

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
