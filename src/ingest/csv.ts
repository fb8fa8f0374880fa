/**
 * CSV import of accounts, touchpoints and complaints (columns: see csvColumns.ts).
 *
 * Rows stream through one at a time, so a file of a million rows never sits in memory. The header
 * is checked before any row is written; then every valid row is applied (all or nothing per row) and
 * every bad one is reported with its line number. Re-importing the same file changes nothing: rows
 * without their own key get one derived from their content.
 */
import { createHash } from "node:crypto";
import { pipeline, Readable } from "node:stream";
import { CsvError, parse, type Info, type Options } from "csv-parse";
import type { z } from "zod";
import { AppError, isAppError } from "../domain/errors.js";
import type { Db } from "../store/client.js";
import { accountIngester, createLookups, touchpointIngester, type ApplyResult, type IngestContext, type Lookups } from "./apply.js";
import { complaintIngester } from "./applyComplaint.js";
import { readHeader, type CsvHeader, type CsvKind } from "./csvColumns.js";
import { fieldsOf, parseItem } from "./issues.js";
import {
  ingestAccountSchema,
  ingestComplaintSchema,
  ingestTouchpointSchema,
  type IngestAccount,
  type IngestComplaint,
  type IngestTouchpoint,
} from "./schemas.js";

export type { CsvKind } from "./csvColumns.js";

export interface ImportOptions {
  now: Date;
  defaultTimeZone: string;
  /** Called every PROGRESS_EVERY rows and at the end; `total` is null when reading a stream. */
  onProgress?: (done: number, total: number | null) => void;
}

export interface ImportReport {
  kind: CsvKind;
  /** Data rows read (the header excluded). */
  total: number;
  created: number;
  updated: number;
  duplicates: number;
  failed: number;
  /** The first MAX_REPORTED_ERRORS bad rows; `failed` counts them all. */
  errors: { line: number; messages: string[] }[];
  /** Accounts created or changed by the import, so the caller can rescan them. */
  accountIds: string[];
}

const PROGRESS_EVERY = 100;
const MAX_REPORTED_ERRORS = 1000;
const PARSE_OPTIONS: Options = { info: true, bom: true, skip_empty_lines: true, relax_column_count: true, record_delimiter: ["\r\n", "\n", "\r"] };

export async function importCsv(
  db: Db,
  kind: CsvKind,
  input: string | NodeJS.ReadableStream,
  options: ImportOptions,
): Promise<ImportReport> {
  const report: ImportReport = { kind, total: 0, created: 0, updated: 0, duplicates: 0, failed: 0, errors: [], accountIds: [] };
  const touched = new Set<string>();
  const total = typeof input === "string" ? await countRows(input) : null;
  const importRow = rowImporter(db, kind, { now: options.now, defaultTimeZone: options.defaultTimeZone, source: "csv" });
  const lines = lineTracker();
  let header: CsvHeader | null = null;
  const fail = (line: number, messages: string[]) => {
    report.failed++;
    if (report.errors.length < MAX_REPORTED_ERRORS) report.errors.push({ line, messages });
  };
  try {
    for await (const { record, info } of records(input)) {
      const line = lines.startOf(info);
      if (!header) {
        header = readHeader(kind, record);
        continue;
      }
      if (record.every((cell) => cell.trim() === "")) continue; // a spreadsheet's trailing ",,,," rows
      report.total++;
      const outcome = await importRow(header, record, line);
      if (Array.isArray(outcome)) fail(line, outcome);
      else {
        if (outcome.status === "created") report.created++;
        else if (outcome.status === "updated") report.updated++;
        else report.duplicates++;
        if (outcome.status !== "duplicate") touched.add(outcome.accountId);
      }
      if (report.total % PROGRESS_EVERY === 0) options.onProgress?.(report.total, total);
    }
  } catch (err) {
    if (!(err instanceof CsvError)) throw err;
    // Past a broken quote the parser cannot tell where rows begin: stop, keeping the rows before.
    fail(typeof err.lines === "number" ? err.lines : 0, [`The CSV is malformed here (${err.message}); this row and the rest of the file were not read.`]);
  }
  if (!header) throw new AppError("invalid_argument", `The ${kind} file is empty: it needs a header row naming its columns.`);
  if (report.total === 0 || report.total % PROGRESS_EVERY !== 0) options.onProgress?.(report.total, total);
  report.accountIds = [...touched];
  return report;
}

