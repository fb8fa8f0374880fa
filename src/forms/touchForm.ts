import { z } from "zod";
import { isAppError } from "../domain/errors.js";
import { TOUCHPOINT_KINDS } from "../domain/touchpoints.js";
import type { CommandContext } from "../commands/context.js";
import { parseCalendarDate, parsePastDate } from "../commands/dates.js";
import { recordTouchpoint } from "../commands/touch.js";
import { oneOf } from "../commands/validate.js";
import { fieldErrors, type FormResult } from "./result.js";

/** Field names shared by every renderer of the "log a touchpoint" form. */
export const TOUCH_FORM_FIELDS = { account: "account", kind: "kind", date: "date", note: "note" } as const;

export const touchFormSchema = z.object({
  account: z.string({ error: "Pick an account." }).min(1, "Pick an account."),
  kind: z.enum(TOUCHPOINT_KINDS, { error: `Pick a kind: ${oneOf(TOUCHPOINT_KINDS)}.` }),
  /** YYYY-MM-DD in the person's time zone; empty = now. */
  date: z
    .string()
    .optional()
    .transform((d) => (d?.trim() ? d.trim() : undefined))
    .refine((d) => d === undefined || parseCalendarDate(d) !== null, "Use a date like 2026-11-20."),
  note: z.string().max(2000, "2000 characters at most.").optional().transform((n) => n?.trim() || null),
});

export type TouchFormInput = z.input<typeof touchFormSchema>;

/** Logs a touchpoint from a form; the account is an id (from a picker or the nudge it came from). */
export async function submitTouchForm(input: unknown, ctx: CommandContext): Promise<FormResult> {
  const parsed = touchFormSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error.issues) };
  const f = parsed.data;
  const account = await ctx.db.account.findUnique({ where: { id: f.account }, select: { id: true, name: true } });
  if (!account) return { ok: false, errors: { account: "That account no longer exists; pick another." } };
  // A form's date picker gives YYYY-MM-DD: today means now, an earlier day means noon local time that day.
  const occurredAt = f.date ? parsePastDate(f.date, ctx.now, ctx.timeZone) : ctx.now;
  try {
    return { ok: true, ...(await recordTouchpoint(ctx, account, { kind: f.kind, occurredAt, dated: Boolean(f.date), note: f.note })) };
  } catch (err) {
    if (isAppError(err)) return { ok: false, errors: { date: err.message } };
    throw err;
  }
}
