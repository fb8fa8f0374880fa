// The rule list is the one place a rule is declared: every spec must be complete, no two may clash,
// and everything derived from the list (names, titles, words, help, the memo's version) follows it.
import { describe, expect, it } from "vitest";
import type { AccountSnapshot } from "../../src/domain/snapshot.js";
import { PLANNER_POLICY } from "../../src/nudges/plan.js";
import { POSTING_POLICY } from "../../src/delivery/postPlan.js";
import { defaultPolicy, RULE_NAMES, RULE_SPECS, RULE_TITLES, RULE_WORD_HELP, RULES_VERSION, ruleForWord, ruleTitle } from "../../src/rules/index.js";

const NOW = new Date("2027-01-20T12:00:00Z");
const DAY = 86_400_000;
const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY);

/** Accounts that between them make every rule fire. */
const FIRING: AccountSnapshot[] = [
  account({ stage: "retention", lastCustomerTouchAt: daysAgo(50), renewalDate: "2027-01-25" }),
  account({ stage: "retention", stageSince: daysAgo(400), lastCustomerTouchAt: daysAgo(2) }),
  account({ stage: "onboarding", stageSince: daysAgo(90), lastCustomerTouchAt: daysAgo(2) }),
  account({ stage: "exit", stageSince: daysAgo(40), lastCustomerTouchAt: daysAgo(45) }),
  account({ openComplaints: [{ id: 7, openedAt: daysAgo(3), severity: "high", summary: "Down", firstResponseAt: null }], lastCustomerTouchAt: daysAgo(2) }),
];

function account(overrides: Partial<AccountSnapshot>): AccountSnapshot {
  return {
    id: "acc-1", name: "Acme Corp", stage: "retention", stageSince: daysAgo(200), createdAt: daysAgo(800), ownerId: null, segment: null,
    timeZone: "UTC", renewalDate: null, lastCustomerTouchAt: null, lastComplaintAt: null, cadenceOverride: null, openComplaints: [],
    annualValue: null, lastInboundAt: null, lastOutboundAt: null, unanswered: null, breadth: null, feedback: null, feedbackAskedAt: null, healthTrend: [], ...overrides,
  };
}

describe("the rule specs", () => {
  it.each(RULE_SPECS.map((s) => [s.name, s] as const))("%s is complete", (_name, spec) => {
    expect(spec.name).toMatch(/^[a-z][A-Za-z]+$/);
    expect(spec.title.trim()).not.toBe("");
    expect(spec.words.length).toBeGreaterThan(0);
    for (const word of spec.words) expect(word).toMatch(/^[a-z-]+$/);
    expect(spec.policy.length).toBeGreaterThan(0);
    for (const section of spec.policy) expect(Object.keys(defaultPolicy)).toContain(section);
    expect(Number.isInteger(spec.version) && spec.version >= 1).toBe(true);
    expect(typeof spec.evaluate).toBe("function");
    expect(Object.isFrozen(spec)).toBe(true);
  });

  it("no two clash: names, titles and words are each one rule's", () => {
    const names = RULE_SPECS.map((s) => s.name.toLowerCase());
    const titles = RULE_SPECS.map((s) => s.title.toLowerCase());
    const words = RULE_SPECS.flatMap((s) => s.words);
    expect(new Set(names).size).toBe(names.length);
    expect(new Set(titles).size).toBe(titles.length);
    expect(new Set(words).size).toBe(words.length);
    expect(words.filter((w) => names.includes(w))).toEqual([]);
  });

  it("each rule's verdicts and candidates carry its own name", () => {
    const fired = new Set<string>();
    for (const spec of RULE_SPECS) {
      for (const a of FIRING) {
        const v = spec.evaluate(a, defaultPolicy, NOW);
        expect(v.rule).toBe(spec.name);
        expect(v.explanation.trim()).not.toBe("");
        for (const c of v.candidates) {
          expect(c.rule).toBe(spec.name);
          expect(c.dedupeKey.startsWith(`${spec.name}:${a.id}:`)).toBe(true);
          fired.add(spec.name);
        }
      }
    }
    // The accounts make today's rules fire, so the candidate checks above are not vacuous; a new rule's own tests show it firing.
    expect(fired.size).toBeGreaterThanOrEqual(6);
  });

  it("every policy section is read by a rule, the planner or the post plan", () => {
    const read = new Set<string>([...RULE_SPECS.flatMap((s) => s.policy), ...PLANNER_POLICY, ...POSTING_POLICY]);
    expect(Object.keys(defaultPolicy).filter((section) => !read.has(section))).toEqual([]);
  });
});

describe("what derives from the list", () => {
  it("names, titles and the words of `watch`", () => {
    expect(RULE_NAMES).toEqual(RULE_SPECS.map((s) => s.name));
    for (const spec of RULE_SPECS) {
      expect(RULE_TITLES[spec.name]).toBe(spec.title);
      expect(ruleTitle(spec.name)).toBe(spec.title);
      expect(ruleForWord(spec.name.toUpperCase())).toBe(spec.name);
      for (const word of spec.words) expect(ruleForWord(word)).toBe(spec.name);
    }
    expect(ruleTitle("retiredRule")).toBe("retiredRule"); // a nudge stored by a rule no longer listed
    expect(ruleForWord("telepathy")).toBeNull();
    expect(RULE_WORD_HELP.split(", ")).toEqual(RULE_SPECS.map((s) => s.words[0]));
  });

  it("the memo's version names every rule at its version, so bumping one re-evaluates every account", () => {
    expect(RULES_VERSION.split(",")).toEqual(RULE_SPECS.map((s) => `${s.name}@${s.version}`));
  });
});
