/**
 * One benchmark phase in a fresh process, so each phase's peak memory is its own: load the portfolio,
 * time cold scans, time steady-state scans, or time the raw-SQL lower bound. The job arrives as JSON in
 * argv[2]; the result goes back to the parent over IPC.
 */
import { parseConfig, type Policy } from "../src/config/file.js";
import { runScan, type ScanResult } from "../src/nudges/scan.js";
import { openDb, type Db, type DbKind } from "../src/store/client.js";
import { loadPostgres, loadSqlite, seedPeopleAndChannels, type LoadCounts } from "./load.js";
import { sampleMemory, type MemoryPeak } from "./memory.js";
import type { PortfolioSize } from "./portfolio.js";
import { rawReader, type RawCounts } from "./raw.js";
import { scanAnatomy, type Anatomy } from "./anatomy.js";

export type Job =
  | { phase: "load"; kind: DbKind; url: string; size: PortfolioSize; now: string }
  | { phase: "cold" | "steady"; kind: DbKind; url: string; now: string; runs: number; anatomyRuns?: number; pageSize?: number }
  | { phase: "raw"; kind: DbKind; url: string; runs: number; pageSize: number };

export interface PhaseResult {
  timesMs: number[];
  /** Raw phase: the same reads with rows fetched as arrays, timed alternately with timesMs (objects). */
  arrayTimesMs?: number[];
  /** Steady phase: the untimed first scan of the process (JIT, zone caches and statements still cold). */
  warmupMs?: number;
  /** Steady phase: scans that evaluate every account (evaluateAll), timed after the steady ones. */
  fullTimesMs?: number[];
  memory: MemoryPeak;
  load?: LoadCounts;
  scan?: ScanResult;
  raw?: RawCounts;
  /** Steady phase: medians of the replayed scan's parts (bench/anatomy.ts). */
  anatomy?: Anatomy;
}

const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  gc();
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

/** A first scan's starting point: no nudges or what hangs off them, no health recorded yet. */
async function resetNudges(db: Db, kind: DbKind) {
  const tables = ["NudgeEvent", "NudgeMessage", "HeldNudge", "PostBudget", "Delivery", "Nudge", "HealthSnapshot"];
  if (kind === "postgres") await db.$executeRawUnsafe(`TRUNCATE ${tables.map((t) => `"${t}"`).join(", ")} RESTART IDENTITY`);
  else for (const table of tables) await db.$executeRawUnsafe(`DELETE FROM "${table}"`);
  await db.$executeRawUnsafe(`UPDATE "Account" SET "healthTrend" = NULL`);
}

/** After the writes of a cold scan: what autovacuum / the WAL checkpointer would have done before the next periodic scan. */
async function settle(db: Db, kind: DbKind) {
  if (kind === "postgres") await db.$executeRawUnsafe("VACUUM ANALYZE");
  else await db.$queryRawUnsafe("PRAGMA wal_checkpoint(TRUNCATE)");
}

async function medianAnatomy(db: Db, policy: Policy, now: Date, runs: number): Promise<Anatomy> {
  const all: Anatomy[] = [];
  for (let i = 0; i < runs; i++) {
    gc();
    all.push(await scanAnatomy(db, policy, now));
  }
  const med = (k: keyof Anatomy) => { const s = all.map((a) => a[k]).sort((x, y) => x - y); return s[s.length >> 1]; };
  return { readsMs: med("readsMs"), rulesMs: med("rulesMs"), planMs: med("planMs"), decisions: med("decisions") };
}

async function runJob(job: Job): Promise<PhaseResult> {
  if (job.phase === "load") {
    const db = await openDb(job.url);
    const peopleCount = await seedPeopleAndChannels(db);
    await db.$disconnect();
    const memory = sampleMemory();
    const { ms, value } = await timed(async () =>
      job.kind === "sqlite" ? loadSqlite(job.url.replace(/^file:/, ""), job.size, new Date(job.now)) : loadPostgres(job.url, job.size, new Date(job.now)),
    );
    return { timesMs: [ms], memory: memory.stop(), load: { ...value, people: peopleCount } };
  }
  if (job.phase === "raw") {
    const objects = await rawReader(job.kind, job.url, job.pageSize, "objects");
    const arrays = await rawReader(job.kind, job.url, job.pageSize, "arrays");
    // Untimed warm-up: prepares statements, as the scan's client is warm after its first page.
    await objects.read();
    await arrays.read();
    const memory = sampleMemory();
    const timesMs: number[] = [];
    const arrayTimesMs: number[] = [];
    let raw: RawCounts | undefined;
    for (let i = 0; i < job.runs; i++) {
      const r = await timed(() => objects.read());
      timesMs.push(r.ms);
      raw = r.value;
      arrayTimesMs.push((await timed(() => arrays.read())).ms);
    }
    const peak = memory.stop();
    await objects.close();
    await arrays.close();
    return { timesMs, arrayTimesMs, memory: peak, raw };
  }
  const db = await openDb(job.url);
  await db.$queryRawUnsafe("SELECT 1"); // connect before timing
  const policy = parseConfig({}).policy;
  const now = new Date(job.now);
  // Like the raw bound's warm-up read: a server scans periodically in a process that has scanned before.
  const warmupMs = job.phase === "steady" ? (await timed(() => runScan(db, { now, policy, pageSize: job.pageSize }))).ms : undefined;
  const memory = sampleMemory();
  const timesMs: number[] = [];
  let scan: ScanResult | undefined;
  for (let i = 0; i < job.runs; i++) {
    if (job.phase === "cold") await resetNudges(db, job.kind);
    const r = await timed(() => runScan(db, { now, policy, pageSize: job.pageSize }));
    timesMs.push(r.ms);
    scan = r.value;
    if (job.phase === "steady" && (scan.raised || scan.severityUp || scan.snoozeEnded || scan.escalated || scan.resolved || scan.deliveries)) {
      throw new Error(`steady-state scan changed something: ${JSON.stringify(scan)}`);
    }
  }
  const fullTimesMs: number[] = [];
  if (job.phase === "steady") {
    for (let i = 0; i < job.runs; i++) {
      const r = await timed(() => runScan(db, { now, policy, pageSize: job.pageSize, evaluateAll: true }));
      if (r.value.raised || r.value.resolved || r.value.deliveries) throw new Error(`full evaluation changed something: ${JSON.stringify(r.value)}`);
      fullTimesMs.push(r.ms);
    }
  }
  const peak = memory.stop();
  if (job.phase === "cold") await settle(db, job.kind);
  const anatomy = job.phase === "steady" ? await medianAnatomy(db, policy, now, job.anatomyRuns ?? 1) : undefined;
  await db.$disconnect();
  return { timesMs, warmupMs, fullTimesMs, memory: peak, scan, anatomy };
}

const job = JSON.parse(process.argv[2] ?? "{}") as Job;
runJob(job).then(
  // Forked by scan.bench.ts: answer over IPC. Run by hand (e.g. under --cpu-prof): print the result.
  (result) => (process.send ? process.send(result, () => process.exit(0)) : (console.log(JSON.stringify(result, null, 2)), process.exit(0))),
  (err: Error) => {
    process.stderr.write(`bench worker (${job.phase} on ${job.kind}) failed: ${err.stack ?? err.message}\n`);
    process.exit(1);
  },
);
