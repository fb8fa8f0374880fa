// Sending core messages back to people: ephemeral answers, channel announcements, nudge messages
// re-rendered in place after a click, and the App Home.
import type { RespondArguments, webApi } from "@slack/bolt";
import type { Logger } from "pino";
import type { Keepwarm } from "../keepwarm.js";
import { message as neutralMessage, type Message } from "../messages/model.js";
import { messageMetadata, renderMessage } from "./blocks.js";
import type { Origin } from "./origin.js";
import type { SlackPeople } from "./people.js";
import { homeView } from "./views.js";

type WebClient = webApi.WebClient;

export interface SlackDeps {
  kw: Keepwarm;
  people: SlackPeople;
  log: Logger;
}

export function ephemeral(msg: Message): RespondArguments {
  return { response_type: "ephemeral", replace_original: false, ...renderMessage(msg) };
}

export function notice(text: string): Message {
  return neutralMessage(text, [{ type: "text", text }]);
}

/** Answers through a response_url (from a form submission, where Bolt offers no respond()). */
export async function postToResponseUrl(url: string, body: RespondArguments): Promise<void> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body), signal: AbortSignal.timeout(5000) });
  if (!res.ok) throw new Error(`response_url answered HTTP ${res.status}`);
}

/** News for the channel (a stage change); when the bot cannot post there, the person is told why. */
export async function announce(deps: SlackDeps, client: WebClient, channelId: string, msg: Message, tell: (m: Message) => Promise<unknown>): Promise<void> {
  try {
    await client.chat.postMessage({ channel: channelId, ...renderMessage(msg), unfurl_links: false, unfurl_media: false });
  } catch (err) {
    deps.log.warn({ channel: channelId, err: (err as Error).message }, "slack: could not announce in the channel");
    await tell(notice("I couldn't announce this in the channel. Invite me with `/invite @Keepwarm` so the team sees stage changes."));
  }
}

/** Answers the person where the form or click came from: the response_url, else an ephemeral in the channel. */
export async function answer(client: WebClient, origin: Origin, userId: string, msg: Message): Promise<void> {
  if (origin.responseUrl) return postToResponseUrl(origin.responseUrl, ephemeral(msg));
  if (origin.channel) await client.chat.postEphemeral({ channel: origin.channel.id, user: userId, ...renderMessage(msg) });
}

/**
 * After a click: the message showing the nudges, re-rendered as they stand now (who did what, when).
 * The change is already stored and the outbox updates every copy anyway, so a failure here only logs.
 */
export async function refreshNudges(deps: SlackDeps, client: WebClient, origin: Origin, userId: string): Promise<void> {
  try {
    await refresh(deps, client, origin, userId);
  } catch (err) {
    deps.log.warn({ err: (err as Error).message, nudge: origin.nudgeId }, "slack: could not refresh the message at once; the outbox will");
  }
}

async function refresh(deps: SlackDeps, client: WebClient, origin: Origin, userId: string): Promise<void> {
  if (origin.home) return publishHome(deps, client, userId);
  if (origin.message) {
    const { channel, ts, nudgeIds, deliveryKey } = origin.message;
    const current = await deps.kw.nudgeMessage(nudgeIds, { platform: "slack", channelId: channel });
    if (!current) return;
    const shown = { ...current, deliveryKey };
    await client.chat.update({ channel, ts, ...renderMessage(shown), metadata: messageMetadata(shown) });
    return;
  }
  // An ephemeral list (e.g. `nudges`) cannot be edited by the bot: show the nudge as it stands now.
  if (origin.nudgeId !== undefined && origin.responseUrl) {
    const current = await deps.kw.nudgeMessage([origin.nudgeId]);
    if (current) await postToResponseUrl(origin.responseUrl, ephemeral(current));
  }
}

export async function publishHome(deps: SlackDeps, client: WebClient, userId: string): Promise<void> {
  const user = await deps.people.resolve(userId);
  const home = await deps.kw.home(user.actor, user.timeZone);
  await client.views.publish({ user_id: userId, view: homeView(home) });
}

/** Unexpected failures: logged for the operator, a short apology for the person. */
export async function guarded(deps: SlackDeps, what: string, work: () => Promise<void>, tell?: (m: Message) => Promise<unknown>): Promise<void> {
  try {
    await work();
  } catch (err) {
    deps.log.error({ err, what }, "slack: handler failed");
    await tell?.(notice("⚠️ Something went wrong on our side. It has been logged; try again in a moment.")).catch(() => undefined);
  }
}
