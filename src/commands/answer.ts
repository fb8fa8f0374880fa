import { answerComplaint, resolveComplaint } from "../activity/complaints.js";
import { takeComplaint } from "./complaintArg.js";
import type { CommandSpec } from "./context.js";
import { joinWords } from "./tokens.js";
import { clearedNote, confirmation } from "./validate.js";

const answerUsage = "answer <account | #complaint> [note]";
const resolveUsage = "resolve <account | #complaint> [resolution]";

export const answerCommand: CommandSpec = {
  name: "answer", usage: answerUsage, minRole: "rep",
  summary: "Record the first response to a complaint (it also counts as contact with the customer).",
  examples: ["answer #12 called them, refund on its way", 'answer "Acme Corp" emailed an apology and a fix date'],
  async run(tokens, ctx) {
    const { complaint, rest } = await takeComplaint(ctx.db, tokens, answerUsage, "unanswered");
    const note = joinWords(rest) || null;
    const { alreadyAnswered } = await answerComplaint(ctx.db, complaint, ctx.actor, note, ctx.now, ctx.source);
    const cleared = await ctx.rescan([complaint.accountId]);
    const text = alreadyAnswered
      ? `Complaint **#${complaint.id}** (${complaint.account.name}) already had a first response; logged this as a further touch.`
      : `Answered complaint **#${complaint.id}** for **${complaint.account.name}**${note ? `: ${note}` : "."}`;
    return { reply: confirmation(text, [clearedNote(cleared), `Close it with \`resolve #${complaint.id}\` when it is fixed.`]) };
  },
};

export const resolveCommand: CommandSpec = {
  name: "resolve", usage: resolveUsage, minRole: "rep",
  summary: "Close a complaint once it is fixed.",
  examples: ["resolve #12 refund issued and confirmed", 'resolve "Acme Corp"'],
  async run(tokens, ctx) {
    const { complaint, rest } = await takeComplaint(ctx.db, tokens, resolveUsage, "unresolved");
    const resolution = joinWords(rest) || null;
    const { alreadyResolved } = await resolveComplaint(ctx.db, complaint, ctx.actor, resolution, ctx.now);
    const cleared = await ctx.rescan([complaint.accountId]);
    const text = alreadyResolved
      ? `Complaint **#${complaint.id}** was already resolved.`
      : `Resolved complaint **#${complaint.id}** for **${complaint.account.name}**${resolution ? `: ${resolution}` : "."}`;
    return { reply: confirmation(text, [clearedNote(cleared)]) };
  },
};
