/** Log a touchpoint: the form behind /touch, a nudge's "Log touchpoint" and an account's. */
import { DateTime } from "luxon";
import { z } from "zod";
import { findAccount } from "../activity/findAccount.js";
import type { CommandContext } from "../commands/context.js";
import { parseCalendarDate, parsePastDate } from "../commands/dates.js";
import { recordTouchpoint } from "../commands/touch.js";
import { oneOf } from "../commands/validate.js";
import { isAppError } from "../domain/errors.js";
import { TOUCHPOINT_KINDS, type TouchpointDirection, type TouchpointKind } from "../domain/touchpoints.js";
import { ACCOUNT_FIELD, validateForm, type FormDefinition, type FormResult } from "./model.js";

/** How long a touchpoint's note may be: a message logged as a touchpoint is cut to this. */
export const NOTE_LIMIT = 2000;
/** How long a name the form takes may be (an account typed, a contact). */
export const NAME_LIMIT = 200;

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
    { name: "note", kind: "text", label: "Note", optional: true, multiline: true, maxLength: NOTE_LIMIT, placeholder: "What was it about?" },
    { name: "date", kind: "date", label: "When", optional: true, hint: "Leave empty for now." },
  ],
};

const schema = z.object({
  account: z.string({ error: "Pick an account." }).optional(),
  /** The account as typed where there is no picker (the Teams message action's card). */
  accountName: z.string().max(NAME_LIMIT).optional(),
  kind: z.enum(TOUCHPOINT_KINDS, { error: `Pick a kind: ${oneOf(TOUCHPOINT_KINDS)}.` }),
  /** YYYY-MM-DD in the person's time zone; empty = now. */
  date: z
    .string()
    .optional()
    .transform((d) => (d?.trim() ? d.trim() : undefined))
    .refine((d) => d === undefined || parseCalendarDate(d) !== null, "Use a date like 2026-11-20."),
  note: z.string().max(NOTE_LIMIT, `${NOTE_LIMIT} characters at most.`).optional().transform((n) => n?.trim() || null),
  direction: z.enum(["inbound", "outbound"], { error: "Pick who reached out: we did, or the customer did." }).optional(),
  // Carried, not shown, by a form opened on a chat message (src/forms/messageDraft.ts).
  contact: z.string().max(NAME_LIMIT).optional().transform((c) => c?.trim() || null),
  postedAt: z.iso.datetime({ offset: true }).optional(),
  messageRef: z.string().max(400).optional(),
  byPerson: z.string().optional(),
  byName: z.string().max(NAME_LIMIT).optional(),
}).refine((f) => [f.account, f.accountName].some((a) => typeof a === "string" && a.trim() !== ""), { path: ["account"], message: "Pick an account.", when: () => true });

type Fields = z.infer<typeof schema>;

/** Logs a touchpoint from the form; the account is an id (from a picker or the nudge it came from), or a typed name. */
export async function submitTouchForm(input: unknown, ctx: CommandContext): Promise<FormResult> {
  const checked = validateForm(schema, input);
  if (!checked.ok) return checked;
  const f = checked.values;
  const account = await formAccount(ctx, f);
  if ("error" in account) return { ok: false, errors: account.error };
  try {
    const direction: TouchpointDirection | undefined = f.kind === "note" ? "internal" : f.direction;
    const idempotencyKey = f.messageRef ? `chat:${f.messageRef}:${account.id}` : null;
    const t = { kind: f.kind, direction, occurredAt: occurredAt(f, ctx), dated: Boolean(f.date), note: f.note, contact: f.contact, by: await loggedBy(ctx, f), idempotencyKey };
    return { ok: true, ...(await recordTouchpoint(ctx, account, t)) };
  } catch (err) {
    if (isAppError(err)) return { ok: false, errors: { date: err.message } };
    throw err;
  }
}

async function formAccount(ctx: CommandContext, f: Fields): Promise<{ id: string; name: string } | { error: Record<string, string> }> {
  if (f.account?.trim()) {
    const byId = await ctx.db.account.findUnique({ where: { id: f.account }, select: { id: true, name: true } });
    return byId ?? { error: { account: "That account no longer exists; pick another." } };
  }
  try {
    return await findAccount(ctx.db, f.accountName ?? "");
  } catch (err) {
    if (isAppError(err)) return { error: { accountName: [err.message, ...err.hints].join(" ") } };
    throw err;
  }
}

/**
 * A date picker gives YYYY-MM-DD: today means now, an earlier day means noon local time that day.
 * A form opened on a chat message keeps the message's own time while its day is still the one picked.
 */
function occurredAt(f: Fields, ctx: CommandContext): Date {
  if (!f.date) return ctx.now;
  const posted = f.postedAt ? new Date(f.postedAt) : null;
  if (posted && DateTime.fromJSDate(posted, { zone: ctx.timeZone }).toISODate() === f.date) return posted < ctx.now ? posted : ctx.now;
  return parsePastDate(f.date, ctx.now, ctx.timeZone);
}

/** Who touched: the colleague who wrote the message logged, when the form carries one; else whoever submits it. */
async function loggedBy(ctx: CommandContext, f: Fields): Promise<{ personId: string | null; name: string } | undefined> {
  const person = f.byPerson ? await ctx.db.person.findUnique({ where: { id: f.byPerson }, select: { id: true, name: true } }) : null;
  if (person) return { personId: person.id, name: person.name };
  return f.byName?.trim() ? { personId: null, name: f.byName.trim() } : undefined;
}
