import { DateTime } from "luxon";
import type { NudgeSeverity } from "../domain/nudges.js";
import { ruleTitle } from "../rules/index.js";
import type { NudgeView, PersonView } from "./nudgeView.js";
import { mention, type Action, type Block, type Message, type PersonRef } from "./model.js";

const SEVERITY_ICON: Record<NudgeSeverity, string> = { info: "🔵", warning: "🟠", critical: "🔴" };

/** The snooze menu's "Pick a date…": a date picker instead of a duration. */
export const PICK_A_DATE = "pick";

export const SNOOZE_CHOICES = [
  { label: "1 day", value: "1d" },
  { label: "1 week", value: "1w" },
  { label: "Pick a date…", value: PICK_A_DATE },
];

/** One nudge as a message, or several as one grouped message with per-nudge actions; `compact`: one line each (`prefs compact on`). */
export function nudgeMessage(views: NudgeView[], now: Date, opts: { compact?: boolean } = {}): Message {
  const grouped = views.length > 1;
  const blocks: Block[] = grouped
    ? [{ type: "header", text: `${views.length} accounts need attention` }, ...nudgeListBlocks(views, now)]
    : nudgeBlocks(views[0], now, opts.compact ?? false);
  const summary = grouped
    ? `${views.length} accounts need attention: ${views.map((v) => v.account.name).join(", ")}`
    : `${ruleTitle(views[0].rule)}: ${views[0].account.name}. ${views[0].reason}`;
  return { summary, blocks, visibility: "channel", nudgeIds: views.map((v) => v.id), people: peopleOf(views) };
}

/** Several nudges one under another, compact, divided: a grouped message, a roll-up, a home page. */
export function nudgeListBlocks(views: readonly NudgeView[], now: Date): Block[] {
  return views.flatMap((v, i) => [...(i ? [{ type: "divider" as const }] : []), ...nudgeBlocks(v, now, true)]);
}

export function nudgeBlocks(v: NudgeView, now: Date, compact: boolean): Block[] {
  const title = `${SEVERITY_ICON[v.severity]} ${ruleTitle(v.rule)}: ${v.account.name}`;
  const blocks: Block[] = [compact ? { type: "text", text: `**${title}**` } : { type: "header", text: title }, { type: "text", text: v.reason }];
  if (!compact) blocks.push({ type: "facts", facts: nudgeFacts(v, now) });
  else blocks.push({ type: "context", text: `${v.account.stage} · owner ${mention(v.account.owner, "unassigned")} · nudge #${v.id}` });
  const status = statusLine(v);
  if (status) blocks.push({ type: "context", text: status });
  const actions = nudgeActions(v);
  if (actions.length) blocks.push({ type: "actions", actions });
  return blocks;
}

function nudgeFacts(v: NudgeView, now: Date) {
  const zone = v.account.timeZone;
  const facts = [
    { label: "Stage", value: v.account.stage },
    { label: "Owner", value: mention(v.account.owner, "unassigned") },
    { label: "Last touch", value: v.account.lastCustomerTouchAt ? relativeDay(v.account.lastCustomerTouchAt, now, zone) : "never" },
  ];
  if (v.account.renewalDate) facts.push({ label: "Renewal", value: DateTime.fromISO(v.account.renewalDate).toFormat("d LLL yyyy") });
  if (typeof v.facts.complaintAgeHours === "number") facts.push({ label: "Complaint age", value: hoursText(v.facts.complaintAgeHours) });
  facts.push({ label: "Nudge", value: `#${v.id}` });
  return facts;
}

function statusLine(v: NudgeView): string | null {
  const at = (d: Date | null) => (d ? DateTime.fromJSDate(d, { zone: v.account.timeZone }).toFormat("d LLL, HH:mm") : "");
  const note = v.actionNote ? `: “${v.actionNote}”` : "";
  switch (v.status) {
    case "acknowledged":
      return `✅ Acknowledged by ${v.actedByName ?? "someone"} on ${at(v.actedAt)}${note}`;
    case "snoozed":
      return `💤 Snoozed by ${v.actedByName ?? "someone"} until ${at(v.snoozedUntil)}${note}`;
    case "resolved":
      return `✔️ Resolved ${at(v.resolvedAt)}: ${v.resolution ?? "the condition cleared"}`;
    default:
      return v.escalatedAt ? `⏫ Escalated to ${mention(v.account.owner?.manager, "the team's manager")}: nobody has acknowledged this since ${at(v.raisedAt)}` : null;
  }
}

function nudgeActions(v: NudgeView): Action[] {
  if (v.status === "resolved") return [];
  const value = String(v.id);
  const touch: Action = { id: "nudge.touch", label: "Log touchpoint", value };
  if (v.status === "acknowledged") return [touch];
  return [{ id: "nudge.ack", label: "Acknowledge", value, style: "primary" }, { id: "nudge.snooze", label: "Snooze", value, choices: SNOOZE_CHOICES }, touch];
}

function relativeDay(date: Date, now: Date, zone: string): string {
  const days = Math.round(DateTime.fromJSDate(now, { zone }).startOf("day").diff(DateTime.fromJSDate(date, { zone }).startOf("day"), "days").days);
  const day = DateTime.fromJSDate(date, { zone }).toFormat("d LLL yyyy");
  return days === 0 ? `today (${day})` : days === 1 ? `yesterday (${day})` : `${days} days ago (${day})`;
}

function hoursText(hours: number): string {
  return hours < 48 ? `${Math.round(hours)} hours` : `${Math.round(hours / 24)} days`;
}

function peopleOf(views: NudgeView[]): Record<string, PersonRef> {
  const people: Record<string, PersonRef> = {};
  const add = (p: PersonView | null | undefined) => {
    if (p) people[p.id] = { name: p.name, slackUserId: p.slackUserId, teamsUserId: p.teamsUserId };
  };
  for (const v of views) {
    add(v.account.owner);
    add(v.account.owner?.manager);
  }
  return people;
}

/** Posted under the nudge's message so the manager is notified (edits do not notify anyone). */
export function escalationMessage(v: NudgeView, now: Date): Message {
  const manager = mention(v.account.owner?.manager, "");
  const owner = mention(v.account.owner, "the team");
  const hours = Math.round((now.getTime() - v.raisedAt.getTime()) / 3_600_000);
  const text = `⏫ ${manager ? `${manager}, ` : ""}nudge #${v.id} for **${v.account.name}** has waited ${hours} hours without an acknowledgement. ${owner}, can you take it?`;
  return { summary: `Escalated: ${ruleTitle(v.rule)} for ${v.account.name}`, blocks: [{ type: "text", text }], visibility: "channel", nudgeIds: [v.id], people: peopleOf([v]) };
}
