/**
 * One phase of the ingestion benchmark in its own process (the job as JSON in argv[2], answers over IPC):
 *   seed   load the portfolio into a migrated database and run a first scan, so nudges are open;
 *   serve  the real server (Keepwarm + startServer, no scheduler) on a loopback port, for the runner
 *          to send its requests to; memory is sampled between the runner's "mark" and "stop";
 *          "settle" answers once what webhooks stored has been applied;
 *   raw    the raw bound: the same batches written by the case's RawWriter through the bare driver.
 */
import { parseConfig } from "../src/config/file.js";
import { loadEnv } from "../src/config/env.js";
import { Keepwarm } from "../src/keepwarm.js";
import { silentLogger } from "../src/logging.js";
import { runScan } from "../src/nudges/scan.js";
import { startServer } from "../src/server/app.js";
import { openDb, type DbKind } from "../src/store/client.js";
import { THROUGHPUT_CASES, type Seeded, type ThroughputCase } from "./ingestCases.js";
import { loadPostgres, loadSqlite, seedPeopleAndChannels } from "./load.js";
import { sampleMemory, type MemoryPeak } from "./memory.js";

export type IngestJob =
  | { phase: "seed"; kind: DbKind; url: string; seed: Seeded }
  | { phase: "serve"; kind: DbKind; url: string; seed: Seeded; caseName: string; env: Record<string, string> }
  | { phase: "raw"; kind: DbKind; url: string; seed: Seeded; caseName: string; warmup: number; batches: number };

/** Memory of the server process: sampled peaks from mark to stop, and the heap after a full GC at both ends. */
export interface ServerMemory extends MemoryPeak {
  heapAfterGcStartMb: number;
  heapAfterGcEndMb: number;
  rssEndMb: number;
}

export type WorkerMessage =
  | { type: "ready"; url: string; headers: Record<string, string> }
  | { type: "marked" }
  | { type: "settled" }
  | { type: "stopped"; memory: ServerMemory; before: Record<string, number>; after: Record<string, number> }
  | { type: "seeded"; ms: number }
  | { type: "raw"; timesMs: number[]; memory: MemoryPeak };

export type RunnerMessage = { type: "mark" } | { type: "settle" } | { type: "stop" };

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);
const mb = (bytes: number) => Math.round((bytes / 1048576) * 10) / 10;
const send = (m: WorkerMessage) => new Promise<void>((resolve) => process.send!(m, () => resolve()));
const caseNamed = (name: string): ThroughputCase => {
  const found = THROUGHPUT_CASES.find((c) => c.name === name);
  if (!found) throw new Error(`unknown throughput case "${name}"`);
  return found;
};

async function seedPhase(job: Extract<IngestJob, { phase: "seed" }>): Promise<void> {
  const started = performance.now();
  const db = await openDb(job.url);
  await seedPeopleAndChannels(db);
  const size = { accounts: job.seed.accounts, touchpointsPerAccount: 10, complaintsPerAccount: 0.2 };
  const now = new Date(job.seed.now);
  if (job.kind === "sqlite") {
    await db.$disconnect();
    loadSqlite(job.url.replace(/^file:/, ""), size, now);
  } else {
    await loadPostgres(job.url, size, now);
  }
  const scanDb = await openDb(job.url);
  await runScan(scanDb, { now, policy: parseConfig({}).policy });
  if (job.kind === "sqlite") await scanDb.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
  else await scanDb.$executeRawUnsafe("VACUUM ANALYZE");
  await scanDb.$disconnect();
  await send({ type: "seeded", ms: performance.now() - started });
}

async function servePhase(job: Extract<IngestJob, { phase: "serve" }>): Promise<void> {
  const c = caseNamed(job.caseName);
  const env = loadEnv({ DATABASE_URL: job.url, LOG_LEVEL: "silent", ...c.env, ...job.env });
  const config = { ...parseConfig({}), source: "bench" };
  const now = new Date(job.seed.now);
  const kw = await Keepwarm.open({ env, config, log: silentLogger, clock: () => now });
  const db = await openDb(job.url);
  const headers = await c.setup(kw, db);
  const before = await c.tally(db);
  const adapters = (await c.adapters?.(kw, env)) ?? [];
  const server = await startServer(kw, { port: 0, host: "127.0.0.1", scheduler: false, adapters });
  let memory: ReturnType<typeof sampleMemory> | null = null;
  let heapAfterGcStartMb = 0;
  process.on("message", (m: RunnerMessage) => {
    void (async () => {
      if (m.type === "mark") {
        gc();
        heapAfterGcStartMb = mb(process.memoryUsage().heapUsed);
        memory = sampleMemory();
        await send({ type: "marked" });
        return;
      }
      if (m.type === "settle") {
        // A chat event's handling starts right after its answer: let it begin before waiting for it.
        await new Promise((resolve) => setImmediate(resolve));
        await (c.settle ? c.settle(kw) : kw.settleInbound());
        await send({ type: "settled" });
        return;
      }
      const peak = memory!.stop();
      await kw.settleInbound();
      gc();
      const usage = process.memoryUsage();
      const stopped: ServerMemory = { ...peak, heapAfterGcStartMb, heapAfterGcEndMb: mb(usage.heapUsed), rssEndMb: mb(usage.rss) };
      await server.close();
      const after = await c.tally(db);
      await db.$disconnect();
      await kw.close();
      await send({ type: "stopped", memory: stopped, before, after });
      process.exit(0);
    })().catch(fail);
  });
  await send({ type: "ready", url: server.url, headers });
}

async function rawPhase(job: Extract<IngestJob, { phase: "raw" }>): Promise<void> {
  const writer = await caseNamed(job.caseName).rawWriter(job.kind, job.url, job.seed);
  for (let i = 0; i < job.warmup; i++) await writer.prepare(i)();
  gc();
  const memory = sampleMemory();
  const timesMs: number[] = [];
  for (let i = job.warmup; i < job.warmup + job.batches; i++) {
    const write = writer.prepare(i);
    const started = performance.now();
    await write();
    timesMs.push(performance.now() - started);
  }
  const peak = memory.stop();
  await writer.close();
  await send({ type: "raw", timesMs, memory: peak });
}

function fail(err: Error): void {
  process.stderr.write(`ingest bench worker failed: ${err.stack ?? err.message}\n`);
  process.exit(1);
}

const job = JSON.parse(process.argv[2] ?? "{}") as IngestJob;
const phases = { seed: seedPhase, serve: servePhase, raw: rawPhase } as const;
(phases[job.phase] as (j: IngestJob) => Promise<void>)(job).then(() => job.phase === "serve" || process.exit(0), fail);
