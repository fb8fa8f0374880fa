import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { inject } from "vitest";
import { openDb, type Db, type DbKind } from "../../src/store/client.js";
import { withDatabase } from "../setup/global.js";

export interface TestDb {
  kind: DbKind;
  url: string;
  db: Db;
  close(): Promise<void>;
}

let counter = 0;

/** A fresh, migrated database: a copy of the SQLite template or a clone of the PostgreSQL one. */
export async function createTestDb(kind: DbKind = "sqlite"): Promise<TestDb> {
  if (kind === "sqlite") {
    const dir = mkdtempSync(path.join(tmpdir(), "keepwarm-db-"));
    const file = path.join(dir, "test.db");
    copyFileSync(inject("sqliteTemplate"), file);
    const url = `file:${file}`;
    const db = await openDb(url);
    return {
      kind, url, db,
      close: async () => {
        await db.$disconnect();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `keepwarm_t_${process.pid}_${Date.now()}_${++counter}`;
  const admin = new pg.Client({ connectionString: inject("pgAdminUrl") });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name} TEMPLATE ${inject("pgTemplate")}`);
  await admin.end();
  const url = withDatabase(inject("pgAdminUrl"), name);
  const db = await openDb(url);
  return {
    kind, url, db,
    close: async () => {
      await db.$disconnect();
      const a = new pg.Client({ connectionString: inject("pgAdminUrl") });
      await a.connect();
      await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await a.end();
    },
  };
}

export const DB_KINDS: DbKind[] = ["sqlite", "postgres"];
