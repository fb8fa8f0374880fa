import { NOTICES_ONLY, ruleFilterOf, type ChannelScope } from "../domain/channels.js";
import type { Db, Tx } from "../store/client.js";

/** A bound channel, as routing reads it. */
export interface Route extends ChannelScope {
  id: string;
  platform: string;
  channelId: string;
}

export interface RoutedAccount {
  ownerId: string | null;
  segment: string | null;
}

export async function loadBindings(db: Db | Tx): Promise<Route[]> {
  return db.channelBinding.findMany({ select: { id: true, platform: true, channelId: true, scope: true, scopeValue: true, rules: true } });
}

/** Which bound channels a rule's nudge for this account goes to: the binding's scope (all, one owner, one segment) and rule filter. */
export function bindingsForNudge<B extends Route>(nudge: RoutedAccount & { rule: string }, bindings: B[]): B[] {
  return bindings.filter((b) => scopeMatches(b, nudge) && ruleMatches(b.rules, nudge.rule));
}

/** The bound channels whose scope covers the account, whatever rules they filter. */
export function bindingsForAccount<B extends Route>(account: RoutedAccount, bindings: B[]): B[] {
  return bindings.filter((b) => scopeMatches(b, account));
}

function scopeMatches(b: Route, account: RoutedAccount): boolean {
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
