// Modals and the App Home as Block Kit views. Field block ids are the form's field names, so the
// core's per-field errors map straight onto the inputs.
import type { types } from "@slack/bolt";
import { STAGES } from "../domain/stages.js";
import { TOUCHPOINT_KINDS } from "../domain/touchpoints.js";
import type { FormDraft, FormName } from "../forms/draft.js";
import { STAGE_FORM_FIELDS } from "../forms/stageForm.js";
import { TOUCH_FORM_FIELDS } from "../forms/touchForm.js";
import type { Message } from "../messages/model.js";
import { clip, MAX_VIEW_BLOCKS, renderBlocks } from "./blocks.js";
import { encodeOrigin, type Origin } from "./origin.js";

/** Callback ids of the modals, and the action id of the external account picker. */
export const VIEWS = { touch: "touch_form", stage: "stage_form", snooze: "snooze_form" } as const;
export const ACCOUNT_PICKER = TOUCH_FORM_FIELDS.account;
export const SNOOZE_FIELD = "until";

type Option = types.PlainTextOption;
const plain = (text: string) => ({ type: "plain_text" as const, text, emoji: true });
const option = (value: string, label: string): Option => ({ text: plain(clip(label, 75)), value });
const KIND_LABELS: Record<string, string> = { qbr: "QBR", note: "Note (internal, not contact)" };
const capitalize = (s: string) => s[0].toUpperCase() + s.slice(1);

export function formView(draft: FormDraft, origin: Origin): types.ModalView {
  return draft.form === "touch" ? touchView(draft, origin) : stageView(draft, origin);
}

function accountInput(draft: FormDraft): types.InputBlock {
  return {
    type: "input",
    block_id: TOUCH_FORM_FIELDS.account,
    label: plain("Account"),
    element: {
      type: "external_select",
      action_id: ACCOUNT_PICKER,
      placeholder: plain("Type a few letters of the name"),
      min_query_length: 0,
      ...(draft.account && { initial_option: option(draft.account.id, draft.account.name) }),
    },
  };
}

function touchView(draft: FormDraft, origin: Origin): types.ModalView {
  const f = TOUCH_FORM_FIELDS;
  return modal(VIEWS.touch, "Log a touchpoint", "Log it", origin, [
    accountInput(draft),
    {
      type: "input",
      block_id: f.kind,
      label: plain("Kind"),
      element: { type: "static_select", action_id: f.kind, placeholder: plain("Call, email, meeting…"), options: TOUCHPOINT_KINDS.map((k) => option(k, KIND_LABELS[k] ?? capitalize(k))) },
    },
    { type: "input", block_id: f.date, optional: true, label: plain("When"), hint: plain("Leave empty for now."), element: { type: "datepicker", action_id: f.date } },
    { type: "input", block_id: f.note, optional: true, label: plain("Note"), element: { type: "plain_text_input", action_id: f.note, multiline: true, max_length: 2000 } },
  ]);
}

function stageView(draft: FormDraft, origin: Origin): types.ModalView {
  const f = STAGE_FORM_FIELDS;
  return modal(VIEWS.stage, "Change stage", "Move it", origin, [
    accountInput(draft),
    {
      type: "input",
      block_id: f.stage,
      label: plain("New stage"),
      element: { type: "static_select", action_id: f.stage, placeholder: plain("Pick a stage"), options: STAGES.map((s) => option(s, capitalize(s))) },
    },
    {
      type: "input",
      block_id: f.reason,
      optional: true,
      label: plain("Reason"),
      hint: plain("Needed when moving back a stage or into exit."),
      element: { type: "plain_text_input", action_id: f.reason, multiline: true, max_length: 1000 },
    },
  ]);
}

export function snoozeView(origin: Origin): types.ModalView {
  return modal(VIEWS.snooze, "Snooze until…", "Snooze", origin, [
    { type: "input", block_id: SNOOZE_FIELD, label: plain("Until"), hint: plain("It comes back at 9:00 your time that day."), element: { type: "datepicker", action_id: SNOOZE_FIELD } },
  ]);
}

/** A form's reply shown in the modal itself, when there is no conversation to answer in (App Home). */
export function doneView(reply: Message): types.ModalView {
  return { type: "modal", title: plain("Keepwarm"), close: plain("Close"), blocks: renderBlocks(reply.blocks, reply.people, MAX_VIEW_BLOCKS) };
}

/** The account picker's type-ahead answer. */
export function accountOptions(accounts: { id: string; name: string; stage: string }[]): { options: Option[] } {
  return { options: accounts.map((a) => ({ text: { type: "plain_text", text: clip(`${a.name} · ${a.stage}`, 75) }, value: a.id })) };
}

export function homeView(home: Message): types.HomeView {
  return { type: "home", blocks: renderBlocks(home.blocks, home.people, MAX_VIEW_BLOCKS) };
}

function modal(callbackId: string, title: string, submit: string, origin: Origin, blocks: types.KnownBlock[]): types.ModalView {
  return { type: "modal", callback_id: callbackId, title: plain(title), submit: plain(submit), close: plain("Cancel"), private_metadata: encodeOrigin(origin), blocks };
}

export function formOfView(callbackId: string): FormName | null {
  return callbackId === VIEWS.touch ? "touch" : callbackId === VIEWS.stage ? "stage" : null;
}
