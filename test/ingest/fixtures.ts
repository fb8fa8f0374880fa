import { importCsv, type ImportOptions, type ImportReport } from "../../src/ingest/csv.js";
import type { CsvKind } from "../../src/ingest/csvColumns.js";
import type { Db } from "../../src/store/client.js";

export const NOW = new Date("2026-11-25T15:00:00Z");
export const OPTIONS = { now: NOW, defaultTimeZone: "Europe/Berlin" };

export const ACCOUNTS_CSV = [
  "name,external_id,owner_email,owner_name,segment,stage,stage_since,renewal_date,annual_value,time_zone,cadence_due_days,cadence_overdue_days",
  "Acme Corp,crm-1,rita@example.com,Rita Rep,enterprise,retention,2026-01-15,2027-03-31,120000,America/New_York,14,21",
  "Globex,crm-2,,,,onboarding,,,,,,",
  "Initech,,,,smb,,,,5000.50,,,",
].join("\n");

/** Lines joined with "\n"; the first is the header. */
export const lines = (...rows: string[]) => rows.join("\n");

export function csv(kind: CsvKind, text: string, db: Db, extra: Partial<ImportOptions> = {}): Promise<ImportReport> {
  return importCsv(db, kind, text, { ...OPTIONS, ...extra });
}

export async function seedAccounts(db: Db): Promise<void> {
  const report = await csv("accounts", ACCOUNTS_CSV, db);
  if (report.failed) throw new Error(`seed failed: ${JSON.stringify(report.errors)}`);
}

export async function accountByName(db: Db, name: string) {
  return db.account.findFirstOrThrow({ where: { name } });
}
