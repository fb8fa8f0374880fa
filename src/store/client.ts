// One code base, two generated clients (Prisma: one provider per schema). The app is typed against
// the SQLite client; the PostgreSQL client has the same model API but is not assignable
// ($transaction options differ), so it is cast here, once.
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { PrismaClient as SqliteClient } from "../generated/sqlite/client.js";
import type { PrismaClient as PgClient } from "../generated/postgres/client.js";
import { plainTransactionOn, type DriverAdapter, type PlainTx } from "./plainTransaction.js";
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
const adapters = new WeakMap<Db, () => DriverAdapter | null>();

/** Plain reads on a database opened by openDb (see rows.ts). */
export function rowReader(db: Db): RowReader {
  const reader = readers.get(db);
  if (!reader) throw new Error("rowReader: this client was not opened by openDb");
  return reader;
}

/** Plain SQL in one transaction on a database opened by openDb (see plainTransaction.ts). */
export async function plainTransaction<T>(db: Db, work: (tx: PlainTx) => Promise<T>): Promise<T> {
  const adapterOf = adapters.get(db);
  if (!adapterOf) throw new Error("plainTransaction: this client was not opened by openDb");
  if (!adapterOf()) await db.$connect();
  return plainTransactionOn(adapterOf()!, rowReader(db).dialect, work);
}

/** The adapter factory handed to Prisma, remembering the adapter it connects (again after a $disconnect). */
function remembering<P extends string, A>(
  factory: { provider: P; adapterName: string; connect(): Promise<A>; connectToShadowDb(): Promise<A> },
  connected: (adapter: A) => void,
) {
  return {
    provider: factory.provider,
    adapterName: factory.adapterName,
    connect: async () => {
      const adapter = await factory.connect();
      connected(adapter);
      return adapter;
    },
    connectToShadowDb: () => factory.connectToShadowDb(),
  };
}

export async function openDb(url: string): Promise<Db> {
  if (databaseKind(url) === "postgres") {
    const [{ PrismaClient }, { PrismaPg }, { default: pg }] = await Promise.all([
      import("../generated/postgres/client.js"),
      import("@prisma/adapter-pg"),
      import("pg"),
    ]);
    // Our pool, handed to Prisma, so the scan's plain reads share it (and plainTransaction Prisma's adapter); $disconnect ends it.
    const pool = new pg.Pool({ connectionString: url });
    let adapter: DriverAdapter | null = null;
    const factory = remembering(new PrismaPg(pool, { disposeExternalPool: true }), (a) => (adapter = a as unknown as DriverAdapter));
    const client: PgClient = new PrismaClient({ adapter: factory });
    const db = client as unknown as Db;
    readers.set(db, postgresRowReader(pool, pg.types));
    adapters.set(db, () => adapter);
    return db;
  }
  const file = sqliteFilePath(url);
  if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const [{ PrismaClient }, { PrismaBetterSQLite3 }] = await Promise.all([
    import("../generated/sqlite/client.js"),
    import("@prisma/adapter-better-sqlite3"),
  ]);
  let connection: SqliteConnection | null = null;
  let adapter: DriverAdapter | null = null;
  // The adapter keeps its better-sqlite3 connection as `client` (not in its types; the version is
  // pinned, and the scan tests fail loudly if that changes). Prisma reconnects after $disconnect.
  const factory = remembering(new PrismaBetterSQLite3({ url }), (a) => {
    connection = (a as unknown as { client?: SqliteConnection }).client ?? null;
    if (typeof connection?.prepare !== "function") throw new Error("Prisma's SQLite adapter no longer exposes its connection");
    adapter = a as unknown as DriverAdapter;
  });
  const db = new PrismaClient({ adapter: factory });
  readers.set(db, sqliteRowReader(() => {
    if (!connection) throw new Error("The database is not connected");
    return connection;
  }));
  adapters.set(db, () => adapter);
  // WAL lets the server's reads proceed while the scheduler writes; busy_timeout waits out a writer
  // in another process (the CLI) instead of failing with SQLITE_BUSY.
  await db.$queryRawUnsafe("PRAGMA journal_mode = WAL");
  await db.$queryRawUnsafe("PRAGMA busy_timeout = 5000");
  return db;
}
