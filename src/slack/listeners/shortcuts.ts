// "Log as touchpoint" in a message's ⋯ menu (a message shortcut, declared in manifest.json): the touch
// modal prefilled from the message. Its submission goes through the touch form's own listener.
import { webApi, type App } from "@slack/bolt";
import type { ChatMessage } from "../../forms/messageDraft.js";
import { messagePlainText, messageShortcut, tsToDate, type MessageShortcut } from "../payloads.js";
import { ephemeral, guarded, notice, postToResponseUrl, type SlackDeps } from "../replies.js";
import { formView } from "../views.js";

export const LOG_TOUCHPOINT_SHORTCUT = "log_touchpoint";

const MAX_MENTIONS_LOOKED_UP = 5;
const CANNOT_READ =
  "I can't read that message: Slack only shows me messages in conversations I'm in. Invite me with `/invite @Keepwarm` and try again, or log it with `/touch`.";
const NO_AUTHOR = "I can't tell who wrote that message (an app or a workflow?), so I can't log it as a touchpoint. Log it with `/touch` instead.";
const UNREADABLE_CHANNEL = new Set(["channel_not_found", "not_in_channel"]);

export function registerShortcuts(app: App, deps: SlackDeps): void {
  app.shortcut(LOG_TOUCHPOINT_SHORTCUT, async ({ ack, shortcut, client }) => {
    await ack();
    const parsed = messageShortcut.safeParse(shortcut);
    if (!parsed.success) return void deps.log.warn({ issues: parsed.error.issues.map((i) => i.message) }, "slack: unreadable message shortcut");
    const s = parsed.data;
    const tell = (text: string) => postToResponseUrl(s.response_url, ephemeral(notice(text)));
    await guarded(deps, "log as touchpoint", async () => {
      // The trigger id lasts 3 seconds: the profile lookups go at once. Only the zone of the person, for
      // the message's day: they become a Person when they submit, as with any form.
      const [read, { timeZone }] = await Promise.all([readMessage(deps, s), deps.people.lookup(s.user.id)]);
      if (typeof read === "string") return tell(read);
      const draft = await deps.kw.formDraft({ message: read, timeZone });
      if (!draft) return;
      const origin = { channel: { id: s.channel.id, teamId: s.team?.id ?? null, name: s.channel.name ?? null }, responseUrl: s.response_url };
      try {
        await client.views.open({ trigger_id: s.trigger_id, view: formView(draft.form, draft, origin) });
      } catch (err) {
        if (err instanceof webApi.WebAPIPlatformError && UNREADABLE_CHANNEL.has(err.data.error)) return tell(CANNOT_READ);
        throw err;
      }
    }, (m) => postToResponseUrl(s.response_url, ephemeral(m)));
  });
}

/** The message as the core reads it, or why it cannot be logged. */
async function readMessage(deps: SlackDeps, s: MessageShortcut): Promise<ChatMessage | string> {
  const m = s.message;
  if (!m?.text?.trim()) return CANNOT_READ;
  if (!m.user) return NO_AUTHOR;
  const given = m.user_profile?.real_name || m.user_profile?.display_name;
  const [looked, names] = await Promise.all([given ? null : deps.people.lookup(m.user), mentionedNames(deps, m.text)]);
  const name = given || looked?.name;
  if (!name) return NO_AUTHOR;
  const ourTeam = s.team?.id ?? s.user.team_id;
  const authorTeam = m.user_team ?? m.user_profile?.team;
  return {
    platform: "slack",
    channelId: s.channel.id,
    messageId: m.ts,
    text: messagePlainText(m.text, (id) => names.get(id)),
    postedAt: tsToDate(m.ts),
    author: { userId: m.user, name, ...(ourTeam && authorTeam && { external: authorTeam !== ourTeam }) },
  };
}

/** Names of the first few people a message mentions without a label (<@U123>), from their profiles. */
async function mentionedNames(deps: SlackDeps, text: string): Promise<Map<string, string>> {
  const ids = [...new Set([...text.matchAll(/<@([^|>]+)>/g)].map((x) => x[1]))].slice(0, MAX_MENTIONS_LOOKED_UP);
  const found = await Promise.all(ids.map(async (id) => [id, (await deps.people.lookup(id)).name] as const));
  return new Map(found.filter((e): e is [string, string] => e[1] !== null));
}
