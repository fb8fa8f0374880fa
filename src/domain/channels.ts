/** What a bound channel watches: every account, one owner's, or one segment's; and which rules. */
export interface ChannelScope {
  scope: string;
  scopeValue: string | null;
  /** string[] of rule names, as stored; empty or absent means every rule. */
  rules?: unknown;
}

/** The rules a channel filters to, or null for every rule. */
export function ruleFilterOf(rules: unknown): string[] | null {
  return Array.isArray(rules) && rules.length > 0 ? (rules as string[]) : null;
}
