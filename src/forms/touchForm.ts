/** Log a touchpoint: the form behind /touch, a nudge's "Log touchpoint" and an account's. */
import { z } from "zod";
import type { CommandContext } from "../commands/context.js";
import { parseCalendarDate, parsePastDate } from "../commands/dates.js";
import { recordTouchpoint } from "../commands/touch.js";
import { oneOf } from "../commands/validate.js";
import { isAppError } from "../domain/errors.js";
import { TOUCHPOINT_KINDS, type TouchpointKind } from "../domain/touchpoints.js";
import { ACCOUNT_FIELD, validateForm, type FormDefinition, type FormResult } from "./model.js";

const KIND_LABELS: Record<TouchpointKind, string> = {
  call: "Call", email: "Email", meeting: "Meeting", message: "Message", note: "Note (internal, not contact)", qbr: "QBR", other: "Other",
};

export const touchForm: FormDefinition = {
  name: "touch", title: "Log a touchpoint", submitLabel: "Log it",
  fields: [
    ACCOUNT_FIELD,
    { name: "kind", kind: "choice", label: "Kind", choices: TOUCHPOINT_KINDS.map((k) => ({ value: k, label: KIND_LABELS[k] })), default: "call", placeholder: "Call, email, meeting…" },
    {
      name: "direction", kind: "choice", label: "Who reached out",
      choices: [{ value: "outbound", label: "We did (outbound)" }, { value: "inbound", label: "The customer did (inbound)" }],
      default: "outbound", hint: "Ignored for a note: a note is internal.",
    },
    { name: "note", kind: "text", label: "Note", optional: true, multiline: true, maxLength: 2000, placeholder: "What was it about?" },
    { name: "date", kind: "date", label: "When", optional: true, hint: "Leave empty for now." },
  ],
};

const schema = z.object({
  account: z.string({ error: "Pick an account." }).min(1, "Pick an account."),
  kind: z.enum(TOUCHPOINT_KINDS, { error: `Pick a kind: ${oneOf(TOUCHPOINT_KINDS)}.` }),
  /** YYYY-MM-DD in the person's time zone; empty = now. */
  date: z
    .string()
    .optional()
    .transform((d) => (d?.trim() ? d.trim() : undefined))
    .refine((d) => d === undefined || parseCalendarDate(d) !== null, "Use a date like 2026-11-20."),
  note: z.string().max(2000, "2000 characters at most.").optional().transform((n) => n?.trim() || null),
  direction: z.enum(["inbound", "outbound"], { error: "Pick who reached out: we did, or the customer did." }).optional(),
});

/** Logs a touchpoint from the form; the account is an id (from a picker or the nudge it came from). */
export async function submitTouchForm(input: unknown, ctx: CommandContext): Promise<FormResult> {
  const checked = validateForm(schema, input);
  if (!checked.ok) return checked;
  const f = checked.values;
  const account = await ctx.db.account.findUnique({ where: { id: f.account }, select: { id: true, name: true } });
  if (!account) return { ok: false, errors: { account: "That account no longer exists; pick another." } };
  try {
    // A date picker gives YYYY-MM-DD: today means now, an earlier day means noon local time that day.
    const occurredAt = f.date ? parsePastDate(f.date, ctx.now, ctx.timeZone) : ctx.now;
    return { ok: true, ...(await recordTouchpoint(ctx, account, { kind: f.kind, direction: f.kind === "note" ? "internal" : f.direction, occurredAt, dated: Boolean(f.date), note: f.note })) };
  } catch (err) {
    if (isAppError(err)) return { ok: false, errors: { date: err.message } };
    throw err;
  }
}
