// A `message` event (message.channels, message.groups) read as a message a person wrote in a channel:
// which side of a Slack Connect channel wrote it, or null for what is not a person's message.
import { z } from "zod";
import { tsToDate } from "./payloads.js";

/** What people write: a plain message, a thread reply shown in the channel too, a message with a file. Edits, deletions, joins, bots… are not contact. */
const PERSON_SUBTYPES = new Set([undefined, "thread_broadcast", "file_share"]);

const messageEvent = z.object({
  type: z.literal("message"),
  subtype: z.string().optional(),
  channel: z.string(),
  channel_type: z.enum(["channel", "group", "im", "mpim", "app_home"]).optional(),
  user: z.string().optional(),
  bot_id: z.string().nullish(),
  ts: z.string().regex(/^\d+(\.\d+)?$/),
  team: z.string().optional(),
  // In a Slack Connect channel the author's own workspace (user_team) can differ from the workspace the event is for.
  user_team: z.string().optional(),
  user_profile: z.object({ team: z.string().optional(), real_name: z.string().optional(), display_name: z.string().optional() }).partial().optional(),
});

const envelope = z.object({
  team_id: z.string().optional(),
  authorizations: z.array(z.object({ team_id: z.string().nullish() })).optional(),
});

export interface ChannelMessage {
  channelId: string;
  ts: string;
  occurredAt: Date;
  userId: string;
  side: "customer" | "ours";
  /** The author's name as the event gives it (Slack adds a profile for people of other workspaces). */
  authorName: string | null;
}

/**
 * A person's message in a public or private channel, or null (not a message a person wrote, or the
 * bot's own). Our workspace is the installation the event is for (`authorizations[0].team_id`, else
 * `team_id`: in a shared channel the outer `team_id` can be the channel's host); the author's is
 * `user_team` (else `user_profile.team`, else `team`). A different one is the customer's side.
 */
export function channelMessageOf(body: unknown, event: unknown, botUserId?: string): ChannelMessage | null {
  const m = messageEvent.safeParse(event);
  const e = envelope.safeParse(body);
  if (!m.success || !e.success) return null;
  const msg = m.data;
  if (!PERSON_SUBTYPES.has(msg.subtype) || msg.bot_id || !msg.user || msg.user === botUserId) return null;
  if (msg.channel_type !== undefined && msg.channel_type !== "channel" && msg.channel_type !== "group") return null;
  const ours = e.data.authorizations?.[0]?.team_id ?? e.data.team_id;
  const theirs = msg.user_team ?? msg.user_profile?.team ?? msg.team;
  const side = ours && theirs && theirs !== ours ? "customer" : "ours";
  const profile = msg.user_profile;
  return {
    channelId: msg.channel,
    ts: msg.ts,
    occurredAt: tsToDate(msg.ts),
    userId: msg.user,
    side,
    authorName: profile?.real_name || profile?.display_name || null,
  };
}
