/**
 * A forwarded message's original: a rep who forwards a customer's mail to Keepwarm means the
 * customer's mail, not their own forward. Forwarded as an attachment (message/rfc822) it is parsed as
 * it is; forwarded inline, the header block mail clients write under their marker (Gmail's
 * "---------- Forwarded message ---------", Apple Mail's "Begin forwarded message:", Outlook's
 * "-----Original Message-----" or a rule of underscores) is read as headers by the same MIME parser.
 * The parser renders an attached message/rfc822 part into the text as such a header block without a
 * marker, so a forward's unmarked header block (From: and a Date: or Subject:) counts too.
 */
import { simpleParser, type ParsedMail } from "mailparser";

const PARSE = { skipImageLinks: true, skipTextToHtml: true, skipTextLinks: true } as const;

/** A line mail clients put above a forwarded message (the snippet also ends at one: src/connectors/email/readMail.ts). */
export const FORWARD_MARKER_LINE = /^(?:-{2,}\s*(?:Forwarded|Original) message.*|Begin forwarded message:|_{10,})\s*$/i;
const MARKER = new RegExp(FORWARD_MARKER_LINE.source, "im");
const HEADER_LINE = /^\s*\*?(From|To|Cc|Date|Sent|Subject)\*?:\s*(.*)$/i;
const UNMARKED_BLOCK = /\n\s*\n(?=From: .+\n(?:(?:To|Cc|Date|Sent|Subject): .*\n)*(?:Date|Sent|Subject): )/i;
const FORWARD_SUBJECT = /^\s*(fwd?|fw|wg|tr)\s*:/i;

export function parseMail(source: Buffer | string): Promise<ParsedMail> {
  return simpleParser(source, PARSE);
}

/** The forwarded original, or null when the message is not a forward. */
export async function forwardedOriginal(mail: ParsedMail): Promise<ParsedMail | null> {
  const attached = mail.attachments.find((a) => a.contentType === "message/rfc822");
  if (attached) return parseMail(attached.content);
  return inlineOriginal(mail.text ?? "", FORWARD_SUBJECT.test(mail.subject ?? ""));
}

async function inlineOriginal(text: string, forwardSubject: boolean): Promise<ParsedMail | null> {
  const marker = MARKER.exec(text) ?? (forwardSubject ? UNMARKED_BLOCK.exec(text) : null);
  if (!marker) return null;
  const lines = text.slice(marker.index + marker[0].length).replace(/^\s*\n/, "").split(/\r?\n/);
  const headers: string[] = [];
  let i = 0;
  for (; i < lines.length && lines[i].trim() !== ""; i++) {
    const header = HEADER_LINE.exec(lines[i]);
    if (header) headers.push(`${header[1].toLowerCase() === "sent" ? "Date" : header[1]}: ${readableDate(header[1], header[2])}`);
    else if (headers.length) headers[headers.length - 1] += ` ${lines[i].trim()}`; // a folded line (a long To)
  }
  if (!headers.some((h) => /^From:/i.test(h))) return null;
  return parseMail(`${headers.join("\r\n")}\r\n\r\n${lines.slice(i + 1).join("\r\n")}`);
}

/** "Mon, Nov 23, 2026 at 10:04 AM" (Gmail) → what Date understands; other headers as they are. */
function readableDate(name: string, value: string): string {
  return /^(date|sent)$/i.test(name) ? value.replace(/\s+at\s+/i, " ") : value;
}
