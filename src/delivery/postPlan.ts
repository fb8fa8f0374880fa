/**
 * When and whether the posts a scan raises go out, per channel: the noise budget (noiseBudget.ts)
 * holds new nudges past the day's allowance for the digest; quiet hours (quietHours.ts) make the
 * rest wait for the channel's (or the owner's) next working period. Severities the policy lets
 * through go out at once.
 */
import type { NudgeSeverity } from "../domain/nudges.js";
import { localDate, startOfDayAfter } from "../rules/time.js";
import type { Tx } from "../store/client.js";
import { heldRollupDelivery } from "./kinds/heldRollup.js";
import { nudgePostDelivery } from "./kinds/nudgePost.js";
import type { NewDelivery } from "./kind.js";
import { holdForDigest, spendBudget, type BudgetPolicy } from "./noiseBudget.js";
import { quietUntil } from "./quietHours.js";
import type { Route } from "./routing.js";

/** The policy sections the post plan reads. */
export const POSTING_POLICY = ["posting"] as const;

export interface PostPolicy extends BudgetPolicy {
  /** Severities posted even in quiet hours. */
  quietLetsThrough: readonly NudgeSeverity[];
}

export interface PostIntent {
  nudgeId: number;
  version: number;
  severity: NudgeSeverity;
  ownerId: string | null;
  route: Route;
  /** A nudge raised or reopened spends the budget; one re-posted after its snooze does not. */
  isNew: boolean;
}

/** The moment a post (or an escalation) to this channel may go out. */
export function notBeforeFor(route: Route, severity: NudgeSeverity, policy: PostPolicy, now: Date): Date {
  if (!route.quiet || policy.quietLetsThrough.includes(severity)) return now;
  return quietUntil(route.quiet.hours, route.quiet.zone, now) ?? now;
}

export async function planPosts(tx: Tx, intents: readonly PostIntent[], policy: PostPolicy, now: Date): Promise<{ deliveries: NewDelivery[]; held: number }> {
  const budgeted = intents.filter((i) => i.isNew).map((i) => ({ ...i, bindingId: i.route.id, timeZone: i.route.timeZone }));
  const { post, hold } = await spendBudget(tx, budgeted, policy, now);
  await holdForDigest(tx, hold, now);
  const out = [...intents.filter((i) => !i.isNew), ...post];
  const deliveries = out.map((i) => nudgePostDelivery(i.nudgeId, i.route.id, i.version, notBeforeFor(i.route, i.severity, policy, now)));
  // A channel without a digest gets what was held as one message at the start of its next day.
  for (const h of hold) {
    if (h.route.digestCadence !== "off") continue;
    const morning = startOfDayAfter(now, 1, h.route.timeZone);
    deliveries.push(heldRollupDelivery(h.route.id, localDate(now, h.route.timeZone), notBeforeFor(h.route, "info", policy, morning)));
  }
  return { deliveries, held: hold.length };
}
