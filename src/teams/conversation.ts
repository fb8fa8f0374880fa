// What an incoming Teams activity says about who and where: the person (by AAD object id), the
// conversation as the core's ChannelRef (with the reference proactive posts need), and the command
// text with the bot's mention removed and other people's mentions in the core's <@id> form.
import { TeamsInfo, TurnContext, type Activity, type ConversationAccount, type ConversationReference, type Mention } from "botbuilder";
import type { ChannelRef } from "../commands/context.js";
import type { CommandWhere } from "../keepwarm.js";
import type { ChatIdentity } from "../people/chatActors.js";

interface TeamsChannelData {
  team?: { id?: string; name?: string };
  channel?: { id?: string; name?: string };
}

export function identityOf(activity: Activity): ChatIdentity {
  const from = activity.from ?? { id: "unknown", name: "" };
  return { platform: "teams", userId: from.aadObjectId ?? from.id, name: from.name?.trim() || "Teams user" };
}

export const isPersonal = (activity: Partial<Activity>) => activity.conversation?.conversationType === "personal";

/** The conversation itself: a channel's id without the ";messageid=…" of the thread a message is in. */
export function rootConversationId(activity: Partial<Activity>): string {
  const data = (activity.channelData ?? {}) as TeamsChannelData;
  if (activity.conversation?.conversationType === "channel" && data.channel?.id) return data.channel.id;
  return (activity.conversation?.id ?? "").split(";")[0];
}

/**
 * The reference a proactive post needs, as stored on the channel binding (JSON): the conversation
 * root (a new post, not a reply in the thread the command was typed in) and no activity id.
 */
export function storedReference(activity: Activity): Partial<ConversationReference> {
  const ref = TurnContext.getConversationReference(activity);
  const { conversation } = ref;
  return {
    channelId: ref.channelId,
    serviceUrl: ref.serviceUrl,
    locale: ref.locale,
    bot: ref.bot && { id: ref.bot.id, name: ref.bot.name },
    conversation: definedOnly({ id: rootConversationId(activity), conversationType: conversation?.conversationType, tenantId: conversation?.tenantId, isGroup: conversation?.isGroup, name: conversation?.name }) as ConversationAccount,
    // One-to-one chats are addressed to their person; channels to no one in particular.
    ...(isPersonal(activity) && ref.user && { user: { id: ref.user.id, name: ref.user.name, aadObjectId: ref.user.aadObjectId } }),
  };
}

function definedOnly<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/**
 * Where a command was typed: a channel or group chat for the channel commands, a personal chat for
 * `dm`. Teams leaves a channel's name out of messages; with `named`, it is asked for (one call).
 */
export async function whereOf(context: TurnContext, named = false): Promise<CommandWhere> {
  const activity = context.activity;
  const data = (activity.channelData ?? {}) as TeamsChannelData;
  const channel: ChannelRef = {
    platform: "teams",
    channelId: rootConversationId(activity),
    teamId: data.team?.id ?? null,
    channelName: named ? await channelName(context, data) : null,
    conversationRef: storedReference(activity),
  };
  const timeZone = activity.localTimezone ?? null;
  return isPersonal(activity) ? { timeZone, directChannel: { ...channel, direct: true } } : { timeZone, channel };
}

/** "Team › channel" for a channel, the chat's topic for a group chat. */
async function channelName(context: TurnContext, data: TeamsChannelData): Promise<string | null> {
  const activity = context.activity;
  if (activity.conversation?.conversationType !== "channel") return activity.conversation?.name ?? null;
  const id = data.channel?.id;
  const isGeneral = id !== undefined && id === data.team?.id;
  let name = data.channel?.name ?? (isGeneral ? "General" : null);
  if (!name && id && data.team?.id) {
    name = await TeamsInfo.getTeamChannels(context, data.team.id).then((channels) => channels.find((c) => c.id === id)?.name ?? null, () => null);
  }
  return name && data.team?.name ? `${data.team.name} › ${name}` : name;
}

/** The command line: mentions of the bot removed, other people as <@aadObjectId> (the core's form), spaces tidied. */
export async function commandText(context: TurnContext): Promise<string> {
  const activity = context.activity;
  let text = activity.text ?? "";
  const mentions = (activity.entities ?? []).filter((e): e is Mention & { text: string } => e.type === "mention" && typeof e.text === "string");
  for (const m of mentions) {
    const replacement = m.mentioned?.id === activity.recipient?.id ? " " : await personToken(context, m);
    text = text.split(m.text).join(replacement);
  }
  return text
    .replace(/&nbsp;|\u00a0/g, " ")
    .replace(/<\/?(p|div|span|br)\b[^>]*>/gi, " ")
    .replace(/\s+/g, " ")
    .trim();
}

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A mentioned person as <@aadObjectId>, asking Teams for the id when the mention does not carry it; else their name. */
async function personToken(context: TurnContext, m: Mention): Promise<string> {
  const mentioned = m.mentioned as (Mention["mentioned"] & { aadObjectId?: string }) | undefined;
  let aad = mentioned?.aadObjectId ?? (mentioned?.id && GUID.test(mentioned.id) ? mentioned.id : undefined);
  if (!aad && mentioned?.id) aad = await TeamsInfo.getMember(context, mentioned.id).then((member) => member.aadObjectId, () => undefined);
  if (aad) return ` <@${aad}> `;
  const name = (mentioned?.name ?? m.text.replace(/<\/?at>/g, "")).trim();
  return name.includes(" ") ? ` "${name}" ` : ` ${name} `;
}
