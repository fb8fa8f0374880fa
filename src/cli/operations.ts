import { constants, createReadStream } from "node:fs";
import { access } from "node:fs/promises";
import cliProgress from "cli-progress";
import { consoleNotifier } from "../delivery/console.js";
import { isAppError } from "../domain/errors.js";
import type { ColumnOptions, ImportReport } from "../ingest/csv.js";
import { CSV_KINDS, type CsvKind } from "../ingest/csvColumns.js";
import { migrateDatabase } from "../store/migrate.js";
import { loadEnv } from "../config/env.js";
import { openKeepwarm } from "../startup.js";
import { print, printMessage } from "./output.js";

export async function runScanCommand(opts: { asOf?: Date; deliver?: boolean }): Promise<void> {
  const kw = await openKeepwarm({ clock: opts.asOf ? () => opts.asOf! : undefined });
  try {
    const r = await kw.scan();
    print(`Scanned ${r.accounts} accounts in ${r.durationMs} ms: ${r.raised} raised, ${r.severityUp} louder, ${r.snoozeEnded} back from snooze, ${r.escalated} escalated, ${r.resolved} resolved; ${r.deliveries} deliveries queued.`);
    if (opts.deliver) {
      kw.registerNotifier("console", consoleNotifier(kw.log, print));
      const d = await kw.deliver();
      print(`Delivered ${d.sent}, retrying ${d.retried}, failed ${d.failed}, waiting for another platform ${d.skipped}.`);
    }
  } finally {
    await kw.close();
  }
}

export async function runDigest(opts: { channel?: string; daily?: boolean; asOf?: Date }): Promise<void> {
  const kw = await openKeepwarm({ clock: opts.asOf ? () => opts.asOf! : undefined });
  try {
    printMessage(await kw.digest({ channelId: opts.channel, cadence: opts.daily ? "daily" : "weekly" }));
  } catch (err) {
    if (!isAppError(err)) throw err;
    print([err.message, ...err.hints].join(" "));
    process.exitCode = 2;
  } finally {
    await kw.close();
  }
}

const IMPORT_USAGE =
  `Usage: keepwarm import ${CSV_KINDS.join("|")} FILE [--preset hubspot|salesforce] [--map field=Header,…] [--set field=value,…] [--skip-empty field,…]`;

const isCsvKind = (kind: string): kind is CsvKind => (CSV_KINDS as readonly string[]).includes(kind);

export async function runImport(kind: string, file: string, columns: ColumnOptions = {}): Promise<void> {
  if (!isCsvKind(kind)) {
    print(`Unknown import kind "${kind}": use ${CSV_KINDS.join(", ")}.`);
    process.exitCode = 2;
    return;
  }
  if (!(await access(file, constants.R_OK).then(() => true, () => false))) {
    print(`Cannot read ${file}: check the path and that the file is readable.`);
    process.exitCode = 2;
    return;
  }
  const kw = await openKeepwarm();
  // The file is streamed, so the number of rows is not known ahead: the bar counts them.
  const bar = new cliProgress.SingleBar({ format: "  importing… {value} rows", hideCursor: true }, cliProgress.Presets.shades_classic);
  try {
    bar.start(0, 0);
    const report = await kw.importCsv(kind, createReadStream(file), (done) => bar.update(done), columns);
    bar.stop();
    printImportReport(report);
    if (report.accountIds.length) {
      const scan = await kw.scan({ accountIds: report.accountIds });
      print(`Re-checked ${scan.accounts} accounts: ${scan.raised} nudges raised, ${scan.resolved} resolved.`);
    }
    if (report.failed > 0) process.exitCode = 1;
  } catch (err) {
    bar.stop();
    if (!isAppError(err)) throw err;
    // A bad header, options that do not fit the file, or an empty file: nothing was imported.
    print(`Nothing imported from ${file}: ${err.message}`);
    for (const hint of err.hints) print(`  ${hint}`);
    if (err.code === "usage") print(IMPORT_USAGE);
    process.exitCode = 2;
  } finally {
    await kw.close();
  }
}

const LISTED_ERRORS = 50;

/** "No account matches "X". Did you mean "Y"?" but "kind: expected …; occurred_at: required". */
const joinSentences = (parts: string[]) => parts.reduce((text, part) => (text ? `${text}${/[.?!]$/.test(text) ? " " : "; "}${part}` : part), "");

/** "500 skipped (engage_date empty)", "12 skipped (10: Status is Deferred (not completed); 2: …)". */
function skippedPart(skipped: ImportReport["skipped"]): string {
  const rows = skipped.reduce((n, s) => n + s.rows, 0);
  if (rows === 0) return "";
  const reasons = skipped.length === 1 ? skipped[0].reason : skipped.slice(0, 5).map((s) => `${s.rows}: ${s.reason}`).join("; ") + (skipped.length > 5 ? "; …" : "");
  return `, ${rows} skipped (${reasons})`;
}

function printImportReport(report: ImportReport): void {
  const ignored = report.ignoredColumns.length ? `; ignored columns: ${report.ignoredColumns.join(", ")}` : "";
  print(`${report.total} rows: ${report.created} created, ${report.updated} updated, ${report.duplicates} already there, ${report.failed} rejected${skippedPart(report.skipped)}${ignored}.`);
  for (const e of report.errors.slice(0, LISTED_ERRORS)) print(`  line ${e.line}: ${joinSentences(e.messages)}`);
  if (report.failed > LISTED_ERRORS) print(`  …and ${report.failed - LISTED_ERRORS} more rejected rows.`);
}

export async function runMigrate(): Promise<void> {
  const env = loadEnv();
  print(await migrateDatabase(env.DATABASE_URL));
}
