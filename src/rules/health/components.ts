/**
 * The parts of an account's health, each a share from 0 (as bad as it gets) to 1 (healthy) with the
 * words that say why, or null when the part does not apply to the account. Every count is of local
 * calendar days in the account's zone, so a part reads the same all day long.
 */
import type { AccountSnapshot, ComplaintSnapshot } from "../../domain/snapshot.js";
import { describeScore, feedbackShare } from "../../domain/feedback.js";
import { contactClock, resolveCadence } from "../contactCadence.js";
import { formatCalendarDate, plural } from "../format.js";
import type { Policy } from "../policy.js";
import { addResponseHours, calendarDay, localDay } from "../time.js";

export const HEALTH_KEYS = ["contact", "complaints", "outreach", "stage", "renewal", "feedback"] as const;
export type HealthKey = (typeof HEALTH_KEYS)[number];

export interface HealthPart {
  key: HealthKey;
  title: string;
  share: number;
  text: string;
}

type PartReader = (account: AccountSnapshot, policy: Policy, now: Date, today: number) => HealthPart | null;

/** What old feedback reads as: a passive answer (NPS 7–8, CSAT 4), neither praise nor complaint. */
const NEUTRAL_FEEDBACK_SHARE = 0.75;

const clamp01 = (n: number) => Math.min(1, Math.max(0, n));
const ago = (days: number) => (days === 0 ? "today" : `${plural(days, "day")} ago`);

/** Full until the cadence is due, half at overdue, nothing at twice overdue. */
function contact(account: AccountSnapshot, policy: Policy, now: Date): HealthPart | null {
  const cadence = resolveCadence(account, policy);
  if (!cadence) return null;
  const { days, touched } = contactClock(account, now);
  const { dueDays, overdueDays } = cadence;
  let share = 1;
  if (days > overdueDays) share = 0.5 * clamp01(1 - (days - overdueDays) / overdueDays);
  else if (days > dueDays) share = 1 - (0.5 * (days - dueDays)) / (overdueDays - dueDays);
  const since = touched ? `${plural(days, "day")} since the last customer touch` : `${plural(days, "day")} since the account was added, with no customer touch`;
  return { key: "contact", title: "Contact", share, text: `${since}; the cadence is ${dueDays} (overdue after ${overdueDays})` };
}

/** Each open complaint takes its severity's cost, growing to double as it goes unanswered past its deadline. */
function complaints(account: AccountSnapshot, policy: Policy, _now: Date, today: number): HealthPart {
  const open = [...account.openComplaints].sort((a, b) => a.openedAt.getTime() - b.openedAt.getTime() || a.id - b.id);
  if (open.length === 0) return { key: "complaints", title: "Complaints", share: 1, text: "No open complaints" };
  const read = open.map((c) => complaintCost(c, account, policy, today));
  const share = clamp01(1 - read.reduce((sum, r) => sum + r.cost, 0));
  return { key: "complaints", title: "Complaints", share, text: `${plural(open.length, "open complaint")}: ${read.map((r) => r.words).join("; ")}` };
}

function complaintCost(complaint: ComplaintSnapshot, account: AccountSnapshot, policy: Policy, today: number) {
  const { complaintCost: costs, complaintLateDaysToDouble } = policy.health;
  const base = costs[complaint.severity];
  const label = `${complaint.severity} #${complaint.id}`;
  if (complaint.firstResponseAt !== null) return { cost: base, words: `${label}, answered` };
  const { responseHours, businessHours } = policy.complaints;
  const deadline = addResponseHours(complaint.openedAt, responseHours[complaint.severity], businessHours, account.timeZone);
  const daysLate = Math.max(0, today - localDay(deadline, account.timeZone));
  if (daysLate === 0) return { cost: base, words: `${label}, waiting for a first response` };
  const cost = base * (1 + Math.min(1, daysLate / complaintLateDaysToDouble));
  return { cost, words: `${label}, unanswered ${plural(daysLate, "day")} past its response deadline` };
}

