import { z } from "zod";
import { logTouchpoint } from "../activity/touchpoints.js";
import { TOUCHPOINT_KINDS, type TouchpointKind } from "../domain/touchpoints.js";
import { takeAccount } from "./accountArg.js";
import type { CommandContext, CommandReply, CommandSpec } from "./context.js";
import { formatLocal, parsePastDate } from "./dates.js";
import { joinWords, takeOptions } from "./tokens.js";
import { clearedNote, confirmation, oneOf, validateArgs } from "./validate.js";

const usage = "touch <account> <kind> [note] [--on DATE] [--with CONTACT]";
const isKind = (w: string) => (TOUCHPOINT_KINDS as readonly string[]).includes(w);

const args = z.object({
  kind: z.enum(TOUCHPOINT_KINDS, { error: (i) => (i.input === undefined ? "the kind is missing" : `"${String(i.input)}" is not a kind; use ${oneOf(TOUCHPOINT_KINDS)}`) }),
  note: z.string().max(2000, "the note is too long (2000 characters at most)"),
  with: z.string().max(200).optional(),
});

export const touchCommand: CommandSpec = {
  name: "touch", usage, minRole: "rep",
  aliases: ["log"],
  summary: "Log a touchpoint (call, email, meeting, message, note, qbr, other). Notes are internal and don't count as contact.",
  examples: ['touch "Acme Corp" call QBR prep', "touch Globex email renewal terms sent --on yesterday", "touch Initech meeting kickoff --on 2026-11-20 --with Peter"],
  async run(tokens, ctx) {
    const { rest, options } = takeOptions(tokens, ["on", "with"]);
    const { account, rest: afterAccount } = await takeAccount(ctx.db, rest, usage, isKind);
    const a = validateArgs(args, { kind: afterAccount[0]?.value.toLowerCase(), note: joinWords(afterAccount.slice(1)), with: options.with }, usage);
    const occurredAt = options.on ? parsePastDate(options.on, ctx.now, ctx.timeZone) : ctx.now;
    return recordTouchpoint(ctx, account, { kind: a.kind, occurredAt, dated: Boolean(options.on), note: a.note || null, contact: a.with ?? null });
  },
};

/**
 * Logs a touchpoint, re-evaluates the account so a cleared nudge says so, and words the reply: the
 * one path for the command and the log-a-touchpoint forms.
 */
export async function recordTouchpoint(
  ctx: CommandContext,
  account: { id: string; name: string },
  t: { kind: TouchpointKind; occurredAt: Date; dated: boolean; note: string | null; contact?: string | null },
): Promise<CommandReply> {
  const logged = await logTouchpoint(
    ctx.db,
    { accountId: account.id, kind: t.kind, occurredAt: t.occurredAt, summary: t.note, contactName: t.contact ?? null, source: ctx.source, by: { personId: ctx.actor.personId, name: ctx.actor.name } },
    ctx.now,
  );
  const cleared = await ctx.rescan([account.id]);
  const when = t.dated ? ` on ${formatLocal(t.occurredAt, ctx.timeZone)}` : "";
  return {
    reply: confirmation(`Logged a **${t.kind}** with **${account.name}**${when}${t.note ? `: ${t.note}` : "."}`, [
      logged.countsAsContact ? clearedNote(cleared) : "Internal notes don't count as contact with the customer: the stale-contact clock keeps running.",
    ]),
  };
}