type Row = { record: string[]; info: Info };

function records(input: string | NodeJS.ReadableStream): AsyncIterable<Row> {
  const parser = parse(PARSE_OPTIONS);
  const source = typeof input === "string" ? Readable.from([input]) : (input as Readable);
  // pipeline forwards a read error (a missing file) to the parser and closes the source when we stop early.
  pipeline(source, parser, () => undefined);
  return parser as AsyncIterable<Row>;
}

/** Rows in a text already in memory, for the progress total; a malformed file counts as unknown. */
async function countRows(text: string): Promise<number | null> {
  let n = -1;
  try {
    for await (const { record } of records(text)) if (n === -1 || record.some((cell) => cell.trim() !== "")) n++;
  } catch {
    return null;
  }
  return Math.max(n, 0);
}

/** The line a record starts on (csv-parse reports where it ends; a quoted value may span lines). */
function lineTracker() {
  let end = 0;
  let empty = 0;
  let comments = 0;
  return {
    startOf(info: Info): number {
      const start = end + 1 + (info.empty_lines - empty) + (info.comment_lines - comments);
      ({ lines: end, empty_lines: empty, comment_lines: comments } = info);
      return start;
    },
  };
}

type RowOutcome = ApplyResult | string[];

/** How rows of one kind are validated and applied. */
interface RowKind<Item> {
  schema: z.ZodType<Item> & z.ZodObject;
  apply(db: Db, item: Item, ctx: IngestContext, lookups: Lookups): Promise<ApplyResult>;
}

const ACCOUNTS: RowKind<IngestAccount> = {
  schema: ingestAccountSchema,
  apply: (db, item, ctx) => accountIngester.write(db, item, ctx),
};

const TOUCHPOINTS: RowKind<IngestTouchpoint> = {
  schema: ingestTouchpointSchema,
  async apply(db, item, ctx, lookups) {
    const p = await touchpointIngester.prepare(db, item, ctx, lookups);
    // Two reps calling the same account on the same day are two rows: who and with whom are part of the content.
    p.idempotencyKey ??= derivedKey([p.accountId, item.kind, normalizedMoment(item.occurredAt), item.summary, item.by, item.contact]);
    return touchpointIngester.write(db, p, ctx);
  },
};

const COMPLAINTS: RowKind<IngestComplaint> = {
  schema: ingestComplaintSchema,
  async apply(db, item, ctx, lookups) {
    const p = await complaintIngester.prepare(db, item, ctx, lookups);
    p.externalId ??= derivedKey([p.accountId, item.severity, item.summary, normalizedMoment(item.openedAt)]);
    return complaintIngester.write(db, p, ctx);
  },
};

function rowImporter(db: Db, kind: CsvKind, ctx: IngestContext) {
  if (kind === "accounts") return importerFor(db, ACCOUNTS, ctx);
  if (kind === "touchpoints") return importerFor(db, TOUCHPOINTS, ctx);
  return importerFor(db, COMPLAINTS, ctx);
}

function importerFor<Item>(db: Db, rows: RowKind<Item>, ctx: IngestContext) {
  const lookups = createLookups(db);
  const fields = fieldsOf(rows.schema);
  return async (header: CsvHeader, cells: string[], line: number): Promise<RowOutcome> => {
    const { item, problems } = header.toItem(cells);
    const parsed = parseItem(rows.schema, item, fields);
    const messages = [...problems, ...(parsed.ok ? [] : parsed.issues.map(header.describe))];
    if (messages.length || !parsed.ok) return messages;
    try {
      return await rows.apply(db, parsed.data as Item, ctx, lookups);
    } catch (err) {
      if (isAppError(err)) return [err.message, ...err.hints].map((message) => header.describe({ path: [], message }));
      throw new Error(`The import stopped at line ${line}: ${(err as Error).message}. The rows before it were saved; importing the file again skips them.`, { cause: err });
    }
  };
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
