/**
 * A person's direct chat with the bot bound only so Keepwarm can write to them (which account an
 * email of theirs is for): it watches no account and gets no nudges or digests; `dm on` makes it a
 * binding of their own accounts.
 */
export const NOTICES_ONLY = "notices";

/** What a bound channel watches: every account, one owner's, or one segment's (or none: NOTICES_ONLY); and which rules. */
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
