/**
 * What makes a rule: one spec per rule, in the rule's own file, listed once in RULE_SPECS
 * (src/rules/index.ts). Names, titles, channel words, help and the memo's version all derive
 * from the list, so adding a rule is its file plus one line there.
 */
import type { Policy } from "./policy.js";
import type { Rule } from "./verdict.js";

export type PolicySection = keyof Policy;

export interface RuleSpec<N extends string = string> {
  /** Stored on every nudge and in channel filters: never rename a rule that has shipped. */
  name: N;
  /** How people see it: "Stale contact". */
  title: string;
  /** Words people type for it in `watch … <rules>`, besides its name; the first is the one help shows. */
  words: readonly [string, ...string[]];
  /** The policy sections it reads (test/rules/specs.test.ts checks they exist and every section has a reader). */
  policy: readonly PolicySection[];
  /**
   * Bump when what the rule decides for unchanged data changes (not for rewording): the scan's memo
   * (src/nudges/memo.ts) then evaluates every account again at the next scan.
   */
  version: number;
  evaluate: Rule;
}

export function defineRule<const N extends string>(spec: RuleSpec<N>): Readonly<RuleSpec<N>> {
  return Object.freeze(spec);
}
