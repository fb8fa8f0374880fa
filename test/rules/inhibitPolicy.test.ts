// The policy's inhibition rules: names checked against the rule list, with errors that say what is
// wrong and what would be right; defaults as documented; an empty list turns inhibition off.
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/config/file.js";
import { defaultPolicy, policySchema, RULE_NAMES } from "../../src/rules/index.js";

const invalid = (inhibit: unknown) => {
  try {
    parseConfig({ policy: { inhibit } });
  } catch (err) {
    return (err as Error).message;
  }
  throw new Error("expected the config to be refused");
};

describe("policy.inhibit", () => {
  it("defaults: a complaint, stale contact or a renewal holds back the advocacy ask; exit holds back stale contact and renewal; an unhappy or silent customer holds back asks", () => {
    expect(defaultPolicy.inhibit).toEqual([
      { when: ["unansweredComplaint", "staleContact", "renewalApproaching"], suppress: ["advocacyAsk"] },
      { when: ["exitFollowUp"], suppress: ["staleContact", "renewalApproaching"] },
      { when: ["detractorFeedback", "atRisk", "goneQuiet"], suppress: ["advocacyAsk", "feedbackDue"] },
      { when: ["unansweredComplaint"], suppress: ["feedbackDue"] },
      { when: ["feedbackDue"], suppress: ["advocacyAsk"] },
    ]);
    for (const entry of defaultPolicy.inhibit) for (const name of [...entry.when, ...entry.suppress]) expect(RULE_NAMES).toContain(name);
  });

  it("takes one name or a list on either side, and [] turns it off", () => {
    expect(policySchema.parse({ inhibit: [{ when: "staleContact", suppress: "advocacyAsk" }] }).inhibit).toEqual([{ when: ["staleContact"], suppress: ["advocacyAsk"] }]);
    expect(policySchema.parse({ inhibit: [] }).inhibit).toEqual([]);
  });

  it.each<[string, unknown, string]>([
    ["an unknown rule, named with the known ones", [{ when: "stale", suppress: ["advocacyAsk"] }],
      `policy.inhibit.0.when.0: "stale" is not a rule; the rules are ${RULE_NAMES.join(", ")}`],
    ["an unknown rule among suppressed ones", [{ when: ["staleContact"], suppress: ["advocacyAsk", "telepathy"] }],
      `policy.inhibit.0.suppress.1: "telepathy" is not a rule; the rules are ${RULE_NAMES.join(", ")}`],
    ["a rule suppressing itself", [{ when: ["staleContact", "exitFollowUp"], suppress: ["exitFollowUp"] }],
      "policy.inhibit.0.suppress: exitFollowUp cannot suppress itself"],
    ["two rules suppressing each other", [{ when: "staleContact", suppress: "advocacyAsk" }, { when: "advocacyAsk", suppress: "staleContact" }],
      "policy.inhibit: rules cannot suppress each other in a loop: staleContact suppresses advocacyAsk suppresses staleContact"],
    ["an empty side", [{ when: [], suppress: ["advocacyAsk"] }], "policy.inhibit.0.when"],
    ["an unknown field", [{ when: "staleContact", suppress: "advocacyAsk", unless: "x" }], "policy.inhibit.0"],
  ])("refuses %s", (_case, inhibit, message) => {
    expect(invalid(inhibit)).toContain(message);
  });
});
