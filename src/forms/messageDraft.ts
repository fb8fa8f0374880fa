/**
 * "Log as touchpoint" on a chat message: the touch form prefilled from the message. The text is the
 * note, the author says who reached out (one of our people: we did, and they are who touched; anyone
 * else: the customer did, and they are the contact), the message's time is when, and the account is
 * guessed from the channel or from a name in the text. The person checks it all before logging.
 */
import { DateTime } from "luxon";
import { accountNamedIn } from "../activity/findAccount.js";
import { accountOfSharedChannel } from "../activity/sharedChannels.js";
import type { Db } from "../store/client.js";
import type { FormValues } from "./model.js";
import { NAME_LIMIT, NOTE_LIMIT } from "./touchForm.js";

/** A chat message as the adapters read it: plain text, its author, when and where it was posted. */
export interface ChatMessage {
  platform: "slack" | "teams";
  channelId: string;
  /** The platform's id of the message in its channel (Slack's ts, Teams' message id). */
  messageId: string;
  text: string;
  postedAt: Date;
  /** `external`: the platform says the author is from another organisation (Slack Connect, a Teams guest). */
  author: { userId: string | null; name: string; external?: boolean };
}

type Account = { id: string; name: string };

/** The values a form opened on a message carries back unseen (the touch form reads them), beside its fields. */
export const CARRIED_VALUES = ["postedAt", "messageRef", "contact", "byPerson", "byName"] as const;
type Carried = Partial<Record<(typeof CARRIED_VALUES)[number], string>>;

/** The touch form's draft (a FormDraft) for a message. */
export async function messageDraft(db: Db, message: ChatMessage, timeZone: string): Promise<{ form: "touch"; account: Account | null; values: FormValues; hidden: FormValues }> {
  const account = (await channelAccount(db, message)) ?? (await accountNamedIn(db, message.text));
  const author = await authorOf(db, message);
  const authorName = message.author.name.trim().slice(0, NAME_LIMIT);
  const values: FormValues = {
    kind: "message",
    direction: author.ours ? "outbound" : "inbound",
    note: messageNote(message.text),
    date: DateTime.fromJSDate(message.postedAt, { zone: timeZone }).toISODate() ?? undefined,
  };
  // Not fields: the submission keeps the message's exact time, which message it was (logged once per
  // account), and who wrote it (our colleague as who touched; anyone else as the contact).
  const hidden: Carried = {
    postedAt: message.postedAt.toISOString(),
    messageRef: `${message.platform}:${message.channelId}:${message.messageId}`,
    ...(author.personId ? { byPerson: author.personId } : author.ours ? { byName: authorName } : { contact: authorName }),
  };
  return { form: "touch", account, values, hidden };
}

/** The message as a note: whitespace collapsed, cut to what a touchpoint's note holds. */
export function messageNote(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length <= NOTE_LIMIT ? flat : `${flat.slice(0, NOTE_LIMIT - 1).trimEnd()}…`;
}

/** The account whose shared channel (`link <account> here`) the message was posted in. */
async function channelAccount(db: Db, message: ChatMessage): Promise<Account | null> {
  const accountId = await accountOfSharedChannel(db, { platform: message.platform, channelId: message.channelId });
  return accountId ? db.account.findUnique({ where: { id: accountId }, select: { id: true, name: true } }) : null;
}

/** Ours when the author is a Person we know by their chat id, or the platform says they are from our side. */
async function authorOf(db: Db, message: ChatMessage): Promise<{ ours: boolean; personId: string | null }> {
  const { userId, external } = message.author;
  if (external || !userId) return { ours: external === false, personId: null };
  const field = message.platform === "slack" ? "slackUserId" : "teamsUserId";
  const person = await db.person.findFirst({ where: { [field]: userId }, select: { id: true } });
  return { ours: Boolean(person) || external === false, personId: person?.id ?? null };
}
