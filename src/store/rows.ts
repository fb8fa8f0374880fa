/**
 * Plain reads through the driver under Prisma (better-sqlite3 or pg), for the scan's page reads:
 * the hot path that reads every account on every scan. Prisma's `$queryRaw` costs about twice the
 * bare driver there (it re-prepares each statement and converts each value twice). This reader
 * prepares once and returns rows as arrays (no per-row object), which the caller turns into the
 * objects it needs, if any. Timestamps arrive as the text the database returns (stable, so it can be
 * hashed as is); storedTime parses one when it is needed.
 *
 * It uses Prisma's own connection (SQLite) or pool (PostgreSQL), so it sees what Prisma's reads see.
 * SQL is written once with `?` placeholders; PostgreSQL gets them numbered.
 */
import type pg from "pg";

/** `SELECT "a", "b", … <rest>`: each row's values come back in the order of `columns`. */
export function selectSql(columns: readonly string[], rest: string): string {
  return `SELECT ${columns.map((c) => `"${c}"`).join(", ")} ${rest}`;
}

/**
 * A stored DateTime as a Date: SQLite holds what Prisma's adapter writes ("…T14:00:00.000+00:00");
 * PostgreSQL's `timestamp(3)` holds UTC without a zone ("2026-06-15 14:00:00.123").
 */
export function storedTime(value: unknown): Date | null {
  const ms = storedMs(value);
  return ms === null ? null : new Date(ms);
}

/**
 * A DateTime as plain SQL writes it, the way Prisma's adapters do: SQLite keeps ISO 8601 with an
 * explicit offset; PostgreSQL's `timestamp(3)` holds UTC and ignores the "Z" of the text it is cast from.
 */
export function sqlTimestamp(d: Date, dialect: RowReader["dialect"]): string {
  const iso = d.toISOString();
  return dialect === "sqlite" ? iso.replace("Z", "+00:00") : iso;
}

/**
 * `IN (…)` over one parameter holding a JSON array of text (`JSON.stringify(ids)`): one statement,
 * prepared once, for any number of values, where a list of placeholders would be a new statement per
 * length (and, through Prisma on SQLite, at most 999 of them).
 */
export function inJsonArray(dialect: RowReader["dialect"]): string {
  return dialect === "sqlite" ? "IN (SELECT value FROM json_each(?))" : "IN (SELECT json_array_elements_text(?::json))";
}

/** storedTime in epoch milliseconds. */
export function storedMs(value: unknown): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== "string") return Number(value);
  return Date.parse(value.charCodeAt(10) === 32 ? `${value.replace(" ", "T")}Z` : value);
}

/** The same columns as a Prisma `select`, for the paths that read through the query builder. */
export function selectOf<const C extends readonly string[]>(columns: C): { [K in C[number]]: true } {
  return Object.fromEntries(columns.map((c) => [c, true])) as { [K in C[number]]: true };
}

export interface RowReader {
  dialect: "sqlite" | "postgres";
  all(sql: string, params: readonly (string | number)[]): Promise<unknown[][]>;
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
    async all(sql: string, params: readonly (string | number)[]): Promise<unknown[][]> {
      return statement(sql).all(...params);
    },
  };
}

// Prisma's PostgreSQL DateTime is `timestamp(3)` without a zone, holding UTC: kept as text (pg would
// read it as local time), for storedTime.
const TIMESTAMP_OID = 1114;
const asText = (text: string) => text;

export function postgresRowReader(pool: pg.Pool, pgTypes: typeof pg.types): RowReader {
  const types = {
    getTypeParser: ((oid: number, format?: "text" | "binary") =>
      oid === TIMESTAMP_OID ? asText : pgTypes.getTypeParser(oid, format as "text")) as typeof pg.types.getTypeParser,
  };
  return {
    dialect: "postgres",
    async all(sql: string, params: readonly (string | number)[]): Promise<unknown[][]> {
      // Unnamed statements, as Prisma's own: they also work through a pooler such as PgBouncer.
      return (await pool.query<unknown[]>({ text: numberedPlaceholders(sql), values: [...params], types, rowMode: "array" })).rows;
    },
  };
}

const numbered = new Map<string, string>();

/** SQL written with `?` placeholders, for PostgreSQL: `$1`, `$2`, … (remembered per statement). */
export function numberedPlaceholders(sql: string): string {
  let out = numbered.get(sql);
  if (out === undefined) {
    let n = 0;
    numbered.set(sql, (out = sql.replace(/\?/g, () => `$${++n}`)));
  }
  return out;
}
