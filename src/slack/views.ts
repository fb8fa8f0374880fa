// The neutral forms (src/forms) as modals, and the App Home, as Block Kit views. A field's name is its
// block id and its action id, so the core's per-field errors map straight onto the inputs.
import type { types } from "@slack/bolt";
import { FORMS, type FormField, type FormName, type FormValues } from "../forms/index.js";
import type { Message } from "../messages/model.js";
import { clip, MAX_VIEW_BLOCKS, renderBlocks } from "./blocks.js";
import { encodeOrigin, type Origin } from "./origin.js";

/** The account picker's action id: its type-ahead options are served by the listener on this id. */
export const ACCOUNT_PICKER = "account";

const CALLBACK_SUFFIX = "_form";
const LABEL_LIMIT = 75;

type Option = types.PlainTextOption;
const plain = (text: string) => ({ type: "plain_text" as const, text, emoji: true });
const option = (value: string, label: string): Option => ({ text: plain(clip(label, LABEL_LIMIT)), value });

/** What a form opens with: values to show (a choice's value, a date, text), the account already picked, values carried unseen. */
export interface FormOpening {
  values?: FormValues;
  account?: { id: string; name: string } | null;
  hidden?: FormValues;
}

/** A form as a modal; submitting it comes back to the view listener for `callbackIdOf(form)`. */
export function formView(form: FormName, opening: FormOpening, origin: Origin): types.ModalView {
  const { definition } = FORMS[form];
  return {
    type: "modal",
    callback_id: callbackIdOf(form),
    title: plain(definition.title),
    submit: plain(definition.submitLabel),
    close: plain("Cancel"),
    private_metadata: encodeOrigin({ ...origin, ...hiddenOf(opening) }),
    blocks: definition.fields.map((f) => inputBlock(f, opening)),
  };
}

function hiddenOf(opening: FormOpening): Pick<Origin, "hidden"> {
  const entries = Object.entries(opening.hidden ?? {}).filter((e): e is [string, string] => e[1] !== undefined);
  return entries.length ? { hidden: Object.fromEntries(entries) } : {};
}

export const callbackIdOf = (form: FormName) => `${form}${CALLBACK_SUFFIX}`;

export function formOfCallback(callbackId: string): FormName | null {
  const name = callbackId.endsWith(CALLBACK_SUFFIX) ? callbackId.slice(0, -CALLBACK_SUFFIX.length) : "";
  return name in FORMS ? (name as FormName) : null;
}

function inputBlock(field: FormField, opening: FormOpening): types.InputBlock {
  const value = opening.values?.[field.name];
  return {
    type: "input",
    block_id: field.name,
    label: plain(field.label),
    ...(field.optional && { optional: true }),
    ...(field.hint && { hint: plain(field.hint) }),
    element: inputElement(field, value, opening.account ?? null),
  };
}

function inputElement(field: FormField, value: string | undefined, account: FormOpening["account"]): types.InputBlock["element"] {
  switch (field.kind) {
    case "account":
      return {
        type: "external_select",
        action_id: ACCOUNT_PICKER,
        placeholder: plain("Type a few letters of the name"),
        min_query_length: 0,
        ...(account && { initial_option: option(account.id, account.name) }),
      };
    case "choice": {
      const options = field.choices.map((c) => option(c.value, c.label));
      const initial = options.find((o) => o.value === (value ?? field.default));
      return { type: "static_select", action_id: field.name, ...(field.placeholder && { placeholder: plain(field.placeholder) }), options, ...(initial && { initial_option: initial }) };
    }
    case "date":
      return { type: "datepicker", action_id: field.name, ...(value && { initial_date: value }) };
    case "text":
      return {
        type: "plain_text_input",
        action_id: field.name,
        ...(field.multiline && { multiline: true }),
        max_length: field.maxLength,
        ...(field.placeholder && { placeholder: plain(field.placeholder) }),
        ...(value && { initial_value: value }),
      };
  }
}

/** A form's reply shown in the modal itself, when there is no conversation to answer in (App Home). */
export function doneView(reply: Message): types.ModalView {
  return { type: "modal", title: plain("Keepwarm"), close: plain("Close"), blocks: renderBlocks(reply.blocks, reply.people, MAX_VIEW_BLOCKS) };
}

/** The account picker's type-ahead answer. */
export function accountOptions(accounts: { id: string; name: string; stage: string }[]): { options: Option[] } {
  return { options: accounts.map((a) => ({ text: { type: "plain_text", text: clip(`${a.name} · ${a.stage}`, LABEL_LIMIT) }, value: a.id })) };
}

export function homeView(home: Message): types.HomeView {
  return { type: "home", blocks: renderBlocks(home.blocks, home.people, MAX_VIEW_BLOCKS) };
}
