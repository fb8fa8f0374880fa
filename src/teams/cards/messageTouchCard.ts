// The touch form for "Log as touchpoint" on a Teams message: one card in a dialog, its inputs drawn
// as every form's are (cardInput). A dialog has no account picker, so the account is typed by name,
// prefilled with the guess; what the form carries unseen rides in the submit button's data.
import { FORMS } from "../../forms/index.js";
import { cardInput, errorLine } from "./actions.js";
import type { AdaptiveCardJson, CardElement } from "./types.js";

export const ACCOUNT_NAME_INPUT = "accountName";

export interface MessageTouchCardState {
  /** By field name; the account as its name. */
  values: Record<string, string>;
  errors: Record<string, string>;
  /** Submitted with the inputs, not shown (the message's time, its author). */
  carried: Record<string, string>;
}

export function messageTouchCard(state: MessageTouchCardState): AdaptiveCardJson {
  const { definition } = FORMS.touch;
  const names = new Set([...definition.fields.map((f) => f.name), ACCOUNT_NAME_INPUT]);
  const general = Object.entries(state.errors).filter(([field]) => !names.has(field)).map(([, message]) => errorLine(message));
  const inputs = definition.fields.flatMap((field): CardElement[] => {
    if (field.kind !== "account") return withError(cardInput(field, field.name, state.values[field.name]), state.errors[field.name]);
    const account: CardElement = { type: "Input.Text", id: ACCOUNT_NAME_INPUT, label: field.label, placeholder: "The account's name", maxLength: 200, ...(state.values[ACCOUNT_NAME_INPUT] && { value: state.values[ACCOUNT_NAME_INPUT] }) };
    return withError(account, state.errors[ACCOUNT_NAME_INPUT] ?? state.errors.account);
  });
  return {
    type: "AdaptiveCard",
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    version: "1.5",
    body: [
      { type: "TextBlock", text: definition.title, style: "heading", size: "Medium", weight: "Bolder", wrap: true },
      ...general,
      ...inputs,
      { type: "ActionSet", actions: [{ type: "Action.Submit", title: definition.submitLabel, style: "positive", data: state.carried }] },
    ],
    fallbackText: definition.title,
    msteams: { width: "Full" },
  };
}

function withError(input: CardElement, error: string | undefined): CardElement[] {
  return error ? [input, errorLine(error)] : [input];
}
