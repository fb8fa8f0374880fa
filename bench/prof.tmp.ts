import { openDb } from "../src/store/client.js";
import { runScan } from "../src/nudges/scan.js";
import { parseConfig } from "../src/config/file.js";
const db = await openDb("file:data/bench/sqlite-25000.db");
const policy = parseConfig({}).policy;
const now = new Date("2026-06-15T14:00:00.000Z");
const t = [];
for (let i = 0; i < 3; i++) { const s = performance.now(); await runScan(db, { now, policy, evaluateAll: true }); t.push(performance.now() - s); }
console.log(t.map((x) => x.toFixed(0)).join(" "));
await db.$disconnect();
