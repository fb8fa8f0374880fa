// Email capture end to end: real mail sent with Nodemailer's client to the SMTP listener on loopback,
// stored in the inbox before the 250, applied as an email touchpoint on the account whose domain the
// customer side has; refusals are SMTP replies that store nothing.
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { addDomain } from "../../src/activity/domains.js";
import { expectOk } from "../fixtures/commands.js";
import { DB_KINDS } from "../fixtures/db.js";
import { createHarness, serve } from "../fixtures/harness.js";
import { KEEPWARM_ADDRESS, refusal, sendMail } from "../fixtures/mail.js";
import { perTest, replaceFixture } from "../fixtures/perTest.js";
import { addAccount } from "../fixtures/seed.js";
import { snapshotDb } from "../fixtures/snapshot.js";
import { admin } from "../fixtures/actors.js";

const BODY = "Hi Jane, here are the renewal terms we discussed on Tuesday. They run for two years from January, with the same seats as today and the support plan you asked about. The secret discount code is ZEBRA-4411.";

describe.each(DB_KINDS)("email capture on %s", (kind) => {
  const h = perTest(() => createHarness(kind, {}, { SMTP_PORT: "0", SMTP_HOST: "127.0.0.1", SMTP_MAX_BYTES: "20000" }));

  async function setUp() {
    const server = await serve(h);
    const rita = await h.db.person.create({ data: { name: "Rita Rep", email: "rita@ourco.com", slackUserId: "U0RITA" } });
    const acme = await addAccount(h.db, h.clock.now, "Acme Corp", { touchDaysAgo: 60, ownerId: rita.id });
    await addDomain(h.db, { id: acme, name: "Acme Corp" }, "acme.com", "test", h.clock.now);
    await h.db.contact.create({ data: { accountId: acme, name: "Jane Doe", nameKey: "jane doe", email: "Jane@Acme.com" } });
    await h.kw.scan();
    const port = server.smtpPort!;
    const date = new Date(h.clock.now.getTime() - 3_600_000);
    /** Sends, then waits until the server has applied what it stored. */
    const send = async (mail: Parameters<typeof sendMail>[1]) => {
      const reply = await sendMail(port, { date, ...mail });
      await h.kw.settleInbound();
      return reply;
    };
    return { server, rita, acme, port, date, send };
  }

  const toAcme = { from: "Rita Rep <rita@ourco.com>", to: "Jane Doe <jane@acme.com>", bcc: KEEPWARM_ADDRESS, subject: "Renewal terms", text: BODY, messageId: "<terms-1@ourco.com>" };

  it("logs a BCC'd outbound email on the account, which clears its stale-contact nudge, and keeps no body", async () => {
    const { rita, acme, send, date } = await setUp();
    expect(await h.db.nudge.count({ where: { accountId: acme, rule: "staleContact", status: "open" } })).toBe(1);
    expect(await send(toAcme)).toMatch(/^250 .*Logged by Keepwarm/);
    const touch = await h.db.touchpoint.findFirstOrThrow({ where: { accountId: acme, source: "email" } });
    expect(touch).toMatchObject({ kind: "email", direction: "outbound", summary: "Renewal terms", byPersonId: rita.id, byName: "Rita Rep", contactName: "Jane Doe", occurredAt: date });
    expect(await h.db.nudge.count({ where: { accountId: acme, rule: "staleContact", status: "open" } })).toBe(0);
    const { reply } = await expectOk(h, 'why "Acme Corp"', admin);
    expect(JSON.stringify(reply)).toMatch(/Last contact: an email .*we reached out.*from an email sent to Keepwarm \(BCC or forward\)/);
    const event = await h.db.inboundEvent.findFirstOrThrow({ where: { source: "email" } });
    expect(event).toMatchObject({ status: "applied", idempotencyKey: "terms-1@ourco.com", accountSourceId: "acme.com", type: "email.outbound" });
    const stored = JSON.stringify([event, touch]);
    expect(stored).not.toContain("ZEBRA-4411"); // the body's end: past the snippet, never stored
    expect((event.payload as { snippet: string }).snippet.length).toBeLessThanOrEqual(141);
  });

  it("writes nothing for the same Message-ID again (a second BCC, a retry)", async () => {
    const { send } = await setUp();
    await send(toAcme);
    const before = await snapshotDb(h.db);
    expect(await send({ ...toAcme, subject: "Renewal terms (resent)" })).toMatch(/^250 .*had this message already/);
    expect(await snapshotDb(h.db)).toEqual(before);
  });

  it("refuses mail from someone it does not know with 550 and a reason, stores nothing, and keeps serving", async () => {
    const { port, send } = await setUp();
    const before = await snapshotDb(h.db);
    const refused = await refusal(sendMail(port, { ...toAcme, from: "mallory@elsewhere.com", envelope: { from: "mallory@elsewhere.com", to: [KEEPWARM_ADDRESS] } }));
    expect(refused).toMatchObject({ code: 550, text: expect.stringContaining("mallory@elsewhere.com is not someone Keepwarm knows") });
    expect(await snapshotDb(h.db)).toEqual(before);
    expect(await send(toAcme)).toMatch(/^250/);
  });

  it("refuses a message over the size limit with 552 and stores nothing", async () => {
    const { port } = await setUp();
    const before = await snapshotDb(h.db);
    const refused = await refusal(sendMail(port, { ...toAcme, text: "x".repeat(30_000) }));
    expect(refused.code).toBe(552);
    expect(await snapshotDb(h.db)).toEqual(before);
  });

  it("refuses mail between our own people with 550: nothing to log", async () => {
    const { port } = await setUp();
    await h.db.person.create({ data: { name: "Sam Lead", email: "sam@ourco.com" } });
    const refused = await refusal(sendMail(port, { ...toAcme, to: "sam@ourco.com, pat@ourco.com" }));
    expect(refused).toMatchObject({ code: 550, text: expect.stringContaining("every address on this message is one of ours") });
    expect(await h.db.inboundEvent.count()).toBe(0);
  });

  it("logs a customer's mail a rep forwards inline as an inbound touch from the customer, at the original's time", async () => {
    const { rita, acme, send } = await setUp();
    const forwarded = [
      "FYI, see below.",
      "",
      "---------- Forwarded message ---------",
      "From: Jane Doe <jane@acme.com>",
      "Date: Mon, Nov 23, 2026 at 10:04 AM",
      "Subject: Question about invoices",
      "To: Rita Rep <rita@ourco.com>",
      "",
      "Hello Rita, our finance team cannot find the October invoice. Could you resend it?",
    ].join("\n");
    await send({ from: "Rita Rep <rita@ourco.com>", to: KEEPWARM_ADDRESS, subject: "Fwd: Question about invoices", text: forwarded, messageId: "<fwd-1@ourco.com>" });
    const touch = await h.db.touchpoint.findFirstOrThrow({ where: { accountId: acme, source: "email" } });
    expect(touch).toMatchObject({ direction: "inbound", summary: "Question about invoices", contactName: "Jane Doe", byPersonId: rita.id });
    expect(touch.occurredAt.toISOString().slice(0, 10)).toBe("2026-11-23");
    const event = await h.db.inboundEvent.findFirstOrThrow({ where: { source: "email" } });
    expect((event.payload as { snippet: string }).snippet).toMatch(/^Hello Rita, our finance team/);
  });

  it("logs a customer's mail forwarded as an attachment (message/rfc822) as inbound", async () => {
    const { acme, send } = await setUp();
    const original = ["From: Jane Doe <jane@acme.com>", "To: rita@ourco.com", "Subject: Outage yesterday", "Date: Tue, 24 Nov 2026 09:00:00 +0000", "Message-ID: <orig-7@acme.com>", "", "We were down for an hour."].join("\r\n");
    await send({ from: "rita@ourco.com", to: KEEPWARM_ADDRESS, subject: "Fwd: Outage yesterday", text: "see attached", attachments: [{ filename: "original.eml", content: original, contentType: "message/rfc822" }] });
    expect(await h.db.touchpoint.findFirstOrThrow({ where: { accountId: acme, source: "email" } })).toMatchObject({ direction: "inbound", summary: "Outage yesterday", occurredAt: new Date("2026-11-24T09:00:00Z") });
  });

  it("keeps mail for a domain no account has waiting, asks its sender in Slack which account, and applies it once the domain is linked", async () => {
    const { rita, send } = await setUp();
    const globex = await addAccount(h.db, h.clock.now, "Globex", { touchDaysAgo: 40 });
    await send({ ...toAcme, to: "hank@globex.example", messageId: "<globex-1@ourco.com>", subject: "Intro call" });
    const waiting = await h.db.inboundEvent.findFirstOrThrow({ where: { source: "email" } });
    expect(waiting).toMatchObject({ status: "unmatched", accountSourceId: "globex.example", outcome: expect.stringContaining("link <account> domain globex.example") });
    const ask = await h.db.delivery.findFirstOrThrow({ where: { kind: "email.unmatched" }, include: { binding: true } });
    expect(ask.binding).toMatchObject({ platform: "slack", channelId: "U0RITA", scope: "notices", scopeValue: rita.id });
    expect(ask.payload).toMatchObject({ eventId: waiting.id, domain: "globex.example", candidates: [{ id: globex, name: "Globex" }, { name: "Acme Corp" }] }); // named like the domain, then Rita's own
    expect(await h.db.touchpoint.count({ where: { accountId: globex } })).toBe(0);

    const { reply } = await expectOk(h, "link Globex domain globex.example", admin);
    expect(JSON.stringify(reply)).toContain("1 waiting email logged now");
    expect(await h.db.touchpoint.findFirstOrThrow({ where: { accountId: globex } })).toMatchObject({ summary: "Intro call", direction: "outbound" });
    expect(await h.db.inboundEvent.findFirstOrThrow({ where: { id: waiting.id } })).toMatchObject({ status: "applied" });
  });

  it("files waiting mail under the account its sender picks, and gives that account the domain", async () => {
    const { rita, send } = await setUp();
    const globex = await addAccount(h.db, h.clock.now, "Globex", { touchDaysAgo: 40 });
    await send({ ...toAcme, to: "hank@globex.example", messageId: "<globex-2@ourco.com>" });
    const ask = await h.db.delivery.findFirstOrThrow({ where: { kind: "email.unmatched" } });
    const eventId = (ask.payload as { eventId: string }).eventId;
    await expect(h.kw.fileEmail(`${eventId}:${globex}`, admin)).rejects.toThrow(/Only Rita Rep, who sent it/);
    const filed = await h.kw.fileEmail(`${eventId}:${globex}`, { personId: rita.id, name: "Rita Rep", role: "rep", platform: "slack" });
    expect(filed.summary).toMatch(/Filed “Renewal terms” under Globex\. globex.example is Globex's domain now/);
    expect(await h.db.touchpoint.count({ where: { accountId: globex, source: "email" } })).toBe(1);
    expect(await h.db.accountDomain.findUnique({ where: { domain: "globex.example" } })).toMatchObject({ accountId: globex, source: "email" });
    await expect(h.kw.fileEmail(`${eventId}:${globex}`, { personId: rita.id, name: "Rita Rep", role: "rep", platform: "slack" })).rejects.toThrow(/filed already/);
  });

  it("answers garbage with SMTP errors, stores nothing, and keeps serving", async () => {
    const { port, send } = await setUp();
    const before = await snapshotDb(h.db);
    const transcript = await rawSession(port, ["HELO x", "NONSENSE", "MAIL FROM:<rita@ourco.com>", "RCPT TO:<log@keepwarm.test>", "DATA", "just some words\r\nno headers at all\r\n.", "QUIT"]);
    expect(transcript).toMatch(/^500 /m);
    expect(transcript).toMatch(/^550 5\.6\.0 Not a message Keepwarm can read/m);
    expect(await snapshotDb(h.db)).toEqual(before);
    expect(await send(toAcme)).toMatch(/^250/);
  });

  it("takes mail only after AUTH with an API token when SMTP_REQUIRE_AUTH is set", async () => {
    await replaceFixture(h, () => createHarness(kind, {}, { SMTP_PORT: "0", SMTP_HOST: "127.0.0.1", SMTP_REQUIRE_AUTH: "true" }));
    const { port } = await setUp();
    const { token } = await h.kw.createApiToken("mail");
    expect((await refusal(sendMail(port, toAcme))).code).toBe(530);
    expect((await refusal(sendMail(port, toAcme, { token: "kw_not-a-token" }))).code).toBe(535);
    expect(await sendMail(port, toAcme, { token })).toMatch(/^250/);
    expect(await h.db.inboundEvent.count()).toBe(1);
  });

  it("offers STARTTLS with SMTP_TLS_KEY and SMTP_TLS_CERT, and then takes AUTH only over TLS", async () => {
    const tls = selfSignedCertificate();
    await replaceFixture(h, () => createHarness(kind, {}, { SMTP_PORT: "0", SMTP_HOST: "127.0.0.1", SMTP_REQUIRE_AUTH: "true", SMTP_TLS_KEY: tls.key, SMTP_TLS_CERT: tls.cert }));
    const { port } = await setUp();
    const { token } = await h.kw.createApiToken("mail");
    const inClear = await refusal(sendMail(port, toAcme, { token }));
    expect(inClear.code).toBe(538); // smtp-server: "Must issue a STARTTLS command first"
    expect(await sendMail(port, toAcme, { token, startTls: true })).toMatch(/^250/);
    expect(await h.db.inboundEvent.count()).toBe(1);
  });

  it("is off when SMTP_PORT is unset", async () => {
    await replaceFixture(h, () => createHarness(kind));
    expect((await serve(h)).smtpPort).toBeNull();
  });

});

/** A throw-away key and self-signed certificate for localhost, made with the openssl command. */
function selfSignedCertificate(): { key: string; cert: string } {
  const dir = mkdtempSync(path.join(tmpdir(), "keepwarm-tls-"));
  const key = path.join(dir, "key.pem");
  const cert = path.join(dir, "cert.pem");
  execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "1", "-subj", "/CN=localhost"], { stdio: "ignore" });
  return { key, cert };
}

/** Talks SMTP by hand (what a broken client would send), returning every line the server answered. */
async function rawSession(port: number, lines: string[]): Promise<string> {
  const net = await import("node:net");
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, "127.0.0.1");
    let answered = "";
    let sent = 0;
    socket.setEncoding("utf8");
    socket.on("data", (chunk: string) => {
      answered += chunk;
      if (sent < lines.length && /\r\n$/.test(chunk)) socket.write(`${lines[sent++]}\r\n`);
    });
    socket.on("end", () => resolve(answered));
    socket.on("error", reject);
    setTimeout(() => (socket.destroy(), resolve(answered)), 5000);
  });
}
