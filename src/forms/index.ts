/** The forms people fill in, once each, and which action opens which. */
import type { CommandContext } from "../commands/context.js";
import type { ActionId } from "../messages/model.js";
import type { FormDefinition, FormName, FormResult } from "./model.js";
import { snoozeForm, submitSnoozeForm } from "./snoozeForm.js";
import { stageForm, submitStageForm } from "./stageForm.js";
import { submitTouchForm, touchForm } from "./touchForm.js";

export type { FormDefinition, FormField, FormName, FormResult, FormValues } from "./model.js";
export { FORM_ERROR } from "./model.js";

export const FORMS: Record<FormName, { definition: FormDefinition; submit(input: unknown, ctx: CommandContext): Promise<FormResult> }> = {
  touch: { definition: touchForm, submit: submitTouchForm },
  stage: { definition: stageForm, submit: submitStageForm },
  snooze: { definition: snoozeForm, submit: submitSnoozeForm },
};

/** The form an action opens (a modal on Slack, inputs in the card on Teams); the other actions act at once. */
export const FORM_OF_ACTION: Partial<Record<ActionId, FormName>> = {
  "nudge.touch": "touch",
  "account.touch": "touch",
  "account.stage": "stage",
  "nudge.snooze": "snooze",
};
