import { describe, expect, it } from "vitest";
import { exitFollowUpRule } from "../../src/rules/exitFollowUp.js";
import { at, expectExactNextCheck, makeAccount, plusDays, policyWith } from "./fixtures.js";

const policy = policyWith(); // follow up 30 days after an exit
const EXITED = "2026-06-01";
const exitedAt = at(`${EXITED}T14:00`);
const exited = makeAccount({ stage: "exit", stageSince: exitedAt, lastCustomerTouchAt: at("2026-05-20T10:00") });
const daysAfterExit = (days: number) => at(`${plusDays(EXITED, days)}T09:00`);

describe("exitFollowUpRule", () => {
  it.each([
    { days: 29, fires: false },
    { days: 30, fires: true },
    { days: 90, fires: true },
  ])("$days days after the exit with no touch since → fires: $fires", ({ days, fires }) => {
    const verdict = exitFollowUpRule(exited, policy, daysAfterExit(days));
    expect(verdict.candidates.map((c) => c.severity)).toEqual(fires ? ["info"] : []);
  });

  it("words the follow-up respectfully and keys it to the exit", () => {
    const [candidate] = exitFollowUpRule(exited, policy, daysAfterExit(34)).candidates;
    expect(candidate.reason).toBe("Left 34 days ago; nobody has been in touch since. A short, respectful follow-up keeps the door open.");
    expect(candidate.dedupeKey).toBe("exitFollowUp:acc-1:exit:2026-06-01");
    expect(candidate.since).toEqual(at("2026-07-01T00:00"));
    expect(candidate.facts).toMatchObject({ daysSinceExit: 34, followUpDays: 30, lastTouchAt: "2026-05-20T10:00:00.000Z" });
  });

  it.each([
    { label: "a touch after the exit clears it", touch: at("2026-06-10T10:00"), fires: false },
    { label: "a touch at the exit itself does not", touch: exitedAt, fires: true },
    { label: "a touch before the exit does not", touch: at("2026-05-31T10:00"), fires: true },
    { label: "never touched at all", touch: null, fires: true },
  ])("$label", ({ touch, fires }) => {
    const verdict = exitFollowUpRule({ ...exited, lastCustomerTouchAt: touch }, policy, daysAfterExit(40));
    expect(verdict.candidates.length).toBe(fires ? 1 : 0);
    if (!fires) expect(verdict.explanation).toContain("someone was in touch since");
  });

  it("nextCheckAt is exact before the follow-up is due", () => {
    const verdict = expectExactNextCheck(exitFollowUpRule, exited, policy, daysAfterExit(3));
    expect(verdict.nextCheckAt).toEqual(at("2026-07-01T00:00"));
  });

  it("once it fires, only a touch clears it", () => {
    expect(exitFollowUpRule(exited, policy, daysAfterExit(45)).nextCheckAt).toBeNull();
  });

  it("respects the policy's follow-up days", () => {
    const sooner = policyWith({ exit: { followUpDays: 7 } });
    expect(exitFollowUpRule(exited, sooner, daysAfterExit(6)).candidates).toEqual([]);
    expect(exitFollowUpRule(exited, sooner, daysAfterExit(7)).candidates.length).toBe(1);
  });

  it("is only for exit accounts", () => {
    const verdict = exitFollowUpRule({ ...exited, stage: "retention" }, policy, daysAfterExit(100));
    expect(verdict).toMatchObject({ candidates: [], nextCheckAt: null });
    expect(verdict.explanation).toBe("Exit follow-ups are for accounts that left; this one is in retention.");
  });

  it("counts calendar days across a DST change (Europe/Berlin, 25 Oct 2026)", () => {
    const berlin = "Europe/Berlin";
    const account = { ...exited, timeZone: berlin, stageSince: at("2026-10-01T00:30", berlin), lastCustomerTouchAt: null };
    // 30 × 24 h have passed at 23:30 on 30 Oct, but it is still day 29 on the calendar.
    expect(exitFollowUpRule(account, policy, at("2026-10-30T23:30", berlin)).candidates).toEqual([]);
    expect(exitFollowUpRule(account, policy, at("2026-10-31T00:00", berlin)).candidates.length).toBe(1);
  });
});
