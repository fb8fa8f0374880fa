import type { ComplaintSeverity } from "./complaints.js";
import type { FeedbackScale } from "./feedback.js";
import type { NudgeSeverity } from "./nudges.js";
import type { Stage } from "./stages.js";

/** What the rules may know about one account: loaded set-based by the scan, never per account. */
export interface AccountSnapshot {
  id: string;
  name: string;
  stage: Stage;
  stageSince: Date;
  createdAt: Date;
  ownerId: string | null;
  segment: string | null;
  /** IANA zone; calendar dates (renewals) and business hours are read in it. */
  timeZone: string;
  /** Calendar date YYYY-MM-DD in the account's time zone. */
  renewalDate: string | null;
  /** Latest customer-facing touchpoint (internal notes excluded). */
  lastCustomerTouchAt: Date | null;
  lastComplaintAt: Date | null;
  cadenceOverride: { dueDays: number | null; overdueDays: number | null } | null;
  openComplaints: readonly ComplaintSnapshot[];
  /** What the account is worth a year, in the portfolio's currency. */
  annualValue: number | null;
  /** Latest customer touch they started (inbound) and we started (outbound). */
  lastInboundAt: Date | null;
  lastOutboundAt: Date | null;
  /** Our outbound touches after their latest inbound one: how many, and when the first was; null when none. */
  unanswered: { count: number; since: Date } | null;
  /**
   * Who the customer touches were with: the contact named by the latest one that named one, and the
   * latest customer touch with anybody else (null: never). Null when no touch named a contact.
   */
  breadth: { mainContact: string; otherContactAt: Date | null } | null;
  /** The latest feedback response; null when none was ever received. */
  feedback: FeedbackSnapshot | null;
  /** The latest feedback asked for or received. */
  feedbackAskedAt: Date | null;
  /** Daily health scores of the last days, oldest first (the scan keeps them; src/rules/health/trend.ts). */
  healthTrend: readonly HealthPoint[];
}

export interface FeedbackSnapshot {
  id: number;
  at: Date;
  scale: FeedbackScale;
  score: number;
}

export interface HealthPoint {
  /** YYYY-MM-DD in the account's time zone. */
  day: string;
  score: number;
}

export interface ComplaintSnapshot {
  id: number;
  openedAt: Date;
  severity: ComplaintSeverity;
  summary: string;
  firstResponseAt: Date | null;
}

export type FactValue = string | number | null;

/** A nudge a rule wants raised. The dedupe key makes raising it twice a no-op. */
export interface NudgeCandidate {
  /** The rule's name (src/rules/index.ts lists them). */
  rule: string;
  accountId: string;
  /** What within the account the nudge is about: "contact", "complaint:17", "renewal:2027-01-31". */
  subject: string;
  dedupeKey: string;
  severity: NudgeSeverity;
  /** One sentence a rep understands, with the numbers that matter. */
  reason: string;
  /** When the condition began (stale since, deadline passed at, lead window opened). */
  since: Date;
  facts: Record<string, FactValue>;
}

/** A rule's decision for one account, with its explanation even when it does not fire. */
export interface RuleVerdict {
  rule: string;
  candidates: readonly NudgeCandidate[];
  /** Why it fired or why not, in plain words (used by `why`). */
  explanation: string;
  /** Earliest moment the verdict could change without new activity; null when only activity can change it. */
  nextCheckAt: Date | null;
}
