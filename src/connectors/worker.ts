/**
 * Applies what the inbox holds: claim the due events in one write, let each connector read what its
 * share needs from the vendor in a few calls (prepare), apply them (together where the connector
 * can: applyMany; else one by one), record the outcomes in
 * one transaction, then re-evaluate the accounts that changed in one rescan, so a vendor's call or
 * reply clears its nudge the way a command does. Safe with several replicas (claims) and after
 * crashes (locks expire, and applying twice changes nothing).
 */
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import type { Env } from "../config/env.js";
import type { ConnectorsConfig } from "../config/file.js";
import type { Db } from "../store/client.js";
import type { ApplyContext, ApplyOutcome, InboxSource } from "./connector.js";
import { claimEvents, type DueEvent, type EventOutcome, findDueEvents, markRetry, recordOutcomes } from "./inbox.js";

export interface InboxDeps {
  db: Db;
  env: Env;
  log: Logger;
  workerId: string;
  connectors: readonly InboxSource[];
  config: ConnectorsConfig;
  defaultTimeZone: string;
  /** Re-evaluates these accounts' nudges (the scan, for just them). */
  rescan(accountIds: string[]): Promise<unknown>;
  /** Told which events this pass recorded as unmatched (to tell the person who sent them, once). */
  onUnmatched?(events: { id: string; source: string }[]): Promise<unknown>;
}

export interface InboxDrainResult {
  applied: number;
  unmatched: number;
  deferred: number;
  retried: number;
  failed: number;
}

const BATCH = 500;

/** The outcomes of the events the connector applies together (none when it cannot, or that failed: they go one by one). */
async function appliedTogether(connector: InboxSource, events: DueEvent[], ctx: ApplyContext, prepared: unknown, log: Logger): Promise<Map<string, ApplyOutcome>> {
  if (!connector.applyMany) return new Map();
  try {
    return await connector.applyMany(events, ctx, prepared);
  } catch (err) {
    log.warn({ source: connector.source, events: events.length, err: (err as Error).message }, "applying inbound events together failed; applying them one by one");
    return new Map();
  }
}

/** Telling people is a courtesy: a failure is logged, the events stay recorded as unmatched. */
async function tell(deps: InboxDeps, events: { id: string; source: string }[]): Promise<void> {
  try {
    await deps.onUnmatched!(events);
  } catch (err) {
    deps.log.warn({ events: events.length, err: (err as Error).message }, "could not tell the senders of unmatched events");
  }
}

export async function drainInbox(deps: InboxDeps, now: Date): Promise<InboxDrainResult> {
  const result: InboxDrainResult = { applied: 0, unmatched: 0, deferred: 0, retried: 0, failed: 0 };
  // A connector that is not configured (any more) keeps its events pending: nothing to read them with.
  const configured = deps.connectors.flatMap((c) => {
    const settings = c.settings(deps.env);
    return settings === null ? [] : [{ connector: c, settings }];
  });
  const due = await findDueEvents(deps.db, now, BATCH, configured.map((c) => c.connector.source));
  if (due.length === 0) return result;
  const held = await claimEvents(deps.db, due.map((e) => e.id), `${deps.workerId}#${randomUUID()}`, now);
  const changed = new Set<string>();
  const unmatched: { id: string; source: string }[] = [];
  let released = 0;

  /** `event.attempts` counts this attempt (the claim incremented it). */
  const fail = async (event: DueEvent, err: unknown) => {
    const { attempts } = event;
    const message = (err as Error).message;
    const next = await markRetry(deps.db, event.id, attempts, message, now);
    result[next === "failed" ? "failed" : "retried"]++;
    const context = { source: event.source, event: event.id, type: event.type, attempts, err: message };
    if (next === "failed") deps.log.error(context, "inbound event failed for good; `keepwarm connectors retry` queues it again");
    else deps.log.warn(context, "inbound event will be retried");
  };

  for (const { connector, settings } of configured) {
    const events = due.filter((e) => e.source === connector.source && held.has(e.id)).map((e) => ({ ...e, attempts: e.attempts + 1 }));
    if (events.length === 0) continue;
    const ctx: ApplyContext = { db: deps.db, now, config: deps.config, log: deps.log, settings, defaultTimeZone: deps.defaultTimeZone };
    let prepared: unknown;
    try {
      prepared = connector.prepare ? await connector.prepare(events, ctx) : undefined;
    } catch (err) {
      for (const event of events) await fail(event, err);
      continue;
    }
    const together = await appliedTogether(connector, events, ctx, prepared, deps.log);
    const outcomes: EventOutcome[] = [];
    for (const event of events) {
      try {
        const outcome = together.get(event.id) ?? (await connector.apply(event, ctx, prepared));
        if (outcome.status === "applied") {
          outcomes.push({ id: event.id, status: "applied", outcome: outcome.outcome });
          for (const id of outcome.accountIds) changed.add(id);
          result.applied++;
        } else {
          outcomes.push({ id: event.id, ...outcome });
          result[outcome.status]++;
          if (outcome.status === "unmatched") unmatched.push({ id: event.id, source: event.source });
        }
      } catch (err) {
        await fail(event, err);
      }
    }
    released += (await recordOutcomes(deps.db, connector.source, outcomes, now, connector.matched)).released;
  }
  if (changed.size) await deps.rescan([...changed]);
  if (unmatched.length && deps.onUnmatched) await tell(deps, unmatched);
  deps.log.info({ inbox: result }, "inbox drained");
  if (released === 0) return result;
  // Events this pass found unmatched, whose account another event of the pass linked: apply them now.
  result.unmatched -= released;
  const again = await drainInbox(deps, now);
  return Object.fromEntries(Object.entries(result).map(([k, v]) => [k, v + again[k as keyof InboxDrainResult]])) as unknown as InboxDrainResult;
}
