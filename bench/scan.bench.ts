/**
 * `npm run bench`: the nudge scan against a generated portfolio (default 100k accounts, 1M touchpoints,
 * 20k complaints, and a quarter of that for the memory comparison) on SQLite and PostgreSQL; then the
 * ingestion throughput through the HTTP API (bench/ingest.ts).
 * For each database and size: load, cold scans (nudge table emptied before each), steady-state scans
 * (the periodic case: nothing changes, so every account's memo holds) and full evaluations (every
 * account's rules, memos ignored), and the raw-SQL lower bound (bench/raw.ts), each phase in its own
 * process so its peak memory is its own. Medians of several runs; absolute times are indicative.
 *
 * Options (arguments win over environment):
 *   --accounts N   BENCH_ACCOUNTS   largest portfolio (default 100000); sizes N/4 and N
 *   --sizes a,b    BENCH_SIZES      explicit sizes instead
 *   --dbs list     BENCH_DBS        sqlite,postgres (default both)
 *   --runs N       BENCH_RUNS       timed steady-state scans and full evaluations (default 3 each; the raw
 *                                   bound runs max(N, 5) times)
 *   --cold-runs N  BENCH_COLD_RUNS  timed cold scans (default 1: at 100k accounts one takes minutes)
 *   --heap-mb N    BENCH_HEAP_MB    V8 old-space cap of every phase process (default 128), the same at every
 *                                   size: a scan whose memory grew with the portfolio would die at the larger one
 *   --pg URL       BENCH_PG_URL     PostgreSQL server (default postgresql://postgres@127.0.0.1:5432)
 *   --keep         BENCH_KEEP=1     keep the generated databases (data/bench/sqlite-<N>.db, keepwarm_bench
 *                                   holding the largest size)
 *   --only X       BENCH_ONLY       scan, ingest, smtp or charts: run only that part (`npm run bench:ingest` is --only ingest)
 *   --chart-runs N BENCH_CHART_RUNS timed drawings of a digest's charts (default 20, after one untimed)
 *   --smtp-messages N BENCH_SMTP_MESSAGES   timed messages per SMTP intake run (default 500)
 *   --ingest-batches N  BENCH_INGEST_BATCHES   timed requests per ingestion case (default 20, after 2 warm-up ones:
 *   --ingest-warmup N   BENCH_INGEST_WARMUP    …this many)
 *   --ingest-accounts N BENCH_INGEST_ACCOUNTS  accounts of the ingestion portfolio (default 200)
 *   --ingest-cases list BENCH_INGEST_CASES     which ingestion cases (bench/ingestCases.ts; default all)
 */
import { fork } from "node:child_process";
import { writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { DEFAULT_PAGE_SIZE } from "../src/nudges/scan.js";
import type { DbKind } from "../src/store/client.js";
import { INGEST_ARGS, ingestOptions, ingestReport, runIngestBench } from "./ingest.js";
import { runSmtpBench, smtpReport } from "./smtp.js";
import { chartsReport, runChartsBench } from "./charts.js";
import { BENCH_DIR, dropPostgresDatabases, freshPostgres, freshSqlite, postgresTemplate, removeSqliteFile, sqliteTemplate } from "./databases.js";
import { ratioOf, tableFor, type SizeResult } from "./report.js";
import type { Job, PhaseResult } from "./worker.js";

/** A fixed clock: the portfolio is generated relative to it, so every run sees the same nudges. */
const NOW = "2026-06-15T14:00:00.000Z";
const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), "worker.ts");

