/**
 * The ingestion benchmark: items per second through the real HTTP server, end to end (request sent →
 * response received; for the API that includes the rescan of the batch's accounts, which the request
 * awaits before it answers; for a webhook, which is answered before it is applied, until the server
 * has applied its events and rescanned their accounts), against a raw bound (the same rows with plain multi-row INSERTs through
 * the bare driver). Per database: one seeded portfolio (bench/portfolio.ts at a few hundred accounts,
 * with a first scan so nudges are open), cloned fresh for each case's API run and for its raw bound.
 * The server runs in its own process (bench/ingestWorker.ts) with the same heap cap as the scan
 * phases; this process is the client, sending one request at a time (and serving the loopback fakes of
 * vendor APIs a case reads from). The cases: bench/ingestCases.ts.
 */
import { fork, type ChildProcess } from "node:child_process";
import { copyFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { DbKind } from "../src/store/client.js";
import { admin, BENCH_DIR, postgresTemplate, removeSqliteFile, sqliteTemplate, withDatabase } from "./databases.js";
import { THROUGHPUT_CASES, type Seeded, type ThroughputCase } from "./ingestCases.js";
import type { IngestJob, RunnerMessage, ServerMemory, WorkerMessage } from "./ingestWorker.js";
import type { MemoryPeak } from "./memory.js";
import { markdownTable, median } from "./report.js";

const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), "ingestWorker.ts");
const NOW = "2026-06-15T14:00:00.000Z";

/** The command-line options of the ingestion bench (also accepted by `npm run bench`). */
export const INGEST_ARGS = {
  "ingest-batches": { type: "string" },
  "ingest-warmup": { type: "string" },
  "ingest-accounts": { type: "string" },
  "ingest-cases": { type: "string" },
} as const;

export interface IngestOptions {
  dbs: DbKind[];
  pgUrl: string;
  heapMb: number;
  keep: boolean;
  /** Timed requests per case and database, after `warmup` untimed ones. */
  batches: number;
  warmup: number;
  accounts: number;
  cases: ThroughputCase[];
}

type Int = (v: string | undefined, fallback: number, name: string) => number;

export function ingestOptions(values: Partial<Record<keyof typeof INGEST_ARGS, string>>, env: NodeJS.ProcessEnv, int: Int, shared: Omit<IngestOptions, "batches" | "warmup" | "accounts" | "cases">): IngestOptions {
  const names = (values["ingest-cases"] ?? env.BENCH_INGEST_CASES ?? THROUGHPUT_CASES.map((c) => c.name).join(",")).split(",").map((s) => s.trim());
  const cases = names.map((n) => THROUGHPUT_CASES.find((c) => c.name === n) ?? fail(`BENCH_INGEST_CASES: unknown case "${n}" (${THROUGHPUT_CASES.map((c) => c.name).join(", ")})`));
  return {
    ...shared,
    batches: int(values["ingest-batches"] ?? env.BENCH_INGEST_BATCHES, 20, "BENCH_INGEST_BATCHES"),
    warmup: int(values["ingest-warmup"] ?? env.BENCH_INGEST_WARMUP, 2, "BENCH_INGEST_WARMUP"),
    accounts: int(values["ingest-accounts"] ?? env.BENCH_INGEST_ACCOUNTS, 200, "BENCH_INGEST_ACCOUNTS"),
    cases,
  };
}

const fail = (message: string): never => {
  throw new Error(message);
};

export interface IngestResult {
  kind: DbKind;
  case: string;
  unit: string;
  batchSize: number;
  seedMs: number;
  /** vendorRequests: what the timed requests cost in calls to the vendor's (fake) API, when the case reads one. */
  api: { timesMs: number[]; memory: ServerMemory; before: Record<string, number>; after: Record<string, number>; vendorRequests: number | null };
  raw: { timesMs: number[]; memory: MemoryPeak };
}

