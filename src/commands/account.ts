import { DateTime } from "luxon";
import { contactsOf } from "../activity/contacts.js";
import { directionMark } from "../domain/touchpoints.js";
import { message, mention, type Block } from "../messages/model.js";
import { nudgeBlocks } from "../messages/nudgeCard.js";
import { loadNudgeViews } from "../messages/nudgeView.js";
import { takeAccount } from "./accountArg.js";
import { contactBlocks } from "./contact.js";
import type { CommandSpec } from "./context.js";
import { AppError } from "../domain/errors.js";
import { describeScore } from "../domain/feedback.js";
import { healthLines } from "../messages/healthText.js";
import { loadSnapshotPage } from "../nudges/snapshots.js";
import { assessHealth } from "../rules/health/index.js";

const usage = "account <account>";

export const accountCommand: CommandSpec = {
  name: "account", usage, minRole: "viewer",
  aliases: ["show"],
  summary: "Show an account: stage, owner, renewal, its health score and what costs it points, recent touches, contacts, open complaints and nudges.",
  examples: ['account "Acme Corp"', "account globex"],
  async run(tokens, ctx) {
    const { account, rest } = await takeAccount(ctx.db, tokens, usage);
    if (rest.length) throw new AppError("usage", `Unexpected words after the account: "${rest.map((t) => t.value).join(" ")}". Quote names with spaces.`, [usage]);
    const a = await ctx.db.account.findUniqueOrThrow({
      where: { id: account.id },
      include: {
        owner: { select: { id: true, name: true } },
        touchpoints: { orderBy: { occurredAt: "desc" }, take: 5 },
        complaints: { where: { resolvedAt: null }, orderBy: { openedAt: "asc" } },
        stageChanges: { orderBy: { at: "desc" }, take: 3 },
        nudges: { where: { status: { not: "resolved" } }, select: { id: true } },
        links: { select: { source: true, sourceId: true }, orderBy: { source: "asc" } },
        domains: { select: { domain: true }, orderBy: { domain: "asc" } },
        sharedChannels: { select: { platform: true } },
      },
    });
    const day = (d: Date) => DateTime.fromJSDate(d, { zone: a.timeZone }).toFormat("d LLL yyyy");
    const blocks: Block[] = [
      { type: "header", text: a.name },
      {
        type: "facts",
        facts: [
          { label: "Stage", value: `${a.stage} since ${day(a.stageSince)}` },
          { label: "Owner", value: mention(a.owner, "unassigned") },
          { label: "Segment", value: a.segment ?? "—" },
          { label: "Renewal", value: a.renewalDate ? DateTime.fromISO(a.renewalDate).toFormat("d LLL yyyy") : "not set" },
          { label: "Annual value", value: a.annualValue !== null ? a.annualValue.toLocaleString("en-US", { maximumFractionDigits: 0 }) : "—" },
          { label: "Last customer touch", value: a.lastCustomerTouchAt ? day(a.lastCustomerTouchAt) : "never" },
          // Where the connectors find it: shown once it has any (`link` sets them).
          ...(a.externalId || a.links.length ? [{ label: "Linked", value: [...(a.externalId ? [`crm ${a.externalId}`] : []), ...a.links.map((l) => `${l.source} ${l.sourceId}`)].join(", ") }] : []),
          ...(a.domains.length ? [{ label: "Domains", value: a.domains.map((d) => d.domain).join(", ") }] : []),
          ...(a.sharedChannels.length ? [{ label: "Shared channels", value: sharedChannelCounts(a.sharedChannels) }] : []),
          ...(a.feedbackScale && a.feedbackScore !== null && a.feedbackAt ? [{ label: "Latest feedback", value: `${describeScore(a.feedbackScale, a.feedbackScore)}, ${day(a.feedbackAt)}` }] : []),
        ],
      },
    ];
    const [snapshot] = await loadSnapshotPage(ctx.db, { afterId: null, size: 1, onlyIds: [a.id] });
    blocks.push({ type: "text", text: healthLines(snapshot, assessHealth(snapshot, ctx.policy, ctx.now), ctx.policy).join("\n") });
    if (a.touchpoints.length) {
      blocks.push({ type: "text", text: `**Recent touches**\n${a.touchpoints.map((t) => `• ${day(t.occurredAt)} ${t.kind} ${directionMark(t.direction)}${t.byName ? ` by ${t.byName}` : ""}${t.summary ? `: ${t.summary}` : ""}`).join("\n")}` });
    }
    const contacts = await contactsOf(ctx.db, a.id);
    if (contacts.length) blocks.push(...contactBlocks("Contacts", contacts, day));
    if (a.complaints.length) {
      blocks.push({ type: "text", text: `**Open complaints**\n${a.complaints.map((c) => `• #${c.id} (${c.severity}) ${c.summary}, opened ${day(c.openedAt)}${c.firstResponseAt ? ", answered" : ", **not answered yet**"}`).join("\n")}` });
    }
    if (a.stageChanges.length) {
      blocks.push({ type: "context", text: a.stageChanges.map((s) => `${day(s.at)}: ${s.fromStage ?? "—"} → ${s.toStage}${s.byName ? ` by ${s.byName}` : ""}${s.reason ? ` (${s.reason})` : ""}`).join("\n") });
    }
    const views = await loadNudgeViews(ctx.db, a.nudges.map((n) => n.id));
    for (const v of views) blocks.push({ type: "divider" }, ...nudgeBlocks(v, ctx.now, true));
    blocks.push({ type: "actions", actions: [{ id: "account.touch", label: "Log touchpoint", value: a.id }] });
    return { reply: { ...message(`${a.name}: ${a.stage}`, blocks), nudgeIds: views.map((v) => v.id) } };
  },
};

/** "Slack (2), Teams (1)": where the customer's shared channels are (`link … here`). */
function sharedChannelCounts(channels: { platform: string }[]): string {
  const names: Record<string, string> = { slack: "Slack", teams: "Teams" };
  const counts = new Map<string, number>();
  for (const c of channels) counts.set(c.platform, (counts.get(c.platform) ?? 0) + 1);
  return [...counts].map(([platform, n]) => `${names[platform] ?? platform} (${n})`).join(", ");
}
