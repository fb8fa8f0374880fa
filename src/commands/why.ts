import { DateTime } from "luxon";
import { bindingsForAccount, loadBindings } from "../delivery/routing.js";
import { AppError } from "../domain/errors.js";
import { aKind, touchSourceLabel } from "../domain/touchpoints.js";
import { message, type Block } from "../messages/model.js";
import { loadActiveNudges } from "../nudges/activeNudges.js";
import { evaluateAndPlan } from "../nudges/evaluate.js";
import { suppressionExplained } from "../nudges/inhibition.js";
import type { NudgeDecision } from "../nudges/plan.js";
import { loadSnapshotPage } from "../nudges/snapshots.js";
import { assessHealth } from "../rules/health/index.js";
import { healthLines } from "../messages/healthText.js";
import { ruleTitle } from "../rules/index.js";
import type { Db } from "../store/client.js";
import { takeAccount } from "./accountArg.js";
import type { CommandSpec } from "./context.js";

const usage = "why <account>";

interface StoredNudge {
  id: number;
  rule: string;
  dedupeKey: string;
  status: string;
  severity: string;
  snoozedUntil: Date | null;
  escalatedAt: Date | null;
  actedByName: string | null;
  firstRaisedAt: Date;
  resolvedAt: Date | null;
  messages: { platform: string; channelId: string }[];
}

type At = (d: Date) => string;

/**
 * Explains, rule by rule, why each nudge did or did not fire for an account right now, what the
 * planner makes of the nudges already raised (acknowledged, snoozed, escalating) and where they are
 * posted: the questions people ask when a reminder came twice or never came. The same evaluation
 * and plan as the scan, read only.
 */
