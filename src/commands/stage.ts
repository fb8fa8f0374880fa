import { z } from "zod";
import { changeStage } from "../activity/stages.js";
import { nextStage, STAGES, type Stage } from "../domain/stages.js";
import { AppError } from "../domain/errors.js";
import { actorMention, message } from "../messages/model.js";
import { requireOwnerOrManager, takeAccount } from "./accountArg.js";
import type { CommandContext, CommandReply, CommandSpec } from "./context.js";
import { joinWords, type Token } from "./tokens.js";
import { argProblems, clearedNote, confirmation, oneOf, validateArgs } from "./validate.js";

const usage = "stage <account> <stage | next> [reason]";
const isStageWord = (w: string) => w === "next" || (STAGES as readonly string[]).includes(w);

const args = z.object({
  stage: z.enum([...STAGES, "next"], { error: (i) => (i.input === undefined ? "the stage is missing" : `"${String(i.input)}" is not a stage; use ${oneOf(STAGES)} (or next)`) }),
  reason: z.string().max(1000, "the reason is too long (1000 characters at most)"),
});

const argsOf = (rest: Token[]) => ({ stage: rest[0]?.value.toLowerCase(), reason: joinWords(rest.slice(1)) });

const MOVE_WORDS = { forward: "moved", backward: "moved back", exit: "moved", win_back: "won back", initial: "set", same: "kept" } as const;

export const stageCommand: CommandSpec = {
  name: "stage", usage, minRole: "rep",
  summary: `Move an account to a lifecycle stage (${STAGES.join(" → ")}). Moving back or into exit needs a reason.`,
  examples: ['stage "Acme Corp" onboarding', "stage Globex next", 'stage Initech exit "chose a competitor on price"', "stage Initech retention won back after the pricing change"],
  async run(tokens, ctx) {
    const { account, rest } = await takeAccount(ctx.db, tokens, usage, { isKeyword: isStageWord, alsoCheck: (r) => argProblems(args, argsOf(r)) });
    const a = validateArgs(args, argsOf(rest), usage);
    await requireOwnerOrManager(ctx.db, ctx.actor, account, "change its stage");
    const current = await ctx.db.account.findUniqueOrThrow({ where: { id: account.id }, select: { stage: true } });
    const to: Stage | null = a.stage === "next" ? nextStage(current.stage) : a.stage;
    if (!to) throw new AppError("invalid_argument", `${account.name} is in ${current.stage}; there is no next stage from there.`, [usage]);
    return moveStage(ctx, { ...account, stage: current.stage }, to, a.reason || null);
  },
};

/**
 * Moves an account's stage, re-evaluates it, and words the reply and the channel's announcement:
 * the one path for the command and the change-stage form. The caller has checked who may move it.
 */
export async function moveStage(ctx: CommandContext, account: { id: string; name: string; stage: Stage }, to: Stage, reason: string | null): Promise<CommandReply> {
  const move = await changeStage(ctx.db, account, to, ctx.actor, reason, ctx.now);
  const cleared = await ctx.rescan([account.id]);
  const line = `**${account.name}** ${MOVE_WORDS[move.kind]} from ${move.from} to **${move.to}**`;
  const why = reason ? `: ${reason}` : ".";
  const by = actorMention(ctx.actor);
  return {
    reply: confirmation(`${line}${why}`, [clearedNote(cleared)]),
    announce: {
      ...message(`${account.name} ${MOVE_WORDS[move.kind]} to ${move.to}`, [{ type: "text", text: `${move.kind === "win_back" ? "🎉 " : ""}${line} by ${by.text}${why}` }], "channel"),
      people: by.people,
    },
  };
}
