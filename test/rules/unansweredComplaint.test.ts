import { describe, expect, it } from "vitest";
import { unansweredComplaintRule } from "../../src/rules/unansweredComplaint.js";
import { at, expectExactNextCheck, makeAccount, makeComplaint, policyWith } from "./fixtures.js";

const NY = "America/New_York";
const HOUR = 3_600_000;
const plainHours = policyWith();
const officeHours = policyWith({ complaints: { businessHours: { start: "09:00", end: "17:00" } } });

describe("unansweredComplaintRule without business hours", () => {
  const opened = at("2027-01-04T09:00");
  const account = makeAccount({ openComplaints: [makeComplaint({ id: 17, severity: "medium", openedAt: opened })] });
  const afterHours = (hours: number) => new Date(opened.getTime() + hours * HOUR);

  it.each([
    { hours: 23.99, severity: null },
    { hours: 24, severity: "warning" },
    { hours: 47.99, severity: "warning" },
    { hours: 48, severity: "critical" },
  ])("medium (24 h): after $hours h → $severity", ({ hours, severity }) => {
    const verdict = unansweredComplaintRule(account, plainHours, afterHours(hours));
    expect(verdict.candidates.map((c) => c.severity)).toEqual(severity ? [severity] : []);
  });

  it("keeps one key per complaint while it escalates", () => {
    const [warning] = unansweredComplaintRule(account, plainHours, afterHours(30)).candidates;
    const [critical] = unansweredComplaintRule(account, plainHours, afterHours(50)).candidates;
    expect(warning.dedupeKey).toBe("unansweredComplaint:acc-1:complaint:17:17");
    expect(critical.dedupeKey).toBe(warning.dedupeKey);
    expect(warning.subject).toBe("complaint:17");
    expect(warning.since).toEqual(afterHours(24));
  });

  it.each([
    { severity: "high" as const, allowed: 8 },
    { severity: "critical" as const, allowed: 2 },
  ])("a $severity complaint is critical as soon as its $allowed hours run out", ({ severity, allowed }) => {
    const urgent = makeAccount({ openComplaints: [makeComplaint({ severity, openedAt: opened })] });
    expect(unansweredComplaintRule(urgent, plainHours, afterHours(allowed - 0.01)).candidates).toEqual([]);
    expect(unansweredComplaintRule(urgent, plainHours, afterHours(allowed)).candidates.map((c) => c.severity)).toEqual(["critical"]);
  });

  it("gives a reason and facts a rep can act on", () => {
    const [candidate] = unansweredComplaintRule(account, plainHours, afterHours(26.5)).candidates;
    expect(candidate.reason).toBe(
      'No first response to medium complaint #17 ("Invoices were charged twice") after 26 hours; it was due within 24 hours, by Tue 5 Jan 2027 09:00.',
    );
    expect(candidate.facts).toMatchObject({
      complaintId: 17,
      complaintSeverity: "medium",
      complaintAgeHours: 26,
      responseHours: 24,
      responseDeadline: "2027-01-05T09:00:00.000Z",
      businessHours: null,
    });
  });

  it.each([
    { label: "deadline", hours: 3, expected: afterHours(24) },
    { label: "twice the allowed time", hours: 30, expected: afterHours(48) },
  ])("nextCheckAt is the next $label", ({ hours, expected }) => {
    const verdict = expectExactNextCheck(unansweredComplaintRule, account, plainHours, afterHours(hours));
    expect(verdict.nextCheckAt).toEqual(expected);
  });

  it("has nothing to wait for once critical", () => {
    expect(unansweredComplaintRule(account, plainHours, afterHours(100)).nextCheckAt).toBeNull();
  });

  it("an answered complaint never fires, and the explanation says so", () => {
    const answered = makeComplaint({ severity: "critical", openedAt: opened, firstResponseAt: afterHours(1) });
    const verdict = unansweredComplaintRule(makeAccount({ openComplaints: [answered] }), plainHours, afterHours(500));
    expect(verdict.candidates).toEqual([]);
    expect(verdict.nextCheckAt).toBeNull();
    expect(verdict.explanation).toBe("No unanswered complaints: 1 open complaint already has a first response, so it does not count.");
  });

  it("no open complaints: nothing to do", () => {
    const verdict = unansweredComplaintRule(makeAccount(), plainHours, afterHours(1));
    expect(verdict).toMatchObject({ candidates: [], explanation: "No open complaints.", nextCheckAt: null });
  });

  it("handles several complaints: one overdue, one waiting, one answered", () => {
    const mixed = makeAccount({
      openComplaints: [
        makeComplaint({ id: 3, severity: "low", openedAt: opened }),
        makeComplaint({ id: 1, severity: "high", openedAt: opened }),
        makeComplaint({ id: 2, severity: "high", openedAt: opened, firstResponseAt: afterHours(2) }),
      ],
    });
    const verdict = unansweredComplaintRule(mixed, plainHours, afterHours(10));
    expect(verdict.candidates.map((c) => c.subject)).toEqual(["complaint:1"]);
    expect(verdict.nextCheckAt).toEqual(afterHours(72));
    expect(verdict.explanation).toContain("#3 (low) needs a first response by");
    expect(verdict.explanation).toContain("1 open complaint already has a first response");
  });
});

