// One code base, two generated clients (Prisma: one provider per schema). The app is typed against
// the SQLite client; the PostgreSQL client has the same model API but is not assignable
// ($transaction options differ), so it is cast here, once.
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { PrismaClient as SqliteClient } from "../generated/sqlite/client.js";
import type { PrismaClient as PgClient } from "../generated/postgres/client.js";
import { postgresRowReader, sqliteRowReader, type RowReader, type SqliteConnection } from "./rows.js";

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

const readers = new WeakMap<Db, RowReader>();

/** Plain reads on a database opened by openDb (see rows.ts). */
export function rowReader(db: Db): RowReader {
  const reader = readers.get(db);
  if (!reader) throw new Error("rowReader: this client was not opened by openDb");
  return reader;
}

export async function openDb(url: string): Promise<Db> {
  if (databaseKind(url) === "postgres") {
    const [{ PrismaClient }, { PrismaPg }, { default: pg }] = await Promise.all([
      import("../generated/postgres/client.js"),
      import("@prisma/adapter-pg"),
      import("pg"),
    ]);
    // Our pool, handed to Prisma, so the scan's plain reads share it; $disconnect ends it.
    const pool = new pg.Pool({ connectionString: url });
    const client: PgClient = new PrismaClient({ adapter: new PrismaPg(pool, { disposeExternalPool: true }) });
    const db = client as unknown as Db;
    readers.set(db, postgresRowReader(pool, pg.types));
    return db;
  }
  const file = sqliteFilePath(url);
  if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const [{ PrismaClient }, { PrismaBetterSQLite3 }] = await Promise.all([
    import("../generated/sqlite/client.js"),
    import("@prisma/adapter-better-sqlite3"),
  ]);
  const factory = new PrismaBetterSQLite3({ url });
  let connection: SqliteConnection | null = null;
  // The adapter keeps its better-sqlite3 connection as `client` (not in its types; the version is
  // pinned, and the scan tests fail loudly if that changes). Prisma reconnects after $disconnect.
  const capturing = {
    provider: factory.provider as "sqlite",
    adapterName: factory.adapterName,
    connect: async () => {
      const adapter = await factory.connect();
      connection = (adapter as unknown as { client?: SqliteConnection }).client ?? null;
      if (typeof connection?.prepare !== "function") throw new Error("Prisma's SQLite adapter no longer exposes its connection");
      return adapter;
    },
    connectToShadowDb: () => factory.connectToShadowDb(),
  };
  const db = new PrismaClient({ adapter: capturing });
  readers.set(db, sqliteRowReader(() => {
    if (!connection) throw new Error("The database is not connected");
    return connection;
  }));
  // WAL lets the server's reads proceed while the scheduler writes; busy_timeout waits out a writer
  // in another process (the CLI) instead of failing with SQLITE_BUSY.
  await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await db.$queryRawUnsafe("PRAGMA busy_timeout = 5000");
  return db;
}
