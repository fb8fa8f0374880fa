// HubSpot end to end through the real server: webhook bodies signed as HubSpot signs them (v3, v2,
// v1), stored before the answer, the objects they name read from a loopback fake of the CRM API in
// batches, and applied: companies to accounts, deals to stages, calls to touchpoints that clear nudges.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { signatureV1, signatureV2 } from "../../src/connectors/hubspot/signature.js";
import { DB_KINDS } from "../fixtures/db.js";
import { createHarness, serve, type Harness } from "../fixtures/harness.js";
import { call, callCreated, classicEvent, company, HUBSPOT_SECRET, objectEvent, postHubspot } from "../fixtures/hubspot.js";
import { perTest } from "../fixtures/perTest.js";
import { addAccount } from "../fixtures/seed.js";
import { snapshotDb } from "../fixtures/snapshot.js";
import { HUBSPOT_TOKEN, rateLimited, startFakeHubSpot, type FakeHubSpot } from "../fakes/hubspotApi.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe("HubSpot's published signature examples", () => {
  // developers.hubspot.com, "Validating requests": the v1 and v2 examples, reproduced.
  const secret = "yyyyyyyy-yyyy-yyyy-yyyy-yyyyyyyyyyyy";
  it("v1: SHA-256 of the client secret and the body", () => {
    const body = '[{"eventId":1,"subscriptionId":12345,"portalId":62515,"occurredAt":1564113600000,"subscriptionType":"contact.creation","attemptNumber":0,"objectId":123,"changeSource":"CRM","changeFlag":"NEW","appId":54321}]';
    expect(signatureV1(secret, Buffer.from(body))).toBe("232db2615f3d666fe21a8ec971ac7b5402d33b9a925784df3ca654d05f4817de");
  });
  it("v2: SHA-256 of the client secret, the method, the URI and the (empty) body", () => {
    expect(signatureV2(secret, "GET", "https://www.example.com/webhook_uri", Buffer.alloc(0))).toBe("eee2dddcc73c94d699f5e395f4b9d454a069a6855fbfa152e91e88823087200e");
  });
});

