// Neutral actions as Adaptive Card actions. Buttons are Action.Submit: Teams posts the `data` back as
// a message whose `value` also carries every input of the card, keyed by the input ids below. The
// snooze menu and the "log touchpoint" form open inside the card (Action.ShowCard); a form that came
// back with errors is shown open, with what was typed and each error under its field.
import { TOUCHPOINT_KINDS } from "../../domain/touchpoints.js";
import type { Action, ActionId } from "../../messages/model.js";
import type { CardElement } from "./types.js";

/**
 * What the card is, so a submission knows what to do with it afterwards: a nudge card is re-rendered
 * in place (its `shown` nudges as they stand); a form card is replaced by the outcome; any other card
 * (a command's reply) stays as it is and the outcome comes as a new message.
 */
export type CardView = "nudges" | "form" | "reply";

export interface SubmitData {
  kw: ActionId;
  ref: string;
  view: CardView;
  shown?: number[];
}

export interface FormState {
  values: Record<string, string>;
  errors: Record<string, string>;
}

export interface ActionContext {
  view: CardView;
  shown?: number[];
  /** Forms shown open, by formKey(action id, value). */
  forms?: Record<string, FormState>;
}

export const formKey = (id: ActionId, ref: string) => `${id}:${ref}`;

/** The id of one input of an action's form; unique in the card even when it shows several nudges. */
export const inputId = (id: ActionId, ref: string, field: string) => `${id}.${ref}.${field}`;

export const TOUCH_FIELDS = ["kind", "date", "note"] as const;
export const SNOOZE_FIELDS = ["until", "date"] as const;

const isForm = (a: Action) => a.id === "nudge.touch" || a.id === "account.touch" || a.id === "nudge.snooze";
const STYLE = { primary: "positive", danger: "destructive" } as const;

/** The elements an actions block becomes: a row of buttons, then any form shown open. */
export function actionElements(actions: Action[], ctx: ActionContext): CardElement[] {
  const open = actions.filter((a) => isForm(a) && ctx.forms?.[formKey(a.id, a.value)]);
  const buttons = actions.filter((a) => !open.includes(a)).map((a) => cardAction(a, ctx));
  const elements: CardElement[] = buttons.length ? [{ type: "ActionSet", actions: buttons }] : [];
  for (const a of open) elements.push(openForm(a, ctx, ctx.forms![formKey(a.id, a.value)]));
  return elements;
}

function submit(a: Action, ctx: ActionContext, title: string, style?: Action["style"]): CardElement {
  const data: SubmitData = { kw: a.id, ref: a.value, view: ctx.view, ...(ctx.view === "nudges" && ctx.shown?.length ? { shown: ctx.shown } : {}) };
  return { type: "Action.Submit", title, data, ...(style && { style: STYLE[style] }) };
}

function cardAction(a: Action, ctx: ActionContext): CardElement {
  if (!isForm(a)) return submit(a, ctx, a.label, a.style);
  return { type: "Action.ShowCard", title: a.label, card: { type: "AdaptiveCard", body: formInputs(a, undefined), actions: [submit(a, ctx, formSubmitTitle(a), "primary")] } };
}

function openForm(a: Action, ctx: ActionContext, state: FormState): CardElement {
  const known = new Set<string>(a.id === "nudge.snooze" ? SNOOZE_FIELDS : TOUCH_FIELDS);
  const general = Object.entries(state.errors).filter(([field]) => !known.has(field)).map(([, message]) => errorLine(message));
  return {
    type: "Container",
    style: "emphasis",
    items: [
      { type: "TextBlock", text: a.label, weight: "Bolder", wrap: true },
      ...general,
      ...formInputs(a, state),
      { type: "ActionSet", actions: [submit(a, ctx, formSubmitTitle(a), "primary")] },
    ],
  };
}

function formSubmitTitle(a: Action): string {
  return a.id === "nudge.snooze" ? "Snooze" : "Log it";
}

function formInputs(a: Action, state: FormState | undefined): CardElement[] {
  const id = (field: string) => inputId(a.id, a.value, field);
  const value = (field: string, fallback?: string) => state?.values[field] ?? fallback;
  const withError = (field: string, input: CardElement): CardElement[] => {
    const error = state?.errors[field];
    return error ? [input, errorLine(error)] : [input];
  };
  if (a.id === "nudge.snooze") {
    const choices = (a.choices ?? []).map((c) => ({ title: c.label, value: c.value }));
    return [
      ...withError("until", { type: "Input.ChoiceSet", id: id("until"), label: "Snooze for", style: "compact", choices, value: value("until", choices[0]?.value) }),
      ...withError("date", { type: "Input.Date", id: id("date"), label: "Or until a date", ...optional("value", value("date")) }),
    ];
  }
  const kinds = TOUCHPOINT_KINDS.map((k) => ({ title: kindTitle(k), value: k }));
  return [
    ...withError("kind", { type: "Input.ChoiceSet", id: id("kind"), label: "Kind", style: "compact", choices: kinds, value: value("kind", "call") }),
    ...withError("note", { type: "Input.Text", id: id("note"), label: "Note", isMultiline: true, maxLength: 2000, placeholder: "What was it about?", ...optional("value", value("note")) }),
    ...withError("date", { type: "Input.Date", id: id("date"), label: "When (empty: today)", ...optional("value", value("date")) }),
  ];
}

function kindTitle(kind: string): string {
  return kind === "qbr" ? "QBR" : kind[0].toUpperCase() + kind.slice(1);
}

export function errorLine(message: string): CardElement {
  return { type: "TextBlock", text: `⚠️ ${message}`, color: "Attention", wrap: true, size: "Small", spacing: "None" };
}

function optional(key: string, value: string | undefined): Record<string, string> {
  return value ? { [key]: value } : {};
}
