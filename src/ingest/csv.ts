/**
 * CSV import of accounts, touchpoints, complaints and contacts (columns: csvColumns.ts; a CRM export's columns
 * mapped onto them: csvMapping.ts, csvHeader.ts, presets/; rows: csvRows.ts).
 *
 * Rows stream through, so a file of a million rows never sits in memory. The header (with the column
 * options) is checked before any row is written; then every valid row is applied (all or nothing per
 * row), every bad one is reported with its line number, and rows the options say are not for import
 * (--skip-empty, a preset's filters) are counted as skipped. Re-importing the same file changes
 * nothing: rows without their own key get one derived from their content.
 */
import { pipeline, Readable } from "node:stream";
import { CsvError, parse, type Info, type Options } from "csv-parse";
import { AppError } from "../domain/errors.js";
import type { Db } from "../store/client.js";
import type { ApplyResult } from "./ingester.js";
import type { CsvKind } from "./csvColumns.js";
import { readHeader, type CsvHeader } from "./csvHeader.js";
import type { ColumnOptions } from "./csvMapping.js";
import { rowImporter } from "./csvRows.js";
import type { ConnectorMaps } from "./presets/index.js";

export type { CsvKind } from "./csvColumns.js";
export type { ColumnOptions } from "./csvMapping.js";
export type { ConnectorMaps } from "./presets/index.js";

export interface ImportOptions {
  now: Date;
  defaultTimeZone: string;
  /** Called every PROGRESS_EVERY rows (once they are written) and at the end; `total` is null when reading a stream. */
  onProgress?: (done: number, total: number | null) => void;
  /** --map, --set, --skip-empty, --preset: a CRM export's columns read as ours. */
  columns?: ColumnOptions;
  /** The connectors' value maps the presets translate with (keepwarm.config.json `connectors`). */
  connectors?: ConnectorMaps;
}

export interface ImportReport {
  kind: CsvKind;
  /** Data rows read (the header and blank rows excluded). */
  total: number;
  created: number;
  updated: number;
  duplicates: number;
  failed: number;
  /** Rows not for import (--skip-empty, a preset's filters), by reason, most frequent first. */
  skipped: { reason: string; rows: number }[];
  /** The file's columns nothing read (with --map or --preset). */
  ignoredColumns: string[];
  /** The first MAX_REPORTED_ERRORS bad rows; `failed` counts them all. */
  errors: { line: number; messages: string[] }[];
  /** Accounts created or changed by the import, so the caller can rescan them. */
  accountIds: string[];
}

/** Also the size of a chunk of touchpoints written in one transaction. */
const PROGRESS_EVERY = 100;
const MAX_REPORTED_ERRORS = 1000;
const PARSE_OPTIONS: Options = { info: true, bom: true, skip_empty_lines: true, relax_column_count: true, record_delimiter: ["\r\n", "\n", "\r"] };

