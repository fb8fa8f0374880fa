import { AppError } from "../domain/errors.js";
import { isRuleName, RULE_NAMES, type RuleName } from "../domain/nudges.js";
import type { ChannelRef, CommandContext } from "./context.js";

export function requireChannel(ctx: CommandContext, command: string): ChannelRef {
  if (!ctx.channel) {
    throw new AppError("usage", `\`${command}\` works in a Slack or Teams channel: it sets up the channel you type it in.`, [
      "From the terminal, `keepwarm digest --channel <id>` prints a bound channel's digest.",
    ]);
  }
  return ctx.channel;
}

export async function findBinding(ctx: CommandContext, channel: ChannelRef) {
  return ctx.db.channelBinding.findUnique({ where: { platform_channelId: { platform: channel.platform, channelId: channel.channelId } } });
}

/** Short words people type for rules, alongside the rule names themselves. */
const RULE_WORDS: Record<string, RuleName> = {
  stale: "staleContact",
  contact: "staleContact",
  complaint: "unansweredComplaint",
  complaints: "unansweredComplaint",
  renewal: "renewalApproaching",
  renewals: "renewalApproaching",
  stalled: "stalledInStage",
  stage: "stalledInStage",
  onboarding: "stalledInStage",
  advocacy: "advocacyAsk",
  exit: "exitFollowUp",
  exits: "exitFollowUp",
};

export function parseRuleWord(word: string): RuleName | null {
  const lower = word.toLowerCase();
  const exact = RULE_NAMES.find((r) => r.toLowerCase() === lower);
  if (exact && isRuleName(exact)) return exact;
  return RULE_WORDS[lower] ?? null;
}

export const RULE_WORD_HELP = "stale, complaints, renewals, stalled, advocacy, exit";
