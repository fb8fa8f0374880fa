// What the listeners read from Slack's payloads, checked with zod (only the fields we use).
import { z } from "zod";
import type { ChannelRef } from "../commands/context.js";
import type { CommandWhere } from "../keepwarm.js";
import { nudgeIdOf } from "./actionValues.js";
import type { Origin } from "./origin.js";

export const slashCommand = z.object({
  command: z.string(),
  text: z.string().default(""),
  user_id: z.string(),
  user_name: z.string().optional(),
  channel_id: z.string(),
  channel_name: z.string().optional(),
  team_id: z.string().optional(),
  trigger_id: z.string(),
  response_url: z.string(),
});
export type SlashCommand = z.infer<typeof slashCommand>;

/**
 * A slash command's text as the person typed it. Slack escapes &, < and > and wraps links and
 * channels (<https://…|label>, <#C…|name>); user mentions (<@U…|name>) stay, the core resolves them.
 */
export function typedText(text: string): string {
  return text
    .replace(/<((?:https?|mailto):[^|>]+)(?:\|[^>]*)?>/g, "$1")
    .replace(/<#[A-Z0-9]+\|([^>]*)>/g, "#$1")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&");
}

/** A message shortcut ("Log as touchpoint" in a message's ⋯ menu). Slack leaves `message` out where it would not show it to the app. */
export const messageShortcut = z.object({
  type: z.literal("message_action"),
  trigger_id: z.string(),
  response_url: z.string(),
  user: z.object({ id: z.string(), name: z.string().optional(), team_id: z.string().optional() }),
  team: z.object({ id: z.string() }).nullish(),
  channel: z.object({ id: z.string(), name: z.string().optional() }),
  message: z
    .object({
      ts: z.string().regex(/^\d+(\.\d+)?$/),
      text: z.string().optional(),
      user: z.string().optional(),
      /** The author's workspace: another one's in a Slack Connect channel. */
      user_team: z.string().optional(),
      user_profile: z.object({ real_name: z.string(), display_name: z.string(), name: z.string(), team: z.string() }).partial().optional(),
    })
    .optional(),
});
export type MessageShortcut = z.infer<typeof messageShortcut>;

/** A message's ts ("1764082800.000100": seconds.micro-sequence) as the moment it was posted. */
export function tsToDate(ts: string): Date {
  return new Date(Math.floor(Number(ts) * 1000));
}

/** Readable text of a message: links, channels and entities as typedText gives them; mentions as @name. */
export function messagePlainText(text: string, nameOf: (userId: string) => string | undefined): string {
  const mentioned = text
    .replace(/<@([^|>]+)\|([^>]*)>/g, "@$2")
    .replace(/<@([^|>]+)>/g, (_, id: string) => `@${nameOf(id) ?? "someone"}`)
    .replace(/<!subteam\^[A-Z0-9]+\|([^>]*)>/g, "$1")
    .replace(/<!(here|channel|everyone)(?:\|[^>]*)?>/g, "@$1");
  return typedText(mentioned);
}

const metadata = z.object({ event_type: z.string(), event_payload: z.record(z.string(), z.unknown()).optional() });

export const blockActions = z.object({
  type: z.literal("block_actions"),
  user: z.object({ id: z.string(), name: z.string().optional(), username: z.string().optional() }),
  trigger_id: z.string(),
  response_url: z.string().optional(),
  team: z.object({ id: z.string() }).nullish(),
  channel: z.object({ id: z.string(), name: z.string().optional() }).nullish(),
  container: z.object({ type: z.string(), channel_id: z.string().optional(), message_ts: z.string().optional(), is_ephemeral: z.boolean().optional() }),
  message: z.object({ ts: z.string(), metadata: metadata.optional(), blocks: z.array(z.unknown()).optional() }).optional(),
  view: z.object({ type: z.string(), id: z.string() }).optional(),
  actions: z.array(z.object({ action_id: z.string(), value: z.string().optional(), selected_option: z.object({ value: z.string() }).nullish() })).min(1),
});
export type BlockActions = z.infer<typeof blockActions>;

/** The value of the action taken: a button's value or the chosen option's. */
export function actionValue(body: BlockActions): string {
  const [action] = body.actions;
  return action.selected_option?.value ?? action.value ?? "";
}

/**
 * The nudges the clicked message shows, to re-render all of it: from its metadata, else from the
 * values of its nudge actions (a message without metadata), else just the clicked one.
 */
export function shownNudgeIds(body: BlockActions, clicked: number): number[] {
  const fromMetadata = z.array(z.coerce.number().int()).safeParse(body.message?.metadata?.event_payload?.nudge_ids);
  if (fromMetadata.success && fromMetadata.data.length) return fromMetadata.data;
  const ids = idsFromBlocks(body.message?.blocks ?? []);
  return ids.length ? ids : [clicked];
}

const actionsBlock = z.object({
  type: z.literal("actions"),
  elements: z.array(z.object({ action_id: z.string().optional(), value: z.string().optional(), options: z.array(z.object({ value: z.string() })).optional() })),
});

function idsFromBlocks(blocks: unknown[]): number[] {
  const ids = new Set<number>();
  for (const block of blocks) {
    const parsed = actionsBlock.safeParse(block);
    if (!parsed.success) continue;
    for (const el of parsed.data.elements.filter((e) => e.action_id?.startsWith("nudge."))) {
      for (const value of [el.value, ...(el.options ?? []).map((o) => o.value)]) {
        const id = nudgeIdOf(value);
        if (id !== null) ids.add(id);
      }
    }
  }
  return [...ids];
}

export function deliveryKeyOf(body: BlockActions): string | undefined {
  const key = body.message?.metadata?.event_payload?.delivery_key;
  return typeof key === "string" ? key : undefined;
}

/** Where a click came from, for forms it opens and messages it updates. */
export function clickOrigin(body: BlockActions, nudgeId?: number): Origin {
  const channelId = body.container.channel_id ?? body.channel?.id;
  const inMessage = body.container.type === "message" && channelId && body.container.message_ts && !body.container.is_ephemeral;
  return {
    ...(channelId && { channel: { id: channelId, teamId: body.team?.id ?? null, name: body.channel?.name ?? null } }),
    ...(body.response_url && { responseUrl: body.response_url }),
    ...(body.view?.type === "home" && { home: true }),
    ...(nudgeId !== undefined && { nudgeId }),
    ...(inMessage && nudgeId !== undefined && {
      message: { channel: channelId, ts: body.container.message_ts!, nudgeIds: shownNudgeIds(body, nudgeId), deliveryKey: deliveryKeyOf(body) },
    }),
  };
}

/** The state of a submitted view as { field: value } (block ids are field names). */
const stateValues = z.record(
  z.string(),
  z.record(z.string(), z.object({ value: z.string().nullish(), selected_date: z.string().nullish(), selected_option: z.object({ value: z.string() }).nullish() })),
);

export function readFields(values: unknown): Record<string, string | undefined> {
  const state = stateValues.parse(values);
  const fields: Record<string, string | undefined> = {};
  for (const [blockId, actions] of Object.entries(state)) {
    const input = Object.values(actions)[0];
    fields[blockId] = input?.selected_option?.value ?? input?.selected_date ?? input?.value ?? undefined;
  }
  return fields;
}

/** The command's channel and the person's DM (a Slack user id is where the bot DMs them). */
export function commandWhere(c: Pick<SlashCommand, "channel_id" | "channel_name" | "team_id" | "user_id">, timeZone: string | null): CommandWhere {
  const channel: ChannelRef = { platform: "slack", channelId: c.channel_id, teamId: c.team_id ?? null, channelName: c.channel_name ?? null, direct: c.channel_name === "directmessage" };
  return { timeZone, channel, directChannel: { platform: "slack", channelId: c.user_id, direct: true } };
}

export function originWhere(origin: Origin, userId: string, timeZone: string | null): CommandWhere {
  return origin.channel
    ? commandWhere({ channel_id: origin.channel.id, channel_name: origin.channel.name ?? undefined, team_id: origin.channel.teamId ?? undefined, user_id: userId }, timeZone)
    : { timeZone, directChannel: { platform: "slack", channelId: userId, direct: true } };
}