describe.each(DB_KINDS)("the HubSpot connector on %s", (kind) => {
  let hub: FakeHubSpot;
  beforeEach(async () => void (hub = await startFakeHubSpot()));
  afterEach(() => hub.close());
  const h = perTest(() => createHarness(kind, {}, { HUBSPOT_CLIENT_SECRET: HUBSPOT_SECRET, HUBSPOT_ACCESS_TOKEN: HUBSPOT_TOKEN, HUBSPOT_API_URL: hub.url }));

  async function setUp() {
    const server = await serve(h);
    const ago = (ms: number) => new Date(h.clock.now.getTime() - ms);
    /** Posts one body signed now (the harness clock) and waits until the server has applied it. */
    const send = async (...events: object[]) => {
      const res = await postHubspot(server.url, events, { at: h.clock.now });
      await h.kw.settleInbound();
      return res;
    };
    return { server, ago, send };
  }
  const accountOf = async (companyId: string) => {
    const link = await h.db.accountLink.findUnique({ where: { source_sourceId: { source: "hubspot", sourceId: companyId } }, include: { account: { include: { owner: true, domains: { select: { domain: true, source: true } } } } } });
    return link?.account ?? null;
  };

  it("a new company becomes a linked account with its name, domain, owner (by email), value, renewal date and stage", async () => {
    const { ago, send } = await setUp();
    hub.owners.set("501", { id: "501", email: "Dana.Rep@example.com", firstName: "Dana", lastName: "Rep" });
    hub.put("companies", company("512", "Globex", { domain: "Globex.example", hubspot_owner_id: "501", annualrevenue: "125000", renewal_date: "2027-03-31", lifecyclestage: "customer" }));
    const res = await send(objectEvent("creation", "0-2", "512", { occurredAt: ago(HOUR) }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ received: 1, stored: 1 });
    const account = await accountOf("512");
    expect(account).toMatchObject({ name: "Globex", domains: [{ domain: "globex.example", source: "hubspot" }], annualValue: 125000, renewalDate: "2027-03-31", stage: "onboarding", owner: { email: "dana.rep@example.com", name: "Dana Rep" } });
    expect(await h.db.stageChange.findMany({ where: { accountId: account!.id }, select: { toStage: true, kind: true, byName: true } })).toEqual([{ toStage: "onboarding", kind: "initial", byName: "HubSpot" }]);
    expect(hub.requestsTo("/crm/v3/objects/companies/batch/read")).toHaveLength(1);
    expect(await h.db.inboundEvent.findFirstOrThrow()).toMatchObject({ status: "applied", type: "company.creation", accountSourceId: "512", outcome: expect.stringContaining("created account Globex") });
  });

  it("the company's domain follows HubSpot, leaving domains set elsewhere; a domain of another account is not taken", async () => {
    const { ago, send } = await setUp();
    hub.put("companies", company("520", "Globex", { domain: "https://www.Globex.example/" }));
    await send(objectEvent("creation", "0-2", "520", { occurredAt: ago(3 * HOUR) }));
    const globex = (await accountOf("520"))!;
    await h.db.accountDomain.create({ data: { domain: "globex-mail.example", accountId: globex.id, source: "api" } });
    const initech = await addAccount(h.db, h.clock.now, "Initech");
    await h.db.accountDomain.create({ data: { domain: "initech.example", accountId: initech, source: "api" } });
    await send(classicEvent("company.propertyChange", "520", { occurredAt: ago(2 * HOUR), propertyName: "domain", propertyValue: "globex.example.com" }));
    expect((await accountOf("520"))!.domains.map((d) => d.domain).sort()).toEqual(["globex-mail.example", "globex.example.com"]);
    await send(classicEvent("company.propertyChange", "520", { occurredAt: ago(HOUR), propertyName: "domain", propertyValue: "initech.example" }));
    expect((await accountOf("520"))!.domains.map((d) => d.domain)).toEqual(["globex-mail.example"]);
    expect(await h.db.accountDomain.findUniqueOrThrow({ where: { domain: "initech.example" } })).toMatchObject({ accountId: initech });
    expect((await h.db.inboundEvent.findMany({ orderBy: { occurredAt: "desc" }, take: 1 }))[0].outcome).toContain("domain not added: Globex: the domain initech.example belongs to Initech.");
  });

  it("a company that became a customer long ago starts in retention, not onboarding", async () => {
    const { ago, send } = await setUp();
    hub.put("companies", company("513", "Old Faithful", { hs_lifecyclestage_customer_date: String(ago(400 * DAY).getTime()) }), company("514", "New Co", { hs_lifecyclestage_customer_date: ago(10 * DAY).toISOString() }));
    await send(objectEvent("creation", "0-2", "513", { occurredAt: ago(HOUR) }), objectEvent("creation", "0-2", "514", { occurredAt: ago(HOUR) }));
    expect((await accountOf("513"))?.stage).toBe("retention");
    expect((await accountOf("514"))?.stage).toBe("onboarding");
  });

  it("a company of the same name as an unlinked account is linked to it, not duplicated", async () => {
    const { ago, send } = await setUp();
    const acme = await addAccount(h.db, h.clock.now, "Acme Corp", { touchDaysAgo: 3 });
    hub.put("companies", company("600", "ACME corp."));
    await send(objectEvent("creation", "0-2", "600", { occurredAt: ago(HOUR) }));
    expect((await accountOf("600"))?.id).toBe(acme);
    expect(await h.db.account.count()).toBe(1);
  });

  it("a logged call is a touchpoint by its owner and clears the stale-contact nudge, like `touch` would; a redelivery changes nothing", async () => {
    const { ago, send } = await setUp();
    const acme = await addAccount(h.db, h.clock.now, "Acme Corp", { touchDaysAgo: 40 });
    await h.db.accountLink.create({ data: { accountId: acme, source: "hubspot", sourceId: "700" } });
    const dana = await h.db.person.create({ data: { name: "Dana Rep", email: "dana@example.com" } });
    hub.owners.set("501", { id: "501", email: "dana@example.com", firstName: "Dana", lastName: "Rep" });
    await h.kw.scan();
    expect(await h.db.nudge.count({ where: { accountId: acme, rule: "staleContact", status: "open" } })).toBe(1);

    hub.put("calls", call("9001", "700", ago(2 * HOUR), { hubspot_owner_id: "501", hs_call_title: "Quarterly check-in" }));
    const body = [callCreated("9001", ago(2 * HOUR))];
    await send(...body);
    expect(await h.db.touchpoint.findFirstOrThrow({ where: { idempotencyKey: "hubspot:calls:9001" } })).toMatchObject({ accountId: acme, kind: "call", source: "hubspot", byPersonId: dana.id, summary: "Quarterly check-in", occurredAt: ago(2 * HOUR) });
    expect(await h.db.nudge.count({ where: { accountId: acme, rule: "staleContact", status: "open" } })).toBe(0);

    const before = await snapshotDb(h.db);
    const again = await send(...body.map((e) => ({ ...e, attemptNumber: 1 }))); // HubSpot retries what it did not see answered
    expect(await again.json()).toEqual({ received: 1, stored: 0 });
    expect(await snapshotDb(h.db)).toEqual(before);
  });

  it("a body of 100 call creations is read in one batch call and one association call, and applied once each", async () => {
    const { ago, send } = await setUp();
    const acme = await addAccount(h.db, h.clock.now, "Acme Corp", { touchDaysAgo: 3 });
    await h.db.accountLink.create({ data: { accountId: acme, source: "hubspot", sourceId: "700" } });
    const ids = Array.from({ length: 100 }, (_, i) => String(10_000 + i));
    hub.put("calls", ...ids.map((id, i) => call(id, "700", ago((i + 1) * 60_000))));
    const res = await send(...ids.map((id, i) => callCreated(id, ago((i + 1) * 60_000))));
    expect(await res.json()).toEqual({ received: 100, stored: 100 });
    expect(hub.requestsTo("/crm/v3/objects/calls/batch/read")).toHaveLength(1);
    expect(hub.requestsTo("/crm/v4/associations/calls/companies/batch/read")).toHaveLength(1);
    expect(await h.db.touchpoint.count({ where: { source: "hubspot", accountId: acme } })).toBe(100);
    expect(await h.db.inboundEvent.count({ where: { status: "applied" } })).toBe(100);
  });

  it("an owner is read once for many calls and many webhook bodies (HubSpot has no batch read of owners)", async () => {
    const { ago, send } = await setUp();
    const acme = await addAccount(h.db, h.clock.now, "Acme Corp", { touchDaysAgo: 3 });
    await h.db.accountLink.create({ data: { accountId: acme, source: "hubspot", sourceId: "700" } });
    for (const id of ["501", "502", "503"]) hub.owners.set(id, { id, email: `rep${id}@example.com`, firstName: "Rep", lastName: id });
    const ids = Array.from({ length: 200 }, (_, i) => String(20_000 + i));
    hub.put("calls", ...ids.map((id, i) => call(id, "700", ago((i + 1) * 60_000), { hubspot_owner_id: String(501 + (i % 3)) })));
    for (const body of [ids.slice(0, 100), ids.slice(100)]) {
      await send(...body.map((id) => callCreated(id, ago(60_000))));
      await h.kw.settleInbound();
    }
    expect(await h.db.touchpoint.count({ where: { source: "hubspot", byName: { startsWith: "Rep 50" } } })).toBe(200);
    expect(hub.requestsTo("/crm/v3/owners/").map((r) => r.path.split("?")[0]).sort()).toEqual(["/crm/v3/owners/501", "/crm/v3/owners/502", "/crm/v3/owners/503"]);
  });

  it("calls that did not connect, and notes, are not contact; a meeting in the future waits until it has happened", async () => {
    const { ago, send } = await setUp();
    const acme = await addAccount(h.db, h.clock.now, "Acme Corp", { touchDaysAgo: 40 });
    await h.db.accountLink.create({ data: { accountId: acme, source: "hubspot", sourceId: "700" } });
    hub.put("calls", call("1", "700", ago(HOUR), { hs_call_status: "NO_ANSWER" }));
    hub.put("notes", { id: "2", companies: ["700"], properties: { hs_timestamp: String(ago(HOUR).getTime()), hs_note_body: "<p>Champion <b>leaving</b> in March</p>", hubspot_owner_id: null } });
    const inTwoHours = new Date(h.clock.now.getTime() + 2 * HOUR);
    hub.put("meetings", { id: "3", companies: ["700"], properties: { hs_timestamp: String(inTwoHours.getTime()), hs_meeting_start_time: inTwoHours.toISOString(), hs_meeting_title: "QBR", hs_meeting_outcome: "SCHEDULED", hubspot_owner_id: null } });
    await send(callCreated("1", ago(HOUR)), objectEvent("creation", "0-46", "2", { occurredAt: ago(HOUR) }), objectEvent("creation", "0-47", "3", { occurredAt: ago(HOUR) }));
    expect(await h.db.touchpoint.findMany({ where: { source: "hubspot" }, select: { kind: true, summary: true } })).toEqual([{ kind: "note", summary: "Champion leaving in March" }]);
    expect((await h.db.account.findUniqueOrThrow({ where: { id: acme } })).lastCustomerTouchAt?.getTime()).toBe(h.clock.now.getTime() - 40 * DAY);
    const meeting = await h.db.inboundEvent.findFirstOrThrow({ where: { type: "engagement.creation", summary: { contains: "meeting 3" } } });
    expect(meeting).toMatchObject({ status: "pending", attempts: 0, nextAttemptAt: inTwoHours });

    h.clock.advanceHours(3);
    await h.kw.applyInbound();
    expect(await h.db.touchpoint.findFirstOrThrow({ where: { idempotencyKey: "hubspot:meetings:3" } })).toMatchObject({ kind: "meeting", summary: "QBR", occurredAt: inTwoHours });
  });

  it("an inbound call and an incoming email are the customer reaching out; our call and email are outbound; a note is internal", async () => {
    const { ago, send } = await setUp();
    const acme = await addAccount(h.db, h.clock.now, "Acme Corp", { touchDaysAgo: 3 });
    await h.db.accountLink.create({ data: { accountId: acme, source: "hubspot", sourceId: "700" } });
    hub.put("calls", call("11", "700", ago(HOUR), { hs_call_direction: "INBOUND" }), call("12", "700", ago(HOUR), { hs_call_direction: "OUTBOUND" }));
    const email = (id: string, direction: string) => ({ id, companies: ["700"], properties: { hs_timestamp: String(ago(HOUR).getTime()), hs_email_subject: "Re: SSO", hs_email_status: "SENT", hs_email_direction: direction, hubspot_owner_id: null } });
    hub.put("emails", email("13", "INCOMING_EMAIL"), email("14", "EMAIL"));
    hub.put("notes", { id: "15", companies: ["700"], properties: { hs_timestamp: String(ago(HOUR).getTime()), hs_note_body: "Budget frozen", hubspot_owner_id: null } });
    await send(callCreated("11", ago(HOUR)), callCreated("12", ago(HOUR)), objectEvent("creation", "0-49", "13", { occurredAt: ago(HOUR) }), objectEvent("creation", "0-49", "14", { occurredAt: ago(HOUR) }), objectEvent("creation", "0-46", "15", { occurredAt: ago(HOUR) }));
    const touches = await h.db.touchpoint.findMany({ where: { source: "hubspot" }, orderBy: { idempotencyKey: "asc" }, select: { idempotencyKey: true, direction: true, summary: true } });
    expect(touches).toEqual([
      { idempotencyKey: "hubspot:calls:11", direction: "inbound", summary: "Call 11" },
      { idempotencyKey: "hubspot:calls:12", direction: "outbound", summary: "Call 12" },
      { idempotencyKey: "hubspot:emails:13", direction: "inbound", summary: "Re: SSO" },
      { idempotencyKey: "hubspot:emails:14", direction: "outbound", summary: "Re: SSO" },
      { idempotencyKey: "hubspot:notes:15", direction: "internal", summary: "Budget frozen" },
    ]);
  });

  it("property changes delivered out of order never roll the account back", async () => {
    const { ago, send } = await setUp();
    hub.put("companies", company("512", "Globex", { lifecyclestage: "opportunity" }));
    await send(objectEvent("creation", "0-2", "512", { occurredAt: ago(10 * HOUR) }));
    expect(await accountOf("512")).toMatchObject({ name: "Globex", stage: "purchase" });
    // The newest changes arrive first, the older ones after them.
    await send(
      classicEvent("company.propertyChange", "512", { occurredAt: ago(HOUR), propertyName: "name", propertyValue: "Globex International" }),
      classicEvent("company.propertyChange", "512", { occurredAt: ago(2 * HOUR), propertyName: "lifecyclestage", propertyValue: "customer" }),
    );
    await send(
      classicEvent("company.propertyChange", "512", { occurredAt: ago(5 * HOUR), propertyName: "name", propertyValue: "Globex Ltd" }),
      classicEvent("company.propertyChange", "512", { occurredAt: ago(6 * HOUR), propertyName: "lifecyclestage", propertyValue: "opportunity" }),
    );
    const account = await accountOf("512");
    expect(account).toMatchObject({ name: "Globex International", stage: "onboarding" });
    expect(await h.db.stageChange.findMany({ where: { accountId: account!.id }, orderBy: { at: "asc" }, select: { toStage: true, byName: true, reason: true } })).toEqual([
      { toStage: "purchase", byName: "HubSpot", reason: null },
      { toStage: "onboarding", byName: "HubSpot", reason: "lifecycle stage customer in HubSpot" },
    ]);
  });

  it("a deal reaching closed-won moves its company's account forward; a CRM never moves an account back", async () => {
    const { ago, send } = await setUp();
    const acme = await addAccount(h.db, h.clock.now, "Acme Corp", { stage: "awareness", touchDaysAgo: 3 });
    await h.db.accountLink.create({ data: { accountId: acme, source: "hubspot", sourceId: "700" } });
    hub.put("deals", { id: "77", companies: ["700"], properties: { dealstage: "closedwon" } });
    await send(classicEvent("deal.propertyChange", "77", { occurredAt: ago(HOUR), propertyName: "dealstage", propertyValue: "closedwon" }));
    expect((await h.db.account.findUniqueOrThrow({ where: { id: acme } })).stage).toBe("onboarding");
    hub.put("companies", company("700", "Acme Corp", { lifecyclestage: "lead" }));
    await send(classicEvent("company.propertyChange", "700", { occurredAt: ago(HOUR / 2), propertyName: "lifecyclestage", propertyValue: "lead" }));
    expect((await h.db.account.findUniqueOrThrow({ where: { id: acme } })).stage).toBe("onboarding");
    expect((await h.db.inboundEvent.findFirstOrThrow({ where: { type: "company.propertyChange" } })).outcome).toContain("stage awareness not applied: Acme Corp is in onboarding");
  });

  it("a call on a company no account is linked to waits; `link` applies it once", async () => {
    const { ago, send } = await setUp();
    await addAccount(h.db, h.clock.now, "Initech", { touchDaysAgo: 40 });
    hub.put("calls", call("42", "999", ago(HOUR)));
    await send(callCreated("42", ago(HOUR)));
    expect(await h.db.touchpoint.count()).toBe(0);
    expect(await h.kw.waitingEvents()).toMatchObject({ total: 1, events: [{ source: "hubspot", status: "unmatched", accountSourceId: "999", why: expect.stringContaining("link <account> hubspot 999") }] });
    const manager = await h.kw.chatActor({ platform: "slack", userId: "U-M", name: "Mona Manager" });
    await h.db.person.update({ where: { id: manager.personId! }, data: { role: "manager" } });
    const out = await h.kw.command("link Initech hubspot 999", { ...manager, role: "manager" }, "cli");
    expect(out.ok).toBe(true);
    expect(await h.db.touchpoint.count({ where: { idempotencyKey: "hubspot:calls:42" } })).toBe(1);
    await h.kw.applyInbound();
    expect(await h.db.touchpoint.count()).toBe(1);
    expect(await h.db.nudge.count({ where: { rule: "staleContact", status: "open" } })).toBe(0);
  });

  it("a call and the creation of its company in one body: the call waits only until the company's account exists", async () => {
    const { ago, send } = await setUp();
    hub.put("companies", company("800", "Umbrella"));
    hub.put("calls", call("43", "800", ago(2 * HOUR)));
    // Oldest first: the call is applied before the company exists in Keepwarm.
    await send(callCreated("43", ago(2 * HOUR)), objectEvent("creation", "0-2", "800", { occurredAt: ago(HOUR) }));
    const umbrella = await accountOf("800");
    expect(await h.db.touchpoint.findFirst({ where: { idempotencyKey: "hubspot:calls:43" } })).toMatchObject({ accountId: umbrella!.id });
    expect(await h.kw.waitingEvents()).toMatchObject({ total: 0 });
  });

  it("a 429 from HubSpot is waited out (Retry-After), then the events are applied", async () => {
    const { ago, send } = await setUp();
    const acme = await addAccount(h.db, h.clock.now, "Acme Corp", { touchDaysAgo: 3 });
    await h.db.accountLink.create({ data: { accountId: acme, source: "hubspot", sourceId: "700" } });
    hub.put("calls", call("5", "700", ago(HOUR)));
    let refused = 0;
    hub.script((req) => (req.path.includes("/batch/read") && refused++ === 0 ? rateLimited(1) : undefined));
    await send(callCreated("5", ago(HOUR)));
    expect(refused).toBeGreaterThan(1);
    expect(hub.requestsTo("/crm/v3/objects/calls/batch/read")).toHaveLength(2);
    expect(await h.db.touchpoint.count({ where: { idempotencyKey: "hubspot:calls:5" } })).toBe(1);
  });

  it("HubSpot down: the events are kept and retried with backoff, not dropped", async () => {
    const { ago, send } = await setUp();
    const acme = await addAccount(h.db, h.clock.now, "Acme Corp", { touchDaysAgo: 3 });
    await h.db.accountLink.create({ data: { accountId: acme, source: "hubspot", sourceId: "700" } });
    hub.put("calls", call("6", "700", ago(HOUR)));
    hub.script(() => ({ status: 503, json: { status: "error", message: "Service Unavailable" } }));
    await send(callCreated("6", ago(HOUR)));
    expect(await h.db.inboundEvent.findFirstOrThrow()).toMatchObject({ status: "pending", attempts: 1, lastError: expect.stringContaining("HubSpot answered 503") });
    hub.script(null);
    h.clock.advanceHours(1);
    await h.kw.applyInbound();
    expect(await h.db.touchpoint.count({ where: { idempotencyKey: "hubspot:calls:6" } })).toBe(1);
  });

  it.each([
    ["a forged v3 signature", { secret: "not-the-secret" }],
    ["a timestamp 6 minutes old", { ageMs: 6 * 60_000 }],
    ["a forged v2 signature", { secret: "not-the-secret", version: "v2" as const }],
    ["a forged v1 signature", { secret: "not-the-secret", version: "v1" as const }],
    ["a v3 signature over another URI", { uri: "https://elsewhere.example.com/connectors/hubspot" }],
    ["no signature", { headers: { "x-hubspot-signature-v3": "", "x-hubspot-signature": "" } }],
  ])("%s gets 401 and nothing is stored", async (_what, opts: { secret?: string; ageMs?: number; version?: "v1" | "v2"; uri?: string; headers?: Record<string, string> }) => {
    const { server, ago } = await setUp();
    hub.put("companies", company("512", "Globex"));
    const before = await snapshotDb(h.db);
    const at = new Date(h.clock.now.getTime() - (opts.ageMs ?? 0));
    const res = await postHubspot(server.url, [objectEvent("creation", "0-2", "512", { occurredAt: ago(HOUR) })], { ...opts, at });
    expect(res.status).toBe(401);
    expect(await snapshotDb(h.db)).toEqual(before);
    expect(hub.requests).toHaveLength(0);
  });

  it("v2 (workflow webhooks) and v1 (legacy) signatures are accepted", async () => {
    const { server, ago } = await setUp();
    hub.put("companies", company("1", "One"), company("2", "Two"));
    expect((await postHubspot(server.url, [objectEvent("creation", "0-2", "1", { occurredAt: ago(HOUR) })], { version: "v2" })).status).toBe(200);
    expect((await postHubspot(server.url, [objectEvent("creation", "0-2", "2", { occurredAt: ago(HOUR) })], { version: "v1" })).status).toBe(200);
    await h.kw.settleInbound();
    expect(await h.db.account.count()).toBe(2);
  });

  it("a malformed body gets 400 with the zod issues; over 100 events 400; over 1 MB 413; nothing is stored", async () => {
    const { server, ago } = await setUp();
    const bad = await postHubspot(server.url, [{ ...callCreated("1", ago(HOUR)), occurredAt: "yesterday" }], { at: h.clock.now });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: "invalid_payload", issues: [{ path: [0, "occurredAt"], message: expect.any(String) }] });
    const many = await postHubspot(server.url, Array.from({ length: 101 }, (_, i) => callCreated(String(i + 1), ago(HOUR))), { at: h.clock.now });
    expect(many.status).toBe(400);
    expect(await many.json()).toMatchObject({ issues: [{ path: [], message: "HubSpot sends at most 100 events per request" }] });
    const notJson = await postHubspot(server.url, [], { at: h.clock.now, raw: "[{not json" });
    expect(notJson.status).toBe(400);
    const huge = await postHubspot(server.url, [], { at: h.clock.now, raw: JSON.stringify([{ padding: "x".repeat(1_100_000) }]) });
    expect(huge.status).toBe(413);
    expect(await h.db.inboundEvent.count()).toBe(0);
  });

  it("subscriptions Keepwarm does not read (contacts) are acknowledged and not kept", async () => {
    const { ago, send } = await setUp();
    const res = await send(classicEvent("contact.creation", "123", { occurredAt: ago(HOUR) }));
    expect(await res.json()).toEqual({ received: 0, stored: 0 });
    expect(await h.db.inboundEvent.count()).toBe(0);
  });
});

