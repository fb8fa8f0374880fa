/**
 * The raw bound's writer shared by the ingestion cases: request i becomes a few multi-row INSERTs,
 * run in one transaction through the bare driver (better-sqlite3, pg), with nothing else around them.
 */
import pg from "pg";
import type { DbKind } from "../src/store/client.js";
import type { RawWriter } from "./ingestCases.js";
import { openSqlite, sqliteTime } from "./sqlite-driver.js";

/** What the rows refer to, read once before the timed writes: accounts by external id, people by email. */
export interface RawRefs {
  accounts: Map<string, string>;
  people: Map<string, { id: string; name: string }>;
}

export interface RawInsert {
  table: string;
  columns: readonly string[];
  rows: unknown[][];
}

const insertSql = (i: RawInsert, placeholder: (n: number) => string) =>
  `INSERT INTO "${i.table}" (${i.columns.map((c) => `"${c}"`).join(", ")}) VALUES ${i.rows.map((_, r) =>
    `(${i.columns.map((_, c) => placeholder(r * i.columns.length + c + 1)).join(", ")})`).join(", ")}`;

export async function multiRowWriter(kind: DbKind, url: string, inserts: (i: number, refs: RawRefs) => RawInsert[]): Promise<RawWriter> {
  if (kind === "sqlite") {
    const db = openSqlite(url.replace(/^file:/, ""));
    const refs: RawRefs = {
      accounts: new Map(db.prepare(`SELECT "externalId", "id" FROM "Account"`).raw(true).all() as [string, string][]),
      people: new Map((db.prepare(`SELECT "email", "id", "name" FROM "Person"`).all() as { email: string; id: string; name: string }[]).map((p) => [p.email, p])),
    };
    const statements = new Map<string, ReturnType<typeof db.prepare>>();
    const write = db.transaction((batch: { sql: string; values: unknown[] }[]) => {
      for (const { sql, values } of batch) {
        const statement = statements.get(sql) ?? statements.set(sql, db.prepare(sql)).get(sql)!;
        statement.run(...values);
      }
    });
    return {
      prepare(i) {
        const batch = inserts(i, refs).map((ins) => ({ sql: insertSql(ins, () => "?"), values: ins.rows.flat().map((v) => (v instanceof Date ? sqliteTime(v) : v)) }));
        return async () => write(batch);
      },
      close: async () => db.close(),
    };
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const refs: RawRefs = {
    accounts: new Map((await client.query<{ externalId: string; id: string }>(`SELECT "externalId", "id" FROM "Account"`)).rows.map((a) => [a.externalId, a.id])),
    people: new Map((await client.query<{ email: string; id: string; name: string }>(`SELECT "email", "id", "name" FROM "Person"`)).rows.map((p) => [p.email, p])),
  };
  return {
    prepare(i) {
      // timestamp(3) without time zone holds UTC, as Prisma writes it: ISO text, whose "Z" the cast ignores.
      const batch = inserts(i, refs).map((ins) => ({ name: `raw-${ins.table}-${ins.rows.length}`, text: insertSql(ins, (n) => `$${n}`), values: ins.rows.flat().map((v) => (v instanceof Date ? v.toISOString() : v)) }));
      return async () => {
        await client.query("BEGIN");
        for (const q of batch) await client.query(q);
        await client.query("COMMIT");
      };
    },
    close: () => client.end(),
  };
}
