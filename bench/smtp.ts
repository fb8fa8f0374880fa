/**
 * SMTP intake: messages per second from Nodemailer's client to Keepwarm's listener on loopback, over
 * one connection and over ten, timed from the first message sent until every one is applied as a
 * touchpoint (the inbox drained and the accounts rescanned), against a bare smtp-server that reads
 * each message and discards it (the protocol's own cost on the same machine, in the same run). The
 * server and the client share this process, so the figures are indicative; the ratio is the point.
 */
import { performance } from "node:perf_hooks";
import type Mail from "nodemailer/lib/mailer/index.js";
import { SMTPServer } from "smtp-server";
import { addDomain } from "../src/activity/domains.js";
import { upsertAccount } from "../src/activity/accounts.js";
import { loadEnv } from "../src/config/env.js";
import { parseConfig } from "../src/config/file.js";
import { Keepwarm } from "../src/keepwarm.js";
import { silentLogger } from "../src/logging.js";
import { openDb, type DbKind } from "../src/store/client.js";
import { dropPostgresDatabases, freshPostgres, freshSqlite, postgresTemplate, sqliteTemplate } from "./databases.js";
import { sendMany } from "../test/fixtures/mail.js";
import { markdownTable } from "./report.js";

export interface SmtpOptions {
  dbs: DbKind[];
  pgUrl: string;
  /** Messages per timed run. */
  messages: number;
  accounts: number;
}

export interface SmtpResult {
  kind: DbKind;
  connections: number;
  messages: number;
  /** Until the last message was applied; until the last 250 (accepted and stored). */
  keepwarmMs: number;
  acceptedMs: number;
  bareMs: number;
  touchpoints: number;
}

const CONNECTIONS = [1, 10];

export async function runSmtpBench(o: SmtpOptions, log: (s: string) => void): Promise<SmtpResult[]> {
  const results: SmtpResult[] = [];
  for (const kind of o.dbs) {
    for (const connections of CONNECTIONS) {
      log(`  smtp ${kind}, ${connections} connection${connections === 1 ? "" : "s"}…`);
      const url = kind === "sqlite" ? freshSqlite(await sqliteTemplate(), 0) : (await postgresTemplate(o.pgUrl), await freshPostgres(o.pgUrl));
      const keepwarm = await keepwarmRun(url, o, connections);
      const bareMs = await bareRun(o, connections);
      results.push({ kind, connections, messages: o.messages, bareMs, ...keepwarm });
      if (kind === "postgres") await dropPostgresDatabases(o.pgUrl, false);
    }
  }
  return results;
}

async function keepwarmRun(url: string, o: SmtpOptions, connections: number): Promise<{ keepwarmMs: number; acceptedMs: number; touchpoints: number }> {
  const db = await openDb(url);
  const env = loadEnv({ DATABASE_URL: url, SMTP_PORT: "0", SMTP_HOST: "127.0.0.1" });
  const kw = await Keepwarm.open({ env, config: { ...parseConfig({}), source: "bench" }, log: silentLogger, db });
  await db.person.create({ data: { name: "Rita Rep", email: "rita@ourco.com" } });
  for (let i = 0; i < o.accounts; i++) {
    const { id } = await upsertAccount(db, { name: `Customer ${i}`, stage: "retention" }, { timeZone: "UTC" }, new Date("2026-01-01T00:00:00Z"));
    await addDomain(db, { id, name: `Customer ${i}` }, `customer${i}.example`, "bench", new Date());
  }
  const smtp = (await kw.startEmailCapture())!;
  const mails = messagesFor(o, "keepwarm");
  await sendMany(smtp.port, mails.slice(0, 20), connections); // warm-up
  await kw.settleInbound();
  const started = performance.now();
  await sendMany(smtp.port, mails.slice(20), connections);
  const acceptedMs = performance.now() - started;
  await kw.settleInbound();
  while ((await db.inboundEvent.count({ where: { status: "pending" } })) > 0) await kw.applyInbound();
  const keepwarmMs = performance.now() - started;
  const touchpoints = await db.touchpoint.count({ where: { source: "email" } });
  await smtp.close();
  await kw.close();
  return { keepwarmMs, acceptedMs, touchpoints };
}

async function bareRun(o: SmtpOptions, connections: number): Promise<number> {
  const server = new SMTPServer({
    authOptional: true, disabledCommands: ["STARTTLS"], disableReverseLookup: true, logger: false,
    onData(stream, _session, callback) {
      stream.on("data", () => undefined);
      stream.on("end", () => callback());
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.server.address() as { port: number }).port;
  const mails = messagesFor(o, "bare");
  await sendMany(port, mails.slice(0, 20), connections);
  const started = performance.now();
  await sendMany(port, mails.slice(20), connections);
  const ms = performance.now() - started;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return ms;
}

/** 20 warm-up messages, then the timed ones: each a rep's mail to one customer, as a BCC copy. */
function messagesFor(o: SmtpOptions, run: string): Mail.Options[] {
  return Array.from({ length: o.messages + 20 }, (_, i) => ({
    from: "Rita Rep <rita@ourco.com>",
    to: `Buyer <buyer@customer${i % o.accounts}.example>`,
    subject: `Follow-up ${i}`,
    text: `Hello, following up on our call. ${"Some details of the proposal. ".repeat(20)}`,
    messageId: `<${run}-${i}@ourco.com>`,
    date: new Date(Date.now() - 60_000),
  }));
}

export function smtpReport(o: SmtpOptions, results: SmtpResult[]): string {
  const rate = (ms: number) => Math.round(o.messages / (ms / 1000)).toLocaleString("en-US");
  const rows = results.map((r) => [r.kind, String(r.connections), rate(r.keepwarmMs), rate(r.acceptedMs), rate(r.bareMs), (r.keepwarmMs / r.bareMs).toFixed(2), `${r.touchpoints}/${r.messages + 20}`]);
  return [
    `SMTP intake: ${o.messages} messages per run to ${o.accounts} accounts (after 20 warm-up ones), sent until applied as touchpoints`,
    "",
    markdownTable(["database", "connections", "applied messages/s", "accepted (250) messages/s", "bare smtp-server messages/s", "ratio (applied vs bare, time)", "touchpoints written"], rows),
  ].join("\n");
}
