import { knownSegments } from "../activity/segments.js";
import { AppError } from "../domain/errors.js";
import { roleAtLeast } from "../domain/people.js";
import { ruleForWord, ruleTitle, RULE_WORD_HELP, type RuleName } from "../rules/index.js";
import { findPerson } from "../people/findPerson.js";
import { currentChannel } from "./channelArg.js";
import type { ChannelRef, CommandContext, CommandSpec } from "./context.js";
import type { Token } from "./tokens.js";
import { confirmation } from "./validate.js";

const usage = "watch [all | mine | owner <person> | segment <name>] [rules…]";

interface Scope {
  scope: "all" | "owner" | "segment";
  scopeValue: string | null;
  label: string;
}

export const watchCommand: CommandSpec = {
  name: "watch", usage, minRole: "rep",
  summary: `Post nudges for these accounts into this channel. Rules (optional, default all): ${RULE_WORD_HELP}.`,
  examples: ["watch all", "watch mine", "watch owner @leo renewals complaints", 'watch segment "Enterprise EMEA"'],
  async run(tokens, ctx) {
    const { channel, binding: existing } = await currentChannel(ctx, "watch");
    const { scope, rest } = await readScope(tokens, ctx);
    if (scope.scope !== "owner" || scope.scopeValue !== ctx.actor.personId) requireManager(ctx, "point a channel at accounts other than your own");
    if (existing && !(existing.scope === "owner" && existing.scopeValue === ctx.actor.personId)) requireManager(ctx, "change what this channel watches");
    const rules = readRules(rest);
    const binding = await bindChannel(ctx, channel, scope, rules);
    const what = rules.length ? rules.map((r) => ruleTitle(r).toLowerCase()).join(", ") : "every kind of";
    return {
      reply: confirmation(`This channel now gets ${what} nudges for **${scope.label}**.`, [
        binding.digestCadence === "off" ? "Add a manager digest with `digest daily 09:00` or `digest weekly monday 09:00`." : "",
      ]),
    };
  },
};

export const unwatchCommand: CommandSpec = {
  name: "unwatch", usage: "unwatch", minRole: "rep",
  summary: "Stop posting nudges and digests into this channel.",
  examples: ["unwatch"],
  async run(_tokens, ctx) {
    const { binding } = await currentChannel(ctx, "unwatch");
    if (!binding) throw new AppError("not_found", "This channel is not watching any accounts.", ["`watch all` or `watch mine` sets it up."]);
    if (!(binding.scope === "owner" && binding.scopeValue === ctx.actor.personId)) requireManager(ctx, "stop a channel others rely on");
    // Queued posts for the channel go with it (cascade); messages already posted stay as they are.
    await ctx.db.channelBinding.delete({ where: { id: binding.id } });
    return { reply: confirmation("This channel no longer gets Keepwarm nudges or digests.") };
  },
};

export const dmCommand: CommandSpec = {
  name: "dm", usage: "dm on | off", minRole: "rep",
  summary: "Also get your own accounts' nudges as direct messages from the bot.",
  examples: ["dm on", "dm off"],
  async run(tokens, ctx) {
    const choice = tokens[0]?.value.toLowerCase();
    if (choice !== "on" && choice !== "off") throw new AppError("usage", "Say `dm on` or `dm off`.", ["dm on | off"]);
    if (!ctx.actor.personId) throw new AppError("forbidden", "Direct messages need you to be a known person; say `iam <your email>` first.");
    const direct = ctx.directChannel;
    if (!direct) throw new AppError("usage", "I can't reach you directly from here; say `dm on` in your personal chat with me.");
    if (choice === "off") {
      const removed = await ctx.db.channelBinding.deleteMany({ where: { platform: direct.platform, channelId: direct.channelId } });
      return { reply: confirmation(removed.count ? "No more direct messages for your nudges." : "You were not getting direct messages.") };
    }
    await bindChannel(ctx, direct, { scope: "owner", scopeValue: ctx.actor.personId, label: "your accounts" }, []);
    return { reply: confirmation("You'll also get your accounts' nudges as direct messages. `dm off` stops them.") };
  },
};

function requireManager(ctx: CommandContext, what: string): void {
  if (!roleAtLeast(ctx.actor.role, "manager")) {
    throw new AppError("forbidden", `Only managers and admins can ${what}; you are ${ctx.actor.role}.`, ["`watch mine` sends your own accounts' nudges here."]);
  }
}

async function readScope(tokens: Token[], ctx: CommandContext): Promise<{ scope: Scope; rest: Token[] }> {
  const [first, ...rest] = tokens;
  const word = first?.value.toLowerCase();
  if (!first || ruleForWord(first.value)) return { scope: { scope: "all", scopeValue: null, label: "every account" }, rest: tokens };
  if (word === "all") return { scope: { scope: "all", scopeValue: null, label: "every account" }, rest };
  if (word === "mine") {
    if (!ctx.actor.personId) throw new AppError("forbidden", "I don't know which accounts are yours yet; say `iam <your email>` first.");
    return { scope: { scope: "owner", scopeValue: ctx.actor.personId, label: "your accounts" }, rest };
  }
  if (word === "owner") {
    if (!rest[0]) throw new AppError("usage", "Whose accounts? Name the owner.", [usage]);
    const person = await findPerson(ctx.db, rest[0].value, usage);
    return { scope: { scope: "owner", scopeValue: person.id, label: `${person.name}'s accounts` }, rest: rest.slice(1) };
  }
  if (word === "segment") {
    if (!rest[0]) throw new AppError("usage", "Which segment? Name it (quote it if it has spaces).", [usage]);
    const segments = await knownSegments(ctx.db);
    const known = segments.find((s) => s.toLowerCase() === rest[0].value.toLowerCase());
    if (!known) {
      throw new AppError("not_found", `No account is in the segment "${rest[0].value}".`, [
        segments.length ? `Segments: ${segments.join(", ")}` : "No account has a segment yet (set it by CSV or the API).",
      ]);
    }
    return { scope: { scope: "segment", scopeValue: known, label: `the ${known} segment` }, rest: rest.slice(1) };
  }
  throw new AppError("usage", `"${first.value}" is not a scope or a rule.`, [usage, `Rules: ${RULE_WORD_HELP}`]);
}

function readRules(tokens: Token[]): RuleName[] {
  const rules = tokens.map((t) => {
    const rule = ruleForWord(t.value);
    if (!rule) throw new AppError("usage", `"${t.value}" is not a rule.`, [`Rules: ${RULE_WORD_HELP}`, usage]);
    return rule;
  });
  return [...new Set(rules)];
}

async function bindChannel(ctx: CommandContext, channel: ChannelRef, scope: Scope, rules: RuleName[]) {
  const data = {
    scope: scope.scope,
    scopeValue: scope.scopeValue,
    rules,
    channelName: channel.channelName ?? null,
    teamId: channel.teamId ?? null,
    ...(channel.conversationRef !== undefined && { conversationRef: channel.conversationRef as object }),
  };
  return ctx.db.channelBinding.upsert({
    where: { platform_channelId: { platform: channel.platform, channelId: channel.channelId } },
    create: { platform: channel.platform, channelId: channel.channelId, timeZone: ctx.timeZone, createdById: ctx.actor.personId, ...data },
    update: data,
  });
}
