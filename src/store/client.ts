// One code base, two generated clients (Prisma: one provider per schema). The app is typed against
// the SQLite client; the PostgreSQL client has the same model API but is not assignable
// ($transaction options differ), so it is cast here, once.
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { PrismaClient as SqliteClient } from "../generated/sqlite/client.js";
import type { PrismaClient as PgClient } from "../generated/postgres/client.js";

export type Db = SqliteClient;
export type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];
export type DbKind = "sqlite" | "postgres";

export const DEFAULT_DATABASE_URL = "file:./data/keepwarm.db";

export function databaseKind(url: string): DbKind {
  return /^postgres(ql)?:\/\//.test(url) ? "postgres" : "sqlite";
}

export function sqliteFilePath(url: string): string {
  return url.replace(/^file:/, "");
}

export async function openDb(url: string): Promise<Db> {
  if (databaseKind(url) === "postgres") {
    const [{ PrismaClient }, { PrismaPg }] = await Promise.all([
      import("../generated/postgres/client.js"),
      import("@prisma/adapter-pg"),
    ]);
    const client: PgClient = new PrismaClient({ adapter: new PrismaPg({ connectionString: url }) });
    return client as unknown as Db;
  }
  const file = sqliteFilePath(url);
  if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const [{ PrismaClient }, { PrismaBetterSQLite3 }] = await Promise.all([
    import("../generated/sqlite/client.js"),
    import("@prisma/adapter-better-sqlite3"),
  ]);
  const db = new PrismaClient({ adapter: new PrismaBetterSQLite3({ url }) });
  // WAL lets the server's reads proceed while the scheduler writes; busy_timeout waits out a writer
  // in another process (the CLI) instead of failing with SQLITE_BUSY.
  await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await db.$queryRawUnsafe("PRAGMA busy_timeout = 5000");
  return db;
}
