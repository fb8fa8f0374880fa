// Messages in a Teams channel or group chat that are not addressed to the bot. With the manifest's
// resource-specific consent (ChannelMessage.Read.Group, ChatMessage.Read.Chat) Teams sends the bot
// every message there, not only @mentions; in a conversation linked as a customer's shared channel
// they are touchpoints (the core coalesces them). A message that mentions the bot is a command.
import { TeamsInfo, type Activity, type TurnContext } from "botbuilder";
import type { Keepwarm } from "../keepwarm.js";
import { identityOf, isPersonal, rootConversationId } from "./conversation.js";

type Side = "customer" | "ours";

/** Who is on which side, from Teams' member record (or the activity, when it says): guests and people of another tenant are the customer's. */
interface MemberFacts {
  userRole?: string;
  tenantId?: string;
}

const TTL_MS = 10 * 60_000;
const MAX_CACHED = 5_000;
// One cache per Keepwarm (per process in production; per test harness in tests), as for emails.
const caches = new WeakMap<Keepwarm, Map<string, { side: Side; at: number }>>();

export function mentionsBot(activity: Partial<Activity>): boolean {
  return (activity.entities ?? []).some((e) => e.type === "mention" && (e as { mentioned?: { id?: string } }).mentioned?.id === activity.recipient?.id);
}

/** A person's message in a channel or group chat, not to the bot (a command mentions it; a card's button carries a value). */
export function isConversationChatter(activity: Partial<Activity>): boolean {
  if (isPersonal(activity) || activity.value !== undefined || mentionsBot(activity)) return false;
  if (activity.from?.role === "bot") return false;
  const type = activity.conversation?.conversationType;
  return type === "channel" || type === "groupChat";
}

export async function recordConversationMessage(kw: Keepwarm, context: TurnContext, ourTenantId: string | null): Promise<void> {
  const activity = context.activity;
  const at = activity.timestamp ? new Date(activity.timestamp) : null;
  const outcome = await kw.recordSharedChannelMessage({
    platform: "teams",
    channelId: rootConversationId(activity),
    messageId: activity.id ?? "",
    occurredAt: at && !Number.isNaN(at.getTime()) ? at : kw.clock(),
    authorSide: () => sideOf(kw, context, ourTenantId),
    customerName: activity.from?.name?.trim() || null,
    ourAuthor: async () => identityOf(activity),
  });
  const log = { platform: "teams", conversation: activity.conversation?.conversationType, outcome: outcome.status };
  if (outcome.status === "unknown_side") kw.log.warn(log, "teams: could not tell whose side wrote a message in a shared channel (member lookup failed); not recorded");
  else kw.log.debug(log, "teams: conversation message");
}

async function sideOf(kw: Keepwarm, context: TurnContext, ourTenantId: string | null): Promise<Side | null> {
  const activity = context.activity;
  const data = (activity.channelData ?? {}) as { tenant?: { id?: string } };
  const ours = ourTenantId ?? data.tenant?.id ?? activity.conversation?.tenantId ?? null;
  const fromActivity = sideOfMember(activity.from as MemberFacts, ours);
  if (fromActivity) return fromActivity;
  const key = activity.from?.aadObjectId ?? activity.from?.id;
  if (!key) return null;
  let cache = caches.get(kw);
  if (!cache) caches.set(kw, (cache = new Map()));
  const cached = cache.get(key);
  if (cached && Date.now() - cached.at < TTL_MS) return cached.side;
  const member = await TeamsInfo.getMember(context, activity.from.id).catch(() => null);
  const side = member ? sideOfMember(member, ours) : null;
  if (!side) return null;
  if (cache.size >= MAX_CACHED) cache.clear();
  cache.set(key, { side, at: Date.now() });
  return side;
}

/** Null when the record does not say (no role, no tenant): ask Teams. */
export function sideOfMember(m: MemberFacts | undefined, ourTenantId: string | null): Side | null {
  if (!m) return null;
  if (m.userRole === "guest" || m.userRole === "anonymous") return "customer";
  if (m.tenantId && ourTenantId && m.tenantId !== ourTenantId) return "customer";
  return m.userRole ? "ours" : null;
}
