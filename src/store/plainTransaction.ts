/**
 * Plain SQL statements in one transaction, run through the driver adapter Prisma itself uses (the
 * same SQLite connection and transaction lock as Prisma's own transactions, the same PostgreSQL pool)
 * but not through Prisma's query compiler, which serialises every request with its parameters as
 * JSON, copies it into its WASM compiler and the plan back out. For a bulk write with a few large
 * parameters (a thousand rows as one JSON text, or one array per column) that copying costs as much
 * as the database's own work; here the parameters go to the driver as they are.
 *
 * SQL is written with `?` placeholders (numbered for PostgreSQL). Errors are the adapter's
 * (DriverAdapterError), not Prisma's coded ones: meant for statements that are not expected to fail.
 */
import { numberedPlaceholders, type RowReader } from "./rows.js";

/** What a statement takes: text, numbers, null, or (PostgreSQL) a list of text for `?::text[]`. */
export type PlainParam = string | number | null | readonly (string | null)[];

export interface PlainTx {
  dialect: RowReader["dialect"];
  /** Rows as arrays, in the order the statement selects its columns. */
  query(sql: string, params: readonly PlainParam[]): Promise<unknown[][]>;
  /** How many rows the statement changed. */
  execute(sql: string, params: readonly PlainParam[]): Promise<number>;
}

// The part of Prisma's driver adapter interface (@prisma/driver-adapter-utils: SqlDriverAdapter,
// Transaction) used here; both adapters begin the transaction in startTransaction and leave COMMIT
// and ROLLBACK to the caller, then release the connection (or the SQLite lock) on commit/rollback.
interface AdapterQuery {
  sql: string;
  args: unknown[];
  argTypes: { scalarType: "string" | "int" | "float" | "unknown"; arity: "scalar" | "list" }[];
}
interface AdapterTransaction {
  queryRaw(query: AdapterQuery): Promise<{ rows: unknown[][] }>;
  executeRaw(query: AdapterQuery): Promise<number>;
  commit(): Promise<void>;
  rollback(): Promise<void>;
}
export interface DriverAdapter {
  startTransaction(): Promise<AdapterTransaction>;
}

const argType = (p: PlainParam): AdapterQuery["argTypes"][number] =>
  Array.isArray(p)
    ? { scalarType: "string", arity: "list" }
    : { scalarType: typeof p === "number" ? (Number.isInteger(p) ? "int" : "float") : p === null ? "unknown" : "string", arity: "scalar" };

const statement = (sql: string): AdapterQuery => ({ sql, args: [], argTypes: [] });

/** Runs `work` between BEGIN and COMMIT; ROLLBACK when it throws (or COMMIT fails). */
export async function plainTransactionOn<T>(adapter: DriverAdapter, dialect: RowReader["dialect"], work: (tx: PlainTx) => Promise<T>): Promise<T> {
  const tx = await adapter.startTransaction();
  const query = (sql: string, params: readonly PlainParam[]): AdapterQuery => ({
    sql: dialect === "postgres" ? numberedPlaceholders(sql) : sql,
    args: [...params],
    argTypes: params.map(argType),
  });
  const plain: PlainTx = {
    dialect,
    query: async (sql, params) => (await tx.queryRaw(query(sql, params))).rows,
    execute: (sql, params) => tx.executeRaw(query(sql, params)),
  };
  let result: T;
  try {
    result = await work(plain);
    await tx.executeRaw(statement("COMMIT"));
  } catch (err) {
    await tx.executeRaw(statement("ROLLBACK")).catch(() => undefined); // a failed COMMIT may have ended it already
    await tx.rollback();
    throw err;
  }
  await tx.commit();
  return result;
}

/**
 * Many rows as the parameters of one statement: for SQLite one JSON text of arrays, read with
 * `json_each(?)` as `value->>0`, `value->>1`…; for PostgreSQL one array per column, read with
 * `unnest(?::text[], …)`. A thousand rows are then one small statement rather than thousands of
 * bound values, prepared once whatever their number.
 */
export function rowsParams(dialect: RowReader["dialect"], rows: readonly (readonly (string | null)[])[], width: number): PlainParam[] {
  if (dialect === "sqlite") return [JSON.stringify(rows.map((r) => r.map(jsonText)))];
  return Array.from({ length: width }, (_, c) => rows.map((r) => r[c]));
}

/** better-sqlite3 stores a JS string's lone surrogate as U+FFFD; through JSON it must arrive as the same text. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
const jsonText = (v: string | null) => (v === null ? null : v.replace(LONE_SURROGATE, "\uFFFD"));

/** A column of a plain multi-row write: its name, and its PostgreSQL type where that is not text. */
export type PlainColumn = readonly [name: string, pgType?: string];

/**
 * The statement, per dialect, inserting the rows of one rowsParams parameter (values in `columns`
 * order) and skipping a row whose `conflict` key is taken (recorded before, earlier in the same
 * rows, or by another writer meanwhile); it returns the ids it inserted.
 */
export function insertSkippingTaken(table: string, columns: readonly PlainColumn[], conflict: readonly string[]): Record<RowReader["dialect"], string> {
  const names = columns.map(([name]) => `"${name}"`).join(", ");
  const onConflict = `ON CONFLICT (${conflict.map((c) => `"${c}"`).join(", ")}) DO NOTHING RETURNING "id"`;
  return {
    // `WHERE true` tells SQLite's parser that ON CONFLICT belongs to the INSERT, not to a join.
    sqlite: `INSERT INTO "${table}" (${names}) SELECT ${columns.map((_, i) => `value->>${i}`).join(", ")} FROM json_each(?) WHERE true ${onConflict}`,
    postgres: `INSERT INTO "${table}" (${names}) SELECT * FROM unnest(${columns.map(([, type = "text"]) => `?::${type}[]`).join(", ")}) ${onConflict}`,
  };
}