/** Outreach waiting for a reply costs in proportion to how many touches and how long, together. */
function outreach(account: AccountSnapshot, policy: Policy, _now: Date, today: number): HealthPart | null {
  const { lastInboundAt, lastOutboundAt, unanswered, timeZone } = account;
  if (!lastInboundAt && !lastOutboundAt) return null;
  const lastReply = lastInboundAt ? `their last reply was ${ago(today - localDay(lastInboundAt, timeZone))}` : "they have never replied";
  if (!unanswered) return { key: "outreach", title: "Replies", share: 1, text: `No outreach waiting for a reply; ${lastReply}` };
  const days = Math.max(0, today - localDay(unanswered.since, timeZone));
  const { touches, days: zeroDays } = policy.health.outreachZeroAt;
  const share = 1 - clamp01(unanswered.count / touches) * clamp01(days / zeroDays);
  const text = `${plural(unanswered.count, "outreach", "outreaches")} over ${plural(days, "day")} with no reply; ${lastReply}`;
  return { key: "outreach", title: "Replies", share, text };
}

/** Full up to the stage's limit, nothing at twice it. */
function stage(account: AccountSnapshot, policy: Policy, _now: Date, today: number): HealthPart | null {
  const maxDays = policy.stageMaxDays[account.stage];
  if (maxDays === null) return null;
  const days = Math.max(0, today - localDay(account.stageSince, account.timeZone));
  const share = days <= maxDays ? 1 : clamp01(1 - (days - maxDays) / maxDays);
  return { key: "stage", title: "Time in stage", share, text: `${plural(days, "day")} in ${account.stage}; it should take at most ${maxDays}` };
}

/** Inside the first reminder window with nobody in touch lately, the share shrinks as the date comes closer. */
function renewal(account: AccountSnapshot, policy: Policy, now: Date, today: number): HealthPart | null {
  const { renewalDate } = account;
  const renewalDay = renewalDate === null ? null : calendarDay(renewalDate);
  if (renewalDate === null || renewalDay === null || account.stage === "exit") return null;
  const daysTo = renewalDay - today;
  const window = Math.max(...policy.renewals.leadDays);
  const when = daysTo >= 0 ? `Renewal on ${formatCalendarDate(renewalDate)} in ${plural(daysTo, "day")}` : `Renewal date ${formatCalendarDate(renewalDate)} passed ${ago(-daysTo)}`;
  if (daysTo > window) return { key: "renewal", title: "Renewal", share: 1, text: `${when}, before the first reminder (${window} days before)` };
  const { days, touched } = contactClock(account, now);
  const quietDays = policy.health.renewalQuietDays;
  if (touched && days < quietDays) return { key: "renewal", title: "Renewal", share: 1, text: `${when}; last customer touch ${ago(days)}` };
  const silence = touched ? `no customer touch for ${plural(days, "day")}` : "no customer touch ever";
  return { key: "renewal", title: "Renewal", share: clamp01(daysTo / window), text: `${when} and ${silence} (at most ${quietDays} this close to it)` };
}

/** The latest answer's share of its scale, fading toward a passive answer with age. */
function feedback(account: AccountSnapshot, policy: Policy, _now: Date, today: number): HealthPart | null {
  const latest = account.feedback;
  if (!latest) return null;
  const age = Math.max(0, today - localDay(latest.at, account.timeZone));
  const fadeDays = policy.health.feedbackFadeDays;
  const weight = clamp01(1 - age / fadeDays);
  const share = NEUTRAL_FEEDBACK_SHARE + (feedbackShare(latest.scale, latest.score) - NEUTRAL_FEEDBACK_SHARE) * weight;
  const text = `${describeScore(latest.scale, latest.score)} ${ago(age)}; feedback counts fully when fresh and reads as passive after ${fadeDays} days`;
  return { key: "feedback", title: "Feedback", share, text };
}

export const HEALTH_PARTS: Record<HealthKey, PartReader> = { contact, complaints, outreach, stage, renewal, feedback };
