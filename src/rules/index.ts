/**
 * The rule set. Each rule is pure: (account, policy, now) → verdict with candidates, an explanation
 * and nextCheckAt, the earliest instant its candidates (which fire, their severity or key) could
 * change without new activity. The scan can store the earliest of them as the account's next due time.
 */
import { RULE_NAMES, type RuleName } from "../domain/nudges.js";
import type { AccountSnapshot, RuleVerdict } from "../domain/snapshot.js";
import type { Policy } from "./policy.js";
import { advocacyAskRule } from "./advocacyAsk.js";
import { exitFollowUpRule } from "./exitFollowUp.js";
import { renewalApproachingRule } from "./renewalApproaching.js";
import { stalledInStageRule } from "./stalledInStage.js";
import { staleContactRule } from "./staleContact.js";
import { unansweredComplaintRule } from "./unansweredComplaint.js";
import { earliest, type Rule } from "./verdict.js";

export type { Rule } from "./verdict.js";
export { dedupeKey } from "./verdict.js";
export { defaultPolicy, policySchema, type Policy, type PolicyInput } from "./policy.js";
export {
  advocacyAskRule,
  exitFollowUpRule,
  renewalApproachingRule,
  stalledInStageRule,
  staleContactRule,
  unansweredComplaintRule,
};

export const RULES: Record<RuleName, Rule> = {
  staleContact: staleContactRule,
  unansweredComplaint: unansweredComplaintRule,
  renewalApproaching: renewalApproachingRule,
  stalledInStage: stalledInStageRule,
  advocacyAsk: advocacyAskRule,
  exitFollowUp: exitFollowUpRule,
};

/** Runs the rules (all, or those in `only`) in RULE_NAMES order, one verdict each. */
export function evaluateAccount(
  account: AccountSnapshot,
  policy: Policy,
  now: Date,
  only?: readonly RuleName[],
): RuleVerdict[] {
  const names = only ? RULE_NAMES.filter((name) => only.includes(name)) : RULE_NAMES;
  return names.map((name) => RULES[name](account, policy, now));
}

/** When any of these verdicts could next change on its own: what the scan stores as the account's next due time. */
export function nextCheckOf(verdicts: readonly RuleVerdict[]): Date | null {
  return earliest(verdicts.map((v) => v.nextCheckAt));
}
