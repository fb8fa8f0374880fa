/**
 * The shared-channel case of the ingestion benchmark: Slack `message` events from customers' Slack
 * Connect channels, one event a request (as Slack sends them), signed, through the real Slack
 * endpoint (Bolt, the adapter, the core), against a loopback fake of the Slack Web API (in the
 * runner's process, for auth.test and our authors' profiles). Every account has a linked channel;
 * the events are a busy channel's mix: the customer's and our people's messages within two hours
 * (so most coalesce into a touchpoint already written), a few bots' and edits, a few in channels
 * nobody linked. A request is timed until its event is recorded and, when it wrote a touchpoint, its
 * account rescanned. The raw bound does for each event what must be done at the least: find the
 * channel's account, and insert the window's touchpoint unless its key is taken, through the bare driver.
 */
import { createHmac } from "node:crypto";
import pg from "pg";
import { sharedChannelKey, windowStart } from "../src/activity/sharedChannelMessages.js";
import { seededRandom } from "../src/demo/random.js";
import { createSlackAdapter } from "../src/slack/index.js";
import type { DbKind } from "../src/store/client.js";
import { startFakeSlack, type FakeUser } from "../test/fakes/slackApi.js";
import type { RawWriter, Seeded, ThroughputCase } from "./ingestCases.js";
import { people } from "./portfolio.js";
import { openSqlite, sqliteTime } from "./sqlite-driver.js";

const SECRET = "bench-signing-secret";
const OUR_TEAM = "T-OURS";
const REPS: FakeUser[] = people().filter((p) => p.role === "rep").slice(0, 30).map((p, n) => ({ id: `U-REP-${n}`, name: `rep${n}`, realName: p.name, email: p.email }));
const channelOf = (account: number) => `C-ACCOUNT-${account}`;

interface BenchMessage {
  account: number;
  side: "customer" | "ours";
  at: Date;
  user: string;
  kind: "person" | "bot" | "edit" | "unlinked";
}

/** Where the events go: over how many of the accounts' channels, within how many minutes before now. */
interface Traffic {
  channels: number | "all";
  minutes: number;
}

/** Event i: on one account's channel, within the minutes before now; one in ten is not a person's message or not in a linked channel. */
function messageOf(i: number, seed: Seeded, traffic: Traffic): BenchMessage {
  const rand = seededRandom(11_000_000 + i);
  const account = rand.int(0, (traffic.channels === "all" ? seed.accounts : Math.min(traffic.channels, seed.accounts)) - 1);
  const side = rand.chance(0.5) ? "customer" : "ours";
  const at = new Date(Date.parse(seed.now) - rand.int(0, traffic.minutes * 60 - 1) * 1000);
  const roll = rand.int(0, 99);
  const kind = roll < 4 ? "bot" : roll < 7 ? "edit" : roll < 10 ? "unlinked" : "person";
  return { account, side, at, user: side === "ours" ? rand.pick(REPS).id : `U-CUST-${account}`, kind };
}

function eventOf(m: BenchMessage): Record<string, unknown> {
  const team = m.side === "ours" ? OUR_TEAM : `T-CUSTOMER-${m.account}`;
  const ts = `${Math.floor(m.at.getTime() / 1000)}.000100`;
  const base = { type: "message", channel: m.kind === "unlinked" ? `C-ELSEWHERE-${m.account}` : channelOf(m.account), channel_type: "channel", user: m.user, text: "Quick question about the invoice", ts, team, user_team: team };
  if (m.kind === "bot") return { ...base, subtype: "bot_message", bot_id: "B-OTHER", user: undefined };
  if (m.kind === "edit") return { ...base, subtype: "message_changed", user: undefined, message: { user: m.user, text: "edited", ts } };
  return m.side === "customer" ? { ...base, user_profile: { real_name: `Contact ${m.account}`, team } } : base;
}

function signed(body: string): Record<string, string> {
  const ts = String(Math.floor(Date.now() / 1000));
  return { "content-type": "application/json", "x-slack-request-timestamp": ts, "x-slack-signature": "v0=" + createHmac("sha256", SECRET).update(`v0:${ts}:${body}`).digest("hex") };
}

const WINDOW_MINUTES = 60;
/** What the raw bound writes for event i (null: nothing to write), with the key the API uses. */
const rawTouch = (i: number, seed: Seeded, traffic: Traffic) => {
  const m = messageOf(i, seed, traffic);
  if (m.kind !== "person") return null;
  const direction = m.side === "customer" ? "inbound" : "outbound";
  return { m, channel: channelOf(m.account), direction, start: windowStart(m.at, WINDOW_MINUTES) };
};

const INSERT_COLUMNS = `"id", "accountId", "kind", "direction", "occurredAt", "summary", "contactName", "source", "idempotencyKey", "byName", "createdAt"`;

/** The linked channels the API run's setup makes (untimed in both runs): channel C-ACCOUNT-N for account crm-N. */
const LINK_EVERY_ACCOUNT = `INSERT INTO "SharedChannel" ("id", "platform", "channelId", "teamId", "accountId", "createdAt")
  SELECT 'sc' || "id", 'slack', 'C-ACCOUNT-' || substr("externalId", 5), '${OUR_TEAM}', "id", ? FROM "Account"`;

