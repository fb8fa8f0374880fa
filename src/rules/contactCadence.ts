/**
 * How overdue customer contact is: shared by staleContact (which nudges about it) and advocacyAsk
 * (which holds back while contact is overdue), so both read the cadence the same way.
 *
 * Cadence: the account's override, each half falling back to the stage's cadence when null. When the
 * stage has no cadence and the override gives only one half, that number serves as both halves.
 * overdueDays is raised to dueDays if an override would put it earlier.
 */
import type { AccountSnapshot } from "../domain/snapshot.js";
import type { Cadence, Policy } from "./policy.js";
import { localDay, startOfLocalDay } from "./time.js";

export type CadenceSource = "policy" | "override" | "override+policy";

export interface ResolvedCadence extends Cadence {
  source: CadenceSource;
}

export interface ContactClock {
  /** The last customer touch, or the account's creation when nobody has ever been in touch. */
  startedAt: Date;
  /** Local calendar date of startedAt, as a day number (see localDay). */
  startDay: number;
  touched: boolean;
  /** Whole local calendar days since startDay (never negative). */
  days: number;
}

export type ContactAssessment =
  | { state: "no_cadence"; clock: ContactClock }
  | { state: "ok" | "due" | "overdue"; clock: ContactClock; cadence: ResolvedCadence; dueAt: Date; overdueAt: Date };

export function resolveCadence(account: AccountSnapshot, policy: Policy): ResolvedCadence | null {
  const stageCadence = policy.cadence[account.stage];
  const override = account.cadenceOverride;
  const overrides = override !== null && (override.dueDays !== null || override.overdueDays !== null);
  if (!override || !overrides) {
    return stageCadence ? { dueDays: stageCadence.dueDays, overdueDays: stageCadence.overdueDays, source: "policy" } : null;
  }
  const dueDays = override.dueDays ?? stageCadence?.dueDays ?? override.overdueDays;
  const overdueDays = override.overdueDays ?? stageCadence?.overdueDays ?? override.dueDays;
  if (dueDays === null || overdueDays === null) return null;
  const complete = override.dueDays !== null && override.overdueDays !== null;
  const source: CadenceSource = complete || !stageCadence ? "override" : "override+policy";
  return { dueDays, overdueDays: Math.max(dueDays, overdueDays), source };
}

export function contactClock(account: AccountSnapshot, now: Date): ContactClock {
  const startedAt = account.lastCustomerTouchAt ?? account.createdAt;
  const startDay = localDay(startedAt, account.timeZone);
  const days = Math.max(0, localDay(now, account.timeZone) - startDay);
  return { startedAt, startDay, touched: account.lastCustomerTouchAt !== null, days };
}

export function assessContact(account: AccountSnapshot, policy: Policy, now: Date): ContactAssessment {
  const clock = contactClock(account, now);
  const cadence = resolveCadence(account, policy);
  if (!cadence) return { state: "no_cadence", clock };
  const dueAt = startOfLocalDay(clock.startDay + cadence.dueDays, account.timeZone);
  const overdueAt = startOfLocalDay(clock.startDay + cadence.overdueDays, account.timeZone);
  const state = clock.days >= cadence.overdueDays ? "overdue" : clock.days >= cadence.dueDays ? "due" : "ok";
  return { state, clock, cadence, dueAt, overdueAt };
}
