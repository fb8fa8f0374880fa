/**
 * Keepwarm's SMTP listener (Nodemailer's smtp-server): it takes mail addressed to it, from known
 * people only, and stores each message in the inbox as one event; it relays nothing, so any recipient
 * address routed to it is accepted. Every refusal is an SMTP reply a mail client shows the rep:
 * 550 unknown sender or nothing to log, 552 too large, 451 when the database is not answering (the
 * sending server retries), 535 a wrong token.
 */
import type { Logger } from "pino";
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from "smtp-server";
import { EMAIL_SOURCE } from "../../domain/sources.js";
import type { Db } from "../../store/client.js";
import { storeEvents } from "../inbox.js";
import { directoryCache, type Directory, type KnownPerson } from "./directory.js";
import { parseMail } from "./original.js";
import { readMail } from "./readMail.js";
import type { EmailSettings } from "./settings.js";

export interface SmtpListenerDeps {
  db: Db;
  log: Logger;
  now(): Date;
  /** Whether a token presented with AUTH is a Keepwarm API token. */
  authenticate(token: string): Promise<boolean>;
  /** Told after a message was stored (to apply it soon). */
  onStored(): void;
}

export interface RunningSmtpListener {
  port: number;
  close(): Promise<void>;
}

const smtpError = (code: number, message: string) => Object.assign(new Error(message), { responseCode: code });
const TRY_LATER = () => smtpError(451, "4.3.0 Keepwarm cannot store mail right now; please try again later.");

export async function startSmtpListener(settings: EmailSettings, deps: SmtpListenerDeps): Promise<RunningSmtpListener> {
  const senders = new WeakMap<SMTPServerSession, { person: KnownPerson; directory: Directory }>();
  const people = directoryCache(deps.db);
  const server = new SMTPServer({
    banner: "Keepwarm logs the mail it is sent as touchpoints and forwards nothing",
    size: settings.maxBytes,
    authMethods: ["PLAIN", "LOGIN"],
    authOptional: !settings.requireAuth,
    // Without a certificate there is no STARTTLS to protect a token; the README says to keep such a listener private.
    allowInsecureAuth: settings.tls === null,
    disabledCommands: settings.tls ? [] : ["STARTTLS"],
    ...(settings.tls && { key: settings.tls.key, cert: settings.tls.cert }),
    disableReverseLookup: true,
    logger: false,
    closeTimeout: 5_000,

    onAuth(auth, _session, callback) {
      deps.authenticate(auth.password ?? "").then(
        (ok) => (ok ? callback(null, { user: auth.username ?? "token" }) : callback(smtpError(535, "5.7.8 That is not a Keepwarm API token (`keepwarm token create` makes one)."))),
        () => callback(TRY_LATER()),
      );
    },

    onMailFrom(address, session, callback) {
      const sender = address.address.trim().toLowerCase();
      if (!sender) return callback(smtpError(550, "5.7.1 Keepwarm takes mail from the people it knows only, and this message has no sender."));
      people.lookUp(sender).then(
        ({ person, directory }) => {
          if (!person) return callback(smtpError(550, `5.7.1 ${sender} is not someone Keepwarm knows, so nothing was logged: ask an admin to add you, or say \`iam ${sender}\` to Keepwarm in Slack or Teams.`));
          senders.set(session, { person, directory });
          callback();
        },
        (err: unknown) => {
          deps.log.error({ err: (err as Error).message }, "smtp: could not look up a sender");
          callback(TRY_LATER());
        },
      );
    },

    onRcptTo(_address, _session, callback) {
      callback();
    },

    onData(stream, session, callback) {
      receive(stream, session).then((reply) => callback(null, reply), (err: Error) => callback(err));
    },
  });

  async function receive(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<string> {
    const raw = await collect(stream);
    if (stream.sizeExceeded) throw smtpError(552, `5.3.4 The message is larger than Keepwarm takes (${settings.maxBytes} bytes); nothing was logged.`);
    const { person: sender, directory } = senders.get(session)!;
    const recipients = session.envelope.rcptTo.map((r) => r.address);
    let stored: number;
    try {
      const now = deps.now();
      const read = await readMail(await parseMail(raw), { sender, recipients }, directory, now);
      if (!read.ok) throw smtpError(read.code, read.message);
      stored = await storeEvents(deps.db, EMAIL_SOURCE, [read.event], now);
      deps.log.info({ source: EMAIL_SOURCE, session: session.id, sender: sender.id, stored }, "email received");
    } catch (err) {
      if ((err as { responseCode?: number }).responseCode) throw err;
      deps.log.error({ err: (err as Error).message, session: session.id }, "smtp: could not store a message");
      throw TRY_LATER();
    }
    if (stored) deps.onStored();
    return stored ? "Logged by Keepwarm" : "Keepwarm had this message already";
  }

  server.on("error", (err) => deps.log.warn({ err: err.message }, "smtp: connection error"));
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(settings.port, settings.host, () => {
      server.off("error", reject);
      resolve();
    });
  });
  const port = (server.server.address() as { port: number }).port;
  deps.log.info({ port, tls: settings.tls !== null, requireAuth: settings.requireAuth }, "smtp listener taking mail");
  return { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** The whole message, read to its end; past the size limit the rest is drained, not kept. */
async function collect(stream: SMTPServerDataStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) if (!stream.sizeExceeded) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
