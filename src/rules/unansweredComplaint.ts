/**
 * Unanswered complaint: an open complaint has had no first response within its allowed time.
 *
 * - Deadline = openedAt + policy.complaints.responseHours[severity]; with business hours set, only
 *   hours inside them count, on the account's wall clock (see addResponseHours).
 * - Fires at now >= deadline; critical for high/critical complaints, or for any complaint once it
 *   has waited twice its allowed time (measured the same way), otherwise warning.
 * - One episode per complaint: subject and period are the complaint id, so escalation keeps the key.
 * - complaintAgeHours is wall-clock time since opening, what the customer has actually waited.
 */
import type { AccountSnapshot, ComplaintSnapshot, NudgeCandidate, RuleVerdict } from "../domain/snapshot.js";
import type { Policy } from "./policy.js";
import { formatLocalDateTime, formatWeekdays, plural, truncate } from "./format.js";
import { addResponseHours } from "./time.js";
import { defineRule } from "./spec.js";
import { earliest, nudgeCandidate, verdict } from "./verdict.js";

const RULE = "unansweredComplaint";
const MS_PER_HOUR = 3_600_000;

interface ResponseClock {
  complaint: ComplaintSnapshot;
  allowedHours: number;
  deadline: Date;
  /** Twice the allowed time: from here a warning becomes critical. */
  doubleDeadline: Date;
}

export const unansweredComplaint = defineRule({
  name: RULE, title: "Unanswered complaint", words: ["complaints", "complaint"], policy: ["complaints"], version: 1, evaluate: unansweredComplaintRule,
});

export function unansweredComplaintRule(account: AccountSnapshot, policy: Policy, now: Date): RuleVerdict {
  const open = account.openComplaints;
  const answered = open.filter((c) => c.firstResponseAt !== null).length;
  const waiting = open
    .filter((c) => c.firstResponseAt === null)
    .sort((a, b) => a.openedAt.getTime() - b.openedAt.getTime() || a.id - b.id);
  if (waiting.length === 0) {
    return verdict(RULE, () => (answered > 0 ? `No unanswered complaints: ${answeredNote(answered)}` : "No open complaints."), null);
  }
  const candidates: NudgeCandidate[] = [];
  const sentences: string[] = [];
  const nextChecks: (Date | null)[] = [];
  for (const complaint of waiting) {
    const clock = responseClock(complaint, account, policy);
    if (now < clock.deadline) {
      const left = plural(Math.ceil((clock.deadline.getTime() - now.getTime()) / MS_PER_HOUR), "hour");
      const by = formatLocalDateTime(clock.deadline, account.timeZone);
      sentences.push(`Complaint #${complaint.id} (${complaint.severity}) needs a first response by ${by} (within ${left}).`);
      nextChecks.push(clock.deadline);
      continue;
    }
    const candidate = overdueCandidate(clock, account, policy, now);
    candidates.push(candidate);
    sentences.push(candidate.reason);
    nextChecks.push(candidate.severity === "critical" ? null : clock.doubleDeadline);
  }
  if (answered > 0) sentences.push(answeredNote(answered));
  return verdict(RULE, () => sentences.join(" "), earliest(nextChecks), candidates);
}

function responseClock(complaint: ComplaintSnapshot, account: AccountSnapshot, policy: Policy): ResponseClock {
  const { responseHours, businessHours } = policy.complaints;
  const allowedHours = responseHours[complaint.severity];
  const deadlineAfter = (hours: number) => addResponseHours(complaint.openedAt, hours, businessHours, account.timeZone);
  return { complaint, allowedHours, deadline: deadlineAfter(allowedHours), doubleDeadline: deadlineAfter(2 * allowedHours) };
}

function overdueCandidate(clock: ResponseClock, account: AccountSnapshot, policy: Policy, now: Date): NudgeCandidate {
  const { complaint, allowedHours, deadline, doubleDeadline } = clock;
  const businessHours = policy.complaints.businessHours;
  const urgent = complaint.severity === "critical" || complaint.severity === "high";
  const twiceLate = now >= doubleDeadline;
  const ageHours = Math.floor((now.getTime() - complaint.openedAt.getTime()) / MS_PER_HOUR);
  const allowed = plural(allowedHours, businessHours ? "business hour" : "hour");
  const late = twiceLate ? ", and it has now waited more than twice that" : "";
  const reason =
    `No first response to ${complaint.severity} complaint #${complaint.id} ("${truncate(complaint.summary, 60)}") ` +
    `after ${plural(ageHours, "hour")}; it was due within ${allowed}, by ${formatLocalDateTime(deadline, account.timeZone)}${late}.`;
  return nudgeCandidate({
    rule: RULE,
    account,
    subject: `complaint:${complaint.id}`,
    period: String(complaint.id),
    severity: urgent || twiceLate ? "critical" : "warning",
    reason,
    since: deadline,
    facts: {
      complaintId: complaint.id,
      complaintSeverity: complaint.severity,
      complaintSummary: complaint.summary,
      openedAt: complaint.openedAt.toISOString(),
      complaintAgeHours: ageHours,
      responseHours: allowedHours,
      responseDeadline: deadline.toISOString(),
      businessHours: businessHours
        ? `${businessHours.start}-${businessHours.end} ${formatWeekdays(businessHours.days)} ${account.timeZone}`
        : null,
    },
  });
}

function answeredNote(answered: number): string {
  return answered === 1
    ? "1 open complaint already has a first response, so it does not count."
    : `${answered} open complaints already have a first response, so they do not count.`;
}
