/**
 * A received message as an inbox event: who it is between (the rep and the customer side), which way
 * it went, when, and its subject. Outbound when one of ours wrote it (a BCC to Keepwarm, or a forward
 * of something we sent); inbound when a customer did (a forward of their mail). Only the subject and
 * a short snippet are kept.
 */
import { createHash } from "node:crypto";
import type { AddressObject, EmailAddress, ParsedMail } from "mailparser";
import { normalizeDomain } from "../../activity/domains.js";
import type { ReceivedEvent } from "../connector.js";
import { domainOfAddress, type Directory, type KnownPerson } from "./directory.js";
import { FORWARD_MARKER_LINE, forwardedOriginal } from "./original.js";
import { SNIPPET_CHARS, type EmailPayload } from "./payload.js";
import { isInTheFuture } from "../../domain/clock.js";

export interface Envelope {
  /** MAIL FROM: a known person (checked before the message was taken). */
  sender: KnownPerson;
  /** RCPT TO: Keepwarm's own addresses (log@…), never the customer. */
  recipients: string[];
}

export type ReadResult = { ok: true; event: ReceivedEvent } | { ok: false; code: number; message: string };

export async function readMail(mail: ParsedMail, envelope: Envelope, directory: Directory, now: Date): Promise<ReadResult> {
  if (!addresses(mail.from).length) return { ok: false, code: 550, message: "5.6.0 Not a message Keepwarm can read: it has no From address." };
  const original = (await forwardedOriginal(mail)) ?? mail;
  const forwarded = original !== mail;
  const ourselves = new Set(envelope.recipients.map((r) => r.toLowerCase()));
  const author = addresses(original.from)[0];
  const outbound = !author || directory.isOurs(author.address!);
  const customers = outbound
    ? uniqueAddresses([...addresses(original.to), ...addresses(original.cc), ...addresses(original.bcc)]).filter((a) => !directory.isOurs(a.address!) && !ourselves.has(a.address!.toLowerCase()))
    : [author];
  if (customers.length === 0) return { ok: false, code: 550, message: "5.7.0 Nothing to log: every address on this message is one of ours (BCC Keepwarm on mail to a customer, or forward a customer's mail)." };
  const writer = addresses(mail.from)[0];
  const rep = (outbound && author && directory.person(author.address!)) || directory.person(writer.address!) || envelope.sender;
  const occurredAt = clampToNow(original.date ?? mail.date ?? now, now);
  const subject = cleanSubject(original.subject ?? (forwarded ? mail.subject : undefined) ?? "", forwarded);
  const messageId = (original.messageId ?? mail.messageId)?.replace(/^<|>$/g, "").toLowerCase() ?? derivedId(mail, original, occurredAt);
  const payload: EmailPayload = {
    messageId,
    subject,
    snippet: snippetOf(original.text ?? ""),
    direction: outbound ? "outbound" : "inbound",
    occurredAt: occurredAt.toISOString(),
    rep: { personId: rep.id, name: rep.name },
    customers: customers.map((c) => ({ address: c.address!.toLowerCase(), name: c.name?.trim() || null })),
  };
  const first = payload.customers[0].address;
  return {
    ok: true,
    event: {
      idempotencyKey: messageId,
      type: `email.${payload.direction}`,
      accountSourceId: normalizeDomain(domainOfAddress(first)),
      summary: `email “${subject || "(no subject)"}” ${outbound ? "to" : "from"} ${first}${payload.customers.length > 1 ? ` and ${payload.customers.length - 1} more` : ""} · by ${rep.name}`,
      occurredAt,
      payload,
    },
  };
}

function addresses(field: AddressObject | AddressObject[] | undefined): EmailAddress[] {
  const objects = field === undefined ? [] : Array.isArray(field) ? field : [field];
  return objects.flatMap((o) => o.value.flatMap((a) => (a.group ? a.group : [a]))).filter((a) => a.address && a.address.includes("@"));
}

function uniqueAddresses(list: EmailAddress[]): EmailAddress[] {
  const seen = new Set<string>();
  return list.filter((a) => {
    const key = a.address!.toLowerCase();
    return seen.has(key) ? false : (seen.add(key), true);
  });
}

function cleanSubject(subject: string, forwarded: boolean): string {
  const trimmed = subject.replace(/\s+/g, " ").trim();
  return (forwarded ? trimmed.replace(/^((fwd?|fw|wg|tr)\s*:\s*)+/i, "") : trimmed).slice(0, 300);
}

/** The first words of what was written, without quoted replies, a signature or a forwarded block. */
function snippetOf(text: string): string {
  const lines: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (/^(-- ?|On .+ wrote:)$/.test(trimmed) || FORWARD_MARKER_LINE.test(trimmed)) break;
    if (!trimmed.startsWith(">")) lines.push(trimmed);
  }
  const flat = lines.join(" ").replace(/\s+/g, " ").trim();
  return flat.length > SNIPPET_CHARS ? `${flat.slice(0, SNIPPET_CHARS - 1).trimEnd()}…` : flat;
}

function clampToNow(date: Date, now: Date): Date {
  if (Number.isNaN(date.getTime())) return now;
  return isInTheFuture(date, now) ? now : date;
}

/** A message without a Message-ID (rare; some scripts) is keyed by what identifies it. */
function derivedId(mail: ParsedMail, original: ParsedMail, at: Date): string {
  const text = [mail.from?.text, original.from?.text, original.subject, at.toISOString()].join("\n");
  return `derived:${createHash("sha256").update(text).digest("hex").slice(0, 32)}`;
}
