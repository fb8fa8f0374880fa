/**
 * A message in a customer's shared channel, as a touchpoint: the customer's side writing is an inbound
 * touch, ours an outbound one. A busy channel must not write hundreds of rows, so the messages of one
 * direction within one window (an hour by default) are one touchpoint, at the first message's time.
 *
 * The window is in the touchpoint's idempotency key (unique), so a redelivered event, a retry, or two
 * replicas receiving the same burst write at most one row per account, direction and window: the
 * insert skips a key already taken (writeTouchpoints). No message text is stored.
 */
import type { TouchpointDirection } from "../domain/touchpoints.js";
import type { Db } from "../store/client.js";
import { accountOfSharedChannel, type ChatPlatform } from "./sharedChannels.js";
import { writeTouchpoints } from "./writeTouchpoints.js";

export type AuthorSide = "customer" | "ours";

export interface SharedChannelMessage {
  platform: ChatPlatform;
  channelId: string;
  /** The platform's id of the message (Slack ts, Teams activity id), for the log. */
  messageId: string;
  occurredAt: Date;
  /** Whose side wrote it; asked only once the channel is known to be linked (Teams may have to ask who the sender is). Null: cannot tell, nothing recorded. */
  authorSide(): Promise<AuthorSide | null>;
  /** Our author, asked only when a new touchpoint is written. */
  ourAuthor(): Promise<{ personId: string | null; name: string | null }>;
  /** The customer's author's display name, when the platform gives it (kept as the touchpoint's contact). */
  customerName?: string | null;
}

export type SharedChannelOutcome =
  | { status: "unlinked" }
  | { status: "unknown_side"; accountId: string }
  /** recorded: a new touchpoint; coalesced: its window already had one (or this was a redelivery). */
  | { status: "recorded" | "coalesced"; accountId: string; touchpointId: string; direction: TouchpointDirection };

/** The touchpoint source of each platform's shared channels (touchSourceLabel words them). */
export const SHARED_CHANNEL_SOURCES: Record<ChatPlatform, string> = { slack: "slack-channel", teams: "teams-channel" };
const PLACE: Record<ChatPlatform, string> = { slack: "the shared Slack channel", teams: "the shared Teams channel" };

const MINUTE = 60_000;
const DAY = 1440 * MINUTE;

/** The start of the window holding `at`: windows of `minutes` counted from midnight UTC (the last of a day may be shorter). */
export function windowStart(at: Date, minutes: number): Date {
  const t = at.getTime();
  const midnight = t - (((t % DAY) + DAY) % DAY);
  return new Date(midnight + Math.floor((t - midnight) / (minutes * MINUTE)) * minutes * MINUTE);
}

export function sharedChannelKey(accountId: string, direction: TouchpointDirection, start: Date): string {
  return `shared:${accountId}:${direction}:${start.toISOString()}`;
}

export async function recordSharedChannelMessage(db: Db, message: SharedChannelMessage, opts: { windowMinutes: number; now: Date }): Promise<SharedChannelOutcome> {
  const accountId = await accountOfSharedChannel(db, message);
  if (!accountId) return { status: "unlinked" };
  const side = await message.authorSide();
  if (!side) return { status: "unknown_side", accountId };
  const direction: TouchpointDirection = side === "customer" ? "inbound" : "outbound";
  // A clock a little ahead on the platform's side must not make a touch from the future.
  const occurredAt = message.occurredAt.getTime() > opts.now.getTime() ? opts.now : message.occurredAt;
  const idempotencyKey = sharedChannelKey(accountId, direction, windowStart(occurredAt, opts.windowMinutes));
  const taken = await db.touchpoint.findUnique({ where: { idempotencyKey }, select: { id: true, occurredAt: true } });
  if (taken) {
    if (taken.occurredAt > occurredAt) await keepEarliest(db, taken.id, occurredAt);
    return { status: "coalesced", accountId, touchpointId: taken.id, direction };
  }

  const by = side === "ours" ? await message.ourAuthor() : null;
  const summary = side === "customer" ? `The customer wrote in ${PLACE[message.platform]}` : `We wrote in ${PLACE[message.platform]}`;
  const contactName = side === "customer" ? (message.customerName ?? null) : null;
  const [written] = await writeTouchpoints(db, [{ accountId, kind: "message", direction, occurredAt, summary, contactName, by, idempotencyKey }], SHARED_CHANNEL_SOURCES[message.platform]);
  if (written.status === "duplicate") await keepEarliest(db, written.id, occurredAt);
  return { status: written.status === "created" ? "recorded" : "coalesced", accountId, touchpointId: written.id, direction };
}

/**
 * The window's touchpoint is at its first message, whichever message got recorded first (two events
 * handled at once, or delivered out of order). The account's last customer touch needs no change:
 * it already holds the later time.
 */
async function keepEarliest(db: Db, touchpointId: string, occurredAt: Date): Promise<void> {
  await db.touchpoint.updateMany({ where: { id: touchpointId, occurredAt: { gt: occurredAt } }, data: { occurredAt } });
}
