import { DateTime } from "luxon";
import type { Actor } from "../domain/people.js";
import { nudgeListBlocks } from "../messages/nudgeCard.js";
import type { Block, Message } from "../messages/model.js";
import { loadNudgeViews } from "../messages/nudgeView.js";
import type { Db } from "../store/client.js";
import { assessHealth } from "../rules/health/index.js";
import { healthSummary } from "../messages/healthText.js";
import { loadSnapshotPage } from "../nudges/snapshots.js";
import type { Policy } from "../rules/policy.js";

const SEVERITY_RANK = { critical: 0, warning: 1, info: 2 } as const;
const MAX_NUDGES = 15;
const MAX_ACCOUNTS = 25;

/**
 * A person's own page (Slack App Home, Teams personal tab/chat): their open nudges with the same
 * actions as in channels, then their accounts, most urgent first, each with its health score and
 * what costs it points, and a quick "log touchpoint".
 */
export async function homeMessage(db: Db, actor: Actor, now: Date, timeZone: string, policy: Policy): Promise<Message> {
  const blocks: Block[] = [{ type: "header", text: `Keepwarm · ${actor.name}` }];
  if (!actor.personId) {
    blocks.push({ type: "text", text: "I don't know which accounts are yours yet. Say `iam <your work email>` to link yourself." });
    return { summary: "Keepwarm home", blocks, visibility: "ephemeral" };
  }
  const [nudges, accounts] = await Promise.all([
    db.nudge.findMany({ where: { account: { ownerId: actor.personId }, status: "open" }, select: { id: true, severity: true, raisedAt: true } }),
    db.account.findMany({
      where: { ownerId: actor.personId },
      select: { id: true, name: true, stage: true, lastCustomerTouchAt: true, renewalDate: true, nudges: { where: { status: "open" }, select: { severity: true } } },
    }),
  ]);
  const ordered = nudges.sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] || a.raisedAt.getTime() - b.raisedAt.getTime());
  const views = await loadNudgeViews(db, ordered.slice(0, MAX_NUDGES).map((n) => n.id));

  blocks.push({ type: "text", text: `**Your open nudges (${nudges.length})**` });
  if (views.length === 0) blocks.push({ type: "context", text: "Nothing needs you right now. 🎉" });
  blocks.push(...nudgeListBlocks(views, now));
  if (nudges.length > views.length) blocks.push({ type: "context", text: `…and ${nudges.length - views.length} more: \`nudges mine\` lists them all.` });

  const urgency = (a: (typeof accounts)[number]) => Math.min(3, ...a.nudges.map((n) => SEVERITY_RANK[n.severity]));
  const sorted = accounts.sort((a, b) => urgency(a) - urgency(b) || (a.lastCustomerTouchAt?.getTime() ?? 0) - (b.lastCustomerTouchAt?.getTime() ?? 0));
  blocks.push({ type: "divider" }, { type: "text", text: `**Your accounts (${accounts.length})**` });
  const shown = sorted.slice(0, MAX_ACCOUNTS);
  const snapshots = new Map((await loadSnapshotPage(db, { afterId: null, size: shown.length, onlyIds: shown.map((a) => a.id) })).map((s) => [s.id, s]));
  for (const a of shown) {
    const last = a.lastCustomerTouchAt ? DateTime.fromJSDate(a.lastCustomerTouchAt, { zone: timeZone }).toFormat("d LLL") : "never";
    const flag = ["🔴", "🟠", "🔵", "🟢"][urgency(a)];
    const snapshot = snapshots.get(a.id);
    const health = snapshot ? `\n${healthSummary(assessHealth(snapshot, policy, now), policy)}` : "";
    blocks.push(
      { type: "text", text: `${flag} **${a.name}** · ${a.stage} · last touch ${last}${a.renewalDate ? ` · renews ${a.renewalDate}` : ""}${health}` },
      { type: "actions", actions: [{ id: "account.touch", label: "Log touchpoint", value: a.id }] },
    );
  }
  if (accounts.length > MAX_ACCOUNTS) blocks.push({ type: "context", text: `…and ${accounts.length - MAX_ACCOUNTS} more.` });
  return { summary: `Keepwarm: ${nudges.length} open nudges`, blocks, visibility: "ephemeral", nudgeIds: views.map((v) => v.id) };
}
