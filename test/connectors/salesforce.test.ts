// Salesforce end to end through the real server: outbound messages (SOAP envelopes of up to 100
// notifications) from the organization SALESFORCE_ORG_ID names, acknowledged as Salesforce expects,
// stored in the inbox before the answer, applied to accounts, touchpoints and complaints.
import { XMLParser } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { loadEnv } from "../../src/config/env.js";
import { capturingLogger } from "../fakes/logger.js";
import { DB_KINDS } from "../fixtures/db.js";
import { createHarness, openReplica, serve, type Harness } from "../fixtures/harness.js";
import { perTest } from "../fixtures/perTest.js";
import { ACCOUNT_ID, ACCOUNT_ID_15, account, type Notification, ORG_ID, outboundMessage, postSalesforce, sfId, supportCase, task } from "../fixtures/salesforce.js";
import { addAccount } from "../fixtures/seed.js";
import { snapshotDb } from "../fixtures/snapshot.js";

const HOUR = 3_600_000;
const iso = (d: Date) => d.toISOString();
const CASE_15 = "5005e00000Abc12AAB".slice(0, 15);
const CONFIG = { defaultTimeZone: "Europe/Berlin", connectors: { salesforce: { caseFirstResponseField: "First_Response__c", renewalDateField: "Renewal_Date__c" } } };
const NOTIFICATION = ["Envelope", "Body", "notifications", "Notification"];

