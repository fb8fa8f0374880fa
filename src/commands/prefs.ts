import { isPersonalChat } from "../delivery/directBinding.js";
import { describeQuietHours, storedQuietHours } from "../delivery/quietHours.js";
import { ruleFilterOf } from "../domain/channels.js";
import { AppError } from "../domain/errors.js";
import { RULE_NAMES, RULE_WORD_HELP, ruleForWord, ruleTitle, type RuleName } from "../rules/index.js";
import type { CommandContext, CommandSpec } from "./context.js";
import { confirmation } from "./validate.js";

const usage = "prefs | prefs dm <rule…> on|off | prefs digest on|off | prefs compact on|off";

/**
 * A person's own preferences, in one place: which rules reach them as direct messages, whether
 * their direct chat gets a digest, and compact nudges (one line each) in their own channels and
 * App Home. Quiet hours are `quiet me …`.
 */
export const prefsCommand: CommandSpec = {
  name: "prefs", aliases: ["preferences"], usage, minRole: "rep",
  summary: "Your preferences: direct messages on or off per rule, your digest, compact nudges; `prefs` shows them.",
  examples: ["prefs", "prefs dm renewals off", "prefs dm stale complaints on", "prefs digest off", "prefs compact on"],
  async run(tokens, ctx) {
    const personId = ctx.actor.personId;
    if (!personId) throw new AppError("usage", "I don't know who you are yet: say `iam <your work email>` first.");
    const words = tokens.map((t) => t.value);
    const what = words.shift()?.toLowerCase();
    if (!what) return { reply: await showPrefs(ctx, personId) };
    const choice = words.pop()?.toLowerCase();
    const problems: string[] = [];
    if (choice !== "on" && choice !== "off") problems.push(choice ? `"${choice}" is not on or off` : "say on or off at the end");
    if (what === "compact") {
      if (words.length) problems.push(`unexpected words: ${words.join(" ")}`);
      if (problems.length) throw usageError(problems);
      await ctx.db.person.update({ where: { id: personId }, data: { compactNudges: choice === "on" } });
      return { reply: confirmation(choice === "on" ? "Nudges in your own channels and App Home now show as one line each." : "Nudges show in full again.") };
    }
    if (what !== "dm" && what !== "digest") throw usageError([`"${what}" is not a preference: dm, digest or compact`, ...problems]);
    const rules = what === "dm" ? readRules(words, problems) : [];
    if (what === "dm" && rules.length === 0 && !problems.length) problems.push("which rules? e.g. `prefs dm renewals off`");
    if (what === "digest" && words.length) problems.push(`unexpected words: ${words.join(" ")}`);
    const binding = await directBinding(ctx, personId);
    if (!binding) problems.push("you don't get direct messages from me yet: say `dm on` in your chat with me first");
    if (problems.length || !binding) throw usageError(problems);
    if (what === "digest") {
      await ctx.db.channelBinding.update({ where: { id: binding.id }, data: choice === "on" ? { digestCadence: "daily", lastDigestAt: ctx.now } : { digestCadence: "off" } });
      return { reply: confirmation(choice === "on" ? `You get a daily digest of your accounts at ${binding.digestTime} (${binding.timeZone}); \`digest daily HH:MM\` in our chat changes the time.` : "No more digests in your direct messages.") };
    }
    const current = new Set<RuleName>((ruleFilterOf(binding.rules) as RuleName[] | null) ?? RULE_NAMES);
    for (const r of rules) (choice === "on" ? current.add(r) : current.delete(r));
    if (current.size === 0) throw usageError(["that would turn every rule off: `dm off` stops direct messages altogether"]);
    const stored = current.size === RULE_NAMES.length ? [] : RULE_NAMES.filter((r) => current.has(r));
    await ctx.db.channelBinding.update({ where: { id: binding.id }, data: { rules: stored } });
    return { reply: confirmation(`${rules.map(ruleTitle).join(", ")} ${choice === "on" ? "now reach" : "no longer reach"} you as direct messages.`, [dmLine(stored)]) };
  },
};

const usageError = (problems: string[]) => new AppError("usage", `Nothing changed: ${problems.join("; ")}.`, [usage, `Rules: ${RULE_WORD_HELP}`]);

function readRules(words: string[], problems: string[]): RuleName[] {
  const rules: RuleName[] = [];
  for (const w of words) {
    const rule = ruleForWord(w);
    if (rule) rules.push(rule);
    else problems.push(`"${w}" is not a rule`);
  }
  return [...new Set(rules)];
}

/** The binding of the person's direct chat with the bot that gets their accounts' nudges (`dm on`). */
async function directBinding(ctx: CommandContext, personId: string) {
  const own = await ctx.db.channelBinding.findMany({ where: { scope: "owner", scopeValue: personId } });
  const direct = ctx.directChannel;
  return own.find((b) => direct && b.platform === direct.platform && b.channelId === direct.channelId) ?? own.find((b) => isDirect(b)) ?? null;
}

/** A Slack DM channel or user id, or a Teams personal conversation. */
function isDirect(b: { platform: string; channelId: string; conversationRef: unknown }): boolean {
  if (b.platform === "slack") return /^[DUW]/.test(b.channelId);
  return isPersonalChat(b.conversationRef);
}

function dmLine(stored: unknown): string {
  const only = ruleFilterOf(stored);
  return only ? `Direct messages: ${only.map(ruleTitle).join(", ")}.` : "Direct messages: every rule.";
}

async function showPrefs(ctx: CommandContext, personId: string) {
  const person = await ctx.db.person.findUniqueOrThrow({ where: { id: personId }, select: { compactNudges: true, quietHours: true, timeZone: true } });
  const binding = await directBinding(ctx, personId);
  const quiet = storedQuietHours(person.quietHours);
  const lines = [
    binding ? dmLine(binding.rules) : "Direct messages: off (`dm on` in your chat with me turns them on).",
    binding ? `Your digest: ${binding.digestCadence === "off" ? "off" : `${binding.digestCadence} at ${binding.digestTime} (${binding.timeZone})`}.` : "Your digest: none (it comes with direct messages).",
    `Compact nudges: ${person.compactNudges ? "on" : "off"}.`,
    `Quiet hours: ${quiet ? describeQuietHours(quiet, person.timeZone ?? ctx.timeZone) : "none"} (\`quiet me …\`).`,
  ];
  return confirmation(`Your preferences, ${ctx.actor.name}:`, lines);
}
