/**
 * The throughput cases of the ingestion benchmark (bench/ingest.ts). A case is one kind of
 * request a feed sends, in batches: how to authorise it, request number i (deterministic, so the raw
 * bound writes exactly the same rows), what a successful answer looks like, what to count on the
 * server afterwards, and the raw bound: the same rows written with plain multi-row INSERTs through the
 * bare driver. Adding a case is one more entry in THROUGHPUT_CASES (a vendor's webhooks: its own
 * file, as bench/ingestHubspotCase.ts).
 */
import { seededRandom } from "../src/demo/random.js";
import type { ChatAdapter } from "../src/chatAdapter.js";
import type { Env } from "../src/config/env.js";
import type { Keepwarm } from "../src/keepwarm.js";
import type { Db, DbKind } from "../src/store/client.js";
import { hubspotCase } from "./ingestHubspotCase.js";
import { slackBusyChannelCase, slackChannelCase } from "./ingestSlackChannelCase.js";
import { people } from "./portfolio.js";
import { multiRowWriter, type RawRefs } from "./rawWriter.js";

/** What the seed phase loaded (bench/portfolio.ts: accounts crm-0 … crm-N-1, reps rep0…@bench.example). */
export interface Seeded {
  accounts: number;
  /** The fixed clock of the portfolio and of the server. */
  now: string;
}

export interface BenchRequest {
  /** From the server's root, e.g. /api/v1/touchpoints. */
  path: string;
  body: string;
  headers?: Record<string, string>;
}

/** The raw bound's writer: `prepare(i)` builds request i's rows (untimed); the write it returns is one transaction. */
export interface RawWriter {
  prepare(i: number): () => Promise<void>;
  close(): Promise<void>;
}

export interface ThroughputCase {
  name: string;
  /** One line for the report: what a request is. */
  title: string;
  /** What one item is (touchpoints, events): the throughput is items per second. */
  unit: string;
  batchSize: number;
  /** Its own number of requests, when one is a single item (a chat event): more of them for a steady figure. */
  requests?: { warmup: number; timed: number };
  /** More environment for the server (a connector's secret). */
  env?: Record<string, string>;
  /**
   * In the runner's process, before the server starts: loopback fakes of the vendor APIs the server
   * reads from, ready for `requests` requests; their environment is added to the server's.
   */
  fakes?(seed: Seeded, requests: number): Promise<{ env: Record<string, string>; requests(): number; close(): Promise<void> }>;
  /** The server answers before applying (a webhook): each request is timed until the server has applied what it received. */
  settles?: boolean;
  /** What applying means for it, when not the connectors' inbox (kw.settleInbound). */
  settle?(kw: Keepwarm): Promise<void>;
  /** In the server process: the chat adapters its requests go through (Slack's endpoint). */
  adapters?(kw: Keepwarm, env: Env): Promise<ChatAdapter[]>;
  /** In the server process, before the first request: what every request needs; returns its headers. */
  setup(kw: Keepwarm, db: Db): Promise<Record<string, string>>;
  request(i: number, seed: Seeded): BenchRequest;
  /** Throws unless the response is what a fully applied batch answers. */
  checkResponse(status: number, body: unknown): void;
  /** In the server process, before the first request and after the last one: counts printed as before → after. */
  tally(db: Db): Promise<Record<string, number>>;
  rawWriter(kind: DbKind, url: string, seed: Seeded): Promise<RawWriter>;
}

// ── POST /api/v1/touchpoints ───────────────────────────────────────────────────────────────────

const BATCH = 1000;
const KINDS = ["email", "email", "email", "call", "call", "meeting", "message", "qbr", "other", "note"] as const;
const SUMMARIES = ["Check-in call", "Sent usage report", "Roadmap walkthrough", "Renewal terms sent", "Training session", "Quick question on SSO"];
const REPS = people().filter((p) => p.role === "rep");

