/**
 * Stale contact: nobody has been in touch with the customer for longer than the cadence allows.
 *
 * - Cadence and day counting live in contactCadence.ts (override → stage cadence; local calendar days).
 * - days >= dueDays → warning; days >= overdueDays → critical. Both share one key, pinned to the
 *   local date of the last touch ("never" before the first), so escalation updates the same nudge
 *   and the next touch starts a new episode.
 * - `since` is the start of the local day contact became due, also for the critical stage.
 */
import type { AccountSnapshot, RuleVerdict } from "../domain/snapshot.js";
import type { Policy } from "./policy.js";
import { assessContact, type ContactClock, type ResolvedCadence } from "./contactCadence.js";
import { daysAgo, plural } from "./format.js";
import { formatDay } from "./time.js";
import { defineRule } from "./spec.js";
import { nudgeCandidate, verdict } from "./verdict.js";

const RULE = "staleContact";

export const staleContact = defineRule({
  name: RULE, title: "Stale contact", words: ["stale", "contact"], policy: ["cadence"], version: 1, evaluate: staleContactRule,
});

export function staleContactRule(account: AccountSnapshot, policy: Policy, now: Date): RuleVerdict {
  const contact = assessContact(account, policy, now);
  if (contact.state === "no_cadence") {
    return verdict(RULE, () => `No cadence for ${account.stage} accounts: stale contact does not apply.`, null);
  }
  const { clock, cadence } = contact;
  const who = expecter(account, cadence);
  if (contact.state === "ok") {
    const dueIn = plural(cadence.dueDays - clock.days, "day");
    return verdict(RULE, () => `${lastTouch(clock)}; ${who} one every ${plural(cadence.dueDays, "day")} (due in ${dueIn}).`, contact.dueAt);
  }
  const overdue = contact.state === "overdue";
  const limit = cadence.overdueDays > cadence.dueDays ? ` (at most ${cadence.overdueDays})` : "";
  const reason = `${silence(clock)}; ${who} one every ${cadence.dueDays}${limit}.`;
  const candidate = nudgeCandidate({
    rule: RULE,
    account,
    subject: "contact",
    period: clock.touched ? formatDay(clock.startDay) : "never",
    severity: overdue ? "critical" : "warning",
    reason,
    since: contact.dueAt,
    facts: {
      stage: account.stage,
      daysSinceTouch: clock.days,
      lastTouchAt: account.lastCustomerTouchAt?.toISOString() ?? null,
      clockStartedAt: clock.startedAt.toISOString(),
      cadenceDueDays: cadence.dueDays,
      cadenceOverdueDays: cadence.overdueDays,
      cadenceSource: cadence.source,
    },
  });
  const outlook = overdue
    ? "Contact is overdue; only a new customer touch clears this."
    : `Contact is due; it becomes overdue in ${plural(cadence.overdueDays - clock.days, "day")}.`;
  return verdict(RULE, () => `${reason} ${outlook}`, overdue ? null : contact.overdueAt, [candidate]);
}

function expecter(account: AccountSnapshot, cadence: ResolvedCadence): string {
  return cadence.source === "policy" ? `${account.stage} accounts expect` : "this account expects";
}

function lastTouch(clock: ContactClock): string {
  return clock.touched
    ? `Last customer touch ${daysAgo(clock.days)}`
    : `No customer touch recorded since the account was added ${daysAgo(clock.days)}`;
}

function silence(clock: ContactClock): string {
  return clock.touched
    ? `No customer touch for ${plural(clock.days, "day")}`
    : `No customer touch recorded since the account was added ${daysAgo(clock.days)}`;
}
