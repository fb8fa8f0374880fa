import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { openDb } from "../../src/store/client.js";
import { migrateDatabase } from "../../src/store/migrate.js";
import { csv, lines, seedAccounts } from "./fixtures.js";

const kind = process.argv[2];
let url: string;
if (kind === "pg") {
  const a = new pg.Client({ connectionString: "postgresql://postgres@127.0.0.1:5432/postgres" }); await a.connect();
  await a.query("DROP DATABASE IF EXISTS kw_bench WITH (FORCE)"); await a.query("CREATE DATABASE kw_bench"); await a.end();
  url = "postgresql://postgres@127.0.0.1:5432/kw_bench";
} else url = `file:${path.join(mkdtempSync(path.join(tmpdir(), "kwb-")), "b.db")}`;
await migrateDatabase(url);
const db = await openDb(url);
await seedAccounts(db);
const start = Date.parse("2026-01-01T08:00:00Z");
const rows = Array.from({ length: 2000 }, (_, i) => `${["Acme Corp", "Globex", "Initech"][i % 3]},,call,${new Date(start + i * 3600000).toISOString()},Row ${i},,,`);
const t0 = performance.now();
const r = await csv("touchpoints", lines("account,account_external_id,kind,occurred_at,summary,by,contact,idempotency_key", ...rows), db);
console.log(kind, r.created, Math.round(performance.now() - t0), "ms for 2000");
const t1 = performance.now();
const r2 = await csv("touchpoints", lines("account,account_external_id,kind,occurred_at,summary,by,contact,idempotency_key", ...rows), db);
console.log(kind, "reimport", r2.duplicates, Math.round(performance.now() - t1), "ms");
await db.$disconnect();
