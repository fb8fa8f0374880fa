/**
 * Inhibition (Alertmanager's idea, as policy data, src/rules/inhibitPolicy.ts): a rule whose nudge
 * is active on an account holds back the rules it suppresses there. Pure; the planner asks it once per
 * account.
 *
 * A suppressor is a rule with a candidate in this plan that is not itself suppressed: its nudge stays
 * active (open, acknowledged or snoozed) or is raised now. An active nudge no candidate wants any more
 * is resolved by this very plan, so it suppresses nothing: what it held back is raised in the same
 * plan. Because suppression follows only the candidates (the rules' verdicts), the memo needs no
 * moment of its own: the suppressor can clear only when its rule's verdict changes.
 */
import type { NudgeCandidate } from "../domain/snapshot.js";
import type { InhibitRule } from "../rules/inhibitPolicy.js";
import { ruleTitle } from "../rules/index.js";
import type { Policy } from "../rules/policy.js";

/** What inhibition reads of an active nudge (src/nudges/plan.ts has the whole of it). */
interface ActiveKey {
  id: number;
  dedupeKey: string;
}

/** Who holds a rule back: the suppressing rule's nudge (null while it is only being raised, with its key) and the policy entry. */
export interface Suppressor {
  rule: string;
  nudgeId: number | null;
  dedupeKey: string;
  /** Its index in policy.inhibit, and the entry. */
  entryIndex: number;
  entry: InhibitRule;
}

const NOTHING_SUPPRESSED: ReadonlyMap<string, Suppressor> = new Map();

/** The suppressor of each suppressed rule on this account; empty when nothing is held back. */
export function suppressedRules(candidates: readonly NudgeCandidate[], active: readonly ActiveKey[], policy: Policy): ReadonlyMap<string, Suppressor> {
  // One candidate (the common case) has nothing on the account to be held back by.
  if (policy.inhibit.length === 0 || candidates.length < 2) return NOTHING_SUPPRESSED;
  const out = new Map<string, Suppressor>();
  const candidatesOf = new Map<string, NudgeCandidate[]>();
  for (const c of candidates) candidatesOf.set(c.rule, [...(candidatesOf.get(c.rule) ?? []), c]);
  const decided = new Map<string, Suppressor | null>();
  // The policy forbids loops, so this terminates; `visiting` only guards a policy built without the schema.
  const visiting = new Set<string>();
  const suppressorOf = (rule: string): Suppressor | null => {
    if (decided.has(rule)) return decided.get(rule)!;
    if (visiting.has(rule)) return null;
    visiting.add(rule);
    let found: Suppressor | null = null;
    for (const [entryIndex, entry] of policy.inhibit.entries()) {
      if (!entry.suppress.includes(rule)) continue;
      const by = entry.when.find((w) => w !== rule && candidatesOf.has(w) && suppressorOf(w) === null);
      if (by) {
        found = { rule: by, ...nudgeOf(candidatesOf.get(by)!, active), entryIndex, entry };
        break;
      }
    }
    visiting.delete(rule);
    decided.set(rule, found);
    return found;
  };
  for (const rule of candidatesOf.keys()) {
    const s = suppressorOf(rule);
    if (s) out.set(rule, s);
  }
  return out;
}

/** The suppressing rule's active nudge if it has one (the one people can see), else its first candidate's key. */
function nudgeOf(candidates: NudgeCandidate[], active: readonly ActiveKey[]): Pick<Suppressor, "nudgeId" | "dedupeKey"> {
  for (const c of candidates) {
    const n = active.find((a) => a.dedupeKey === c.dedupeKey);
    if (n) return { nudgeId: n.id, dedupeKey: c.dedupeKey };
  }
  return { nudgeId: null, dedupeKey: candidates[0].dedupeKey };
}

/** "suppressed by nudge #12 (stale contact)", or "(… being raised now)" before the suppressor has a number. */
export function suppressedByWords(by: Pick<Suppressor, "rule" | "nudgeId">): string {
  const title = ruleTitle(by.rule).toLowerCase();
  return by.nudgeId === null ? `suppressed by ${title} (its nudge is being raised now)` : `suppressed by nudge #${by.nudgeId} (${title})`;
}

/** The policy entry, as a person reads it: `the policy's inhibit[0] ("unanswered complaint, stale contact or renewal approaching suppresses advocacy ask")`. */
export function inhibitEntryWords(s: Pick<Suppressor, "entryIndex" | "entry">): string {
  const titles = (names: string[]) => names.map((n) => ruleTitle(n).toLowerCase());
  const when = titles(s.entry.when);
  const whenWords = when.length > 1 ? `${when.slice(0, -1).join(", ")} or ${when[when.length - 1]}` : when[0];
  return `the policy's inhibit[${s.entryIndex}] ("${whenWords} suppresses ${titles(s.entry.suppress).join(" and ")}")`;
}

/** What `why` says of a held-back rule: who holds it back and by which policy entry. */
export function suppressionExplained(by: Suppressor): string {
  return `${suppressedByWords(by)}, per ${inhibitEntryWords(by)}`;
}
