// Migrates one SQLite file and one PostgreSQL database per test run; tests copy/clone them
// (PostgreSQL `migrate deploy` takes ~11 s, far too slow per test).
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { migrateDatabase } from "../../src/store/migrate.js";

export const PG_ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";

declare module "vitest" {
  export interface ProvidedContext {
    sqliteTemplate: string;
    pgTemplate: string;
    pgAdminUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(path.join(tmpdir(), "keepwarm-test-"));
  const sqliteTemplate = path.join(dir, "template.db");
  const pgTemplate = `keepwarm_tmpl_${process.pid}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  try {
    await admin.connect();
  } catch (err) {
    throw new Error(`PostgreSQL is required for the tests at ${PG_ADMIN_URL} (${(err as Error).message}). Start it: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`);
  }
  await admin.query(`DROP DATABASE IF EXISTS ${pgTemplate}`);
  await admin.query(`CREATE DATABASE ${pgTemplate}`);
  const pgUrl = withDatabase(PG_ADMIN_URL, pgTemplate);
  await Promise.all([migrateDatabase(`file:${sqliteTemplate}`), migrateDatabase(pgUrl)]);
  copyFileSync(sqliteTemplate, sqliteTemplate); // touch: fail early if unreadable
  project.provide("sqliteTemplate", sqliteTemplate);
  project.provide("pgTemplate", pgTemplate);
  project.provide("pgAdminUrl", PG_ADMIN_URL);

  return async () => {
    await admin.query(`DROP DATABASE IF EXISTS ${pgTemplate} WITH (FORCE)`).catch(() => undefined);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  };
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}
