// Zendesk end to end through the real server: webhook requests signed as Zendesk signs them, stored
// in the inbox before the answer, applied to complaints on the account linked to the organization.
import { describe, expect, it } from "vitest";
import { DB_KINDS } from "../fixtures/db.js";
import { createHarness, serve, type Harness } from "../fixtures/harness.js";
import { perTest } from "../fixtures/perTest.js";
import { addAccount } from "../fixtures/seed.js";
import { snapshotDb } from "../fixtures/snapshot.js";
import { ORG, postZendesk, staffComment, ticketEvent, ZENDESK_SECRET } from "../fixtures/zendesk.js";

const HOUR = 3_600_000;
const API_TOKEN = "api-token-for-tests";
const iso = (d: Date) => d.toISOString();

describe.each(DB_KINDS)("the Zendesk connector on %s", (kind) => {
  const h = perTest(() => createHarness(kind, {}, { ZENDESK_WEBHOOK_SECRET: ZENDESK_SECRET, KEEPWARM_API_TOKEN: API_TOKEN }));

  async function setUp(opts: { link?: boolean } = {}) {
    const server = await serve(h);
    const acme = await addAccount(h.db, h.clock.now, "Acme Corp", { touchDaysAgo: 3 });
    if (opts.link !== false) await h.db.accountLink.create({ data: { accountId: acme, source: "zendesk", sourceId: ORG } });
    const hoursAgo = (n: number) => iso(new Date(h.clock.now.getTime() - n * HOUR));
    /** Posts events signed now (the harness clock) and waits until the server has applied them. */
    const send = async (...events: object[]) => {
      const answers = [];
      for (const e of events) answers.push(await postZendesk(server.url, e, { at: h.clock.now }));
      await h.kw.settleInbound();
      return answers;
    };
    return { server, acme, hoursAgo, send };
  }
  const complaintOf = (ticketId: string) => h.db.complaint.findUnique({ where: { externalId: `zendesk:ticket:${ticketId}` } });

  it("a new ticket opens a complaint on the linked account, with the ticket's time, subject and priority", async () => {
    const { acme, hoursAgo, send } = await setUp();
    const [res] = await send(ticketEvent("ticket.created", hoursAgo(2), { id: "35436", subject: "Cannot log in", priority: "HIGH" }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: 1, stored: 1 });
    const complaint = await complaintOf("35436");
    expect(complaint).toMatchObject({ accountId: acme, summary: "Cannot log in", severity: "high", source: "zendesk", resolvedAt: null, firstResponseAt: null });
    expect(complaint!.openedAt.toISOString()).toBe(hoursAgo(2));
    expect(await h.db.inboundEvent.findFirstOrThrow()).toMatchObject({ status: "applied", type: "ticket.created", accountSourceId: ORG, outcome: expect.stringMatching(/opened complaint #\d+ for ticket #35436/) });
  });

  it("a staff member's public reply is the first response and clears the unanswered-complaint nudge; a redelivery changes nothing", async () => {
    const { hoursAgo, send } = await setUp();
    await send(ticketEvent("ticket.created", hoursAgo(30), { id: "1", priority: "NORMAL" }));
    expect(await h.db.nudge.count({ where: { rule: "unansweredComplaint", status: "open" } })).toBe(1); // 30 h without an answer; normal allows 24
    const reply = ticketEvent("ticket.comment_added", hoursAgo(1), { id: "1", status: "OPEN" }, staffComment("900"));
    await send(reply);
    expect((await complaintOf("1"))!.firstResponseAt?.toISOString()).toBe(hoursAgo(1));
    expect(await h.db.nudge.count({ where: { rule: "unansweredComplaint", status: "open" } })).toBe(0);
    expect(await h.db.touchpoint.findFirstOrThrow({ where: { idempotencyKey: "zendesk:comment:900" } })).toMatchObject({ kind: "message", source: "zendesk", byName: "Sam Support" });

    const before = await snapshotDb(h.db);
    const [again] = await send(reply); // Zendesk retries a delivery it did not see answered
    expect(await again.json()).toEqual({ received: 1, stored: 0 });
    expect(await snapshotDb(h.db)).toEqual(before);
  });

  it("a customer's comment or a private note is not a response", async () => {
    const { hoursAgo, send } = await setUp();
    await send(
      ticketEvent("ticket.created", hoursAgo(5), { id: "2" }),
      ticketEvent("ticket.comment_added", hoursAgo(4), { id: "2" }, staffComment("901", "Carla Customer", true, false)),
      ticketEvent("ticket.comment_added", hoursAgo(3), { id: "2" }, staffComment("902", "Sam Support", false, true)),
    );
    expect((await complaintOf("2"))!.firstResponseAt).toBeNull();
    expect(await h.db.touchpoint.count({ where: { source: "zendesk" } })).toBe(0);
  });

  it("solved resolves, reopened reopens, and a priority change moves the severity", async () => {
    const { hoursAgo, send } = await setUp();
    await send(ticketEvent("ticket.created", hoursAgo(10), { id: "3", priority: "LOW" }));
    await send(ticketEvent("ticket.priority_changed", hoursAgo(9), { id: "3", priority: "URGENT" }, { current: "URGENT", previous: "LOW" }));
    expect((await complaintOf("3"))!.severity).toBe("critical");
    await send(ticketEvent("ticket.status_changed", hoursAgo(8), { id: "3", priority: "URGENT", status: "SOLVED" }, { current: "SOLVED", previous: "OPEN" }));
    expect((await complaintOf("3"))!.resolvedAt?.toISOString()).toBe(hoursAgo(8));
    await send(ticketEvent("ticket.status_changed", hoursAgo(7), { id: "3", priority: "URGENT", status: "OPEN" }, { current: "OPEN", previous: "SOLVED" }));
    expect((await complaintOf("3"))!.resolvedAt).toBeNull();
  });

  it("events delivered out of order never roll the complaint back", async () => {
    const { hoursAgo, send } = await setUp();
    // Solved (newest) arrives first, then the creation and an older priority change.
    await send(ticketEvent("ticket.status_changed", hoursAgo(1), { id: "4", priority: "HIGH", status: "SOLVED", created_at: hoursAgo(6) }, { current: "SOLVED", previous: "OPEN" }));
    await send(ticketEvent("ticket.created", hoursAgo(6), { id: "4", priority: "LOW", status: "NEW" }));
    await send(ticketEvent("ticket.priority_changed", hoursAgo(3), { id: "4", priority: "NORMAL", status: "OPEN" }, { current: "NORMAL", previous: "LOW" }));
    const complaint = await complaintOf("4");
    expect(complaint).toMatchObject({ severity: "high" });
    expect(complaint!.openedAt.toISOString()).toBe(hoursAgo(6));
    expect(complaint!.resolvedAt?.toISOString()).toBe(hoursAgo(1));
    expect(await h.db.complaint.count()).toBe(1);
    const outcomes = (await h.db.inboundEvent.findMany({ orderBy: { occurredAt: "asc" } })).map((e) => [e.type, e.status, e.outcome]);
    expect(outcomes).toEqual([
      ["ticket.created", "applied", "nothing new for this ticket"],
      ["ticket.priority_changed", "applied", "nothing new for this ticket"],
      ["ticket.status_changed", "applied", expect.stringContaining("resolved (solved)")],
    ]);
  });

  it("a ticket of an organization no account is linked to waits, and `link` applies it once", async () => {
    const { hoursAgo, send } = await setUp({ link: false });
    await send(ticketEvent("ticket.created", hoursAgo(2), { id: "5", subject: "Export broken" }));
    expect(await h.db.complaint.count()).toBe(0);
    expect(await h.kw.waitingEvents()).toMatchObject({ total: 1, events: [{ source: "zendesk", status: "unmatched", accountSourceId: ORG, why: expect.stringContaining(`link <account> zendesk ${ORG}`), summary: expect.stringContaining("Export broken") }] });
    expect((await h.kw.applyInbound()).applied).toBe(0); // waiting is not due

    const manager = await h.kw.chatActor({ platform: "slack", userId: "U-M", name: "Mona Manager" });
    await h.db.person.update({ where: { id: manager.personId! }, data: { role: "manager" } });
    const out = await h.kw.command(`link "Acme Corp" zendesk ${ORG}`, { ...manager, role: "manager" }, "cli");
    expect(out.ok).toBe(true);
    expect(out.reply.blocks.map((b) => ("text" in b ? b.text : "")).join("\n")).toContain("1 waiting zendesk event applied now.");
    expect(await h.db.complaint.count({ where: { externalId: "zendesk:ticket:5" } })).toBe(1);
    expect(await h.kw.waitingEvents()).toMatchObject({ total: 0 });
    expect((await h.kw.applyInbound()).applied).toBe(0);
    expect(await h.db.complaint.count()).toBe(1);
  });

  it("linking the organization through the API (externalIds) applies what waited for it", async () => {
    const { server, hoursAgo, send } = await setUp({ link: false });
    await send(ticketEvent("ticket.created", hoursAgo(2), { id: "10" }));
    expect(await h.db.complaint.count()).toBe(0);
    const res = await fetch(`${server.url}/api/v1/accounts`, {
      method: "POST",
      headers: { authorization: `Bearer ${API_TOKEN}`, "content-type": "application/json" },
      body: JSON.stringify({ name: "Acme Corp", externalIds: { zendesk: ORG } }),
    });
    expect(res.status).toBe(200);
    await h.kw.settleInbound();
    expect(await h.db.complaint.count({ where: { externalId: "zendesk:ticket:10" } })).toBe(1);
    expect(await h.kw.waitingEvents()).toMatchObject({ total: 0 });
  });

  it.each([
    ["a forged signature", { secret: "not-the-secret" }],
    ["a timestamp 6 minutes old", { ageMs: 6 * 60_000 }],
    ["a timestamp 6 minutes ahead", { ageMs: -6 * 60_000 }],
    ["no signature", { headers: { "x-zendesk-webhook-signature": "" } }],
  ])("%s gets 401 and nothing is stored", async (_what, opts: { secret?: string; ageMs?: number; headers?: Record<string, string> }) => {
    const { server, hoursAgo } = await setUp();
    const before = await snapshotDb(h.db);
    const at = new Date(h.clock.now.getTime() - (opts.ageMs ?? 0));
    const res = await postZendesk(server.url, ticketEvent("ticket.created", hoursAgo(1), { id: "6" }), { at, secret: opts.secret, headers: opts.headers });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: "unauthorized" });
    expect(await h.db.inboundEvent.count()).toBe(0);
    expect(await snapshotDb(h.db)).toEqual(before);
  });

  it("a malformed body gets 400 with the zod issues; over 1 MB gets 413; nothing is stored", async () => {
    const { server, hoursAgo } = await setUp();
    const broken = { ...ticketEvent("ticket.created", hoursAgo(1), { id: "7" }), time: "yesterday" };
    const bad = await postZendesk(server.url, broken, { at: h.clock.now });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: "invalid_payload", issues: [{ path: ["time"], message: expect.any(String) }] });
    const notJson = await postZendesk(server.url, null, { at: h.clock.now, raw: "{not json" });
    expect(notJson.status).toBe(400);
    const huge = await postZendesk(server.url, null, { at: h.clock.now, raw: JSON.stringify({ padding: "x".repeat(1_100_000) }) });
    expect(huge.status).toBe(413);
    expect(await h.db.inboundEvent.count()).toBe(0);
  });

  it("events Keepwarm does not read are acknowledged and not kept", async () => {
    const { send, hoursAgo } = await setUp();
    const [res] = await send(ticketEvent("ticket.tags_changed", hoursAgo(1), { id: "8" }, { current: ["vip"], previous: [] }));
    expect(await res.json()).toEqual({ received: 0, stored: 0 });
    expect(await h.db.inboundEvent.count()).toBe(0);
  });
});

describe("without ZENDESK_WEBHOOK_SECRET", () => {
  const h = perTest((): Promise<Harness> => createHarness("sqlite"));

  it("the route answers 404 naming the variable, and stores nothing", async () => {
    const server = await serve(h);
    const res = await postZendesk(server.url, ticketEvent("ticket.created", iso(h.clock.now), { id: "9" }), { at: h.clock.now });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: "not_configured", message: expect.stringContaining("ZENDESK_WEBHOOK_SECRET") });
    expect(await h.db.inboundEvent.count()).toBe(0);
    expect((await h.kw.connectorStatus()).find((c) => c.source === "zendesk")).toMatchObject({ configured: false, missing: ["ZENDESK_WEBHOOK_SECRET"], received: 0 });
  });
});
