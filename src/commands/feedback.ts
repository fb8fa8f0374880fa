import { z } from "zod";
import { recordFeedback } from "../activity/feedback.js";
import { FEEDBACK_SCALES, feedbackClass, scoreProblem, type FeedbackScale } from "../domain/feedback.js";
import type { Policy } from "../rules/policy.js";
import { takeAccount } from "./accountArg.js";
import type { CommandContext, CommandReply, CommandSpec } from "./context.js";
import { formatLocal, parsePastDate } from "./dates.js";
import { joinWords, takeOptions, type Token } from "./tokens.js";
import { argProblems, clearedNote, confirmation, oneOf, validateArgs } from "./validate.js";

const usage = "feedback <account> <score | asked> [comment] [--scale nps|csat] [--from CONTACT] [--on DATE]";
/** A number where the score goes (4, or a mistyped 4.5 that the schema then names), or `asked`. */
const isScoreWord = (w: string) => w === "asked" || /^-?\d+([.,]\d+)?$/.test(w);

const args = z
  .object({
    score: z
      .string({ error: "the score is missing: give a number (NPS 0–10, CSAT 1–5), or asked" })
      .transform((w, ctx) => {
        if (w.toLowerCase() === "asked") return null;
        if (!isScoreWord(w)) ctx.addIssue({ code: "custom", message: `"${w}" is not a score; give a number (NPS 0–10, CSAT 1–5), or asked` });
        return Number(w.replace(",", "."));
      }),
    scale: z.enum(FEEDBACK_SCALES, { error: (i) => `"${String(i.input)}" is not a scale; use ${oneOf(FEEDBACK_SCALES)}` }).default("nps"),
    comment: z.string().max(2000, "the comment is too long (2000 characters at most)"),
    from: z.string().max(200, "the contact's name is too long (200 characters at most)").optional(),
  })
  .superRefine((a, ctx) => {
    const problem = a.score === null ? null : scoreProblem(a.scale, a.score);
    if (problem) ctx.addIssue({ code: "custom", path: ["score"], message: problem });
  });

export const feedbackCommand: CommandSpec = {
  name: "feedback", usage, minRole: "rep",
  summary: "Record a customer's NPS (0–10, the default) or CSAT (1–5) score, or that you asked for one. A detractor needs a response.",
  examples: [
    'feedback "Acme Corp" 4 slow support lately --from Peter',
    "feedback Globex 9 --scale nps --on yesterday",
    "feedback Initech 2 --scale csat --from Joanna",
    'feedback "Acme Corp" asked --from Peter',
  ],
  async run(tokens, ctx) {
    const { rest, options } = takeOptions(tokens, ["scale", "from", "on"]);
    const argsOf = (r: Token[]) => ({ score: r[0]?.value, comment: joinWords(r.slice(1)), scale: options.scale?.toLowerCase(), from: options.from });
    const { account, rest: afterAccount } = await takeAccount(ctx.db, rest, usage, { isKeyword: isScoreWord, alsoCheck: (r) => argProblems(args, argsOf(r)) });
    const a = validateArgs(args, argsOf(afterAccount), usage);
    const at = options.on ? parsePastDate(options.on, ctx.now, ctx.timeZone) : ctx.now;
    const contact = a.from?.trim() || null;
    await recordFeedback(
      ctx.db,
      [{ accountId: account.id, scale: a.scale, score: a.score, comment: a.comment || null, contactName: contact, at, byPersonId: ctx.actor.personId, idempotencyKey: null }],
      ctx.source,
      ctx.now,
    );
    const cleared = await ctx.rescan([account.id]);
    const when = options.on ? ` on ${formatLocal(at, ctx.timeZone)}` : "";
    return a.score === null
      ? askedReply(account.name, contact, when)
      : scoreReply(ctx, { account: account.name, scale: a.scale, score: a.score, comment: a.comment, contact, when, cleared: clearedNote(cleared) });
  },
};

function askedReply(account: string, contact: string | null, when: string): CommandReply {
  const whom = contact ? `**${contact}** at **${account}**` : `**${account}**`;
  const ref = account.includes(" ") ? `"${account}"` : account;
  return { reply: confirmation(`Noted that you asked ${whom} for feedback${when}.`, [`Record the answer with \`feedback ${ref} <score>\` when it comes.`]) };
}

function scoreReply(
  ctx: CommandContext,
  r: { account: string; scale: FeedbackScale; score: number; comment: string; contact: string | null; when: string; cleared: string },
): CommandReply {
  const from = r.contact ? ` from **${r.contact}**` : "";
  const line = `Recorded **${r.scale.toUpperCase()} ${r.score}**${from} for **${r.account}**${r.when} — ${meaning(ctx.policy, r.scale, r.score)}.`;
  return { reply: confirmation(line, [r.comment ? `Comment: ${r.comment}` : "", r.cleared]) };
}

function meaning(policy: Policy, scale: FeedbackScale, score: number): string {
  const kind = feedbackClass(scale, score);
  if (kind === "promoter") return "a promoter: a good moment to ask for a reference";
  if (kind === "passive") return "a passive: content, not yet an advocate";
  return `a detractor: respond within ${policy.feedback.responseHours} hours`;
}
