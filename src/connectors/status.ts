/** What the connectors have done: for `keepwarm connectors status` and `keepwarm connectors unmatched`. */
import type { Env } from "../config/env.js";
import type { Db } from "../store/client.js";
import type { InboxSource } from "./connector.js";

export interface ConnectorStatus {
  source: string;
  configured: boolean;
  /** The variables it needs, when not configured. */
  missing: readonly string[];
  received: number;
  pending: number;
  applied: number;
  unmatched: number;
  failed: number;
  lastEventAt: Date | null;
}

export async function connectorStatus(db: Db, env: Env, connectors: readonly InboxSource[]): Promise<ConnectorStatus[]> {
  const counts = await db.inboundEvent.groupBy({ by: ["source", "status"], _count: { _all: true }, _max: { receivedAt: true } });
  return connectors.map((c) => {
    const mine = counts.filter((r) => r.source === c.source);
    const count = (...statuses: string[]) => mine.filter((r) => statuses.includes(r.status)).reduce((n, r) => n + r._count._all, 0);
    const last = mine.map((r) => r._max.receivedAt).filter((d): d is Date => d !== null).sort((a, b) => b.getTime() - a.getTime())[0] ?? null;
    const configured = c.settings(env) !== null;
    return {
      source: c.source,
      configured,
      missing: configured ? [] : c.variables,
      received: count("pending", "applying", "applied", "unmatched", "failed"),
      pending: count("pending", "applying"),
      applied: count("applied"),
      unmatched: count("unmatched"),
      failed: count("failed"),
      lastEventAt: last,
    };
  });
}

export interface WaitingEvent {
  source: string;
  type: string;
  accountSourceId: string | null;
  summary: string;
  occurredAt: Date;
  status: "unmatched" | "failed";
  /** Why it waits: no account linked (and how to link one), or the last error. */
  why: string;
}

/** Events that wait for a person: unmatched (no linked account) and failed, oldest first. */
export async function waitingEvents(db: Db, opts: { source?: string; limit?: number } = {}): Promise<{ total: number; events: WaitingEvent[] }> {
  const where = { status: { in: ["unmatched" as const, "failed" as const] }, ...(opts.source && { source: opts.source }) };
  const [total, rows] = await Promise.all([
    db.inboundEvent.count({ where }),
    db.inboundEvent.findMany({
      where,
      orderBy: [{ occurredAt: "asc" }, { id: "asc" }],
      take: opts.limit ?? 50,
      select: { source: true, type: true, accountSourceId: true, summary: true, occurredAt: true, status: true, outcome: true, lastError: true },
    }),
  ]);
  const events = rows.map((r) => ({
    source: r.source,
    type: r.type,
    accountSourceId: r.accountSourceId,
    summary: r.summary,
    occurredAt: r.occurredAt,
    status: r.status as WaitingEvent["status"],
    why: (r.status === "failed" ? r.lastError : r.outcome) ?? "",
  }));
  return { total, events };
}
