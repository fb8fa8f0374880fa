import { AppError } from "../domain/errors.js";
import { severityRank } from "../domain/nudges.js";
import { nudgeBlocks } from "../messages/nudgeCard.js";
import { message, type Block } from "../messages/model.js";
import { loadNudgeViews } from "../messages/nudgeView.js";
import type { CommandSpec } from "./context.js";

const usage = "nudges [mine | all]";
const LISTED = 10;

export const nudgesCommand: CommandSpec = {
  name: "nudges", usage, minRole: "viewer",
  summary: "List open nudges, most urgent first: yours (the accounts you own) or everyone's.",
  examples: ["nudges", "nudges all"],
  async run(tokens, ctx) {
    const scope = tokens[0]?.value.toLowerCase() ?? (ctx.actor.personId ? "mine" : "all");
    if (scope !== "mine" && scope !== "all") throw new AppError("usage", `"${tokens[0].value}" is not mine or all.`, [usage]);
    if (tokens.length > 1) throw new AppError("usage", "nudges takes at most one word: mine or all.", [usage]);
    if (scope === "mine" && !ctx.actor.personId) throw new AppError("invalid_argument", "I don't know which accounts are yours yet.", ["Try `nudges all`."]);
    const where = { status: "open" as const, ...(scope === "mine" && { account: { ownerId: ctx.actor.personId } }) };
    const [open, snoozed, acknowledged] = await Promise.all([
      ctx.db.nudge.findMany({ where, select: { id: true, severity: true, raisedAt: true } }),
      ctx.db.nudge.count({ where: { ...where, status: "snoozed" } }),
      ctx.db.nudge.count({ where: { ...where, status: "acknowledged" } }),
    ]);
    open.sort((a, b) => severityRank(b.severity) - severityRank(a.severity) || a.raisedAt.getTime() - b.raisedAt.getTime());
    const views = await loadNudgeViews(ctx.db, open.slice(0, LISTED).map((n) => n.id));
    const whose = scope === "mine" ? "Your" : "All";
    const blocks: Block[] = [{ type: "header", text: `${whose} open nudges: ${open.length}` }];
    if (open.length === 0) blocks.push({ type: "text", text: "Nothing needs attention. 🎉" });
    views.forEach((v, i) => blocks.push(...(i ? [{ type: "divider" as const }] : []), ...nudgeBlocks(v, ctx.now, true)));
    const more = open.length > LISTED ? `…and ${open.length - LISTED} more. ` : "";
    blocks.push({ type: "context", text: `${more}${snoozed} snoozed, ${acknowledged} acknowledged.` });
    return { reply: { ...message(`${whose} open nudges: ${open.length}`, blocks), nudgeIds: views.map((v) => v.id) } };
  },
};