export async function importCsv(
  db: Db,
  kind: CsvKind,
  input: string | NodeJS.ReadableStream,
  options: ImportOptions,
): Promise<ImportReport> {
  const report: ImportReport = { kind, total: 0, created: 0, updated: 0, duplicates: 0, failed: 0, skipped: [], ignoredColumns: [], errors: [], accountIds: [] };
  const touched = new Set<string>();
  const skipped = new Map<string, number>();
  const total = typeof input === "string" ? await countRows(input) : null;
  const importer = rowImporter(db, kind, { now: options.now, defaultTimeZone: options.defaultTimeZone, source: "csv" });
  const lines = lineTracker();
  const malformed: Malformed = { error: null };
  let header: CsvHeader | null = null;
  const fail = (line: number, messages: string[]) => {
    report.failed++;
    if (report.errors.length < MAX_REPORTED_ERRORS) report.errors.push({ line, messages });
  };
  const tally = (results: ApplyResult[]) => {
    for (const r of results) {
      report[r.status === "created" ? "created" : r.status === "updated" ? "updated" : "duplicates"]++;
      if (r.status !== "duplicate") touched.add(r.accountId);
    }
  };

  for await (const { record, info } of records(input, malformed)) {
    const line = lines.startOf(info);
    if (!header) {
      header = readHeader(kind, record, options);
      report.ignoredColumns = header.ignored;
      continue;
    }
    if (record.every((cell) => cell.trim() === "")) continue; // a spreadsheet's trailing ",,,," rows
    report.total++;
    const row = header.toItem(record);
    if (row.skip !== undefined) skipped.set(row.skip, (skipped.get(row.skip) ?? 0) + 1);
    else {
      const problems = await importer.add(header, row, line);
      if (problems) fail(line, problems);
    }
    if (report.total % PROGRESS_EVERY === 0) {
      tally(await importer.flush());
      options.onProgress?.(report.total, total);
    }
  }
  tally(await importer.flush());
  if (malformed.error) {
    // Past a broken quote the parser cannot tell where rows begin: it stopped there, keeping the rows before.
    const line = lines.startOf(malformed.error);
    const reason = malformed.error.message.replace(/ at line \d+/, "");
    if (!header) throw new AppError("invalid_argument", `The ${kind} file is malformed at line ${line} (${reason}).`);
    fail(line, [`The CSV is malformed here (${reason}); this row and the rest of the file were not read.`]);
  }
  if (!header) throw new AppError("invalid_argument", `The ${kind} file is empty: it needs a header row naming its columns.`);
  if (report.total === 0 || report.total % PROGRESS_EVERY !== 0) options.onProgress?.(report.total, total);
  report.accountIds = [...touched];
  report.skipped = [...skipped].map(([reason, rows]) => ({ reason, rows })).sort((a, b) => b.rows - a.rows);
  return report;
}

type Row = { record: string[]; info: Info };
type LineInfo = Pick<Info, "lines" | "empty_lines" | "comment_lines">;

/** The first malformation met; the parser hands out no record after it. */
interface Malformed {
  error: (LineInfo & { message: string }) | null;
}

function records(input: string | NodeJS.ReadableStream, malformed: Malformed): AsyncIterable<Row> {
  // Malformations are taken as a skip rather than a stream error: an error would destroy the stream
  // and lose the good records parsed before it but not read yet.
  const parser = parse({
    ...PARSE_OPTIONS,
    skip_records_with_error: true,
    on_skip: (err) => {
      if (err && !malformed.error) malformed.error = lineInfoOf(err);
      return undefined;
    },
    on_record: (row) => (malformed.error ? null : row),
  });
  const source = typeof input === "string" ? Readable.from([input]) : (input as Readable);
  // pipeline forwards a read error (a missing file) to the parser and closes the source when we stop early.
  pipeline(source, parser, () => undefined);
  return parser as AsyncIterable<Row>;
}

function lineInfoOf(err: CsvError): LineInfo & { message: string } {
  const count = (key: string) => (typeof err[key] === "number" ? (err[key] as number) : 0);
  return { message: err.message, lines: count("lines"), empty_lines: count("empty_lines"), comment_lines: count("comment_lines") };
}

/** Data rows in a text already in memory, for the progress total (blank rows and the header excluded). */
async function countRows(text: string): Promise<number> {
  let n = -1;
  for await (const { record } of records(text, { error: null })) {
    if (n === -1 || record.some((cell) => cell.trim() !== "")) n++;
  }
  return Math.max(n, 0);
}

/** The line a record starts on (csv-parse reports where it ends; a quoted value may span lines). */
function lineTracker() {
  let end = 0;
  let empty = 0;
  let comments = 0;
  return {
    startOf(info: LineInfo): number {
      const start = end + 1 + (info.empty_lines - empty) + (info.comment_lines - comments);
      ({ lines: end, empty_lines: empty, comment_lines: comments } = info);
      return start;
    },
  };
}
