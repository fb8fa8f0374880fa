/**
 * The rule set: every rule's spec, once. Everything else about rules is derived from this list:
 * names, titles, the words `watch` understands and their help, and the version the scan's memo
 * keys on. Adding a rule is its file (see src/rules/spec.ts) plus one line here.
 *
 * Each rule is pure: (account, policy, now) → verdict with candidates, an explanation and
 * nextCheckAt, the earliest instant its candidates could change without new activity.
 */
import type { AccountSnapshot, RuleVerdict } from "../domain/snapshot.js";
import { advocacyAsk } from "./advocacyAsk.js";
import { atRisk } from "./atRisk.js";
import { detractorFeedback } from "./detractorFeedback.js";
import { exitFollowUp } from "./exitFollowUp.js";
import { feedbackDue } from "./feedbackDue.js";
import { goneQuiet } from "./goneQuiet.js";
import { policySchemaFor, type Policy } from "./policy.js";
import { renewalApproaching } from "./renewalApproaching.js";
import { singleThreaded } from "./singleThreaded.js";
import type { RuleSpec } from "./spec.js";
import { staleContact } from "./staleContact.js";
import { stalledInStage } from "./stalledInStage.js";
import { unansweredComplaint } from "./unansweredComplaint.js";
import { earliest, type Rule } from "./verdict.js";

export type { Rule } from "./verdict.js";
export type { RuleSpec } from "./spec.js";
export { dedupeKey } from "./verdict.js";
export type { Policy, PolicyInput } from "./policy.js";

/** In the order `why`, digests and help list them. */
export const RULE_SPECS = [
  staleContact, unansweredComplaint, renewalApproaching, stalledInStage, advocacyAsk, exitFollowUp,
  detractorFeedback, atRisk, goneQuiet, singleThreaded, feedbackDue,
] as const;

export type RuleName = (typeof RULE_SPECS)[number]["name"];
export const RULE_NAMES: readonly RuleName[] = RULE_SPECS.map((s) => s.name);

/** The policy file's `policy` section; its inhibition rules may name only these rules. */
export const policySchema = policySchemaFor(RULE_NAMES);
export const defaultPolicy: Policy = policySchema.parse({});

const byName = new Map<string, RuleSpec<RuleName>>(RULE_SPECS.map((s) => [s.name, s]));

export const RULES = Object.fromEntries(RULE_SPECS.map((s) => [s.name, s.evaluate])) as Record<RuleName, Rule>;
export const RULE_TITLES = Object.fromEntries(RULE_SPECS.map((s) => [s.name, s.title])) as Record<RuleName, string>;

export function isRuleName(value: string): value is RuleName {
  return byName.has(value);
}

/** A rule's title; a nudge stored by a rule that no longer exists shows its name. */
export function ruleTitle(name: string): string {
  return byName.get(name)?.title ?? name;
}

/** The rule a typed word means: its name (any case) or one of its words. */
export function ruleForWord(word: string): RuleName | null {
  const lower = word.toLowerCase();
  return RULE_SPECS.find((s) => s.name.toLowerCase() === lower || s.words.includes(lower))?.name ?? null;
}

/** "stale, complaints, renewals, …": one word per rule, for usage lines and help. */
export const RULE_WORD_HELP = RULE_SPECS.map((s) => s.words[0]).join(", ");

/**
 * What the scan's memo keys on for the rules: every rule's name and version. Bumping a rule's
 * version in its own file, or adding or removing a rule, changes it.
 */
export const RULES_VERSION = RULE_SPECS.map((s) => `${s.name}@${s.version}`).join(",");

/** Runs the rules (all, or those in `only`) in list order, one verdict each. */
export function evaluateAccount(account: AccountSnapshot, policy: Policy, now: Date, only?: readonly RuleName[]): RuleVerdict[] {
  const specs = only ? RULE_SPECS.filter((s) => only.includes(s.name)) : RULE_SPECS;
  return specs.map((s) => s.evaluate(account, policy, now));
}

/** When any of these verdicts could next change on its own: what the scan stores as the account's next due time. */
export function nextCheckOf(verdicts: readonly RuleVerdict[]): Date | null {
  return earliest(verdicts.map((v) => v.nextCheckAt));
}