export const whyCommand: CommandSpec = {
  name: "why", usage, minRole: "viewer",
  summary: "Explain, rule by rule, why each nudge did or did not fire for an account, and where it was posted.",
  examples: ['why "Acme Corp"'],
  async run(tokens, ctx) {
    const { account, rest } = await takeAccount(ctx.db, tokens, usage);
    if (rest.length) throw new AppError("usage", `Unexpected words after the account: "${rest.map((t) => t.value).join(" ")}". Quote names with spaces.`, [usage]);
    const [snapshot] = await loadSnapshotPage(ctx.db, { afterId: null, size: 1, onlyIds: [account.id] });
    const { verdicts, decisions } = evaluateAndPlan(snapshot, await loadActiveNudges(ctx.db, [account.id]), ctx.policy, ctx.now);
    const nudges: StoredNudge[] = await ctx.db.nudge.findMany({
      where: { accountId: account.id },
      orderBy: { firstRaisedAt: "desc" },
      select: { id: true, rule: true, dedupeKey: true, status: true, severity: true, snoozedUntil: true, escalatedAt: true, actedByName: true, firstRaisedAt: true, resolvedAt: true, messages: { select: { platform: true, channelId: true } } },
    });
    const at: At = (d) => DateTime.fromJSDate(d, { zone: ctx.timeZone }).toFormat("d LLL HH:mm");

    const health = assessHealth(snapshot, ctx.policy, ctx.now);
    const blocks: Block[] = [
      { type: "header", text: `Why (or why not) for ${account.name}, as of ${at(ctx.now)}` },
      { type: "context", text: await lastContactLine(ctx.db, account.id, at) },
      { type: "text", text: healthLines(snapshot, health, ctx.policy).join("\n") },
    ];
    const posting = await postingState(ctx.db, nudges.map((n) => n.id), ctx.now);
    for (const v of verdicts) {
      const lines = [`${v.candidates.length ? "🔔" : "·"} **${ruleTitle(v.rule)}**: ${v.explanation}`];
      for (const d of decisions.filter((d) => ruleOf(d) === v.rule)) {
        lines.push(`  ↳ ${decisionLine(d, nudges, at)}`);
        if ("nudge" in d) for (const line of posting.get(d.nudge.id) ?? []) lines.push(`  ↳ ${line(at)}`);
      }
      if (v.nextCheckAt && !v.candidates.length) lines.push(`  ↳ could fire from ${at(v.nextCheckAt)} if nothing changes.`);
      blocks.push({ type: "text", text: lines.join("\n") });
    }
    const routes = bindingsForAccount(snapshot, await loadBindings(ctx.db));
    blocks.push({
      type: "context",
      text: routes.length
        ? `Nudges for this account go to ${routes.map((b) => `${b.platform} ${b.channelId}`).join(", ")} (each channel may filter rules).`
        : "No channel watches this account, so its nudges are not posted anywhere; they show in `nudges` and in digests.",
    });
    const earlier = nudges.filter((n) => n.status === "resolved").slice(0, 3);
    if (earlier.length) blocks.push({ type: "context", text: `Earlier: ${earlier.map((n) => `#${n.id} ${ruleTitle(n.rule)} resolved ${n.resolvedAt ? at(n.resolvedAt) : ""}`).join("; ")}. A nudge is raised once per episode; a new episode (a new touch going stale, a new renewal date) gets a new nudge.` });
    return { reply: message(`Why for ${account.name}`, blocks) };
  },
};

/** The last contact with the customer, and where it was logged from: why the stale-contact clock reads what it reads. */
async function lastContactLine(db: Db, accountId: string, at: At): Promise<string> {
  const last = await db.touchpoint.findFirst({
    where: { accountId, kind: { not: "note" } },
    orderBy: [{ occurredAt: "desc" }, { createdAt: "desc" }],
    select: { kind: true, direction: true, occurredAt: true, byName: true, source: true },
  });
  if (!last) return "Last contact: none recorded yet (notes are not contact).";
  const who = last.direction === "inbound" ? "the customer reached out" : `we reached out${last.byName ? ` (${last.byName})` : ""}`;
  return `Last contact: ${aKind(last.kind)} on ${at(last.occurredAt)}, ${who}; from ${touchSourceLabel(last.source)}.`;
}

/**
 * What holds an active nudge's posts back, per nudge: the noise budget (held for a channel's digest)
 * or quiet hours (a post waiting for the working period).
 */
async function postingState(db: Db, nudgeIds: number[], now: Date): Promise<Map<number, ((at: At) => string)[]>> {
  const out = new Map<number, ((at: At) => string)[]>();
  if (nudgeIds.length === 0) return out;
  const add = (id: number, line: (at: At) => string) => out.set(id, [...(out.get(id) ?? []), line]);
  const held = await db.heldNudge.findMany({
    where: { nudgeId: { in: nudgeIds }, digestedAt: null },
    select: { nudgeId: true, binding: { select: { platform: true, channelId: true, digestCadence: true } } },
  });
  for (const h of held) {
    const next = h.binding.digestCadence === "off" ? "its roll-up tomorrow morning" : "its next digest";
    add(h.nudgeId, () => `not posted in ${h.binding.platform} ${h.binding.channelId}: the day's limit of new nudges for this owner there was reached (the noise budget); it is in ${next}.`);
  }
  const waiting = await db.delivery.findMany({
    where: { status: "pending", kind: "nudge.post", nextAttemptAt: { gt: now }, attempts: 0, OR: nudgeIds.map((id) => ({ dedupeKey: { startsWith: `post:${id}:` } })) },
    select: { dedupeKey: true, nextAttemptAt: true, binding: { select: { platform: true, channelId: true } } },
  });
  for (const w of waiting) {
    add(Number(w.dedupeKey.split(":")[1]), (at) => `waiting for quiet hours in ${w.binding.platform} ${w.binding.channelId} to end: it posts ${at(w.nextAttemptAt)}.`);
  }
  return out;
}

const ruleOf = (d: NudgeDecision) => ("candidate" in d ? d.candidate.rule : d.nudge.rule);

/** One decision of the planner, in words: the nudge as it stands and what the next scan does with it. */
function decisionLine(d: NudgeDecision, nudges: StoredNudge[], at: At): string {
  if (d.kind === "raise") {
    const resolved = nudges.find((n) => n.dedupeKey === d.candidate.dedupeKey);
    return resolved
      ? `nudge #${resolved.id} was resolved; the condition is back, so the next scan reopens it (${d.candidate.severity}).`
      : `not raised yet: the next scan will raise it (${d.candidate.severity}).`;
  }
  if (d.kind === "suppressed") return `not raised: ${suppressionExplained(d.by)}. It may fire once that clears.`;
  const n = nudges.find((x) => x.id === d.nudge.id);
  const shown = n?.messages.length ? `; shown in ${n.messages.map((m) => `${m.platform} ${m.channelId}`).join(", ")}` : "";
  const state = n ? `nudge #${n.id}, ${describeState(n, at)}${shown}.` : `nudge #${d.nudge.id}.`;
  return `${state}${nextStep(d, at)}`;
}

function nextStep(d: Exclude<NudgeDecision, { kind: "raise" | "suppressed" }>, at: At): string {
  switch (d.reason) {
    case "louder":
      return ` It got louder: the next scan raises it to ${d.candidate.severity}.`;
    case "snooze_over":
      return " Its snooze is over and it still holds: the next scan posts it again.";
    case "unacknowledged":
      return " Nobody acknowledged it in time: the next scan escalates it.";
    case "condition_cleared":
      return " It no longer applies: the next scan resolves it.";
    case "suppressed":
      return ` It is now ${suppressionExplained(d.by)}: the next scan resolves it; it may fire again once that clears.`;
    case "awaiting_acknowledgement":
      return d.nextAt ? ` It escalates ${at(d.nextAt)} if nobody acknowledges it.` : "";
    default:
      return "";
  }
}

function describeState(n: StoredNudge, at: At): string {
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
