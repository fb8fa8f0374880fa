/**
 * better-sqlite3 used directly (it is what Prisma's SQLite adapter runs on): the bulk loader and the
 * raw-SQL lower bound. The package ships no types and @types/better-sqlite3 is not a dependency, so
 * the few calls used here are typed locally.
 */
import { createRequire } from "node:module";

export interface SqliteStatement {
  run(...params: unknown[]): { changes: number };
  all(...params: unknown[]): unknown[];
  raw(on: boolean): SqliteStatement;
}
export interface SqliteDatabase {
  prepare(sql: string): SqliteStatement;
  exec(sql: string): void;
  pragma(sql: string): unknown;
  transaction<A extends unknown[]>(fn: (...args: A) => void): (...args: A) => void;
  close(): void;
}

const Database = createRequire(import.meta.url)("better-sqlite3") as new (file: string) => SqliteDatabase;

export function openSqlite(file: string): SqliteDatabase {
  return new Database(file);
}

/** How Prisma's SQLite adapter stores a DateTime (iso8601 with an explicit offset): the loader must match it. */
export function sqliteTime(d: Date | null): string | null {
  return d === null ? null : d.toISOString().replace("Z", "+00:00");
}