export interface FeedTouchpoint {
  accountExternalId: string;
  kind: string;
  occurredAt: string;
  summary: string;
  by: string;
  contact?: string;
  idempotencyKey?: string;
}

/**
 * Batch i of a CRM feed: 1000 touchpoints spread over every account, within the 20 days before now,
 * by one of 300 reps (by email, so each is linked to its Person) or now and then a name alone;
 * nine in ten carry the CRM's activity id as idempotencyKey.
 */
export function touchpointBatch(i: number, seed: Seeded): FeedTouchpoint[] {
  const rand = seededRandom(7_000_000 + i);
  const now = Date.parse(seed.now);
  return Array.from({ length: BATCH }, (_, j) => ({
    accountExternalId: `crm-${rand.int(0, seed.accounts - 1)}`,
    kind: rand.pick(KINDS),
    occurredAt: new Date(now - rand.int(1, 20 * 24 * 60) * 60_000).toISOString(),
    summary: rand.pick(SUMMARIES),
    by: rand.chance(0.9) ? rand.pick(REPS).email : "Jordan from Partnerships",
    ...(rand.chance(0.3) && { contact: "Wile E. Coyote" }),
    ...(rand.chance(0.9) && { idempotencyKey: `crm-activity-${i}-${j}` }),
  }));
}

const COLUMNS = ["id", "accountId", "kind", "occurredAt", "byPersonId", "byName", "contactName", "summary", "source", "idempotencyKey", "createdAt"] as const;

/** The rows the API writes for a batch, as the raw bound writes them. */
function touchpointRows(items: FeedTouchpoint[], refs: RawRefs, now: Date, i: number) {
  return items.map((t, j) => {
    const person = refs.people.get(t.by);
    const id = `craw${i.toString(36).padStart(6, "0")}${j.toString(36).padStart(4, "0")}${"0".repeat(11)}`;
    return [id, refs.accounts.get(t.accountExternalId)!, t.kind, new Date(t.occurredAt), person?.id ?? null, person?.name ?? t.by, t.contact ?? null,
      t.summary, "api", t.idempotencyKey ?? null, now];
  });
}

export const touchpointsCase: ThroughputCase = {
  name: "touchpoints",
  title: "POST /api/v1/touchpoints, 1000 touchpoints a request, with a managed API token",
  unit: "touchpoints",
  batchSize: BATCH,
  async setup(kw) {
    const { token } = await kw.createApiToken("bench-feed");
    return { authorization: `Bearer ${token}`, "content-type": "application/json" };
  },
  request: (i, seed) => ({ path: "/api/v1/touchpoints", body: JSON.stringify({ items: touchpointBatch(i, seed) }) }),
  checkResponse(status, body) {
    const results = (body as { results?: { status: string }[] }).results;
    const created = results?.filter((r) => r.status === "created").length;
    if (status !== 201 || created !== BATCH) throw new Error(`expected 201 with ${BATCH} created, got ${status}: ${JSON.stringify(body).slice(0, 300)}`);
  },
  async tally(db) {
    const open = await db.nudge.groupBy({ by: ["rule"], where: { status: { not: "resolved" } }, _count: true });
    const counts: Record<string, number> = { touchpoints: await db.touchpoint.count(), "open nudges": open.reduce((n, r) => n + r._count, 0) };
    for (const r of open.sort((a, b) => a.rule.localeCompare(b.rule))) counts[`  open ${r.rule}`] = r._count;
    counts["resolved nudges"] = await db.nudge.count({ where: { status: "resolved" } });
    return counts;
  },
  rawWriter: (kind, url, seed) =>
    multiRowWriter(kind, url, (i, refs) => [{ table: "Touchpoint", columns: COLUMNS, rows: touchpointRows(touchpointBatch(i, seed), refs, new Date(seed.now), i) }]),
};

export const THROUGHPUT_CASES: readonly ThroughputCase[] = [touchpointsCase, hubspotCase, slackChannelCase, slackBusyChannelCase];
