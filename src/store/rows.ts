/**
 * Plain reads through the driver under Prisma (better-sqlite3 or pg), for the scan's page reads:
 * the hot path that reads every account on every scan. Prisma's `$queryRaw` costs about twice the
 * bare driver there (it re-prepares each statement and converts each value twice). This reader
 * prepares once, fetches rows as arrays (no per-row object from the driver) and hands each one to the
 * query's `build`, which makes the one object the caller needs.
 *
 * It uses Prisma's own connection (SQLite) or pool (PostgreSQL), so it sees what Prisma's reads see.
 * SQL is written once with `?` placeholders; PostgreSQL gets them numbered.
 */
import type pg from "pg";

export interface RowQuery<T> {
  /** Unique per query: PostgreSQL prepares it under this name. */
  name: string;
  sql: string;
  /** Positions of the DateTime columns; their values reach `build` as Date or null. */
  dateColumns: readonly number[];
  /** Makes a result from one row's values, in the order of the SELECT list. */
  build(values: unknown[]): T;
}

/** `SELECT "a", "b", … <rest>`, with the positions of the named DateTime columns worked out. */
export function rowQuery<T>(def: {
  name: string;
  columns: readonly string[];
  rest: string;
  dates: readonly string[];
  build(values: unknown[]): T;
}): RowQuery<T> {
  const dateColumns = def.dates.map((column) => {
    const at = def.columns.indexOf(column);
    if (at < 0) throw new Error(`${def.name}: ${column} is not selected`);
    return at;
  });
  const sql = `SELECT ${def.columns.map((c) => `"${c}"`).join(", ")} ${def.rest}`;
  return { name: def.name, sql, dateColumns, build: def.build };
}

/** The same columns as a Prisma `select`, for the paths that read through the query builder. */
export function selectOf<const C extends readonly string[]>(columns: C): { [K in C[number]]: true } {
  return Object.fromEntries(columns.map((c) => [c, true])) as { [K in C[number]]: true };
}

export interface RowReader {
  dialect: "sqlite" | "postgres";
  all<T>(query: RowQuery<T>, params: readonly (string | number)[]): Promise<T[]>;
}

/** The few better-sqlite3 calls used here (the package ships no types). */
export interface SqliteConnection {
  prepare(sql: string): SqliteStatement;
}
interface SqliteStatement {
  all(...params: unknown[]): unknown[][];
  raw(on: boolean): SqliteStatement;
  safeIntegers(on: boolean): SqliteStatement;
}

/** Prisma's SQLite adapter stores a DateTime as ISO 8601 text ("…T14:00:00.000+00:00"). */
function sqliteDate(value: unknown): Date | null {
  if (value === null || value === undefined) return null;
  return new Date(typeof value === "bigint" ? Number(value) : (value as string | number));
}

export function sqliteRowReader(connection: () => SqliteConnection): RowReader {
  const prepared = new WeakMap<SqliteConnection, Map<string, SqliteStatement>>();
  const statement = (sql: string) => {
    const conn = connection();
    let cache = prepared.get(conn);
    if (!cache) prepared.set(conn, (cache = new Map()));
    let stmt = cache.get(sql);
    // Prisma's connection reads integers as BigInt by default; these columns all fit a number.
    if (!stmt) cache.set(sql, (stmt = conn.prepare(sql).raw(true).safeIntegers(false)));
    return stmt;
  };
  return {
    dialect: "sqlite",
    async all<T>(query: RowQuery<T>, params: readonly (string | number)[]): Promise<T[]> {
      const rows = statement(query.sql).all(...params);
      const out = new Array<T>(rows.length);
      for (let i = 0; i < rows.length; i++) {
        const values = rows[i];
        for (const at of query.dateColumns) values[at] = sqliteDate(values[at]);
        out[i] = query.build(values);
      }
      return out;
    },
  };
}

// Prisma's PostgreSQL DateTime is `timestamp(3)` without a zone, holding UTC; pg would read it as local time.
const TIMESTAMP_OID = 1114;
function utcTimestamp(text: string): Date {
  return new Date(`${text.replace(" ", "T")}Z`);
}

export function postgresRowReader(pool: pg.Pool, pgTypes: typeof pg.types): RowReader {
  const types = {
    getTypeParser: ((oid: number, format?: "text" | "binary") =>
      oid === TIMESTAMP_OID ? utcTimestamp : pgTypes.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
  };
  const numbered = new Map<string, string>();
  const text = (sql: string) => {
    let out = numbered.get(sql);
    if (out === undefined) {
      let n = 0;
      numbered.set(sql, (out = sql.replace(/\?/g, () => `$${++n}`)));
    }
    return out;
  };
  return {
    dialect: "postgres",
    async all<T>(query: RowQuery<T>, params: readonly (string | number)[]): Promise<T[]> {
      const result = await pool.query<unknown[]>({ name: query.name, text: text(query.sql), values: [...params], types, rowMode: "array" });
      return result.rows.map((values) => query.build(values));
    },
  };
}
