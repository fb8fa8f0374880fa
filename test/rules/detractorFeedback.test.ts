import { describe, expect, it } from "vitest";
import type { FeedbackSnapshot } from "../../src/domain/snapshot.js";
import { detractorFeedbackRule } from "../../src/rules/detractorFeedback.js";
import { at, expectExactNextCheck, makeAccount, policyWith } from "./fixtures.js";

const policy = policyWith(); // 48 hours to reply
const GIVEN = at("2027-01-04T09:00");
const HOUR = 3_600_000;
const afterHours = (hours: number) => new Date(GIVEN.getTime() + hours * HOUR);
const answer = (overrides: Partial<FeedbackSnapshot> = {}): FeedbackSnapshot => ({ id: 41, at: GIVEN, scale: "nps", score: 3, ...overrides });
const account = (feedback: FeedbackSnapshot | null = answer(), overrides = {}) => makeAccount({ feedback, ...overrides });
const severities = (a = account(), now = afterHours(1), p = policy) => detractorFeedbackRule(a, p, now).candidates.map((c) => c.severity);

describe("detractorFeedbackRule", () => {
  it.each([
    { scale: "nps", score: 6, fires: true },
    { scale: "nps", score: 7, fires: false },
    { scale: "nps", score: 0, fires: true },
    { scale: "csat", score: 2, fires: true },
    { scale: "csat", score: 3, fires: false },
  ] as const)("$scale $score → fires: $fires", ({ scale, score, fires }) => {
    expect(severities(account(answer({ scale, score })))).toEqual(fires ? ["warning"] : []);
  });

  it.each([
    { hours: 47.99, severity: "warning" },
    { hours: 48, severity: "critical" },
    { hours: 200, severity: "critical" },
  ])("$hours hours without a reply → $severity", ({ hours, severity }) => {
    expect(severities(account(), afterHours(hours))).toEqual([severity]);
  });

  it.each([
    { label: "an outreach after it answers it", outbound: afterHours(2), fires: false },
    { label: "an outreach at the same moment does not", outbound: GIVEN, fires: true },
    { label: "an outreach before it does not", outbound: afterHours(-5), fires: true },
  ])("$label", ({ outbound, fires }) => {
    const verdict = detractorFeedbackRule(account(answer(), { lastOutboundAt: outbound }), policy, afterHours(3));
    expect(verdict.candidates.length).toBe(fires ? 1 : 0);
    if (!fires) expect(verdict.explanation).toBe("The latest feedback, NPS 3 (detractor) on Mon 4 Jan 2027 09:00, was answered: someone reached out on Mon 4 Jan 2027 11:00.");
  });

  it("words it with the score, the scale and the deadline, keyed to the answer", () => {
    const [warning] = detractorFeedbackRule(account(), policy, afterHours(5)).candidates;
    expect(warning.reason).toBe("NPS 3 (detractor) on Mon 4 Jan 2027 09:00 and nobody has reached out yet; reply within 48 hours, by Wed 6 Jan 2027 09:00.");
    const [critical] = detractorFeedbackRule(account(), policy, afterHours(60)).candidates;
    expect(critical.reason).toBe("NPS 3 (detractor) on Mon 4 Jan 2027 09:00 and nobody has reached out in 60 hours; a reply was due within 48 hours, by Wed 6 Jan 2027 09:00.");
    expect(critical.dedupeKey).toBe(warning.dedupeKey);
    expect(warning.dedupeKey).toBe("detractorFeedback:acc-1:feedback:41:41");
    expect(warning.facts).toMatchObject({ feedbackId: 41, feedbackScale: "nps", feedbackScore: 3, responseHours: 48, responseDeadline: "2027-01-06T09:00:00.000Z" });
  });

  it("reads the deadline on the account's wall clock, and follows the policy's hours", () => {
    const [candidate] = detractorFeedbackRule(account(answer(), { timeZone: "Europe/Berlin" }), policyWith({ feedback: { responseHours: 8 } }), afterHours(1)).candidates;
    expect(candidate.reason).toContain("reply within 8 hours, by Mon 4 Jan 2027 18:00");
  });

  it("nextCheckAt: the deadline, then only activity", () => {
    expect(expectExactNextCheck(detractorFeedbackRule, account(), policy, afterHours(10)).nextCheckAt).toEqual(afterHours(48));
    expect(detractorFeedbackRule(account(), policy, afterHours(48)).nextCheckAt).toBeNull();
  });

  it("explains when there is nothing to answer", () => {
    expect(detractorFeedbackRule(account(null), policy, afterHours(1)).explanation).toBe("No feedback received yet.");
    expect(detractorFeedbackRule(account(answer({ score: 9 })), policy, afterHours(1)).explanation).toBe("The latest feedback is NPS 9 (promoter): no detractor to answer.");
  });
});
