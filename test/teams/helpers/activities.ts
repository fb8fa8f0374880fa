// Bot Framework activities as Teams sends them (trimmed to what matters), pointed at a fake connector.
import { randomUUID } from "node:crypto";

export const TENANT = "tenant-0001";
export const BOT = { id: "28:keepwarm-bot", name: "Keepwarm" };
export const TEAM = { id: "19:team-general@thread.tacv2", name: "Account Team" };
export const CHANNEL = { id: "19:renewals@thread.tacv2", name: "renewals" };

export interface TeamsUser {
  id: string;
  name: string;
  aadObjectId: string;
}

export const ALICE: TeamsUser = { id: "29:alice", name: "Alice Manager", aadObjectId: "a11ce000-0000-4000-8000-000000000001" };
export const LEO: TeamsUser = { id: "29:leo", name: "Leo Park", aadObjectId: "1e000000-0000-4000-8000-000000000002" };

type Activity = Record<string, any>;

function base(serviceUrl: string, from: TeamsUser): Activity {
  return {
    id: `act-${randomUUID().slice(0, 8)}`,
    timestamp: new Date().toISOString(),
    channelId: "msteams",
    serviceUrl,
    locale: "en-US",
    localTimezone: "Europe/Paris",
    from,
    recipient: BOT,
  };
}

export const mentionOf = (user: { id: string; name: string }, extra: Record<string, unknown> = {}) => ({
  type: "mention",
  text: `<at>${user.name}</at>`,
  mentioned: { id: user.id, name: user.name, ...extra },
});

/** A message typed in a channel, @mentioning the bot (as Teams requires there), as a new post. */
export function channelMessage(serviceUrl: string, command: string, opts: { from?: TeamsUser; mentions?: object[] } = {}): Activity {
  const a = base(serviceUrl, opts.from ?? ALICE);
  return {
    ...a,
    type: "message",
    text: `<at>${BOT.name}</at> ${command}`,
    entities: [mentionOf(BOT), ...(opts.mentions ?? [])],
    conversation: { id: `${CHANNEL.id};messageid=${a.id}`, conversationType: "channel", tenantId: TENANT, isGroup: true },
    channelData: { team: TEAM, channel: { id: CHANNEL.id }, tenant: { id: TENANT } },
  };
}

export const personalConversation = (user: TeamsUser = ALICE) => ({ id: `a:personal-${user.id.slice(3)}`, conversationType: "personal", tenantId: TENANT });

/** A message in the user's one-to-one chat with the bot: no mention needed. */
export function personalMessage(serviceUrl: string, text: string, from: TeamsUser = ALICE): Activity {
  return { ...base(serviceUrl, from), type: "message", text, conversation: personalConversation(from), channelData: { tenant: { id: TENANT } } };
}

/** The bot added to a team (its General channel) or to a personal chat. */
export function installActivity(serviceUrl: string, scope: "team" | "personal"): Activity {
  const a = base(serviceUrl, ALICE);
  const conversation = scope === "team" ? { id: TEAM.id, conversationType: "channel", tenantId: TENANT, isGroup: true } : personalConversation();
  const channelData = scope === "team" ? { team: TEAM, eventType: "teamMemberAdded", tenant: { id: TENANT } } : { tenant: { id: TENANT } };
  return { ...a, type: "conversationUpdate", membersAdded: [{ id: BOT.id }], conversation, channelData };
}

/**
 * A button pressed on a card: Teams posts a message whose value is the button's data merged with
 * the card's inputs, replying to the card's activity.
 */
export function submitActivity(serviceUrl: string, card: { conversationId: string; activityId: string }, value: Record<string, unknown>, from: TeamsUser = ALICE): Activity {
  const inChannel = card.conversationId.startsWith("19:");
  return {
    ...base(serviceUrl, from),
    type: "message",
    value,
    replyToId: card.activityId,
    conversation: inChannel
      ? { id: `${card.conversationId.split(";")[0]};messageid=${card.activityId}`, conversationType: "channel", tenantId: TENANT, isGroup: true }
      : { id: card.conversationId, conversationType: "personal", tenantId: TENANT },
    channelData: inChannel ? { team: TEAM, channel: { id: card.conversationId.split(";")[0] }, tenant: { id: TENANT } } : { tenant: { id: TENANT } },
  };
}
