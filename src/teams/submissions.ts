// A button pressed on one of our cards (Action.Submit: a message whose `value` is the button's data
// plus every input of the card). Parsed at the edge, one core call, then the card is shown again as
// it now stands: in place for a nudge card or a form card, as a new message under any other card.
import type { TurnContext } from "botbuilder";
import { z } from "zod";
import { isAppError } from "../domain/errors.js";
import type { Actor } from "../domain/people.js";
import type { CommandWhere, Keepwarm } from "../keepwarm.js";
import { message, type Message } from "../messages/model.js";
import type { NudgeAction } from "../nudges/actions.js";
import { formKey, inputId, SNOOZE_FIELDS, TOUCH_FIELDS, type FormState } from "./cards/actions.js";
import type { CardOptions } from "./cards/adaptiveCard.js";
import { whereOf } from "./conversation.js";
import { actorOf } from "./people.js";
import { replaceCard, replyWith } from "./replies.js";

const submissionSchema = z.object({
  kw: z.enum(["nudge.ack", "nudge.snooze", "nudge.touch", "account.show", "account.touch", "digest.all"]),
  ref: z.string().min(1).max(200),
  view: z.enum(["nudges", "form", "reply"]),
  shown: z.array(z.number().int().positive()).max(100).optional(),
});

type Submission = z.infer<typeof submissionSchema>;
type Inputs = Record<string, string>;

interface Turn {
  kw: Keepwarm;
  context: TurnContext;
  s: Submission;
  inputs: Inputs;
  actor: Actor;
  where: CommandWhere;
}

/** Is this message a press on one of our buttons (rather than typed text)? */
export function isSubmission(value: unknown): boolean {
  return typeof value === "object" && value !== null && "kw" in value;
}

export async function handleSubmission(kw: Keepwarm, context: TurnContext): Promise<void> {
  const parsed = submissionSchema.safeParse(context.activity.value);
  if (!parsed.success) {
    kw.log.warn({ platform: "teams", issues: parsed.error.issues.map((i) => i.message) }, "unreadable card submission");
    return replyWith(context, notice("That button is out of date. Say `nudges` for a fresh list."), { view: "reply" });
  }
  const s = parsed.data;
  const turn: Turn = { kw, context, s, inputs: readInputs(context.activity.value as Record<string, unknown>, s), actor: await actorOf(kw, context), where: await whereOf(context) };
  kw.log.info({ platform: "teams", action: s.kw, ref: s.ref, view: s.view }, "card action");
  switch (s.kw) {
    case "nudge.ack":
    case "nudge.snooze":
      return nudgeAction(turn);
    case "nudge.touch":
    case "account.touch":
      return touchForm(turn);
    case "account.show":
      return showAccount(turn);
    case "digest.all":
      return replyWith(context, (await kw.fullDigest(s.ref)) ?? notice("That channel no longer has a digest."), { view: "reply" });
  }
}

function readInputs(value: Record<string, unknown>, s: Submission): Inputs {
  const fields = s.kw === "nudge.snooze" ? SNOOZE_FIELDS : TOUCH_FIELDS;
  const inputs: Inputs = {};
  for (const field of fields) {
    const v = value[inputId(s.kw, s.ref, field)];
    if (typeof v === "string" && v.trim() !== "") inputs[field] = v.trim().slice(0, 4000);
  }
  return inputs;
}

async function nudgeAction(t: Turn): Promise<void> {
  const nudgeId = nudgeIdOf(t.s);
  let action: NudgeAction = { type: "acknowledge" };
  if (t.s.kw === "nudge.snooze") {
    const choice = t.inputs.date ?? t.inputs.until;
    if (!choice || choice === "pick") return showNudges(t, { forms: formErrors(t, { date: "Pick a date to snooze until." }) });
    try {
      action = { type: "snooze", until: t.kw.snoozeUntil(choice, t.where.timeZone) };
    } catch (err) {
      if (!isAppError(err)) throw err;
      return showNudges(t, { forms: formErrors(t, { [t.inputs.date ? "date" : "until"]: err.message }) });
    }
  }
  try {
    await t.kw.actOnNudge(nudgeId, action, t.actor);
  } catch (err) {
    if (!isAppError(err)) throw err;
    return showNudges(t, { notices: [{ text: err.message, error: true }] });
  }
  return showNudges(t, {});
}

async function touchForm(t: Turn): Promise<void> {
  const draft = t.s.kw === "nudge.touch" ? await t.kw.formDraft({ nudgeId: nudgeIdOf(t.s) }) : await t.kw.formDraft({ accountId: t.s.ref });
  if (!draft?.account) return replyWith(t.context, notice("That account or nudge no longer exists."), { view: "reply" });
  const input = { account: draft.account.id, kind: t.inputs.kind, date: t.inputs.date, note: t.inputs.note };
  const result = await t.kw.submitForm("touch", input, t.actor, "teams", t.where);
  if (t.s.kw === "nudge.touch") {
    return showNudges(t, result.ok ? { notices: [{ text: `📝 ${result.reply.summary} (${t.actor.name})` }] } : { forms: formErrors(t, result.errors) });
  }
  const show = t.s.view === "form" ? replaceCard : replyWith;
  if (result.ok) return show(t.context, result.reply, { view: "reply" });
  return show(t.context, touchFormMessage(draft.account), { view: "form", forms: formErrors(t, result.errors) });
}

async function showAccount(t: Turn): Promise<void> {
  const draft = await t.kw.formDraft({ accountId: t.s.ref });
  if (!draft?.account) return replyWith(t.context, notice("That account no longer exists."), { view: "reply" });
  const outcome = await t.kw.commandTokens([{ value: "account", quoted: false }, { value: draft.account.name, quoted: true }], t.actor, "teams", t.where);
  return replyWith(t.context, outcome.reply, { view: "reply" });
}

/**
 * The nudge card again, as it stands now: in place of the card pressed when it was a nudge card
 * (all the nudges it shows), else as a new card for this nudge under the one pressed.
 */
async function showNudges(t: Turn, extra: Pick<CardOptions, "forms" | "notices">): Promise<void> {
  const inPlace = t.s.view === "nudges";
  const ids = inPlace && t.s.shown?.length ? t.s.shown : [nudgeIdOf(t.s)];
  const card = await t.kw.nudgeMessage(ids);
  if (!card) return replyWith(t.context, notice(`There is no nudge #${ids.join(", #")} any more.`), { view: "reply" });
  return (inPlace ? replaceCard : replyWith)(t.context, card, { view: "nudges", ...extra });
}

function formErrors(t: Turn, errors: Record<string, string>): Record<string, FormState> {
  return { [formKey(t.s.kw, t.s.ref)]: { values: t.inputs, errors } };
}

function nudgeIdOf(s: Submission): number {
  return /^\d{1,9}$/.test(s.ref) ? Number(s.ref) : 0;
}

/** A card with just the "log touchpoint" form for one account (opened from a command, or shown again with its errors). */
export function touchFormMessage(account: { id: string; name: string }): Message {
  return message(`Log a touchpoint with ${account.name}`, [
    { type: "text", text: `**${account.name}**` },
    { type: "actions", actions: [{ id: "account.touch", label: "Log touchpoint", value: account.id }] },
  ]);
}

export const openTouchForm = (accountId: string): Record<string, FormState> => ({ [formKey("account.touch", accountId)]: { values: {}, errors: {} } });

function notice(text: string): Message {
  return message(text.replace(/`/g, ""), [{ type: "text", text: `⚠️ ${text}` }]);
}
