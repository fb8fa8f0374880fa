import type { RuleName } from "../domain/nudges.js";

export interface BindingRoute {
  id: string;
  scope: string;
  scopeValue: string | null;
  rules: unknown;
}

export interface RoutedNudge {
  rule: RuleName | string;
  ownerId: string | null;
  segment: string | null;
}

/** Which bound channels a nudge goes to: the binding's scope (all, one owner, one segment) and rule filter. */
export function bindingsForNudge<B extends BindingRoute>(nudge: RoutedNudge, bindings: B[]): B[] {
  return bindings.filter((b) => scopeMatches(b, nudge) && ruleMatches(b.rules, nudge.rule));
}

function scopeMatches(b: BindingRoute, nudge: RoutedNudge): boolean {
  switch (b.scope) {
    case "owner":
      return b.scopeValue !== null && b.scopeValue === nudge.ownerId;
    case "segment":
      return b.scopeValue !== null && nudge.segment !== null && b.scopeValue.toLowerCase() === nudge.segment.toLowerCase();
    default:
      return true;
  }
}

function ruleMatches(rules: unknown, rule: string): boolean {
  return !Array.isArray(rules) || rules.length === 0 || rules.includes(rule);
}
