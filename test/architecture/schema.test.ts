// The SQLite and PostgreSQL databases must stay in lockstep: one models file, both provider schemas
// generated from it, and each provider's committed migrations producing exactly its schema.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// @ts-expect-error: a plain .mjs build script without type declarations
import { renderSchemas } from "../../scripts/gen-schemas.mjs";
// @ts-expect-error: a plain .mjs build script without type declarations
import { fixPulledEnums } from "../../scripts/fix-pulled-enums.mjs";
import { createTestDb, DB_KINDS, type TestDb } from "../fixtures/db.js";

const run = promisify(execFile);
const prismaCli = path.resolve("node_modules/prisma/build/index.js");

async function prisma(args: string[], url: string) {
  return run(process.execPath, [prismaCli, ...args], { env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" }, maxBuffer: 1 << 24 });
}

describe("schema lockstep", () => {
  it("the committed provider schemas are exactly what prisma/models.prisma generates", () => {
    const expected = renderSchemas(readFileSync("prisma/models.prisma", "utf8")) as Record<string, string>;
    for (const [file, text] of Object.entries(expected)) expect(readFileSync(file, "utf8"), `${file} is stale: run npm run db:schemas`).toBe(text);
  });

  const dbs: Partial<Record<(typeof DB_KINDS)[number], TestDb>> = {};
  beforeAll(async () => {
    for (const kind of DB_KINDS) dbs[kind] = await createTestDb(kind);
  });
  afterAll(async () => {
    for (const t of Object.values(dbs)) await t?.close();
  });

  it.each(DB_KINDS)("the %s migrations, replayed, produce exactly its schema", async (kind) => {
    const t = dbs[kind]!;
    const dir = mkdtempSync(path.join(tmpdir(), "keepwarm-pull-"));
    try {
      const { stdout } = await prisma(["db", "pull", "--print"], t.url);
      const pulled = path.join(dir, "pulled.prisma");
      writeFileSync(pulled, fixPulledEnums(stdout.slice(stdout.indexOf("generator "))));
      const schema = `prisma/${kind}/schema.prisma`;
      const diff = await prisma(["migrate", "diff", "--from-schema-datamodel", pulled, "--to-schema-datamodel", schema, "--script"], t.url);
      const statements = diff.stdout.split("\n").filter((l) => l.trim() !== "" && !l.trim().startsWith("--"));
      expect(statements, `schema changed without a migration for ${kind}: run npm run db:migration -- <name>`).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it("both databases have the same tables and columns", async () => {
    const sqliteTables = await dbs.sqlite!.db.$queryRawUnsafe<{ name: string }[]>(
      "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'",
    );
    const sqlite: Record<string, string[]> = {};
    for (const { name } of sqliteTables) {
      const cols = await dbs.sqlite!.db.$queryRawUnsafe<{ name: string }[]>(`PRAGMA table_info("${name}")`);
      sqlite[name] = cols.map((c) => c.name).sort();
    }
    const pgCols = await dbs.postgres!.db.$queryRawUnsafe<{ table_name: string; column_name: string }[]>(
      "SELECT table_name::text AS table_name, column_name::text AS column_name FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'",
    );
    const pg: Record<string, string[]> = {};
    for (const c of pgCols) (pg[c.table_name] ??= []).push(c.column_name);
    for (const cols of Object.values(pg)) cols.sort();
    expect(Object.keys(sqlite).length).toBeGreaterThan(10);
    expect(pg).toEqual(sqlite);
  });
});
