import { accountFilter } from "../digests/scope.js";
import { NOTICES_ONLY } from "../domain/channels.js";
import { ruleTitle } from "../rules/index.js";
import { mention, message } from "../messages/model.js";
import { currentChannel } from "./channelArg.js";
import { weekdayName } from "./digestSchedule.js";
import type { CommandSpec } from "./context.js";


export const settingsCommand: CommandSpec = {
  name: "settings", usage: "settings", minRole: "viewer",
  summary: "Show what this channel watches, which rules it gets and when its digest comes.",
  examples: ["settings"],
  async run(_tokens, ctx) {
    const { binding: b } = await currentChannel(ctx, "settings");
    if (!b) return { reply: message("Not watching", [{ type: "text", text: "This channel is not watching any accounts. `watch all` or `watch mine` sets it up." }]) };
    const owner = b.scope === "owner" && b.scopeValue ? await ctx.db.person.findUnique({ where: { id: b.scopeValue } }) : null;
    const scope =
      b.scope === "owner" ? `${mention(owner, "a removed person")}'s accounts` : b.scope === "segment" ? `segment ${b.scopeValue}` : b.scope === NOTICES_ONLY ? "no accounts (only messages for you; `dm on` adds your accounts' nudges)" : "every account";
    const rules = Array.isArray(b.rules) && b.rules.length ? (b.rules as string[]).map(ruleTitle).join(", ") : "all rules";
    const digest = b.digestCadence === "off" ? "off" : `${b.digestCadence} at ${b.digestTime}${b.digestCadence === "weekly" ? ` on ${weekdayName(b.digestWeekday)}` : ""}`;
    const accounts = await ctx.db.account.count({ where: await accountFilter(ctx.db, b) });
    return {
      reply: {
        ...message("Channel settings", [
          { type: "header", text: "Keepwarm in this channel" },
          {
            type: "facts",
            facts: [
              { label: "Watches", value: `${scope} (${accounts} now)` },
              { label: "Rules", value: rules },
              { label: "Digest", value: digest },
              { label: "Time zone", value: b.timeZone },
            ],
          },
          { type: "context", text: "Change with `watch …`, `digest …`; stop with `unwatch`." },
        ]),
        ...(owner && { people: { [owner.id]: { name: owner.name, slackUserId: owner.slackUserId, teamsUserId: owner.teamsUserId } } }),
      },
    };
  },
};