describe("unansweredComplaintRule with business hours 09:00–17:00 Mon–Fri", () => {
  it.each([
    { label: "Friday 16:00, across the weekend", opened: "2027-01-08T16:00", severity: "high", deadline: "2027-01-11T16:00" },
    { label: "Saturday: the clock starts Monday 09:00", opened: "2027-01-09T10:00", severity: "high", deadline: "2027-01-11T17:00" },
    { label: "Tuesday 20:00, after hours", opened: "2027-01-12T20:00", severity: "high", deadline: "2027-01-13T17:00" },
    { label: "Tuesday 07:00, before hours", opened: "2027-01-12T07:00", severity: "high", deadline: "2027-01-12T17:00" },
    { label: "Friday 09:00, ends exactly at close", opened: "2027-01-08T09:00", severity: "high", deadline: "2027-01-08T17:00" },
    { label: "Monday 09:00, 24 h spans three days", opened: "2027-01-11T09:00", severity: "medium", deadline: "2027-01-13T17:00" },
    { label: "Thursday 15:30, 2 h crosses the evening", opened: "2027-01-07T15:30", severity: "critical", deadline: "2027-01-08T09:30" },
  ] as const)("$label → $deadline", ({ opened, severity, deadline }) => {
    const complaint = makeComplaint({ severity, openedAt: at(opened, NY) });
    const account = makeAccount({ timeZone: NY, openComplaints: [complaint] });
    const due = at(deadline, NY);
    const before = unansweredComplaintRule(account, officeHours, new Date(due.getTime() - 60_000));
    expect(before.candidates).toEqual([]);
    expect(before.nextCheckAt).toEqual(due);
    const [candidate] = unansweredComplaintRule(account, officeHours, due).candidates;
    expect(candidate.facts.responseDeadline).toBe(due.toISOString());
    expect(candidate.facts.businessHours).toBe("09:00-17:00 Mon–Fri America/New_York");
  });

  it("doubling counts business hours too: a Friday medium complaint turns critical a week on Monday", () => {
    const complaint = makeComplaint({ severity: "medium", openedAt: at("2027-01-08T16:00", NY) });
    const account = makeAccount({ timeZone: NY, openComplaints: [complaint] });
    // 24 h: Fri 1 + Mon 8 + Tue 8 + Wed 7 → Wed 16:00; 48 h: … + Wed 1 + Thu 8 + Fri 8 + Mon 7 → Mon 16:00.
    const warning = unansweredComplaintRule(account, officeHours, at("2027-01-13T16:00", NY));
    expect(warning.candidates.map((c) => c.severity)).toEqual(["warning"]);
    expect(warning.nextCheckAt).toEqual(at("2027-01-18T16:00", NY));
    const critical = unansweredComplaintRule(account, officeHours, at("2027-01-18T16:00", NY));
    expect(critical.candidates.map((c) => c.severity)).toEqual(["critical"]);
    expect(critical.candidates[0].reason).toContain("more than twice that");
    expect(warning.candidates[0].reason).toContain("within 24 business hours, by Wed 13 Jan 2027 16:00");
  });

  it("business hours follow the wall clock across a DST change (Europe/Berlin, 28 Mar 2027)", () => {
    const berlin = "Europe/Berlin";
    const complaint = makeComplaint({ severity: "high", openedAt: at("2027-03-26T16:00", berlin) });
    const account = makeAccount({ timeZone: berlin, openComplaints: [complaint] });
    const verdict = unansweredComplaintRule(account, officeHours, at("2027-03-26T17:00", berlin));
    expect(verdict.nextCheckAt?.toISOString()).toBe("2027-03-29T14:00:00.000Z");
  });

  it("custom weekdays: a Sunday–Thursday week", () => {
    const sunToThu = policyWith({ complaints: { businessHours: { days: [7, 1, 2, 3, 4] } } });
    const complaint = makeComplaint({ severity: "high", openedAt: at("2027-01-07T16:00", NY) }); // Thursday
    const account = makeAccount({ timeZone: NY, openComplaints: [complaint] });
    const verdict = unansweredComplaintRule(account, sunToThu, at("2027-01-08T12:00", NY));
    expect(verdict.nextCheckAt).toEqual(at("2027-01-10T16:00", NY));
  });
});
