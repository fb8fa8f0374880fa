// The neutral markdown subset (**bold**, _italic_, `code`, <person:ID|Name>) as Slack mrkdwn.
import { MENTION_PATTERN, renderMentions, type PersonRef } from "../messages/model.js";

type People = Record<string, PersonRef> | undefined;

/** Private-use characters: never typed by people, untouched by escaping and markup. */
const HOLD_OPEN = "\uE000";
const HOLD_CLOSE = "\uE001";

/** Slack's three control characters; everything else is literal in mrkdwn. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * Mrkdwn for a text of the neutral model: user text escaped, mentions as real Slack mentions when
 * the person has a Slack id (else their name), **bold** as *bold*; _italic_ and `code` are the same.
 */
export function toMrkdwn(text: string, people: People): string {
  // Mentions step aside while the rest is escaped and converted, so **<person:…>** becomes *<@U…>*.
  const mentions: string[] = [];
  const held = splitMentions(text)
    .map((part) => (typeof part === "string" ? part.replace(/[\uE000\uE001]/g, "") : `${HOLD_OPEN}${mentions.push(slackMention(part, people)) - 1}${HOLD_CLOSE}`))
    .join("");
  return escapeMrkdwn(held)
    .replace(/\*\*(.+?)\*\*/gs, "*$1*")
    .replace(new RegExp(`${HOLD_OPEN}(\\d+)${HOLD_CLOSE}`, "g"), (_m, i: string) => mentions[Number(i)]);
}

/** Plain text (headers, buttons, notification fallbacks): markup removed, mentions as @Name. */
export function toPlainText(text: string, people?: People): string {
  return renderMentions(text, (id, name) => `@${people?.[id]?.name ?? name}`)
    .replace(/\*\*(.+?)\*\*/gs, "$1")
    .replace(/`([^`]+)`/g, "$1");
}

/** Fallback text for notifications: mrkdwn, so @mentions in it notify like those in the blocks. */
export function toFallbackText(text: string, people: People): string {
  return toMrkdwn(text, people);
}

interface MentionPart {
  id: string;
  name: string;
}

function splitMentions(text: string): (string | MentionPart)[] {
  const parts: (string | MentionPart)[] = [];
  let last = 0;
  for (const m of text.matchAll(new RegExp(MENTION_PATTERN.source, "g"))) {
    if (m.index > last) parts.push(text.slice(last, m.index));
    parts.push({ id: m[1], name: m[2] });
    last = m.index + m[0].length;
  }
  if (last < text.length) parts.push(text.slice(last));
  return parts;
}

function slackMention(part: MentionPart, people: People): string {
  const slackId = people?.[part.id]?.slackUserId;
  return slackId ? `<@${slackId}>` : escapeMrkdwn(people?.[part.id]?.name ?? part.name);
}
