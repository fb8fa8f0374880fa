/** Change an account's stage: the form behind /stage; the move itself is the `stage` command's (moveStage). */
import { z } from "zod";
import { requireOwnerOrManager } from "../commands/accountArg.js";
import type { CommandContext } from "../commands/context.js";
import { moveStage } from "../commands/stage.js";
import { oneOf } from "../commands/validate.js";
import { isAppError } from "../domain/errors.js";
import { classifyStageMove, stageMoveNeedsReason, STAGES } from "../domain/stages.js";
import { ACCOUNT_FIELD, validateForm, type FormDefinition, type FormResult } from "./model.js";

export const stageForm: FormDefinition = {
  name: "stage", title: "Change stage", submitLabel: "Move it",
  fields: [
    ACCOUNT_FIELD,
    { name: "stage", kind: "choice", label: "New stage", choices: STAGES.map((s) => ({ value: s, label: s[0].toUpperCase() + s.slice(1) })), placeholder: "Pick a stage" },
    { name: "reason", kind: "text", label: "Reason", optional: true, multiline: true, maxLength: 1000, hint: "Needed when moving back a stage or into exit." },
  ],
};

const schema = z.object({
  account: z.string({ error: "Pick an account." }).min(1, "Pick an account."),
  stage: z.enum(STAGES, { error: `Pick a stage: ${oneOf(STAGES)}.` }),
  reason: z.string().max(1000, "1000 characters at most.").optional().transform((r) => r?.trim() || null),
});

/** Moves an account's stage from the form: the command's rules and wording, each problem next to its field. */
export async function submitStageForm(input: unknown, ctx: CommandContext): Promise<FormResult> {
  const checked = validateForm(schema, input);
  if (!checked.ok) return checked;
  const f = checked.values;
  const account = await ctx.db.account.findUnique({ where: { id: f.account }, select: { id: true, name: true, stage: true } });
  if (!account) return { ok: false, errors: { account: "That account no longer exists; pick another." } };
  const kind = classifyStageMove(account.stage, f.stage);
  if (kind === "same") return { ok: false, errors: { stage: `${account.name} is already in ${f.stage}.` } };
  if (stageMoveNeedsReason(kind) && !f.reason) {
    return { ok: false, errors: { reason: kind === "exit" ? "Say why the customer is leaving." : `Moving back from ${account.stage} needs a reason.` } };
  }
  try {
    await requireOwnerOrManager(ctx.db, ctx.actor, account, "change its stage");
    return { ok: true, ...(await moveStage(ctx, account, f.stage, f.reason)) };
  } catch (err) {
    if (isAppError(err)) return { ok: false, errors: { [err.code === "forbidden" ? "account" : "stage"]: err.message } };
    throw err;
  }
}