describe("HubSpot behind a proxy, with KEEPWARM_PUBLIC_URL", () => {
  let hub: FakeHubSpot;
  beforeEach(async () => void (hub = await startFakeHubSpot()));
  afterEach(() => hub.close());
  const PUBLIC = "https://keepwarm.example.com";
  const h = perTest((): Promise<Harness> => createHarness("sqlite", {}, { HUBSPOT_CLIENT_SECRET: HUBSPOT_SECRET, HUBSPOT_ACCESS_TOKEN: HUBSPOT_TOKEN, HUBSPOT_API_URL: hub.url, KEEPWARM_PUBLIC_URL: PUBLIC }));

  it("the v3 signature is checked over the public URL HubSpot was given, not the one the request reached", async () => {
    const server = await serve(h);
    hub.put("companies", company("512", "Globex"));
    const event = objectEvent("creation", "0-2", "512", { occurredAt: new Date(h.clock.now.getTime() - HOUR) });
    expect((await postHubspot(server.url, [event], { at: h.clock.now })).status).toBe(401);
    expect((await postHubspot(server.url, [event], { at: h.clock.now, uri: `${PUBLIC}/connectors/hubspot` })).status).toBe(200);
  });
});

describe("without HubSpot credentials", () => {
  const h = perTest((): Promise<Harness> => createHarness("sqlite", {}, { HUBSPOT_CLIENT_SECRET: HUBSPOT_SECRET }));

  it("the route answers 404 naming what is missing, and stores nothing", async () => {
    const server = await serve(h);
    const res = await postHubspot(server.url, [callCreated("1", h.clock.now)], { at: h.clock.now });
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: "not_configured", message: expect.stringContaining("HUBSPOT_ACCESS_TOKEN") });
    expect(await h.db.inboundEvent.count()).toBe(0);
  });
});
