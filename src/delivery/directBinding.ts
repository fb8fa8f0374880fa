/**
 * Where Keepwarm can write to one person alone: their direct chat's binding (`dm on` made one), or,
 * on Slack, where a user id is a direct-message channel, a notices-only binding made now. Teams needs
 * a conversation the person started (`dm on` in their chat with the bot) to write to them.
 */
import { NOTICES_ONLY } from "../domain/channels.js";
import type { Db } from "../store/client.js";

export async function directBindingOf(db: Db, personId: string, timeZone: string): Promise<string | null> {
  const person = await db.person.findUnique({ where: { id: personId }, select: { slackUserId: true } });
  if (!person) return null;
  if (person.slackUserId) {
    const binding = await db.channelBinding.upsert({
      where: { platform_channelId: { platform: "slack", channelId: person.slackUserId } },
      create: { platform: "slack", channelId: person.slackUserId, scope: NOTICES_ONLY, scopeValue: personId, rules: [], timeZone },
      update: {},
      select: { id: true },
    });
    return binding.id;
  }
  const own = await db.channelBinding.findMany({ where: { platform: "teams", scope: { in: ["owner", NOTICES_ONLY] }, scopeValue: personId }, select: { id: true, conversationRef: true } });
  return own.find((b) => isPersonalChat(b.conversationRef))?.id ?? null;
}

/** Whether a stored Teams conversation reference is a one-to-one chat with the bot. */
export function isPersonalChat(ref: unknown): boolean {
  return (ref as { conversation?: { conversationType?: string } } | null)?.conversation?.conversationType === "personal";
}
