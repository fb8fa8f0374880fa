// The delivery port on the Slack Web API: post (a message's charts then go into its thread), update
// in place, reply in a thread, and look a delivery up by the key its message metadata carries.
// Slack's errors become DeliveryErrors that say whether trying again can help.
import { webApi } from "@slack/bolt";
import type { Logger } from "pino";
import { z } from "zod";
import { DeliveryError, type ChannelNotifier, type ChannelTarget } from "../delivery/notifier.js";
import type { Message } from "../messages/model.js";
import { messageMetadata, renderMessage } from "./blocks.js";
import { uploadChartsInThread } from "./chartUploads.js";

type WebClient = webApi.WebClient;

/** Errors no retry can fix: the channel is gone or closed to us, or the token is. */
const PERMANENT = new Set([
  "channel_not_found", "not_in_channel", "is_archived", "invalid_auth", "account_inactive", "token_revoked", "token_expired",
  "not_authed", "missing_scope", "no_permission", "restricted_action", "team_access_not_granted", "ekm_access_denied",
  "invalid_blocks", "invalid_blocks_format", "msg_too_long", "invalid_metadata_format", "invalid_metadata_schema", "metadata_too_large",
  "message_not_found", "cant_update_message", "edit_window_closed", "user_not_found", "cannot_dm_bot",
]);
/** Slack sometimes answers 200 with "ratelimited"; then no Retry-After is known. */
const RATELIMITED_WAIT_MS = 30_000;
/** How far back a lost post is looked for after a crash (one drain pass posts far fewer). */
const HISTORY_LOOKBACK = 100;

const historyMessages = z.array(z.object({ ts: z.string().optional(), metadata: z.object({ event_payload: z.record(z.string(), z.unknown()).optional() }).optional() }));

/** A message's reference: the channel Slack put it in (a DM's D…, when posted to a user id) and its ts. */
export function messageRef(channel: string, ts: string): string {
  return `${channel}:${ts}`;
}

export function parseMessageRef(ref: string, fallbackChannel: string): { channel: string; ts: string } {
  const at = ref.lastIndexOf(":");
  return at > 0 ? { channel: ref.slice(0, at), ts: ref.slice(at + 1) } : { channel: fallbackChannel, ts: ref };
}

export function slackNotifier(client: WebClient, log: Logger): ChannelNotifier {
  const content = (message: Message) => ({ ...renderMessage(message), metadata: messageMetadata(message), unfurl_links: false, unfurl_media: false });
  return {
    async post(target, message) {
      const res = await sending(() => client.chat.postMessage({ channel: target.channelId, ...content(message) }));
      const channel = res.channel ?? target.channelId;
      if (message.charts) await uploadChartsInThread(client, log, { channel, ts: res.ts! }, message.charts);
      return { messageRef: messageRef(channel, res.ts!) };
    },
    async update(target, ref, message) {
      const { channel, ts } = parseMessageRef(ref, target.channelId);
      const { text, blocks, metadata } = content(message);
      await sending(() => client.chat.update({ channel, ts, text, blocks, ...(metadata && { metadata }) }));
    },
    async reply(target, parentRef, message) {
      const { channel, ts } = parseMessageRef(parentRef, target.channelId);
      const res = await sending(() => client.chat.postMessage({ channel, thread_ts: ts, ...content(message) }));
      return { messageRef: messageRef(res.channel ?? channel, res.ts!) };
    },
    async findPosted(target: ChannelTarget, deliveryKey: string) {
      // A channel's recent history, metadata included; thread replies and DMs to a user id are not visible here.
      if (/^[UW]/.test(target.channelId)) return null;
      let res: webApi.ConversationsHistoryResponse;
      try {
        res = await client.conversations.history({ channel: target.channelId, include_all_metadata: true, limit: HISTORY_LOOKBACK });
      } catch (err) {
        const e = toDeliveryError(err);
        if (!e.options.permanent) throw e; // rate limited or unreachable: look again on the next attempt
        // Cannot look (e.g. the history scope was removed): post, accepting a possible duplicate over a lost nudge.
        log.warn({ channel: target.channelId, err: e.message }, "slack: cannot check for an earlier post; posting");
        return null;
      }
      const carries = (payload: Record<string, unknown> | undefined) =>
        payload?.delivery_key === deliveryKey || (Array.isArray(payload?.delivery_keys) && payload.delivery_keys.includes(deliveryKey));
      const found = historyMessages.parse(res.messages ?? []).find((m) => carries(m.metadata?.event_payload));
      if (found?.ts) log.info({ channel: target.channelId, deliveryKey, ts: found.ts }, "slack: found an earlier post; not posting again");
      return found?.ts ? messageRef(target.channelId, found.ts) : null;
    },
  };
}

async function sending<T>(call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (err) {
    throw toDeliveryError(err);
  }
}

/** Rate limits wait as long as Slack asks; a closed channel or a revoked token fails for good; the rest is retried. */
export function toDeliveryError(err: unknown): DeliveryError {
  if (err instanceof webApi.WebAPIRateLimitedError) return new DeliveryError(`Slack rate limit: retry after ${err.retryAfter} s`, { retryAfterMs: err.retryAfter * 1000 });
  if (err instanceof webApi.WebAPIPlatformError) {
    const code = err.data.error;
    if (code === "ratelimited") return new DeliveryError("Slack rate limit (ratelimited)", { retryAfterMs: RATELIMITED_WAIT_MS });
    const hint = code === "not_in_channel" || code === "channel_not_found" ? ": invite the Keepwarm bot to the channel (/invite @Keepwarm)" : "";
    return new DeliveryError(`Slack said ${code}${hint}`, { permanent: PERMANENT.has(code) });
  }
  if (err instanceof webApi.WebAPIHTTPError) return new DeliveryError(`Slack answered HTTP ${err.statusCode}`);
  return new DeliveryError(`Slack unreachable: ${(err as Error).message}`);
}