/** A worker process and its next message of a given type (rejected if it exits first). */
function spawn(job: IngestJob, heapMb: number) {
  // BENCH_INGEST_PROF=<dir>: a V8 CPU profile of each server process, for finding where a request's time goes.
  const profile = job.phase === "serve" && process.env.BENCH_INGEST_PROF ? ["--cpu-prof", `--cpu-prof-dir=${process.env.BENCH_INGEST_PROF}`] : [];
  const child: ChildProcess = fork(WORKER, [JSON.stringify(job)], {
    execArgv: [...process.execArgv, "--expose-gc", `--max-old-space-size=${heapMb}`, ...profile],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  const exited = new Promise<never>((_, reject) =>
    child.on("exit", (code, signal) => reject(new Error(`ingest ${job.phase} phase on ${job.kind} exited with ${code ?? signal} before answering`))),
  );
  exited.catch(() => undefined);
  const next = <T extends WorkerMessage["type"]>(type: T) =>
    Promise.race([exited, new Promise<Extract<WorkerMessage, { type: T }>>((resolve) => {
      const on = (m: WorkerMessage) => m.type === type && (child.off("message", on), resolve(m as Extract<WorkerMessage, { type: T }>));
      child.on("message", on);
    })]);
  const ask = <T extends WorkerMessage["type"]>(m: RunnerMessage, type: T) => {
    const answer = next(type);
    child.send(m);
    return answer;
  };
  return { next, ask };
}

/** A fresh copy of the seeded database for one run; returns its URL. */
type Clone = (name: string) => Promise<string>;

async function seededDatabase(kind: DbKind, o: IngestOptions, seed: Seeded): Promise<{ clone: Clone; seedMs: number; drop: () => Promise<void> }> {
  if (kind === "sqlite") {
    const template = await sqliteTemplate();
    const seedFile = path.join(BENCH_DIR, "ingest-seed.db");
    removeSqliteFile(seedFile);
    copyFileSync(template, seedFile);
    removeSqliteFile(template);
    const { ms } = await spawn({ phase: "seed", kind, url: `file:${seedFile}`, seed }, o.heapMb).next("seeded");
    const copies: string[] = [];
    const clone: Clone = async (name) => {
      const file = path.join(BENCH_DIR, `ingest-${name}.db`);
      removeSqliteFile(file);
      copyFileSync(seedFile, file);
      copies.push(file);
      return `file:${file}`;
    };
    return { clone, seedMs: ms, drop: async () => (o.keep ? [] : [seedFile, ...copies]).forEach(removeSqliteFile) };
  }
  await postgresTemplate(o.pgUrl);
  const SEED = "keepwarm_ingest_seed";
  const RUN = "keepwarm_ingest";
  await admin(o.pgUrl, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${SEED} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${SEED} TEMPLATE keepwarm_bench_template`);
    await c.query(`DROP DATABASE keepwarm_bench_template WITH (FORCE)`);
  });
  const { ms } = await spawn({ phase: "seed", kind, url: withDatabase(o.pgUrl, SEED), seed }, o.heapMb).next("seeded");
  const clone: Clone = async () => {
    await admin(o.pgUrl, async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${RUN} WITH (FORCE)`);
      await c.query(`CREATE DATABASE ${RUN} TEMPLATE ${SEED}`);
    });
    return withDatabase(o.pgUrl, RUN);
  };
  const drop = () =>
    admin(o.pgUrl, async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${SEED} WITH (FORCE)`);
      if (!o.keep) await c.query(`DROP DATABASE IF EXISTS ${RUN} WITH (FORCE)`);
    });
  return { clone, seedMs: ms, drop };
}

/** The case's requests against a fresh server, one at a time: warm-up ones, then the timed ones. */
async function apiRun(kind: DbKind, url: string, c: ThroughputCase, seed: Seeded, o: IngestOptions): Promise<IngestResult["api"]> {
  const counts = withCaseRequests(o, c);
  const fakes = await c.fakes?.(seed, counts.warmup + counts.batches);
  try {
    return await served(kind, url, c, seed, o, fakes);
  } finally {
    await fakes?.close();
  }
}

async function served(kind: DbKind, url: string, c: ThroughputCase, seed: Seeded, given: IngestOptions, fakes: Awaited<ReturnType<NonNullable<ThroughputCase["fakes"]>>> | undefined): Promise<IngestResult["api"]> {
  const o = withCaseRequests(given, c);
  const worker = spawn({ phase: "serve", kind, url, seed, caseName: c.name, env: fakes?.env ?? {} }, o.heapMb);
  const ready = await worker.next("ready");
  const post = async (i: number) => {
    const req = c.request(i, seed);
    const init = { method: "POST", headers: { ...ready.headers, ...req.headers }, body: req.body };
    const started = performance.now();
    const res = await fetch(`${ready.url}${req.path}`, init);
    const text = await res.text();
    c.checkResponse(res.status, text ? JSON.parse(text) : null);
    if (c.settles) await worker.ask({ type: "settle" }, "settled");
    return performance.now() - started;
  };
  for (let i = 0; i < o.warmup; i++) await post(i);
  await worker.ask({ type: "mark" }, "marked");
  const vendorBefore = fakes?.requests() ?? 0;
  const timesMs: number[] = [];
  for (let i = o.warmup; i < o.warmup + o.batches; i++) timesMs.push(await post(i));
  const vendorRequests = (fakes?.requests() ?? 0) - vendorBefore;
  const { memory, before, after } = await worker.ask({ type: "stop" }, "stopped");
  return { timesMs, memory, before, after, vendorRequests: fakes ? vendorRequests : null };
}

/** The case's own request counts (one-item requests), else the run's. */
function withCaseRequests(o: IngestOptions, c: ThroughputCase): IngestOptions {
  return c.requests ? { ...o, warmup: c.requests.warmup, batches: c.requests.timed } : o;
}

export async function runIngestBench(o: IngestOptions, log: (s: string) => void): Promise<IngestResult[]> {
  const seed: Seeded = { accounts: o.accounts, now: NOW };
  const results: IngestResult[] = [];
  for (const kind of o.dbs) {
    log(`  ${kind} ingestion: seeding ${o.accounts} accounts…`);
    const db = await seededDatabase(kind, o, seed);
    try {
      for (const c of o.cases) {
        const counts = withCaseRequests(o, c);
        log(`  ${kind} ingestion: ${c.name}, ${counts.warmup} + ${counts.batches} requests of ${c.batchSize} through the API…`);
        const api = await apiRun(kind, await db.clone(`${c.name}-api`), c, seed, o);
        log(`  ${kind} ingestion: ${c.name}, raw bound…`);
        const { warmup, batches } = counts;
        const rawJob: IngestJob = { phase: "raw", kind, url: await db.clone(`${c.name}-raw`), seed, caseName: c.name, warmup, batches };
        const raw = await spawn(rawJob, o.heapMb).next("raw");
        results.push({ kind, case: c.name, unit: c.unit, batchSize: c.batchSize, seedMs: db.seedMs, api, raw: { timesMs: raw.timesMs, memory: raw.memory } });
      }
    } finally {
      await db.drop();
    }
  }
  return results;
}

// ── The report ─────────────────────────────────────────────────────────────────────────────────

const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
export const perSecond = (r: IngestResult, times: number[]) => (r.batchSize * times.length) / (sum(times) / 1000);
/** API time over the raw bound's, for the same requests: how many times the bare INSERTs' throughput is the API's. */
export const ingestRatio = (r: IngestResult) => sum(r.api.timesMs) / sum(r.raw.timesMs);
const rate = (n: number) => Math.round(n).toLocaleString("en-US");
const spread = (xs: number[]) => `${median(xs).toFixed(1)} ms (${Math.min(...xs).toFixed(1)}–${Math.max(...xs).toFixed(1)})`;

export function ingestReport(o: IngestOptions, results: IngestResult[]): string {
  const out: string[] = [];
  for (const c of o.cases) {
    const rs = results.filter((r) => r.case === c.name);
    const keys = [...new Set(rs.flatMap((r) => [...Object.keys(r.api.before), ...Object.keys(r.api.after)]))];
    const rows: string[][] = [
      [`${c.unit}/s through the API (request sent → ${c.settles ? "events applied, accounts rescanned" : "response received"})`, ...rs.map((r) => rate(perSecond(r, r.api.timesMs)))],
      ["  per request: median (min–max)", ...rs.map((r) => spread(r.api.timesMs))],
      [`raw bound: the same rows, multi-row INSERTs in one transaction a request (bare driver): ${c.unit}/s`, ...rs.map((r) => rate(perSecond(r, r.raw.timesMs)))],
      ["  per request: median (min–max)", ...rs.map((r) => spread(r.raw.timesMs))],
      ["api/raw ratio (API time over raw time)", ...rs.map((r) => ingestRatio(r).toFixed(2))],
      ...(rs.some((r) => r.api.vendorRequests !== null)
        ? [["vendor API calls per request (batch reads)", ...rs.map((r) => (r.api.vendorRequests === null ? "" : (r.api.vendorRequests / r.api.timesMs.length).toFixed(1)))]]
        : []),
      ["server RSS: first timed request → peak → after the last (MB)", ...rs.map((r) => `${r.api.memory.rssStartMb} → ${r.api.memory.rssPeakMb} → ${r.api.memory.rssEndMb}`)],
      ["server heap after GC: first timed request → after the last (MB)", ...rs.map((r) => `${r.api.memory.heapAfterGcStartMb} → ${r.api.memory.heapAfterGcEndMb}`)],
      ["  server heap peak / process peak RSS (MB)", ...rs.map((r) => `${r.api.memory.heapPeakMb} / ${r.api.memory.maxRssMb}`)],
      ...keys.map((k) => [`${k}: before → after`, ...rs.map((r) => `${r.api.before[k] ?? 0} → ${r.api.after[k] ?? 0}`)]),
    ];
    const counts = withCaseRequests(o, c);
    out.push(`ingestion: ${c.title}; ${o.accounts} accounts; ${counts.batches} timed requests after ${counts.warmup} warm-up ones; one request at a time`);
    out.push(markdownTable(["", ...rs.map((r) => r.kind)], rows), "");
  }
  for (const r of results) out.push(`ingest ${r.unit}/s: ${Math.round(perSecond(r, r.api.timesMs))} (${r.kind})`, `ingest/raw ratio: ${ingestRatio(r).toFixed(2)} (${r.kind}, ${r.case})`);
  return out.join("\n");
}
