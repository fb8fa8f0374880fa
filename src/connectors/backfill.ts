/**
 * `keepwarm sync <source>`: a connector's backfill, run phase by phase and page by page. Each page's
 * events go into the inbox (keyed by object and modification time, so a page read twice stores
 * nothing new) and are applied at once by the inbox worker, exactly as webhook events are; then the
 * cursor is recorded (ConnectorSync). A run that was killed resumes after the last page it recorded;
 * a finished one makes the next run read only what changed since it started.
 */
import type { Logger } from "pino";
import type { Env } from "../config/env.js";
import type { ConnectorsConfig } from "../config/file.js";
import type { Db } from "../store/client.js";
import type { Connector } from "./connector.js";
import { storeEvents } from "./inbox.js";
import type { InboxDrainResult } from "./worker.js";

export interface BackfillDeps {
  db: Db;
  env: Env;
  log: Logger;
  config: ConnectorsConfig;
  now(): Date;
  /** Applies what the inbox holds (the inbox worker's pass). */
  applyInbound(): Promise<InboxDrainResult>;
}

export interface BackfillOptions {
  since?: Date | null;
  /** Start over even though an earlier run did not finish. */
  restart?: boolean;
  onProgress?(progress: BackfillProgress): void;
}

export interface BackfillProgress {
  phase: string;
  done: number;
  total: number;
}

export interface BackfillSummary {
  /** The earlier run this one continued, when it did. */
  resumedFrom: { startedAt: Date; phase: string } | null;
  since: Date | null;
  /** Objects read, per phase. */
  read: Record<string, number>;
  stored: number;
  applied: number;
  unmatched: number;
  failed: number;
}

/** A finished sync's successor reads from a little before the finished one started (clocks, late writes). */
const OVERLAP_MS = 60 * 60_000;

export async function runBackfill(deps: BackfillDeps, connector: Connector, options: BackfillOptions = {}): Promise<BackfillSummary> {
  const backfill = connector.backfill;
  if (!backfill) throw new Error(`${connector.source} has no backfill`);
  const settings = connector.settings(deps.env);
  if (settings === null) throw new Error(`${connector.source} is not configured: set ${connector.variables.join(", ")}.`);
  const source = connector.source;
  const previous = await deps.db.connectorSync.findUnique({ where: { source } });
  const resume = previous && !previous.finishedAt && !options.restart ? previous : null;
  const since = resume ? resume.since : options.since !== undefined ? options.since : previous?.finishedAt ? new Date(previous.startedAt.getTime() - OVERLAP_MS) : null;
  // In phase order: PostgreSQL's jsonb keeps keys in its own order, not the one they were written in.
  const stored = (resume?.counts ?? {}) as Record<string, number>;
  const read: Record<string, number> = Object.fromEntries(backfill.phases.filter((p) => p in stored).map((p) => [p, stored[p]]));
  let phaseIndex = resume ? Math.max(0, backfill.phases.indexOf(resume.phase)) : 0;
  let cursor = resume?.cursor ?? null;
  const startedAt = resume?.startedAt ?? deps.now();
  const save = (phase: string, finishedAt: Date | null = null) => {
    const data = { since, phase, cursor, startedAt, finishedAt, counts: read };
    return deps.db.connectorSync.upsert({ where: { source }, create: { source, ...data }, update: data });
  };
  await save(backfill.phases[phaseIndex]);

  const shared = new Map<string, Promise<unknown>>();
  const ctx = {
    settings, config: deps.config, since, log: deps.log,
    once: <T>(key: string, load: () => Promise<T>) => (shared.get(key) ?? shared.set(key, load()).get(key)!) as Promise<T>,
  };
  const summary: BackfillSummary = { resumedFrom: resume ? { startedAt: resume.startedAt, phase: resume.phase } : null, since, read, stored: 0, applied: 0, unmatched: 0, failed: 0 };
  for (; phaseIndex < backfill.phases.length; phaseIndex++) {
    const phase = backfill.phases[phaseIndex];
    read[phase] ??= 0;
    options.onProgress?.({ phase, done: read[phase], total: read[phase] });
    for await (const page of backfill.pages(phase, cursor, ctx)) {
      summary.stored += await storeEvents(deps.db, source, page.events, deps.now());
      await applyAll(deps, summary);
      read[phase] += page.events.length;
      cursor = page.cursor;
      await save(phase);
      options.onProgress?.({ phase, done: read[phase], total: read[phase] + page.remaining });
      if (page.cursor === null) break;
    }
    cursor = null;
    if (phaseIndex + 1 < backfill.phases.length) await save(backfill.phases[phaseIndex + 1]);
  }
  await save(backfill.phases[backfill.phases.length - 1], deps.now());
  return summary;
}

/** Passes until nothing is due (each pass moves what it takes out of due: applied, waiting, or retried later). */
async function applyAll(deps: BackfillDeps, summary: BackfillSummary): Promise<void> {
  for (;;) {
    const r = await deps.applyInbound();
    summary.applied += r.applied;
    summary.unmatched += r.unmatched;
    summary.failed += r.failed;
    if (r.applied + r.unmatched + r.deferred + r.retried + r.failed === 0) return;
  }
}