describe.each(DB_KINDS)("the Salesforce connector on %s", (kind) => {
  const h = perTest(() => createHarness(kind, CONFIG, { SALESFORCE_ORG_ID: ORG_ID }));

  async function setUp(opts: { link?: boolean; touchDaysAgo?: number } = {}) {
    const server = await serve(h);
    const acme = await addAccount(h.db, h.clock.now, "Acme Corp", { touchDaysAgo: opts.touchDaysAgo ?? 3 });
    if (opts.link !== false) await h.db.accountLink.create({ data: { accountId: acme, source: "salesforce", sourceId: ACCOUNT_ID_15 } });
    const hoursAgo = (n: number) => iso(new Date(h.clock.now.getTime() - n * HOUR));
    /** Posts each outbound message (a list of notifications) and waits until the server has applied them. */
    const send = async (...messages: Notification[][]) => {
      const answers = [];
      for (const m of messages) answers.push(await postSalesforce(server.url, outboundMessage(m)));
      await h.kw.settleInbound();
      return answers;
    };
    return { server, acme, hoursAgo, send };
  }
  const complaintOf = (caseId15 = CASE_15) => h.db.complaint.findUniqueOrThrow({ where: { externalId: `salesforce:case:${caseId15}` } });
  const accountLinkedTo = (salesforceId: string) => h.db.account.findFirst({ where: { links: { some: { source: "salesforce", sourceId: salesforceId.slice(0, 15) } } } });
  const outcomes = async () => (await h.db.inboundEvent.findMany({ orderBy: [{ occurredAt: "asc" }, { receivedAt: "asc" }] })).map((e) => [e.type, e.status, e.outcome]);

  it("an account, a completed call and a new case become the account's fields, a touchpoint and a complaint; Salesforce gets its acknowledgement", async () => {
    const { acme, hoursAgo, send } = await setUp();
    const [res] = await send([account(hoursAgo(5), { AnnualRevenue: "1.2E5", Renewal_Date__c: "2027-03-31" })]);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/xml/);
    const ack = new XMLParser({ ignoreAttributes: false, parseTagValue: false }).parse(await res.text());
    expect(ack).toEqual({
      "soapenv:Envelope": {
        "@_xmlns:soapenv": "http://schemas.xmlsoap.org/soap/envelope/",
        "soapenv:Body": { notificationsResponse: { "@_xmlns": "http://soap.sforce.com/2005/09/outbound", Ack: "true" } },
      },
    });
    expect(await h.db.account.findUniqueOrThrow({ where: { id: acme } })).toMatchObject({ name: "Acme Corp", annualValue: 120_000, renewalDate: "2027-03-31" });

    const call = task(hoursAgo(2), { Subject: "Renewal call" });
    const theirs = task(hoursAgo(2.5), { Subject: "Customer called about SSO", CallType: "Inbound" });
    await send([call, theirs], [supportCase(hoursAgo(1), { Priority: "High" })]);
    expect(await h.db.touchpoint.findUniqueOrThrow({ where: { idempotencyKey: `salesforce:task:${call.fields.Id!.slice(0, 15)}` } })).toMatchObject({
      accountId: acme, kind: "call", direction: "outbound", source: "salesforce", summary: "Renewal call", byName: null, byPersonId: null, occurredAt: new Date(hoursAgo(2)),
    });
    expect(await h.db.touchpoint.findUniqueOrThrow({ where: { idempotencyKey: `salesforce:task:${theirs.fields.Id!.slice(0, 15)}` } })).toMatchObject({ kind: "call", direction: "inbound" });
    expect((await h.db.account.findUniqueOrThrow({ where: { id: acme } })).lastCustomerTouchAt?.toISOString()).toBe(hoursAgo(2));
    const complaint = await complaintOf();
    expect(complaint).toMatchObject({ accountId: acme, summary: "Cannot log in", severity: "high", source: "salesforce", resolvedAt: null, firstResponseAt: null });
    expect(complaint.openedAt.toISOString()).toBe(hoursAgo(1));
    expect(await outcomes()).toEqual([
      ["Account", "applied", "annual value 120000; renewal 2027-03-31"],
      ["Task", "applied", expect.stringMatching(/^call logged \(task 00T\w{12}\)$/)],
      ["Task", "applied", expect.stringMatching(/^call logged \(task 00T\w{12}\)$/)],
      ["Case", "applied", expect.stringMatching(/^opened complaint #\d+ for case 00001026$/)],
    ]);
    expect((await h.db.inboundEvent.findMany()).map((e) => e.accountSourceId)).toEqual([ACCOUNT_ID_15, ACCOUNT_ID_15, ACCOUNT_ID_15, ACCOUNT_ID_15]);
  });

  it("an account Keepwarm has not seen is created in the stage its Type maps to and linked; one named like an unlinked account links that one; a partner is not tracked", async () => {
    const { hoursAgo, send } = await setUp();
    const initech = await addAccount(h.db, h.clock.now, "Initech", { touchDaysAgo: 3 });
    const [globexId, initechId, partnerId] = [sfId("001"), sfId("001"), sfId("001")];
    await send([
      account(hoursAgo(3), { Id: globexId, Name: "Globex", Type: "Customer - Direct", AnnualRevenue: "5.0E7" }),
      account(hoursAgo(2.9), { Id: initechId, Name: "INITECH", Type: "Prospect" }),
      account(hoursAgo(2.8), { Id: partnerId, Name: "Channel Partners Ltd", Type: "Technology Partner" }),
    ]);
    const globex = await accountLinkedTo(globexId);
    expect(globex).toMatchObject({ name: "Globex", stage: "retention", timeZone: "Europe/Berlin", annualValue: 50_000_000 });
    expect(await h.db.stageChange.findMany({ where: { accountId: globex!.id }, select: { toStage: true, kind: true, byName: true } })).toEqual([{ toStage: "retention", kind: "initial", byName: "Salesforce" }]);
    expect(await accountLinkedTo(initechId)).toMatchObject({ id: initech, name: "INITECH", stage: "retention" }); // Salesforce's spelling; its stage stays
    expect(await accountLinkedTo(partnerId)).toBeNull();
    expect(await h.db.account.count()).toBe(3);
    expect((await outcomes()).map(([, status, outcome]) => [status, outcome])).toEqual([
      ["applied", "created account Globex (retention); annual value 50000000"],
      ["applied", "linked Initech; renamed to INITECH"],
      ["applied", expect.stringContaining("is not tracked: its Type Technology Partner maps to no stage")],
    ]);
  });

  it("only a completed task of a mapped type is a touchpoint, on its AccountId or its account WhatId; a task on no account waits", async () => {
    const { acme, hoursAgo, send } = await setUp();
    const opportunity = sfId("006");
    await send([
      task(hoursAgo(5), { Status: "Not Started", IsClosed: "false" }),
      task(hoursAgo(4.5), { Type: "Other", TaskSubtype: "Task" }),
      task(hoursAgo(4), { Type: null, TaskSubtype: "Email", IsClosed: null, CompletedDateTime: undefined, ActivityDate: iso(h.clock.now).slice(0, 10) }),
      task(hoursAgo(3), { Type: "Meeting", AccountId: null }),
      task(hoursAgo(2), { AccountId: null, WhatId: opportunity }),
    ]);
    const touches = await h.db.touchpoint.findMany({ where: { source: "salesforce" }, orderBy: { occurredAt: "asc" }, select: { accountId: true, kind: true, occurredAt: true } });
    expect(touches).toEqual([
      { accountId: acme, kind: "email", occurredAt: new Date(hoursAgo(4)) }, // its ActivityDate's midday is later than the task's last change
      { accountId: acme, kind: "meeting", occurredAt: new Date(hoursAgo(3)) },
    ]);
    expect((await outcomes()).map(([, status, outcome]) => [status, outcome])).toEqual([
      ["applied", expect.stringContaining("is not completed (Not Started)")],
      ["applied", expect.stringContaining("type Other is not a touchpoint (connectors.salesforce.taskTypes)")],
      ["applied", expect.stringContaining("email logged")],
      ["applied", expect.stringContaining("meeting logged")],
      ["unmatched", expect.stringContaining("is on no account in Salesforce")],
    ]);
  });

  it("a case's priority change moves the severity, its first-response field answers it, closing resolves it and reopening reopens it", async () => {
    const { hoursAgo, send } = await setUp();
    const created = { CreatedDate: hoursAgo(10) };
    await send([supportCase(hoursAgo(10), { ...created, Priority: "Low" })]);
    expect((await complaintOf()).severity).toBe("low");
    await send([supportCase(hoursAgo(9), { ...created, Priority: "High" })]);
    expect((await complaintOf()).severity).toBe("high");
    await send([supportCase(hoursAgo(8), { ...created, Priority: "High", Status: "Working", First_Response__c: hoursAgo(8.5) })]);
    expect((await complaintOf()).firstResponseAt?.toISOString()).toBe(hoursAgo(8.5));
    expect(await h.db.touchpoint.findUniqueOrThrow({ where: { idempotencyKey: `salesforce:case:${CASE_15}:first-response` } })).toMatchObject({ kind: "message", source: "salesforce" });
    await send([supportCase(hoursAgo(7), { ...created, Priority: "High", Status: "Closed", IsClosed: "true", ClosedDate: hoursAgo(7.5), First_Response__c: hoursAgo(8.5) })]);
    expect(await complaintOf()).toMatchObject({ resolvedAt: new Date(hoursAgo(7.5)), resolution: "Closed in Salesforce", firstResponseAt: new Date(hoursAgo(8.5)) });
    await send([supportCase(hoursAgo(6), { ...created, Priority: "High", Status: "Working", IsClosed: "false" })]);
    expect((await complaintOf()).resolvedAt).toBeNull();
    expect(await h.db.complaint.count()).toBe(1);
    expect(await h.db.touchpoint.count({ where: { source: "salesforce" } })).toBe(1);
  });

  it("the same notifications delivered again store nothing and change nothing; an edited task adds no second touchpoint", async () => {
    const { hoursAgo, send } = await setUp();
    const cases = [supportCase(hoursAgo(3)), supportCase(hoursAgo(2), { Id: "5005e00000Abc13AAB", CaseNumber: "00001027", Subject: "Invoices doubled" })];
    const call = task(hoursAgo(2));
    await send(cases, [call]);
    expect([await h.db.complaint.count(), await h.db.touchpoint.count({ where: { source: "salesforce" } })]).toEqual([2, 1]);

    const before = await snapshotDb(h.db);
    const answers = await send(cases, [call]); // Salesforce sends again what it did not see acknowledged
    for (const res of answers) {
      expect(res.status).toBe(200);
      expect(await res.text()).toContain("<Ack>true</Ack>");
    }
    expect(await snapshotDb(h.db)).toEqual(before);

    await send([task(hoursAgo(1), { Id: call.fields.Id, Subject: "Quarterly check-in, notes added" })]); // a new notification of the same task
    expect(await h.db.touchpoint.count({ where: { source: "salesforce" } })).toBe(1);
    expect((await outcomes()).at(-1)).toEqual(["Task", "applied", expect.stringContaining("was logged already")]);
  });

  it("notifications delivered out of order never roll the case or the account back", async () => {
    const { acme, hoursAgo, send } = await setUp();
    const created = { CreatedDate: hoursAgo(6) };
    // Closed (the newest) arrives first, then the creation and an older priority.
    await send([supportCase(hoursAgo(1), { ...created, Priority: "High", Status: "Closed", IsClosed: "true", ClosedDate: hoursAgo(1) })]);
    await send([supportCase(hoursAgo(6), { ...created, Priority: "Low", Status: "New" })]);
    await send([supportCase(hoursAgo(3), { ...created, Priority: "Medium", Status: "Working", IsClosed: "false" })]);
    expect(await complaintOf()).toMatchObject({ severity: "high", openedAt: new Date(hoursAgo(6)), resolvedAt: new Date(hoursAgo(1)) });
    expect(await h.db.complaint.count()).toBe(1);
    expect(await outcomes()).toEqual([
      ["Case", "applied", "nothing new for this case"],
      ["Case", "applied", "nothing new for this case"],
      ["Case", "applied", expect.stringContaining("resolved (Closed)")],
    ]);

    await send([account(hoursAgo(1), { Name: "Acme Corporation", AnnualRevenue: "200000" })]);
    await send([account(hoursAgo(4), { Name: "Acme Corp (old name)", AnnualRevenue: "100000" })]);
    expect(await h.db.account.findUniqueOrThrow({ where: { id: acme } })).toMatchObject({ name: "Acme Corporation", nameKey: "acme corporation", annualValue: 200_000 });
  });

  it("the 15-character form of our organization id is ours too", async () => {
    const { server, hoursAgo } = await setUp();
    const res = await postSalesforce(server.url, outboundMessage([supportCase(hoursAgo(1))], { organizationId: ORG_ID.slice(0, 15) }));
    expect(res.status).toBe(200);
    expect(await h.db.inboundEvent.count()).toBe(1);
  });

  it.each([
    ["another organization's id", "00D000000000001AAA"],
    ["our id with one letter's case changed (ids are case-sensitive)", `${ORG_ID.slice(0, 14)}E${ORG_ID.slice(15)}`],
    ["no OrganizationId", null],
  ])("%s gets 401 and nothing is stored", async (_what, organizationId: string | null) => {
    const { server, hoursAgo } = await setUp();
    const before = await snapshotDb(h.db);
    const res = await postSalesforce(server.url, outboundMessage([supportCase(hoursAgo(1))], { organizationId }));
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: "unauthorized" });
    expect(await snapshotDb(h.db)).toEqual(before);
  });

  it("a refusal is logged once with its reason, never with our organization id", async () => {
    const { log, lines } = capturingLogger();
    const { kw } = await openReplica(h, { log });
    const server = await serve(h, {}, kw);
    const res = await postSalesforce(server.url, outboundMessage([supportCase(iso(h.clock.now))], { organizationId: "00D000000000001AAA" }));
    expect(res.status).toBe(401);
    const refusals = lines.filter((l) => l.msg === "connector request refused: not from the vendor");
    expect(refusals).toEqual([expect.objectContaining({ level: 40, source: "salesforce", reason: "OrganizationId 00D000000000001 is not SALESFORCE_ORG_ID" })]);
    expect(JSON.stringify(lines)).not.toContain(ORG_ID.slice(0, 15));
  });

  it("malformed XML, a body that is no outbound message and a notification missing a field get 400 with the issues; over 1 MB gets 413; nothing is stored", async () => {
    const { server, hoursAgo } = await setUp();
    const before = await snapshotDb(h.db);
    const whole = outboundMessage([task(hoursAgo(1))]);
    const broken = await postSalesforce(server.url, whole.slice(0, whole.length - 40));
    expect(broken.status).toBe(400);
    expect(await broken.json()).toMatchObject({ error: "invalid_payload", issues: [{ path: [], message: expect.stringContaining("not well-formed XML") }] });
    const json = await postSalesforce(server.url, JSON.stringify({ OrganizationId: ORG_ID }));
    expect(json.status).toBe(400);
    const external = await postSalesforce(server.url, `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY file SYSTEM "file:///etc/passwd">]>${whole.slice(whole.indexOf("<soapenv:Envelope"))}`);
    expect(await external.json()).toMatchObject({ error: "invalid_payload", issues: [{ path: [], message: expect.stringContaining("not well-formed XML") }] }); // no external entities
    const other = await postSalesforce(server.url, "<?xml version=\"1.0\"?><invoice><total>12</total></invoice>");
    expect(await other.json()).toMatchObject({ issues: [{ path: ["Envelope"], message: expect.stringContaining("soapenv:Envelope / soapenv:Body / notifications") }] });

    const missing = await postSalesforce(server.url, outboundMessage([task(hoursAgo(1)), task(hoursAgo(1), { LastModifiedDate: undefined }), supportCase(hoursAgo(1), { IsClosed: "maybe" })]));
    expect(missing.status).toBe(400);
    expect((await missing.json()).issues).toEqual([
      { path: [...NOTIFICATION, 1, "sObject", "LastModifiedDate"], message: expect.stringContaining("expected a date-time") },
      { path: [...NOTIFICATION, 2, "sObject", "IsClosed"], message: "expected true or false" },
    ]);

    const huge = await postSalesforce(server.url, outboundMessage([task(hoursAgo(1), { Description: "x".repeat(1_100_000) })]));
    expect(huge.status).toBe(413);
    expect(await snapshotDb(h.db)).toEqual(before);
  });

  it("a case on a Salesforce account no account is linked to waits; `link` with the 18-character id applies it once", async () => {
    const { hoursAgo, send } = await setUp({ link: false });
    await send([supportCase(hoursAgo(2), { Subject: "Export broken" })]);
    expect(await h.db.complaint.count()).toBe(0);
    expect(await h.kw.waitingEvents()).toMatchObject({
      total: 1,
      events: [{ source: "salesforce", status: "unmatched", accountSourceId: ACCOUNT_ID_15, why: expect.stringContaining(`link <account> salesforce ${ACCOUNT_ID_15}`), summary: expect.stringContaining("Export broken") }],
    });
    expect((await h.kw.applyInbound()).applied).toBe(0); // waiting is not due

    const manager = await h.kw.chatActor({ platform: "slack", userId: "U-M", name: "Mona Manager" });
    await h.db.person.update({ where: { id: manager.personId! }, data: { role: "manager" } });
    const out = await h.kw.command(`link "Acme Corp" salesforce ${ACCOUNT_ID}`, { ...manager, role: "manager" }, "cli"); // as Lightning shows it
    expect(out.ok).toBe(true);
    expect(out.reply.blocks.map((b) => ("text" in b ? b.text : "")).join("\n")).toContain("1 waiting salesforce event applied now.");
    expect(await h.db.accountLink.findFirstOrThrow({ where: { source: "salesforce" } })).toMatchObject({ sourceId: ACCOUNT_ID_15 });
    expect(await complaintOf()).toMatchObject({ summary: "Export broken" });
    expect(await h.kw.waitingEvents()).toMatchObject({ total: 0 });
    expect((await h.kw.applyInbound()).applied).toBe(0);
    expect(await h.db.complaint.count()).toBe(1);
  });

  it("an outbound message of 100 notifications is stored and applied once each; 101 are refused", async () => {
    const { acme, server, hoursAgo, send } = await setUp();
    const calls = Array.from({ length: 100 }, (_, i) => task(hoursAgo(1 + i / 60)));
    const [res] = await send(calls);
    expect(res.status).toBe(200);
    expect(await h.db.inboundEvent.count({ where: { status: "applied" } })).toBe(100);
    expect(await h.db.touchpoint.count({ where: { accountId: acme, source: "salesforce" } })).toBe(100);
    const tooMany = await postSalesforce(server.url, outboundMessage(Array.from({ length: 101 }, () => task(hoursAgo(1)))));
    expect(tooMany.status).toBe(400);
    expect(await tooMany.json()).toMatchObject({ issues: [{ path: NOTIFICATION, message: "an outbound message holds at most 100 notifications" }] });
    expect(await h.db.inboundEvent.count()).toBe(100);
  });

  it("a completed Salesforce call clears the stale-contact nudge the way `touch` does", async () => {
    const { acme, hoursAgo, send } = await setUp({ touchDaysAgo: 40 });
    const globex = await addAccount(h.db, h.clock.now, "Globex", { touchDaysAgo: 40 });
    await h.kw.scan();
    const staleNudge = (accountId: string) =>
      h.db.nudge.findFirstOrThrow({ where: { accountId, rule: "staleContact" }, select: { status: true, resolvedAt: true, resolution: true, events: { select: { type: true }, orderBy: { at: "asc" } } } });
    expect((await staleNudge(acme)).status).toBe("open");

    await send([task(hoursAgo(1), { Subject: "Check-in call" })]);
    const rep = await h.kw.chatActor({ platform: "slack", userId: "U-R", name: "Rita Rep" });
    expect((await h.kw.command("touch Globex call Check-in call", rep, "cli")).ok).toBe(true);
    const [bySalesforce, byCommand] = [await staleNudge(acme), await staleNudge(globex)];
    expect(bySalesforce).toMatchObject({ status: "resolved", resolvedAt: h.clock.now, events: [{ type: "raised" }, { type: "resolved" }] });
    expect(bySalesforce).toEqual(byCommand);
  });

  it("records of other objects are acknowledged and not kept", async () => {
    const { send, hoursAgo } = await setUp();
    const opportunity: Notification = { object: "Opportunity", id: sfId("04l"), fields: { Id: sfId("006"), Name: "Big deal", StageName: "Closed Won", LastModifiedDate: hoursAgo(1) } };
    const [res] = await send([opportunity]);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("<Ack>true</Ack>");
    expect(await h.db.inboundEvent.count()).toBe(0);
  });
});

describe("without SALESFORCE_ORG_ID", () => {
  const h = perTest((): Promise<Harness> => createHarness("sqlite"));

  it("the route answers 404 naming the variable, and stores nothing", async () => {
    const server = await serve(h);
    const res = await postSalesforce(server.url, outboundMessage([supportCase(iso(h.clock.now))]));
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ error: "not_configured", message: expect.stringContaining("SALESFORCE_ORG_ID") });
    expect(await h.db.inboundEvent.count()).toBe(0);
    expect((await h.kw.connectorStatus()).find((c) => c.source === "salesforce")).toMatchObject({ configured: false, missing: ["SALESFORCE_ORG_ID"], received: 0 });
  });

  it("an organization id that is not a Salesforce id stops start-up naming the variable", () => {
    expect(() => loadEnv({ SALESFORCE_ORG_ID: "00D5e000000KQ2" })).toThrow(/SALESFORCE_ORG_ID: expected the 15- or 18-character Organization ID/);
    expect(loadEnv({ SALESFORCE_ORG_ID: ` ${ORG_ID} ` }).SALESFORCE_ORG_ID).toBe(ORG_ID);
  });
});