async function rawWriter(kind: DbKind, url: string, seed: Seeded, traffic: Traffic): Promise<RawWriter> {
  const id = (i: number) => `cslk${i.toString(36).padStart(10, "0")}${"0".repeat(11)}`;
  if (kind === "sqlite") {
    const db = openSqlite(url.replace(/^file:/, ""));
    db.prepare(LINK_EVERY_ACCOUNT).run(sqliteTime(new Date()));
    const find = db.prepare(`SELECT "accountId" FROM "SharedChannel" WHERE "platform" = 'slack' AND "channelId" = ?`).raw(true);
    const insert = db.prepare(`INSERT INTO "Touchpoint" (${INSERT_COLUMNS}) VALUES (?, ?, 'message', ?, ?, 'raw', NULL, 'slack-channel', ?, NULL, ?) ON CONFLICT ("idempotencyKey") DO NOTHING`);
    return {
      prepare(i) {
        const t = rawTouch(i, seed, traffic);
        return async () => {
          if (!t) return;
          const [row] = find.all(t.channel) as [string][];
          insert.run(id(i), row[0], t.direction, sqliteTime(t.m.at), sharedChannelKey(row[0], t.direction as "inbound", t.start), sqliteTime(new Date()));
        };
      },
      close: async () => db.close(),
    };
  }
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  await client.query(LINK_EVERY_ACCOUNT.replace("?", "$1"), [new Date().toISOString()]);
  return {
    prepare(i) {
      const t = rawTouch(i, seed, traffic);
      return async () => {
        if (!t) return;
        const { rows } = await client.query({ name: "raw-find", text: `SELECT "accountId" FROM "SharedChannel" WHERE "platform" = 'slack' AND "channelId" = $1`, values: [t.channel] });
        const accountId = rows[0].accountId as string;
        await client.query({
          name: "raw-insert",
          text: `INSERT INTO "Touchpoint" (${INSERT_COLUMNS}) VALUES ($1, $2, 'message', $3::"TouchpointDirection", $4, 'raw', NULL, 'slack-channel', $5, NULL, $6) ON CONFLICT ("idempotencyKey") DO NOTHING`,
          values: [id(i), accountId, t.direction, t.m.at.toISOString(), sharedChannelKey(accountId, t.direction as "inbound", t.start), new Date().toISOString()],
        });
      };
    },
    close: () => client.end(),
  };
}

/**
 * `slack-channel`: every account's channel, a few messages each within two hours (most events open a
 * new window: a touchpoint and a rescan). `slack-channel-busy`: 20 busy channels within the hour
 * (most events coalesce into a touchpoint already written).
 */
const slackChannelCaseOf = (name: string, traffic: Traffic, what: string): ThroughputCase => ({
  name,
  title: `POST /slack/events, one message event a request (signed), ${what}; timed until recorded (and rescanned when it wrote)`,
  unit: "events",
  batchSize: 1,
  requests: { warmup: 30, timed: 500 },
  env: { SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: "xoxb-bench" },
  async fakes() {
    const slack = await startFakeSlack(REPS);
    return { env: { SLACK_API_URL: slack.apiUrl }, requests: () => slack.calls.filter((c) => c.method === "users.info").length, close: () => slack.close() };
  },
  adapters: async (kw, env) => [(await createSlackAdapter(kw, env))!],
  settles: true,
  settle: (kw) => kw.settleSharedChannels(),
  async setup(_kw, db) {
    const accounts = await db.account.findMany({ select: { id: true, externalId: true } });
    const data = accounts.map((a) => ({ platform: "slack" as const, channelId: channelOf(Number(a.externalId!.replace("crm-", ""))), teamId: OUR_TEAM, accountId: a.id }));
    await db.sharedChannel.createMany({ data });
    return {};
  },
  request(i, seed) {
    const body = JSON.stringify({
      token: "legacy", team_id: OUR_TEAM, api_app_id: "A1", type: "event_callback", event_id: `Ev${i}`, event_time: Math.floor(Date.now() / 1000),
      is_ext_shared_channel: true, authorizations: [{ team_id: OUR_TEAM, user_id: "UBOT", is_bot: true }], event: eventOf(messageOf(i, seed, traffic)),
    });
    return { path: "/slack/events", body, headers: signed(body) };
  },
  checkResponse(status) {
    if (status !== 200) throw new Error(`expected 200, got ${status}`);
  },
  async tally(db) {
    const byDirection = await db.touchpoint.groupBy({ by: ["direction"], where: { source: "slack-channel" }, _count: true });
    const counts: Record<string, number> = {};
    for (const d of byDirection.sort((a, b) => a.direction.localeCompare(b.direction))) counts[`shared-channel touchpoints ${d.direction}`] = d._count;
    counts["open staleContact nudges"] = await db.nudge.count({ where: { rule: "staleContact", status: { not: "resolved" } } });
    counts.people = await db.person.count();
    return counts;
  },
  rawWriter: (kind, url, seed) => rawWriter(kind, url, seed, traffic),
});

export const slackChannelCase = slackChannelCaseOf("slack-channel", { channels: "all", minutes: 120 }, "from every account's Slack Connect channel over two hours");
export const slackBusyChannelCase = slackChannelCaseOf("slack-channel-busy", { channels: 20, minutes: 60 }, "from 20 busy Slack Connect channels within the hour");
