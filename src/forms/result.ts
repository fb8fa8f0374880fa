import type { CommandReply } from "../commands/context.js";

/**
 * A submitted form (Slack modal, Teams card): either done, with the same reply a command gives, or
 * rejected with one message per field so the platform can show each next to its input.
 */
export type FormResult = ({ ok: true } & CommandReply) | { ok: false; errors: Record<string, string> };

export function fieldErrors(issues: { path: PropertyKey[]; message: string }[]): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of issues) {
    const field = String(issue.path[0] ?? "form");
    errors[field] ??= issue.message;
  }
  return errors;
}
