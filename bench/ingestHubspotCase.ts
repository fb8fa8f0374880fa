/**
 * The HubSpot webhook case of the ingestion benchmark: POST /connectors/hubspot with 100 call
 * creations a body, signed (v3) as HubSpot signs them, each call read back from a loopback fake of the
 * CRM API (test/fakes/hubspotApi.ts, in the runner's process) in HubSpot's batch reads. A request is
 * timed from sending it until the server has applied its events and rescanned their accounts (the
 * webhook is answered at once; the inbox worker applies in the background). The raw bound writes the
 * same inbox rows and touchpoints with plain multi-row INSERTs through the bare driver.
 */
import { seededRandom } from "../src/demo/random.js";
import { HUBSPOT_TOKEN, startFakeHubSpot } from "../test/fakes/hubspotApi.js";
import { call, callCreated, HUBSPOT_SECRET, hubspotHeaders } from "../test/fixtures/hubspot.js";
import type { Seeded, ThroughputCase } from "./ingestCases.js";
import { people } from "./portfolio.js";
import { multiRowWriter, type RawRefs } from "./rawWriter.js";

const BATCH = 100;
const PUBLIC_URL = "https://keepwarm.bench.example";
const WEBHOOK_URI = `${PUBLIC_URL}/connectors/hubspot`;
/** Account crm-N is HubSpot company COMPANY_BASE + N. */
const COMPANY_BASE = 5_000_000;
/** A portal's sales team: 20 owners, each one of the portfolio's reps (so each call is linked to its Person). */
const OWNERS = people().filter((p) => p.role === "rep").slice(0, 20).map((p, n) => ({ id: String(700 + n), email: p.email, firstName: p.name.split(" ")[0], lastName: p.name.split(" ").slice(1).join(" ") }));

interface BenchCall {
  id: string;
  account: number;
  at: Date;
  owner: (typeof OWNERS)[number];
}

/** Body i's calls: 100 calls logged within the 20 days before now, each on one of the accounts, by one of the owners. */
function callsOf(i: number, seed: Seeded): BenchCall[] {
  const rand = seededRandom(9_000_000 + i);
  const now = Date.parse(seed.now);
  return Array.from({ length: BATCH }, (_, j) => ({
    id: String(10_000_000 + i * BATCH + j),
    account: rand.int(0, seed.accounts - 1),
    at: new Date(now - rand.int(1, 20 * 24 * 60) * 60_000),
    owner: rand.pick(OWNERS),
  }));
}

const eventsOf = (i: number, seed: Seeded) => callsOf(i, seed).map((c, j) => ({ ...callCreated(c.id, c.at), eventId: 40_000_000 + i * BATCH + j }));

const INBOX_COLUMNS = ["id", "source", "idempotencyKey", "type", "accountSourceId", "summary", "payload", "occurredAt", "receivedAt", "status", "attempts", "nextAttemptAt", "outcome", "appliedAt"] as const;
const TOUCH_COLUMNS = ["id", "accountId", "kind", "occurredAt", "byPersonId", "byName", "summary", "source", "idempotencyKey", "createdAt"] as const;

/** What the API writes for body i (its inbox rows, applied, and its touchpoints), as rows of values. */
function rowsOf(i: number, seed: Seeded, refs: RawRefs) {
  const now = new Date(seed.now);
  const events = eventsOf(i, seed);
  const calls = callsOf(i, seed);
  const inbox = events.map((e, j) => {
    const c = calls[j];
    return [`cinb${i.toString(36).padStart(6, "0")}${j.toString(36).padStart(4, "0")}${"0".repeat(11)}`, "hubspot", `engagement.creation:${c.id}:calls:${e.occurredAt}:${e.eventId}`,
      "engagement.creation", null, `call ${c.id}`, JSON.stringify({ event: e }), c.at, now, "applied", 1, now, "touchpoint recorded", now];
  });
  const touchpoints = calls.map((c, j) => {
    const person = refs.people.get(c.owner.email)!;
    return [`ctch${i.toString(36).padStart(6, "0")}${j.toString(36).padStart(4, "0")}${"0".repeat(11)}`, refs.accounts.get(`crm-${c.account}`)!, "call", c.at,
      person.id, person.name, `Call ${c.id}`, "hubspot", `hubspot:calls:${c.id}`, now];
  });
  return { inbox, touchpoints };
}

export const hubspotCase: ThroughputCase = {
  name: "hubspot",
  title: "POST /connectors/hubspot, 100 call creations a body (signed v3), calls read from a loopback CRM API in batches; timed until applied and rescanned",
  unit: "events",
  batchSize: BATCH,
  env: { HUBSPOT_CLIENT_SECRET: HUBSPOT_SECRET, KEEPWARM_PUBLIC_URL: PUBLIC_URL },
  async fakes(seed, requests) {
    const hub = await startFakeHubSpot();
    for (const owner of OWNERS) hub.owners.set(owner.id, owner);
    for (let i = 0; i < requests; i++) {
      hub.put("calls", ...callsOf(i, seed).map((c) => call(c.id, String(COMPANY_BASE + c.account), c.at, { hubspot_owner_id: c.owner.id })));
    }
    return { env: { HUBSPOT_ACCESS_TOKEN: HUBSPOT_TOKEN, HUBSPOT_API_URL: hub.url }, requests: () => hub.requests.length, close: () => hub.close() };
  },
  settles: true,
  async setup(_kw, db) {
    const accounts = await db.account.findMany({ select: { id: true, externalId: true } });
    const data = accounts.map((a) => ({ accountId: a.id, source: "hubspot", sourceId: String(COMPANY_BASE + Number(a.externalId!.replace("crm-", ""))) }));
    await db.accountLink.createMany({ data });
    return {};
  },
  request(i, seed) {
    const body = JSON.stringify(eventsOf(i, seed));
    return { path: "/connectors/hubspot", body, headers: hubspotHeaders(WEBHOOK_URI, body, { at: new Date(seed.now) }) };
  },
  checkResponse(status, body) {
    const b = body as { received?: number; stored?: number };
    if (status !== 200 || b.received !== BATCH || b.stored !== BATCH) throw new Error(`expected 200 with ${BATCH} received and stored, got ${status}: ${JSON.stringify(body).slice(0, 300)}`);
  },
  async tally(db) {
    const byStatus = await db.inboundEvent.groupBy({ by: ["status"], _count: true });
    const counts: Record<string, number> = {
      "hubspot touchpoints": await db.touchpoint.count({ where: { source: "hubspot" } }),
      "open staleContact nudges": await db.nudge.count({ where: { rule: "staleContact", status: { not: "resolved" } } }),
    };
    for (const s of byStatus.sort((a, b) => a.status.localeCompare(b.status))) counts[`inbox ${s.status}`] = s._count;
    return counts;
  },
  rawWriter: (kind, url, seed) =>
    multiRowWriter(kind, url, (i, refs) => {
      const { inbox, touchpoints } = rowsOf(i, seed, refs);
      return [{ table: "InboundEvent", columns: INBOX_COLUMNS, rows: inbox }, { table: "Touchpoint", columns: TOUCH_COLUMNS, rows: touchpoints }];
    }),
};
