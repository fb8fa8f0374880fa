/**
 * `npm run bench`: the nudge scan against a generated portfolio (default 100k accounts, 1M touchpoints,
 * 20k complaints, and a quarter of that for the memory comparison) on SQLite and PostgreSQL.
 * For each database and size: load, cold scans (nudge table emptied before each), steady-state scans
 * (the periodic case: nothing changes), and the raw-SQL lower bound (bench/raw.ts), each phase in its
 * own process so its peak memory is its own. Medians of several runs; absolute times are indicative.
 *
 * Options (arguments win over environment):
 *   --accounts N   BENCH_ACCOUNTS   largest portfolio (default 100000); sizes N/4 and N
 *   --sizes a,b    BENCH_SIZES      explicit sizes instead
 *   --dbs list     BENCH_DBS        sqlite,postgres (default both)
 *   --runs N       BENCH_RUNS       timed steady and raw runs (default 5)
 *   --cold-runs N  BENCH_COLD_RUNS  timed cold runs (default 3)
 *   --pg URL       BENCH_PG_URL     PostgreSQL server (default postgresql://postgres@127.0.0.1:5432)
 *   --keep         BENCH_KEEP=1     keep the generated SQLite files in data/bench
 */
import { fork } from "node:child_process";
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { DEFAULT_PAGE_SIZE } from "../src/nudges/scan.js";
import type { DbKind } from "../src/store/client.js";
import { BENCH_DIR, dropPostgresTemplate, freshPostgres, freshSqlite, postgresTemplate, removeSqliteFile, sqliteTemplate } from "./databases.js";
import { ratioOf, tableFor, type SizeResult } from "./report.js";
import type { Job, PhaseResult } from "./worker.js";

/** A fixed clock: the portfolio is generated relative to it, so every run sees the same nudges. */
const NOW = "2026-06-15T14:00:00.000Z";
const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), "worker.ts");

function options() {
  const { values } = parseArgs({
    options: {
      accounts: { type: "string" }, sizes: { type: "string" }, dbs: { type: "string" }, runs: { type: "string" },
      "cold-runs": { type: "string" }, pg: { type: "string" }, keep: { type: "boolean" },
    },
  });
  const env = process.env;
  const int = (v: string | undefined, fallback: number, name: string) => {
    if (v === undefined || v === "") return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive integer, got "${v}"`);
    return n;
  };
  const largest = int(values.accounts ?? env.BENCH_ACCOUNTS, 100_000, "BENCH_ACCOUNTS");
  const sizesText = values.sizes ?? env.BENCH_SIZES;
  const sizes = sizesText ? sizesText.split(",").map((s) => int(s.trim(), 0, "BENCH_SIZES")) : [...new Set([Math.max(1, Math.round(largest / 4)), largest])];
  const dbs = (values.dbs ?? env.BENCH_DBS ?? "sqlite,postgres").split(",").map((s) => s.trim());
  for (const d of dbs) if (d !== "sqlite" && d !== "postgres") throw new Error(`BENCH_DBS: unknown database "${d}" (sqlite, postgres)`);
  return {
    sizes: sizes.sort((a, b) => a - b),
    dbs: dbs as DbKind[],
    runs: int(values.runs ?? env.BENCH_RUNS, 5, "BENCH_RUNS"),
    coldRuns: int(values["cold-runs"] ?? env.BENCH_COLD_RUNS, 3, "BENCH_COLD_RUNS"),
    pgUrl: values.pg ?? env.BENCH_PG_URL ?? "postgresql://postgres@127.0.0.1:5432",
    keep: values.keep ?? env.BENCH_KEEP === "1",
  };
}

function runPhase(job: Job): Promise<PhaseResult> {
  return new Promise((resolve, reject) => {
    const child = fork(WORKER, [JSON.stringify(job)], { execArgv: [...process.execArgv, "--expose-gc"], stdio: ["ignore", "inherit", "inherit", "ipc"] });
    let result: PhaseResult | undefined;
    child.on("message", (m) => (result = m as PhaseResult));
    child.on("error", reject);
    child.on("exit", (code) => (result && code === 0 ? resolve(result) : reject(new Error(`${job.phase} phase on ${job.kind} exited with ${code}`))));
  });
}

async function benchSize(kind: DbKind, accounts: number, url: string, runs: number, coldRuns: number): Promise<SizeResult> {
  const log = (s: string) => process.stderr.write(`  ${kind} ${accounts}: ${s}\n`);
  log("loading…");
  const load = await runPhase({ phase: "load", kind, url, now: NOW, size: { accounts, touchpointsPerAccount: 10, complaintsPerAccount: 0.2 } });
  log(`loaded in ${(load.timesMs[0] / 1000).toFixed(1)} s; cold scans…`);
  const cold = await runPhase({ phase: "cold", kind, url, now: NOW, runs: coldRuns });
  log("steady scans…");
  const steady = await runPhase({ phase: "steady", kind, url, now: NOW, runs });
  log("raw lower bound…");
  const raw = await runPhase({ phase: "raw", kind, url, runs, pageSize: DEFAULT_PAGE_SIZE });
  return { kind, accounts, load, cold, steady, raw };
}

async function main() {
  const o = options();
  const started = performance.now();
  const machine = `${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, ${os.platform()} ${os.release()}`;
  process.stderr.write(`keepwarm scan benchmark: sizes ${o.sizes.join(", ")} on ${o.dbs.join(", ")}; ${o.runs} steady/raw runs, ${o.coldRuns} cold runs; now = ${NOW}\n${machine}\n`);
  const results: SizeResult[] = [];
  for (const kind of o.dbs) {
    const template = kind === "sqlite" ? await sqliteTemplate() : (await postgresTemplate(o.pgUrl), "");
    for (const accounts of o.sizes) {
      const url = kind === "sqlite" ? freshSqlite(template, accounts) : await freshPostgres(o.pgUrl);
      results.push(await benchSize(kind, accounts, url, o.runs, o.coldRuns));
      if (kind === "sqlite" && !o.keep) removeSqliteFile(url.replace(/^file:/, ""));
    }
    if (kind === "sqlite") removeSqliteFile(template);
    else await dropPostgresTemplate(o.pgUrl);
  }
  const out: string[] = [`\n${machine}`, `page size ${DEFAULT_PAGE_SIZE}; times are medians (min–max) of ${o.runs} steady/raw and ${o.coldRuns} cold runs\n`];
  for (const kind of o.dbs) out.push(tableFor(kind, results.filter((r) => r.kind === kind)), "");
  for (const kind of o.dbs) {
    const largest = results.filter((r) => r.kind === kind).at(-1)!;
    out.push(`scan/raw ratio: ${ratioOf(largest).toFixed(2)} (${kind})`);
  }
  const wall = (performance.now() - started) / 1000;
  out.push(`\nbench wall time: ${wall.toFixed(0)} s`);
  console.log(out.join("\n"));
  writeFileSync(path.join(BENCH_DIR, "results.json"), JSON.stringify({ machine, now: NOW, options: o, wallSeconds: wall, results }, null, 2));
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
