import { z } from "zod";
import { changeStage } from "../activity/stages.js";
import { isAppError } from "../domain/errors.js";
import { classifyStageMove, stageMoveNeedsReason, STAGES } from "../domain/stages.js";
import { requireOwnerOrManager } from "../commands/accountArg.js";
import type { CommandContext } from "../commands/context.js";
import { clearedNote, confirmation, oneOf } from "../commands/validate.js";
import { actorMention, message } from "../messages/model.js";
import { fieldErrors, type FormResult } from "./result.js";

export const STAGE_FORM_FIELDS = { account: "account", stage: "stage", reason: "reason" } as const;

export const stageFormSchema = z.object({
  account: z.string({ error: "Pick an account." }).min(1, "Pick an account."),
  stage: z.enum(STAGES, { error: `Pick a stage: ${oneOf(STAGES)}.` }),
  reason: z.string().max(1000, "1000 characters at most.").optional().transform((r) => r?.trim() || null),
});

/** Moves an account's stage from a form, with the same rules as the `stage` command. */
export async function submitStageForm(input: unknown, ctx: CommandContext): Promise<FormResult> {
  const parsed = stageFormSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error.issues) };
  const f = parsed.data;
  const account = await ctx.db.account.findUnique({ where: { id: f.account }, select: { id: true, name: true, stage: true } });
  if (!account) return { ok: false, errors: { account: "That account no longer exists; pick another." } };
  const kind = classifyStageMove(account.stage, f.stage);
  if (kind === "same") return { ok: false, errors: { stage: `${account.name} is already in ${f.stage}.` } };
  if (stageMoveNeedsReason(kind) && !f.reason) {
    return { ok: false, errors: { reason: kind === "exit" ? "Say why the customer is leaving." : `Moving back from ${account.stage} needs a reason.` } };
  }
  try {
    await requireOwnerOrManager(ctx.db, ctx.actor, account, "change its stage");
    const move = await changeStage(ctx.db, account, f.stage, ctx.actor, f.reason, ctx.now);
    const cleared = await ctx.rescan([account.id]);
    const line = `**${account.name}** moved from ${move.from} to **${move.to}**${f.reason ? `: ${f.reason}` : "."}`;
    const by = actorMention(ctx.actor);
    return {
      ok: true,
      reply: confirmation(line, [clearedNote(cleared)]),
      announce: {
        ...message(`${account.name} moved to ${move.to}`, [{ type: "text", text: `${move.kind === "win_back" ? "🎉 " : ""}${line} (by ${by.text})` }], "channel"),
        people: by.people,
      },
    };
  } catch (err) {
    if (isAppError(err)) return { ok: false, errors: { [err.code === "forbidden" ? "account" : "stage"]: err.message } };
    throw err;
  }
}
