// A button pressed on one of our cards (Action.Submit: a message whose `value` is the button's data
// plus every input of the card). Parsed at the edge, one core call, then the card is shown again as
// it now stands: in place for a nudge card or a form card, as a new message under any other card.
import type { TurnContext } from "botbuilder";
import { z } from "zod";
import { isAppError } from "../domain/errors.js";
import type { Actor } from "../domain/people.js";
import type { AccountFormName } from "../forms/draft.js";
import { FORM_ERROR, type FormResult } from "../forms/index.js";
import type { CommandWhere, Keepwarm } from "../keepwarm.js";
import { ACTION_IDS, message, type ActionId, type Message } from "../messages/model.js";
import { cardFields, formKey, inputId, type FormState } from "./cards/actions.js";
import type { CardOptions } from "./cards/adaptiveCard.js";
import { rootConversationId, whereOf } from "./conversation.js";
import { actorOf } from "./people.js";
import { postToConversation, replaceCard, replyWith } from "./replies.js";

const submissionSchema = z.object({
  kw: z.enum(ACTION_IDS),
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

/** The action that opens each account form from a card, and its button's label. */
const ACCOUNT_FORM_ACTIONS: Record<AccountFormName, { id: ActionId; label: string }> = {
  touch: { id: "account.touch", label: "Log touchpoint" },
  stage: { id: "account.stage", label: "Change stage" },
};

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
      return acknowledge(turn);
    case "nudge.snooze":
      return snooze(turn);
    case "nudge.touch":
      return nudgeTouch(turn);
    case "account.touch":
      return accountForm(turn, "touch");
    case "account.stage":
      return accountForm(turn, "stage");
    case "account.show":
      return showAccount(turn);
    case "digest.all":
      return replyWith(context, (await kw.fullDigest(s.ref)) ?? notice("That channel no longer has a digest."), { view: "reply" });
    case "email.file":
      return fileEmail(turn);
  }
}

/** The inputs of the pressed action's form, by field name. */
function readInputs(value: Record<string, unknown>, s: Submission): Inputs {
  const inputs: Inputs = {};
  for (const field of cardFields(s.kw)) {
    const v = value[inputId(s.kw, s.ref, field.name)];
    if (typeof v === "string" && v.trim() !== "") inputs[field.name] = v.trim().slice(0, 4000);
  }
  return inputs;
}

async function acknowledge(t: Turn): Promise<void> {
  try {
    await t.kw.actOnNudge(nudgeIdOf(t.s), { type: "acknowledge" }, t.actor);
  } catch (err) {
    if (!isAppError(err)) throw err;
    return showNudges(t, { notices: [{ text: err.message, error: true }] });
  }
  return showNudges(t, {});
}

async function snooze(t: Turn): Promise<void> {
  const result = await t.kw.submitForm("snooze", { nudge: nudgeIdOf(t.s), ...t.inputs }, t.actor, "teams", t.where);
  if (result.ok) return showNudges(t, {});
  return showNudges(t, refusal(t, result));
}

async function nudgeTouch(t: Turn): Promise<void> {
  const draft = await t.kw.formDraft({ nudgeId: nudgeIdOf(t.s) });
  if (!draft?.account) return replyWith(t.context, notice("That account or nudge no longer exists."), { view: "reply" });
  const result = await t.kw.submitForm("touch", { ...t.inputs, account: draft.account.id }, t.actor, "teams", t.where);
  return showNudges(t, result.ok ? { notices: [{ text: `📝 ${result.reply.summary} (${t.actor.name})` }] } : refusal(t, result));
}

/** A form card about one account (opened by a bare `touch <account>` or `stage <account>`, or a button). */
async function accountForm(t: Turn, form: AccountFormName): Promise<void> {
  const draft = await t.kw.formDraft({ accountId: t.s.ref, form });
  if (!draft?.account) return replyWith(t.context, notice("That account no longer exists."), { view: "reply" });
  const result = await t.kw.submitForm(form, { ...t.inputs, account: draft.account.id }, t.actor, "teams", t.where);
  const show = t.s.view === "form" ? replaceCard : replyWith;
  if (!result.ok) return show(t.context, accountFormMessage(form, draft.account), { view: "form", forms: formErrors(t, result.errors) });
  await show(t.context, result.reply, { view: "reply" });
  // News for the team (a stage change) goes to the channel itself; a personal chat has no team to tell.
  if (result.announce && t.where.channel) await postToConversation(t.context, result.announce, { view: "reply" });
}

async function fileEmail(t: Turn): Promise<void> {
  try {
    return replyWith(t.context, await t.kw.fileEmail(t.s.ref, t.actor), { view: "reply" });
  } catch (err) {
    if (!isAppError(err)) throw err;
    return replyWith(t.context, notice(err.message), { view: "reply" });
  }
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
  const card = await t.kw.nudgeMessage(ids, { platform: "teams", channelId: rootConversationId(t.context.activity) });
  if (!card) return replyWith(t.context, notice(`There is no nudge #${ids.join(", #")} any more.`), { view: "reply" });
  return (inPlace ? replaceCard : replyWith)(t.context, card, { view: "nudges", ...extra });
}

/** A refused form: shown open again with each error by its field, or, when only the whole action was refused, said under the card. */
function refusal(t: Turn, result: Extract<FormResult, { ok: false }>): Pick<CardOptions, "forms" | "notices"> {
  const fields = Object.keys(result.errors);
  if (fields.length === 1 && fields[0] === FORM_ERROR) return { notices: [{ text: result.errors[FORM_ERROR], error: true }] };
  return { forms: formErrors(t, result.errors) };
}

function formErrors(t: Turn, errors: Record<string, string>): Record<string, FormState> {
  return { [formKey(t.s.kw, t.s.ref)]: { values: t.inputs, errors } };
}

function nudgeIdOf(s: Submission): number {
  return /^\d{1,9}$/.test(s.ref) ? Number(s.ref) : 0;
}

/** A card with just one account's form (opened from a command, or shown again with its errors). */
export function accountFormMessage(form: AccountFormName, account: { id: string; name: string }): Message {
  const action = ACCOUNT_FORM_ACTIONS[form];
  return message(`${action.label}: ${account.name}`, [
    { type: "text", text: `**${account.name}**` },
    { type: "actions", actions: [{ id: action.id, label: action.label, value: account.id }] },
  ]);
}

/** The account form shown open, empty. */
export function openAccountForm(form: AccountFormName, accountId: string): Record<string, FormState> {
  return { [formKey(ACCOUNT_FORM_ACTIONS[form].id, accountId)]: { values: {}, errors: {} } };
}

function notice(text: string): Message {
  return message(text.replace(/`/g, ""), [{ type: "text", text: `⚠️ ${text}` }]);
}

