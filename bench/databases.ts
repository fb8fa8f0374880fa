/**
 * Fresh, migrated benchmark databases. Migrations run once per bench run into a template (a SQLite
 * file, a PostgreSQL template database: `migrate deploy` on PostgreSQL takes ~11 s), then each
 * portfolio size gets a copy: data/bench/sqlite-<N>.db, and the PostgreSQL database keepwarm_bench
 * (dropped and recreated for each size). Both are removed at the end unless --keep.
 */
import { copyFileSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { migrateDatabase } from "../src/store/migrate.js";

export const BENCH_DIR = path.resolve("data", "bench");
const PG_DB = "keepwarm_bench";
const PG_TEMPLATE = "keepwarm_bench_template";

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

function removeSqlite(file: string) {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(file + suffix, { force: true });
}

/** Runs `work` on a connection to the server's `postgres` database (creating and dropping databases). */
export async function admin<T>(adminUrl: string, work: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(adminUrl, "postgres") });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(`PostgreSQL is not reachable at ${adminUrl} (${(err as Error).message}). Start it (pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start) or run with BENCH_DBS=sqlite.`);
  }
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

export async function sqliteTemplate(): Promise<string> {
  mkdirSync(BENCH_DIR, { recursive: true });
  const file = path.join(BENCH_DIR, "template.db");
  removeSqlite(file);
  await migrateDatabase(`file:${file}`);
  return file;
}

export function freshSqlite(template: string, accounts: number): string {
  const file = path.join(BENCH_DIR, `sqlite-${accounts}.db`);
  removeSqlite(file);
  copyFileSync(template, file);
  return `file:${file}`;
}

export async function postgresTemplate(adminUrl: string): Promise<void> {
  await admin(adminUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${PG_DB} WITH (FORCE)`);
    await c.query(`DROP DATABASE IF EXISTS ${PG_TEMPLATE} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${PG_TEMPLATE}`);
  });
  await migrateDatabase(withDatabase(adminUrl, PG_TEMPLATE));
}

export async function freshPostgres(adminUrl: string): Promise<string> {
  await admin(adminUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${PG_DB} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${PG_DB} TEMPLATE ${PG_TEMPLATE}`);
  });
  return withDatabase(adminUrl, PG_DB);
}

/** Drops the template, and unless asked to keep it, the last size's database. */
export async function dropPostgresDatabases(adminUrl: string, keepLast: boolean): Promise<void> {
  await admin(adminUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${PG_TEMPLATE} WITH (FORCE)`);
    if (!keepLast) await c.query(`DROP DATABASE IF EXISTS ${PG_DB} WITH (FORCE)`);
  });
}

export function removeSqliteFile(file: string) {
  removeSqlite(file);
}
