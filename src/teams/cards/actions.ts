// Neutral actions as Adaptive Card actions. Buttons are Action.Submit: Teams posts the `data` back as
// a message whose `value` also carries every input of the card, keyed by the input ids below. An
// action that opens a form (src/forms) shows it inside the card (Action.ShowCard); a form that came
// back with errors is shown open, with what was typed and each error under its field.
import { FORM_OF_ACTION, FORMS, type FormField } from "../../forms/index.js";
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

/**
 * The fields an action's form shows in a card. The account is not one of them: the action's value
 * names it (the nudge's or the account's), as it names the nudge a snooze is for.
 */
export function cardFields(id: ActionId): FormField[] {
  const form = FORM_OF_ACTION[id];
  return form ? FORMS[form].definition.fields.filter((f) => f.kind !== "account") : [];
}

const STYLE = { primary: "positive", danger: "destructive" } as const;

/** The elements an actions block becomes: a row of buttons, then any form shown open. */
export function actionElements(actions: Action[], ctx: ActionContext): CardElement[] {
  const open = actions.filter((a) => FORM_OF_ACTION[a.id] && ctx.forms?.[formKey(a.id, a.value)]);
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
  const form = FORM_OF_ACTION[a.id];
  if (!form) return submit(a, ctx, a.label, a.style);
  return { type: "Action.ShowCard", title: a.label, card: { type: "AdaptiveCard", body: formInputs(a, undefined), actions: [submit(a, ctx, FORMS[form].definition.submitLabel, "primary")] } };
}

function openForm(a: Action, ctx: ActionContext, state: FormState): CardElement {
  const fields = new Set(cardFields(a.id).map((f) => f.name));
  const general = Object.entries(state.errors).filter(([field]) => !fields.has(field)).map(([, message]) => errorLine(message));
  return {
    type: "Container",
    style: "emphasis",
    items: [
      { type: "TextBlock", text: a.label, weight: "Bolder", wrap: true },
      ...general,
      ...formInputs(a, state),
      { type: "ActionSet", actions: [submit(a, ctx, FORMS[FORM_OF_ACTION[a.id]!].definition.submitLabel, "primary")] },
    ],
  };
}

function formInputs(a: Action, state: FormState | undefined): CardElement[] {
  return cardFields(a.id).flatMap((field) => {
    const input = cardInput(field, inputId(a.id, a.value, field.name), state?.values[field.name]);
    const error = state?.errors[field.name];
    return error ? [input, errorLine(error)] : [input];
  });
}

/** One field as an input; a field's hint (Slack shows it under the input) is the empty input's placeholder here. */
export function cardInput(field: FormField, id: string, typed: string | undefined): CardElement {
  switch (field.kind) {
    case "choice":
      return { type: "Input.ChoiceSet", id, label: field.label, style: "compact", choices: field.choices.map((c) => ({ title: c.label, value: c.value })), ...optional("value", typed ?? field.default) };
    case "text":
      return { type: "Input.Text", id, label: field.label, ...(field.multiline && { isMultiline: true }), maxLength: field.maxLength, ...optional("placeholder", field.placeholder ?? field.hint), ...optional("value", typed) };
    case "date":
      return { type: "Input.Date", id, label: field.label, ...optional("placeholder", field.hint), ...optional("value", typed) };
    case "account":
      throw new Error("a card's form names its account in the action's value");
  }
}

export function errorLine(message: string): CardElement {
  return { type: "TextBlock", text: `⚠️ ${message}`, color: "Attention", wrap: true, size: "Small", spacing: "None" };
}

function optional(key: string, value: string | undefined): Record<string, string> {
  return value ? { [key]: value } : {};
}
