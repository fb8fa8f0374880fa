/**
 * Snooze a nudge: a duration from the nudge's menu, or a date. The one path for the Slack menu and
 * date picker and the Teams card's snooze form.
 */
import { z } from "zod";
import type { CommandContext } from "../commands/context.js";
import { parseSnoozeUntil } from "../commands/dates.js";
import { snoozedReply } from "../commands/ack.js";
import { isAppError } from "../domain/errors.js";
import { PICK_A_DATE, SNOOZE_CHOICES } from "../messages/nudgeCard.js";
import { actOnNudge } from "../nudges/actions.js";
import { FORM_ERROR, validateForm, type FormDefinition, type FormResult } from "./model.js";

export const snoozeForm: FormDefinition = {
  name: "snooze", title: "Snooze until…", submitLabel: "Snooze",
  fields: [
    { name: "until", kind: "choice", label: "Snooze for", choices: SNOOZE_CHOICES, default: SNOOZE_CHOICES[0].value },
    { name: "date", kind: "date", label: "Or until a date", optional: true, hint: "It comes back at 9:00 your time that day." },
  ],
};

const optionalText = z.string().optional().transform((v) => v?.trim() || undefined);
const schema = z.object({
  nudge: z.coerce.number({ error: "Which nudge?" }).int().positive(),
  /** A menu choice ("1d", "1w", "pick") or anything `snooze` understands ("tomorrow", "2026-12-01"). */
  until: optionalText,
  date: optionalText,
});

export async function submitSnoozeForm(input: unknown, ctx: CommandContext): Promise<FormResult> {
  const checked = validateForm(schema, input);
  if (!checked.ok) return checked;
  const { nudge, until, date } = checked.values;
  const choice = date ?? until;
  if (!choice || choice === PICK_A_DATE) return { ok: false, errors: { date: "Pick a date to snooze until." } };
  let snoozeUntil: Date;
  try {
    snoozeUntil = parseSnoozeUntil(choice, ctx.now, ctx.timeZone);
  } catch (err) {
    if (isAppError(err)) return { ok: false, errors: { [date ? "date" : "until"]: err.message } };
    throw err;
  }
  try {
    const result = await actOnNudge(ctx.db, nudge, { type: "snooze", until: snoozeUntil }, ctx.actor, ctx.now);
    return { ok: true, reply: snoozedReply(nudge, result.changed, snoozeUntil, ctx.timeZone) };
  } catch (err) {
    if (isAppError(err)) return { ok: false, errors: { [FORM_ERROR]: err.message } };
    throw err;
  }
}
