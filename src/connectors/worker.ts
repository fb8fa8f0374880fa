/**
 * Applies what the inbox holds: claim each due event, hand it to its connector, record the outcome,
 * then re-evaluate the accounts that changed in one rescan, so a vendor's call or reply clears its
 * nudge the way a command does. Safe with several replicas (claims) and after crashes (locks expire).
 */
import type { Logger } from "pino";
import type { ConnectorsConfig } from "../config/file.js";
import type { Db } from "../store/client.js";
import type { Connector } from "./connector.js";
import { claimEvent, findDueEvents, markApplied, markRetry, markUnmatched } from "./inbox.js";

export interface InboxDeps {
  db: Db;
  log: Logger;
  workerId: string;
  connectors: readonly Connector[];
  config: ConnectorsConfig;
  /** Re-evaluates these accounts' nudges (the scan, for just them). */
  rescan(accountIds: string[]): Promise<unknown>;
}

export interface InboxDrainResult {
  applied: number;
  unmatched: number;
  retried: number;
  failed: number;
}

const BATCH = 500;

export async function drainInbox(deps: InboxDeps, now: Date): Promise<InboxDrainResult> {
  const result: InboxDrainResult = { applied: 0, unmatched: 0, retried: 0, failed: 0 };
  const bySource = new Map(deps.connectors.map((c) => [c.source as string, c]));
  const due = await findDueEvents(deps.db, now, BATCH, [...bySource.keys()]);
  const changed = new Set<string>();
  for (const event of due) {
    if (!(await claimEvent(deps.db, event.id, deps.workerId, now))) continue; // another replica has it
    const connector = bySource.get(event.source)!;
    const attempts = event.attempts + 1;
    try {
      const outcome = await connector.apply({ ...event, attempts }, { db: deps.db, now, config: deps.config, log: deps.log });
      if (outcome.status === "applied") {
        await markApplied(deps.db, event.id, outcome.outcome, now);
        for (const id of outcome.accountIds) changed.add(id);
        result.applied++;
      } else {
        await markUnmatched(deps.db, event.id, outcome.outcome);
        result.unmatched++;
      }
    } catch (err) {
      const message = (err as Error).message;
      const next = await markRetry(deps.db, event.id, attempts, message, now);
      result[next === "failed" ? "failed" : "retried"]++;
      const context = { source: event.source, event: event.id, type: event.type, attempts, err: message };
      if (next === "failed") deps.log.error(context, "inbound event failed for good; `keepwarm connectors retry` queues it again");
      else deps.log.warn(context, "inbound event will be retried");
    }
  }
  if (changed.size) await deps.rescan([...changed]);
  if (due.length) deps.log.info({ inbox: result }, "inbox drained");
  return result;
}
