import { z } from "zod";
import { logTouchpoint } from "../activity/touchpoints.js";
import { aKind, defaultDirection, directionProblem, TOUCHPOINT_KINDS, type TouchpointDirection, type TouchpointKind } from "../domain/touchpoints.js";
import { takeAccount } from "./accountArg.js";
import type { CommandContext, CommandReply, CommandSpec } from "./context.js";
import { formatLocal, parsePastDate } from "./dates.js";
import { joinWords, takeOptions, type Token } from "./tokens.js";
import { argProblems, clearedNote, confirmation, oneOf, validateArgs } from "./validate.js";

const usage = "touch <account> <kind> [note] [--on DATE] [--with CONTACT] [--direction in|out]";
const isKind = (w: string) => (TOUCHPOINT_KINDS as readonly string[]).includes(w);

const args = z.object({
  kind: z.enum(TOUCHPOINT_KINDS, { error: (i) => (i.input === undefined ? "the kind is missing" : `"${String(i.input)}" is not a kind; use ${oneOf(TOUCHPOINT_KINDS)}`) }),
  note: z.string().max(2000, "the note is too long (2000 characters at most)"),
  with: z.string().max(200).optional(),
  direction: z
    .string()
    .optional()
    .transform((d, ctx) => {
      if (d === undefined) return undefined;
      const direction = DIRECTION_WORDS[d.toLowerCase()];
      if (!direction) ctx.addIssue({ code: "custom", message: `"${d}" is not a direction; use in (the customer reached out) or out (we did)` });
      return direction;
    }),
}).superRefine((a, ctx) => {
  const problem = a.direction ? directionProblem(a.kind, a.direction) : null;
  if (problem) ctx.addIssue({ code: "custom", path: ["direction"], message: problem });
});

/** What `--direction` understands. */
const DIRECTION_WORDS: Record<string, TouchpointDirection | undefined> = { in: "inbound", inbound: "inbound", out: "outbound", outbound: "outbound", internal: "internal" };

export const touchCommand: CommandSpec = {
  name: "touch", usage, minRole: "rep",
  aliases: ["log"],
  summary: "Log a touchpoint (call, email, meeting, message, note, qbr, other), ours unless `--direction in` says the customer reached out. Notes are internal and don't count as contact.",
  examples: ['touch "Acme Corp" call QBR prep', "touch Globex email renewal terms sent --on yesterday", "touch Initech meeting kickoff --on 2026-11-20 --with Peter", "touch Acme email asked about SSO --direction in"],
  async run(tokens, ctx) {
    const { rest, options } = takeOptions(tokens, ["on", "with", "direction"]);
    const argsOf = (r: Token[]) => ({ kind: r[0]?.value.toLowerCase(), note: joinWords(r.slice(1)), with: options.with, direction: options.direction });
    const { account, rest: afterAccount } = await takeAccount(ctx.db, rest, usage, { isKeyword: isKind, alsoCheck: (r) => argProblems(args, argsOf(r)) });
    const a = validateArgs(args, argsOf(afterAccount), usage);
    const occurredAt = options.on ? parsePastDate(options.on, ctx.now, ctx.timeZone) : ctx.now;
    return recordTouchpoint(ctx, account, { kind: a.kind, direction: a.direction, occurredAt, dated: Boolean(options.on), note: a.note || null, contact: a.with ?? null });
  },
};

/**
 * Logs a touchpoint, re-evaluates the account so a cleared nudge says so, and words the reply: the
 * one path for the command and the log-a-touchpoint forms.
 */
export async function recordTouchpoint(
  ctx: CommandContext,
  account: { id: string; name: string },
  t: { kind: TouchpointKind; direction?: TouchpointDirection; occurredAt: Date; dated: boolean; note: string | null; contact?: string | null; by?: { personId: string | null; name: string }; idempotencyKey?: string | null },
): Promise<CommandReply> {
  const logged = await logTouchpoint(
    ctx.db,
    { accountId: account.id, kind: t.kind, direction: t.direction, occurredAt: t.occurredAt, summary: t.note, contactName: t.contact ?? null, source: ctx.source, idempotencyKey: t.idempotencyKey ?? null, by: t.by ?? { personId: ctx.actor.personId, name: ctx.actor.name } },
    ctx.now,
  );
  if (logged.duplicate) return { reply: confirmation(`That message is logged on **${account.name}** already; nothing changed.`) };
  const cleared = await ctx.rescan([account.id]);
  const when = t.dated ? ` on ${formatLocal(t.occurredAt, ctx.timeZone)}` : "";
  const inbound = (t.direction ?? defaultDirection(t.kind)) === "inbound" ? " (the customer reached out)" : "";
  return {
    reply: confirmation(`Logged ${aKind(t.kind).replace(t.kind, `**${t.kind}**`)} with **${account.name}**${inbound}${when}${t.note ? `: ${t.note}` : "."}`, [
      logged.countsAsContact ? clearedNote(cleared) : "Internal notes don't count as contact with the customer: the stale-contact clock keeps running.",
    ]),
  };
}
