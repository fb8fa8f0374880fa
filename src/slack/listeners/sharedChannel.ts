// Messages in channels the bot is in (message.channels, message.groups): in a channel linked as a
// customer's shared channel they are touchpoints (the core coalesces them); elsewhere nothing happens.
// Slack has its answer before this runs (Bolt acknowledges events first), so the database never holds it up.
import type { App } from "@slack/bolt";
import { channelMessageOf } from "../channelMessages.js";
import { guarded, type SlackDeps } from "../replies.js";

/** The Events API subscriptions behind app.event("message") (manifest.json declares them). */
export const MESSAGE_EVENT_SUBSCRIPTIONS = ["message.channels", "message.groups"] as const;

export function registerSharedChannel(app: App, deps: SlackDeps): void {
  app.event("message", async ({ event, body, context }) => {
    const seen = channelMessageOf(body, event, context.botUserId);
    if (!seen) return;
    await guarded(deps, "message", async () => {
      const outcome = await deps.kw.recordSharedChannelMessage({
        platform: "slack",
        channelId: seen.channelId,
        messageId: seen.ts,
        occurredAt: seen.occurredAt,
        authorSide: async () => seen.side,
        customerName: seen.authorName,
        ourAuthor: () => deps.people.identify(seen.userId),
      });
      deps.log.debug({ channel: seen.channelId, ts: seen.ts, side: seen.side, outcome: outcome.status }, "slack: channel message");
    });
  });
}
