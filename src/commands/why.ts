import { DateTime } from "luxon";
import { bindingsForNudge } from "../delivery/routing.js";
import { AppError } from "../domain/errors.js";
import { RULE_TITLES } from "../domain/nudges.js";
import { message, type Block } from "../messages/model.js";
import { loadBindings } from "../nudges/scan.js";
import { loadSnapshotPage } from "../nudges/snapshots.js";
import { evaluateAccount } from "../rules/index.js";
import { takeAccount } from "./accountArg.js";
import type { CommandSpec } from "./context.js";

const usage = "why <account>";

/**
 * Explains, rule by rule, why each nudge did or did not fire for an account right now, what
 * happened to the nudges already raised (acknowledged, snoozed, escalated) and where they are
 * posted: the questions people ask when a reminder came twice or never came.
 */
export const whyCommand: CommandSpec = {
  name: "why",
  usage,
  summary: "Explain, rule by rule, why each nudge did or did not fire for an account, and where it was posted.",
  examples: ['why "Acme Corp"'],
  minRole: "viewer",
  async run(tokens, ctx) {
    const { account, rest } = await takeAccount(ctx.db, tokens, usage);
    if (rest.length) throw new AppError("usage", `Unexpected words after the account: "${rest.map((t) => t.value).join(" ")}". Quote names with spaces.`, [usage]);
    const [snapshot] = await loadSnapshotPage(ctx.db, { afterId: null, size: 1, onlyIds: [account.id] });
    const verdicts = evaluateAccount(snapshot, ctx.policy, ctx.now);
    const nudges = await ctx.db.nudge.findMany({
      where: { accountId: account.id },
      orderBy: { firstRaisedAt: "desc" },
      select: { id: true, rule: true, dedupeKey: true, status: true, severity: true, snoozedUntil: true, escalatedAt: true, actedByName: true, firstRaisedAt: true, resolvedAt: true, messages: { select: { platform: true, channelId: true } } },
    });
    const bindings = await loadBindings(ctx.db);
    const at = (d: Date) => DateTime.fromJSDate(d, { zone: ctx.timeZone }).toFormat("d LLL HH:mm");

    const blocks: Block[] = [{ type: "header", text: `Why (or why not) for ${account.name}, as of ${at(ctx.now)}` }];
    for (const v of verdicts) {
      const lines = [`${v.candidates.length ? "🔔" : "·"} **${RULE_TITLES[v.rule]}**: ${v.explanation}`];
      for (const c of v.candidates) {
        const n = nudges.find((x) => x.dedupeKey === c.dedupeKey);
        if (!n) lines.push(`  ↳ not raised yet: the next scan will raise it (${c.severity}).`);
        else lines.push(`  ↳ nudge #${n.id}, ${describeState(n, at)}${n.messages.length ? `; shown in ${n.messages.map((m) => `${m.platform} ${m.channelId}`).join(", ")}` : ""}.`);
      }
      if (v.nextCheckAt && !v.candidates.length) lines.push(`  ↳ could fire from ${at(v.nextCheckAt)} if nothing changes.`);
      blocks.push({ type: "text", text: lines.join("\n") });
    }
    const routes = bindingsForNudge({ rule: "", ownerId: snapshot.ownerId, segment: snapshot.segment }, bindings.map((b) => ({ ...b, rules: [] })));
    blocks.push({
      type: "context",
      text: routes.length
        ? `Nudges for this account go to ${routes.map((b) => `${b.platform} ${b.channelId}`).join(", ")} (each channel may filter rules).`
        : "No channel watches this account, so its nudges are not posted anywhere; they show in `nudges` and in digests.",
    });
    const earlier = nudges.filter((n) => n.status === "resolved").slice(0, 3);
    if (earlier.length) blocks.push({ type: "context", text: `Earlier: ${earlier.map((n) => `#${n.id} ${RULE_TITLES[n.rule as keyof typeof RULE_TITLES] ?? n.rule} resolved ${n.resolvedAt ? at(n.resolvedAt) : ""}`).join("; ")}. A nudge is raised once per episode; a new episode (a new touch going stale, a new renewal date) gets a new nudge.` });
    return { reply: message(`Why for ${account.name}`, blocks) };
  },
};

function describeState(
  n: { status: string; severity: string; snoozedUntil: Date | null; escalatedAt: Date | null; actedByName: string | null; firstRaisedAt: Date },
  at: (d: Date) => string,
): string {
  const raised = `raised ${at(n.firstRaisedAt)}, ${n.severity}`;
  switch (n.status) {
    case "acknowledged":
      return `${raised}, acknowledged by ${n.actedByName ?? "someone"}: it won't be posted again unless it gets louder`;
    case "snoozed":
      return `${raised}, snoozed by ${n.actedByName ?? "someone"} until ${n.snoozedUntil ? at(n.snoozedUntil) : "?"}: it comes back then if still true`;
    default:
      return `${raised}, open${n.escalatedAt ? `, escalated ${at(n.escalatedAt)}` : ""}`;
  }
}