function options() {
  const { values } = parseArgs({
    options: {
      accounts: { type: "string" }, sizes: { type: "string" }, dbs: { type: "string" }, runs: { type: "string" },
      "cold-runs": { type: "string" }, "heap-mb": { type: "string" }, pg: { type: "string" }, keep: { type: "boolean" },
      only: { type: "string" }, "smtp-messages": { type: "string" }, "chart-runs": { type: "string" }, ...INGEST_ARGS,
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
  const only = values.only ?? env.BENCH_ONLY;
  if (only !== undefined && only !== "" && !["scan", "ingest", "smtp", "charts"].includes(only)) throw new Error(`BENCH_ONLY: expected scan, ingest, smtp or charts, got "${only}"`);
  const everything = only === undefined || only === "";
  const shared = {
    dbs: dbs as DbKind[],
    heapMb: int(values["heap-mb"] ?? env.BENCH_HEAP_MB, 128, "BENCH_HEAP_MB"),
    pgUrl: values.pg ?? env.BENCH_PG_URL ?? "postgresql://postgres@127.0.0.1:5432",
    keep: values.keep ?? env.BENCH_KEEP === "1",
  };
  return {
    ...shared,
    sizes: sizes.sort((a, b) => a - b),
    runs: int(values.runs ?? env.BENCH_RUNS, 3, "BENCH_RUNS"),
    coldRuns: int(values["cold-runs"] ?? env.BENCH_COLD_RUNS, 1, "BENCH_COLD_RUNS"),
    scan: everything || only === "scan",
    ingest: everything || only === "ingest" ? ingestOptions(values, env, int, shared) : null,
    chartRuns: everything || only === "charts" ? int(values["chart-runs"] ?? env.BENCH_CHART_RUNS, 20, "BENCH_CHART_RUNS") : null,
    smtp: everything || only === "smtp" ? { dbs: shared.dbs, pgUrl: shared.pgUrl, messages: int(values["smtp-messages"] ?? env.BENCH_SMTP_MESSAGES, 500, "BENCH_SMTP_MESSAGES"), accounts: 50 } : null,
  };
}

type Options = ReturnType<typeof options>;

function runPhaseWith(job: Job, heapMb: number): Promise<PhaseResult> {
  return new Promise((resolve, reject) => {
    const execArgv = [...process.execArgv, "--expose-gc", `--max-old-space-size=${heapMb}`];
    const child = fork(WORKER, [JSON.stringify(job)], { execArgv, stdio: ["ignore", "inherit", "inherit", "ipc"] });
    let result: PhaseResult | undefined;
    child.on("message", (m) => (result = m as PhaseResult));
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      if (result && code === 0) return resolve(result);
      const hint = code === 134 || signal === "SIGABRT" ? ` (out of memory under the ${heapMb} MB heap cap?)` : "";
      reject(new Error(`${job.phase} phase on ${job.kind} exited with ${code ?? signal}${hint}`));
    });
  });
}

async function benchSize(kind: DbKind, accounts: number, url: string, o: Options): Promise<SizeResult> {
  const { runs, coldRuns } = o;
  const runPhase = (job: Job) => runPhaseWith(job, o.heapMb);
  const log = (s: string) => process.stderr.write(`  ${kind} ${accounts}: ${s}\n`);
  log("loading…");
  const load = await runPhase({ phase: "load", kind, url, now: NOW, size: { accounts, touchpointsPerAccount: 10, complaintsPerAccount: 0.2 } });
  log(`loaded in ${(load.timesMs[0] / 1000).toFixed(1)} s; cold scans…`);
  const cold = await runPhase({ phase: "cold", kind, url, now: NOW, runs: coldRuns });
  log("steady scans…");
  const steady = await runPhase({ phase: "steady", kind, url, now: NOW, runs });
  log("raw lower bound…");
  const raw = await runPhase({ phase: "raw", kind, url, runs: Math.max(runs, 5), pageSize: DEFAULT_PAGE_SIZE });
  return { kind, accounts, load, cold, steady, raw };
}

async function main() {
  const o = options();
  const started = performance.now();
  const loadAtStart = os.loadavg()[0];
  const machine = `${os.cpus().length} CPUs (${os.cpus()[0]?.model.trim()}), ${Math.round(os.totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, ${os.platform()} ${os.release()}`;
  const out: string[] = [`\n${machine}`];
  if (o.scan) out.push(...(await scanBench(o, machine)));
  if (o.ingest) {
    process.stderr.write(`keepwarm ingestion benchmark: ${o.ingest.cases.map((c) => c.name).join(", ")} on ${o.dbs.join(", ")}\n`);
    const ingest = await runIngestBench(o.ingest, (s) => process.stderr.write(`${s}\n`));
    out.push("", ingestReport(o.ingest, ingest));
    writeFileSync(path.join(BENCH_DIR, "ingest-results.json"), JSON.stringify({ machine, options: { ...o.ingest, cases: o.ingest.cases.map((c) => c.name) }, results: ingest }, null, 2));
  }
  if (o.smtp) {
    process.stderr.write(`keepwarm SMTP intake benchmark on ${o.dbs.join(", ")}\n`);
    const smtp = await runSmtpBench(o.smtp, (s) => process.stderr.write(`${s}\n`));
    out.push("", smtpReport(o.smtp, smtp));
    writeFileSync(path.join(BENCH_DIR, "smtp-results.json"), JSON.stringify({ machine, options: o.smtp, results: smtp }, null, 2));
  }
  if (o.chartRuns) {
    process.stderr.write("keepwarm digest chart rendering benchmark\n");
    out.push("", chartsReport(await runChartsBench(o.chartRuns)));
  }
  const wall = (performance.now() - started) / 1000;
  out.push(`\nbench wall time: ${wall.toFixed(0)} s; 1-min load average ${loadAtStart.toFixed(1)} at start, ${os.loadavg()[0].toFixed(1)} at end (${os.cpus().length} CPUs: above that, other processes shared the machine)`);
  console.log(out.join("\n"));
}

/** The scan part: its report lines (results also in data/bench/results.json). */
async function scanBench(o: Options, machine: string): Promise<string[]> {
  const started = performance.now();
  const loadAtStart = os.loadavg()[0];
  process.stderr.write(`keepwarm scan benchmark: sizes ${o.sizes.join(", ")} on ${o.dbs.join(", ")}; ${o.coldRuns} cold, ${o.runs} steady, ${Math.max(o.runs, 5)} raw runs; heap cap ${o.heapMb} MB; now = ${NOW}\n${machine}\n`);
  const results: SizeResult[] = [];
  for (const kind of o.dbs) {
    const template = kind === "sqlite" ? await sqliteTemplate() : (await postgresTemplate(o.pgUrl), "");
    for (const accounts of o.sizes) {
      const url = kind === "sqlite" ? freshSqlite(template, accounts) : await freshPostgres(o.pgUrl);
      results.push(await benchSize(kind, accounts, url, o));
      if (kind === "sqlite" && !o.keep) removeSqliteFile(url.replace(/^file:/, ""));
    }
    if (kind === "sqlite") removeSqliteFile(template);
    else await dropPostgresDatabases(o.pgUrl, o.keep);
  }
  const out: string[] = [`page size ${DEFAULT_PAGE_SIZE}; times are medians (min–max) of ${o.coldRuns} cold, ${o.runs} steady and ${Math.max(o.runs, 5)} raw runs; every phase in its own process with a ${o.heapMb} MB V8 heap cap\n`];
  for (const kind of o.dbs) out.push(tableFor(kind, results.filter((r) => r.kind === kind)), "");
  for (const kind of o.dbs) {
    const largest = results.filter((r) => r.kind === kind).at(-1)!;
    out.push(`scan/raw ratio: ${ratioOf(largest).toFixed(2)} (${kind})`);
    out.push(`full evaluation/raw ratio: ${ratioOf(largest, "full").toFixed(2)} (${kind})`);
  }
  const wall = (performance.now() - started) / 1000;
  writeFileSync(path.join(BENCH_DIR, "results.json"), JSON.stringify({ machine, now: NOW, options: { ...o, ingest: undefined }, wallSeconds: wall, loadAverage: [loadAtStart, os.loadavg()[0]], results }, null, 2));
  return out;
}

main().catch((err: Error) => {
  console.error(err.message);
  process.exit(1);
});
