/** One account, decided: the rules' verdicts, then the planner's decision for each candidate and active nudge. */
import type { AccountSnapshot, RuleVerdict } from "../domain/snapshot.js";
import { evaluateAccount } from "../rules/index.js";
import type { Policy } from "../rules/policy.js";
import { planNudges, type ActiveNudge, type NudgeDecision } from "./plan.js";

export interface AccountEvaluation {
  verdicts: RuleVerdict[];
  decisions: readonly NudgeDecision[];
}

/** Pure, like the rules and the planner; the scan applies what changes, `why` explains all of it. */
export function evaluateAndPlan(account: AccountSnapshot, active: readonly ActiveNudge[], policy: Policy, now: Date): AccountEvaluation {
  const verdicts = evaluateAccount(account, policy, now);
  let candidates = NO_CANDIDATES;
  for (const v of verdicts) if (v.candidates.length) candidates = candidates === NO_CANDIDATES ? [...v.candidates] : candidates.concat(v.candidates);
  return { verdicts, decisions: planNudges(candidates, active, policy, now) };
}

const NO_CANDIDATES: RuleVerdict["candidates"] = Object.freeze([]);
