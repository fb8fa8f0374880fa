import { z } from "zod";
import { openComplaint } from "../activity/complaints.js";
import { COMPLAINT_SEVERITIES } from "../domain/complaints.js";
import { takeAccount } from "./accountArg.js";
import type { CommandSpec } from "./context.js";
import { joinWords, type Token } from "./tokens.js";
import { argProblems, confirmation, validateArgs } from "./validate.js";

const usage = "complaint <account> [low|medium|high|critical] <summary>";
const isSeverity = (w: string) => (COMPLAINT_SEVERITIES as readonly string[]).includes(w);

const args = z.object({
  severity: z.enum(COMPLAINT_SEVERITIES),
  summary: z.string().min(1, "the summary is missing: what is the customer unhappy about?").max(2000, "the summary is too long (2000 characters at most)"),
});

/** The severity, when the first word after the name is one (medium otherwise), and the summary. */
function argsOf(rest: Token[]) {
  const first = rest[0]?.value.toLowerCase();
  const hasSeverity = first !== undefined && isSeverity(first);
  return { severity: hasSeverity ? first : "medium", summary: joinWords(rest.slice(hasSeverity ? 1 : 0)) };
}

export const complaintCommand: CommandSpec = {
  name: "complaint", usage, minRole: "rep",
  summary: "Log a customer complaint; it must get a first response within the policy's deadline for its severity.",
  examples: ['complaint "Acme Corp" high invoices doubled since the migration', "complaint Globex onboarding emails go to spam"],
  async run(tokens, ctx) {
    const { account, rest } = await takeAccount(ctx.db, tokens, usage, { isKeyword: isSeverity, keywordOptional: true, alsoCheck: (r) => argProblems(args, argsOf(r)) });
    const a = validateArgs(args, argsOf(rest), usage);
    const { id } = await openComplaint(ctx.db, { accountId: account.id, severity: a.severity, summary: a.summary, openedAt: ctx.now, source: ctx.source, openedById: ctx.actor.personId });
    await ctx.rescan([account.id]);
    const hours = ctx.policy.complaints.responseHours[a.severity];
    return {
      reply: confirmation(`Logged complaint **#${id}** (${a.severity}) for **${account.name}**: ${a.summary}`, [
        `A first response is due within ${hours} ${ctx.policy.complaints.businessHours ? "business hours" : "hours"}. Record it with \`answer #${id} <note>\`.`,
      ]),
    };
  },
};
