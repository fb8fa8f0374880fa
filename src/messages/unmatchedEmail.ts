/** The direct message to a rep whose email Keepwarm could not file: which account is it? One button per likely account. */
import type { WaitingEmail } from "../domain/waitingEmail.js";
import { message, type Action, type Message } from "./model.js";

export const fileEmailValue = (eventId: string, accountId: string) => `${eventId}:${accountId}`;

export function parseFileEmailValue(value: string): { eventId: string; accountId: string } | null {
  const [eventId, accountId, ...rest] = value.split(":");
  return eventId && accountId && rest.length === 0 ? { eventId, accountId } : null;
}

export function unmatchedEmailMessage(mail: WaitingEmail): Message {
  const subject = mail.subject || "(no subject)";
  const way = mail.direction === "outbound" ? `to ${mail.customer}` : `from ${mail.customer}`;
  const actions: Action[] = mail.candidates.map((c) => ({ id: "email.file", label: c.name, value: fileEmailValue(mail.eventId, c.id) }));
  const after = mail.freeMail
    ? `${mail.domain} is a free-mail domain, so only this message is filed.`
    : `Picking one also gives that account the domain ${mail.domain}, so its next mail finds it.`;
  return message(`Which account is your email “${subject}” for?`, [
    { type: "text", text: `📧 I couldn't file your email **“${subject}”** ${way}: no account has the domain ${mail.domain}.${actions.length ? " Which account is it?" : ""}` },
    ...(actions.length ? [{ type: "actions" as const, actions }] : []),
    { type: "context", text: `${actions.length ? `${after} ` : ""}Or say \`link <account> domain ${mail.domain}\`.` },
  ], "channel");
}
