/**
 * How the rows of each CSV kind are validated and applied. Rows are checked one by one; touchpoints,
 * feedback and contacts (the kinds that come by the thousand) are then written a chunk at a time, in one
 * transaction per chunk; accounts and complaints are written as they come, each atomically.
 */
import { createHash } from "node:crypto";
import type { z } from "zod";
import { isAppError } from "../domain/errors.js";
import type { Db } from "../store/client.js";
import { accountIngester, touchpointIngester } from "./apply.js";
import { createLookups, type ApplyResult, type IngestContext, type Ingester } from "./ingester.js";
import { complaintIngester } from "./applyComplaint.js";
import { feedbackIngester } from "./applyFeedback.js";
import { contactIngester } from "./applyContact.js";
import type { CsvKind } from "./csvColumns.js";
import type { CsvHeader, CsvRow } from "./csvHeader.js";
import { csvRefs } from "./csvRefs.js";
import { fieldsOf, parseItem } from "./issues.js";
import { ingestAccountSchema, ingestComplaintSchema, ingestContactSchema, ingestFeedbackSchema, ingestTouchpointSchema } from "./schemas.js";

export interface RowImporter {
  /** Checks a row (read by the header) and applies or queues it: the row's problems, or null when it was taken. */
  add(header: CsvHeader, row: CsvRow, line: number): Promise<string[] | null>;
  /** Writes what is queued; the results of every row taken since the last flush. */
  flush(): Promise<ApplyResult[]>;
}

interface RowKind<Item, Prepared> {
  schema: z.ZodType<Item> & z.ZodObject;
  ingester: Ingester<Item, Prepared>;
  /** Rows are queued and written a chunk at a time with the ingester's writeMany; else each row alone, as it comes. */
  chunked?: true;
  /** Gives a row without its own key one derived from its content, so a re-import changes nothing. */
  withKey?(prepared: Prepared, item: Item): void;
}

const ACCOUNTS = { schema: ingestAccountSchema, ingester: accountIngester };

const TOUCHPOINTS: RowKind<z.output<typeof ingestTouchpointSchema>, Awaited<ReturnType<typeof touchpointIngester.prepare>>> = {
  schema: ingestTouchpointSchema,
  ingester: touchpointIngester,
  chunked: true,
  withKey(p, item) {
    // Two reps calling the same account on the same day are two rows: who and with whom are part of the content.
    p.idempotencyKey ??= derivedKey([p.accountId, item.kind, normalizedMoment(item.occurredAt), item.summary, item.by, item.contact]);
  },
};

const COMPLAINTS: RowKind<z.output<typeof ingestComplaintSchema>, Awaited<ReturnType<typeof complaintIngester.prepare>>> = {
  schema: ingestComplaintSchema,
  ingester: complaintIngester,
  withKey(p, item) {
    p.externalId ??= derivedKey([p.accountId, item.severity, item.summary, normalizedMoment(item.openedAt)]);
  },
};

// Saved by name: importing the same file again updates each contact to the same values.
const CONTACTS = { schema: ingestContactSchema, ingester: contactIngester, chunked: true } as const;

const FEEDBACK: RowKind<z.output<typeof ingestFeedbackSchema>, Awaited<ReturnType<typeof feedbackIngester.prepare>>> = {
  schema: ingestFeedbackSchema,
  ingester: feedbackIngester,
  chunked: true,
  withKey(p, item) {
    p.idempotencyKey ??= derivedKey([p.accountId, item.scale, item.score?.toString(), normalizedMoment(item.at), item.contact, item.comment]);
  },
};

export function rowImporter(db: Db, kind: CsvKind, ctx: IngestContext): RowImporter {
  if (kind === "accounts") return importerFor(db, ACCOUNTS, ctx);
  if (kind === "touchpoints") return importerFor(db, TOUCHPOINTS, ctx);
  if (kind === "contacts") return importerFor(db, CONTACTS, ctx);
  if (kind === "feedback") return importerFor(db, FEEDBACK, ctx);
  return importerFor(db, COMPLAINTS, ctx);
}

function importerFor<Item, Prepared>(db: Db, rows: RowKind<Item, Prepared>, ctx: IngestContext): RowImporter {
  const lookups = createLookups(db);
  const refs = csvRefs(db);
  const fields = fieldsOf(rows.schema);
  let written: ApplyResult[] = [];
  let queued: { prepared: Prepared; line: number }[] = [];
  return {
    async add(header, { item, problems }, line) {
      const resolved = await refs(item);
      const parsed = parseItem(rows.schema, item, fields);
      // A cell that could not be read leaves its field out: that the schema then misses it is not news.
      const schemaIssues = parsed.ok ? [] : problems.length ? parsed.issues.filter((i) => isGiven(item, i.path)) : parsed.issues;
      const issues = [...resolved.issues, ...schemaIssues];
      if (problems.length || issues.length || !parsed.ok) return [...problems, ...issues.map(header.describe)];
      // A row naming its account by a linked id brings the account along.
      const pinned = resolved.account;
      try {
        const data = parsed.data as Item;
        const prepared = await rows.ingester.prepare(db, data, ctx, pinned ? { ...lookups, account: async () => pinned } : lookups);
        rows.withKey?.(prepared, data);
        if (rows.chunked && rows.ingester.writeMany) queued.push({ prepared, line });
        else written.push(await rows.ingester.write(db, prepared, ctx));
        return null;
      } catch (err) {
        if (isAppError(err)) return [err.message, ...err.hints].map((message) => header.describe({ path: [], message }));
        throw stopped(`at line ${line}`, queued[0]?.line ?? line, err);
      }
    },
    async flush() {
      const chunk = queued;
      const results = written;
      queued = [];
      written = [];
      const writeMany = rows.ingester.writeMany;
      if (!chunk.length || !writeMany) return results;
      try {
        return [...results, ...(await writeMany(db, chunk.map((q) => q.prepared), ctx))];
      } catch (err) {
        throw stopped(`in lines ${chunk[0].line}–${chunk[chunk.length - 1].line}`, chunk[0].line, err);
      }
    },
  };
}

function isGiven(item: Record<string, unknown>, path: (string | number)[]): boolean {
  let at: unknown = item;
  for (const key of path) at = at !== null && typeof at === "object" ? (at as Record<string | number, unknown>)[key] : undefined;
  return at !== undefined;
}

function stopped(where: string, firstLine: number, err: unknown): Error {
  const message = err instanceof Error ? err.message : String(err);
  return new Error(`The import stopped ${where}: ${message}. The rows before line ${firstLine} were saved; importing the file again skips them.`, {
    cause: err,
  });
}

/** A key for a row that has none: the same content in the same account is the same row. */
function derivedKey(parts: (string | null | undefined)[]): string {
  return `csv:${createHash("sha256").update(JSON.stringify(parts.map((p) => p ?? null))).digest("hex").slice(0, 40)}`;
}

/** "2026-11-20T10:00:00Z" and "2026-11-20T11:00:00+01:00" are the same moment; a bare date stays a date. */
function normalizedMoment(value: string | null | undefined): string | null {
  if (!value) return null;
  return value.length === 10 ? value : new Date(value).toISOString();
}
