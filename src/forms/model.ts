/**
 * The neutral form model: what a form asks (fields, labels, defaults, choices) and how each field is
 * checked. src/slack renders a form as a modal, src/teams as inputs in an Adaptive Card, with the
 * same field names (Slack block ids, Teams input ids), labels and defaults; a submission comes back
 * as { field: value } and goes through the form's own validation and operation.
 */
import type { z } from "zod";
import type { CommandReply } from "../commands/context.js";

export const FORM_NAMES = ["touch", "stage", "snooze"] as const;
export type FormName = (typeof FORM_NAMES)[number];

export interface Choice {
  value: string;
  label: string;
}

interface BaseField {
  /** Block id (Slack), input id suffix (Teams), key of the submitted values and of the errors. */
  name: string;
  label: string;
  optional?: boolean;
  /** A line under the input (Slack) or in the empty input (Teams). */
  hint?: string;
}

export type FormField =
  /** An account picker with type-ahead (Slack); on Teams the card's action already names the account. */
  | (BaseField & { kind: "account" })
  | (BaseField & { kind: "choice"; choices: readonly Choice[]; default?: string; placeholder?: string })
  | (BaseField & { kind: "date" })
  | (BaseField & { kind: "text"; multiline?: boolean; maxLength: number; placeholder?: string });

/** The account a form is about: a picker on Slack; on Teams the card's action names it. */
export const ACCOUNT_FIELD: FormField = { name: "account", kind: "account", label: "Account" };

export interface FormDefinition {
  name: FormName;
  title: string;
  submitLabel: string;
  fields: readonly FormField[];
}

/** What a submission gives: each field's value as typed or picked, absent when left empty. */
export type FormValues = Record<string, string | undefined>;

/** A problem not about one field (the nudge was resolved meanwhile): shown with the form, not under an input. */
export const FORM_ERROR = "form";

/**
 * A submitted form: either done, with the same reply a command gives, or rejected with one message
 * per field so the platform can show each next to its input.
 */
export type FormResult = ({ ok: true } & CommandReply) | { ok: false; errors: Record<string, string> };

/** The form's values, or the first error of each field (the field's own wording). */
export function validateForm<T>(schema: z.ZodType<T>, input: unknown): { ok: true; values: T } | { ok: false; errors: Record<string, string> } {
  const parsed = schema.safeParse(input);
  if (parsed.success) return { ok: true, values: parsed.data };
  const errors: Record<string, string> = {};
  for (const issue of parsed.error.issues) errors[String(issue.path[0] ?? FORM_ERROR)] ??= issue.message;
  return { ok: false, errors };
}
