import { NOTICES_ONLY, ruleFilterOf, type ChannelScope } from "../domain/channels.js";
import type { Db, Tx } from "../store/client.js";
import { storedQuietHours, type QuietHours } from "./quietHours.js";

/** A bound channel, as routing reads it. */
export interface Route extends ChannelScope {
  id: string;
  platform: string;
  channelId: string;
  /** The channel's zone: its day for the noise budget, its clock for quiet hours and digests. */
  timeZone: string;
  digestCadence: string;
  /** Its quiet hours, or (a channel of one owner's accounts) the owner's own; with their zone. */
  quiet: { hours: QuietHours; zone: string } | null;
}

export interface RoutedAccount {
  ownerId: string | null;
  segment: string | null;
}

export async function loadBindings(db: Db | Tx): Promise<Route[]> {
  const bindings = await db.channelBinding.findMany({
    select: { id: true, platform: true, channelId: true, scope: true, scopeValue: true, rules: true, timeZone: true, digestCadence: true, quietHours: true },
  });
  const ownerIds = [...new Set(bindings.flatMap((b) => (b.scope === "owner" && b.scopeValue && !storedQuietHours(b.quietHours) ? [b.scopeValue] : [])))];
  const owners = ownerIds.length
    ? await db.person.findMany({ where: { id: { in: ownerIds } }, select: { id: true, quietHours: true, timeZone: true } })
    : [];
  const ownQuiet = new Map(owners.flatMap((p) => {
    const hours = storedQuietHours(p.quietHours);
    return hours ? [[p.id, { hours, zone: p.timeZone ?? "UTC" }] as const] : [];
  }));
  return bindings.map(({ quietHours, ...b }) => {
    const hours = storedQuietHours(quietHours);
    return { ...b, quiet: hours ? { hours, zone: b.timeZone } : b.scope === "owner" && b.scopeValue ? (ownQuiet.get(b.scopeValue) ?? null) : null };
  });
}

/** Which bound channels a rule's nudge for this account goes to: the binding's scope (all, one owner, one segment) and rule filter. */
export function bindingsForNudge<B extends ChannelScope>(nudge: RoutedAccount & { rule: string }, bindings: B[]): B[] {
  return bindings.filter((b) => scopeMatches(b, nudge) && ruleMatches(b.rules, nudge.rule));
}

/** The bound channels whose scope covers the account, whatever rules they filter. */
export function bindingsForAccount<B extends ChannelScope>(account: RoutedAccount, bindings: B[]): B[] {
  return bindings.filter((b) => scopeMatches(b, account));
}

function scopeMatches(b: ChannelScope, account: RoutedAccount): boolean {
  switch (b.scope) {
    case "owner":
      return b.scopeValue !== null && b.scopeValue === account.ownerId;
    case "segment":
      return b.scopeValue !== null && account.segment !== null && b.scopeValue.toLowerCase() === account.segment.toLowerCase();
    case NOTICES_ONLY:
      return false;
    default:
      return true;
  }
}

function ruleMatches(rules: unknown, rule: string): boolean {
  const only = ruleFilterOf(rules);
  return only === null || only.includes(rule);
}
