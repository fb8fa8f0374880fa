import { describe, expect, it } from "vitest";
import type { AccountSnapshot } from "../../src/domain/snapshot.js";
import { goneQuietRule } from "../../src/rules/goneQuiet.js";
import { at, expectExactNextCheck, makeAccount, plusDays, policyWith } from "./fixtures.js";

const policy = policyWith(); // 3 outreaches, 21 days
const TODAY = "2026-06-01";
const NOW = at(`${TODAY}T12:00`);
const daysAgo = (days: number, time = "10:00") => at(`${plusDays(TODAY, -days)}T${time}`);
type Shape = { count?: number; sinceAgo?: number; replyAgo?: number | null } & Partial<AccountSnapshot>;
const account = ({ count = 3, sinceAgo = 24, replyAgo = 40, ...overrides }: Shape = {}) =>
  makeAccount({
    stage: "retention",
    lastInboundAt: replyAgo === null ? null : daysAgo(replyAgo),
    lastOutboundAt: daysAgo(1),
    unanswered: { count, since: daysAgo(sinceAgo) },
    ...overrides,
  });
const severities = (a = account()) => goneQuietRule(a, policy, NOW).candidates.map((c) => c.severity);

describe("goneQuietRule", () => {
  it.each([
    { count: 2, sinceAgo: 30, severity: null },
    { count: 3, sinceAgo: 30, severity: "warning" },
    { count: 3, sinceAgo: 20, severity: null },
    { count: 3, sinceAgo: 21, severity: "warning" },
    { count: 4, sinceAgo: 22, severity: "warning" },
  ])("$count unanswered, the first $sinceAgo days ago → $severity", ({ count, sinceAgo, severity }) => {
    expect(severities(account({ count, sinceAgo }))).toEqual(severity ? [severity] : []);
  });

  it.each([
    { stage: "awareness", fires: false },
    { stage: "consideration", fires: true },
    { stage: "advocacy", fires: true },
    { stage: "exit", fires: false },
  ] as const)("$stage → fires: $fires", ({ stage, fires }) => {
    expect(severities(account({ stage })).length).toBe(fires ? 1 : 0);
  });

  it("words it with the count, the days and their last reply, one episode per silence", () => {
    const [candidate] = goneQuietRule(account(), policy, NOW).candidates;
    expect(candidate.reason).toBe("3 outreaches over 24 days with no reply; their last reply was 40 days ago.");
    expect(candidate.dedupeKey).toBe("goneQuiet:acc-1:replies:2026-05-08");
    expect(candidate.facts).toMatchObject({ unansweredCount: 3, daysWaiting: 24, outboundTouchesNeeded: 3, daysNeeded: 21 });
    // Where no reply was ever logged, silence cannot be told from replies nobody logged.
    const neverLogged = goneQuietRule(account({ replyAgo: null }), policy, NOW);
    expect(neverLogged.candidates).toEqual([]);
    expect(neverLogged.explanation).toContain("No reply from them was ever recorded");
  });

  it("explains what keeps it quiet", () => {
    expect(goneQuietRule(account({ count: 2 }), policy, NOW).explanation).toBe("2 outreaches over 24 days with no reply; gone quiet needs 3 unanswered outreaches over 21 days.");
    expect(goneQuietRule(makeAccount({ lastInboundAt: daysAgo(2) }), policy, NOW).explanation).toBe("No outreach is waiting for a reply.");
    expect(goneQuietRule(account({ sinceAgo: 18 }), policy, NOW).explanation).toBe("3 outreaches over 18 days with no reply; it counts as gone quiet after 21 days (in 3 days).");
  });

  it("nextCheckAt: the local midnight the silence is long enough; otherwise only activity", () => {
    expect(expectExactNextCheck(goneQuietRule, account({ sinceAgo: 18 }), policy, NOW).nextCheckAt).toEqual(at(`${plusDays(TODAY, 3)}T00:00`));
    expect(goneQuietRule(account({ count: 2 }), policy, NOW).nextCheckAt).toBeNull();
    expect(goneQuietRule(account(), policy, NOW).nextCheckAt).toBeNull();
  });

  it("follows the policy", () => {
    const strict = policyWith({ breadth: { goneQuiet: { outboundTouches: 2, days: 7 } } });
    expect(goneQuietRule(account({ count: 2, sinceAgo: 7 }), strict, NOW).candidates.length).toBe(1);
  });
});
