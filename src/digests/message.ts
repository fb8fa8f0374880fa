import { DateTime } from "luxon";
import { mention, type Block, type Message, type PersonRef } from "../messages/model.js";
import { plural } from "../rules/format.js";
import type { DigestModel, DigestPerson, Listed } from "./model.js";
import { formatPeriod, type DigestCadence } from "./period.js";

export interface DigestMessageOptions {
  channelLabel: string;
  timeZone: string;
  cadence: DigestCadence;
  /** Given when the digest belongs to a channel binding: truncated lists then offer "See all". */
  bindingId?: string;
}

const SEVERITY_ICON = { critical: "🔴", warning: "🟠", info: "🔵" } as const;

/** The manager digest, readable at a glance: counts first, then the lists, long lists cut short. */
export function digestMessage(d: DigestModel, opts: DigestMessageOptions): Message {
  const title = `${opts.cadence === "daily" ? "Daily" : "Weekly"} digest · ${opts.channelLabel}`;
  const blocks: Block[] = [
    { type: "header", text: title },
    { type: "context", text: `${formatPeriod({ start: d.periodStart, end: d.periodEnd }, opts.timeZone)} · ${plural(d.accountsWatched, "account")} watched` },
    {
      type: "facts",
      facts: [
        { label: "Open nudges", value: String(d.counts.open) },
        { label: "Overdue", value: String(d.counts.overdue) },
        { label: "Escalated", value: String(d.counts.escalated) },
        { label: "Renewals ≤ 30 days", value: String(d.renewals.within30.total) },
        { label: "Touchpoints logged", value: `${d.counts.touchpoints} on ${plural(d.counts.accountsTouched, "account")}` },
        { label: "Stage moves", value: String(d.counts.stageMoves) },
        { label: "Resolved", value: String(d.counts.resolvedInPeriod) },
        { label: "Acknowledged / snoozed", value: `${d.counts.acknowledged} / ${d.counts.snoozed}` },
      ],
    },
  ];
  let truncated = false;
  const section = (heading: string, lines: string[], total: number) => {
    if (total === 0) return;
    blocks.push({ type: "divider" }, { type: "text", text: `**${heading}**\n${lines.join("\n")}${more(total, lines.length)}` });
    if (total > lines.length) truncated = true;
  };

  if (d.byOwner.length > 0) {
    blocks.push({ type: "divider" }, { type: "text", text: "**Open nudges by owner**" });
    for (const group of d.byOwner) {
      const lines = group.nudges.map((n) => `${SEVERITY_ICON[n.severity]} ${n.title}: **${n.accountName}**${n.escalated ? " · escalated" : ""} (#${n.id})`);
      blocks.push({ type: "text", text: `${mention(group.owner, "Unassigned")} · ${group.total}\n${lines.join("\n")}${more(group.total, lines.length)}` });
      if (group.total > lines.length) truncated = true;
    }
  } else {
    blocks.push({ type: "divider" }, { type: "text", text: "**No open nudges.** Every watched account is warm." });
  }

  section("Held back from posting (the day's limit of new nudges per owner was reached)", d.held.items.map((n) => `${SEVERITY_ICON[n.severity]} ${n.title}: **${n.accountName}**: ${n.reason} (#${n.id})`), d.held.total);
  section("Escalated (nobody acted in time)", d.escalated.items.map((n) => `• **${n.accountName}**: ${n.reason}`), d.escalated.total);
  section("Overdue", d.overdue.items.map((n) => `• **${n.accountName}**: ${n.reason}`), d.overdue.total);
  const renewalLines = (l: Listed<DigestModel["renewals"]["within30"]["items"][number]>) =>
    l.items.map((r) => `• **${r.accountName}** ${DateTime.fromISO(r.renewalDate).toFormat("d LLL")} (${plural(r.daysAway, "day")})${r.annualValue ? ` · ${money(r.annualValue)}` : ""} · ${mention(r.owner, "unassigned")}`);
  section("Renewals in the next 30 days", renewalLines(d.renewals.within30), d.renewals.within30.total);
  section("Renewals in 31–60 days", renewalLines(d.renewals.within60), d.renewals.within60.total);
  section("Renewals in 61–90 days", renewalLines(d.renewals.within90), d.renewals.within90.total);
  section(
    "Stage moves",
    d.stageMoves.items.map((m) => `• **${m.accountName}** ${m.from ?? "new"} → ${m.to}${m.byName ? ` by ${m.byName}` : ""}${m.reason ? `: “${m.reason}”` : ""}`),
    d.stageMoves.total,
  );
  if (d.counts.touchpoints > 0) {
    const kinds = d.touchpointsByKind.map((k) => `${k.count} ${k.kind}`).join(", ");
    const people = d.touchpointsByPerson.map((p) => `${p.name} ${p.count}`).join(", ");
    blocks.push({ type: "divider" }, { type: "text", text: `**Touchpoints logged**\n${kinds}\nBy: ${people}` });
  }
  section("Never contacted", d.neverTouched.items.map((a) => `• **${a.accountName}** (${a.stage}) · ${mention(a.owner, "unassigned")}`), d.neverTouched.total);

  if (truncated && opts.bindingId) blocks.push({ type: "actions", actions: [{ id: "digest.all", label: "See all", value: opts.bindingId }] });

  return {
    summary: `${title}: ${d.counts.open} open nudges, ${d.counts.overdue} overdue, ${d.counts.escalated} escalated, ${d.renewals.within30.total} renewals within 30 days`,
    blocks,
    visibility: "channel",
    people: peopleOf(d),
  };
}

function more(total: number, shown: number): string {
  return total > shown ? `\n_…and ${total - shown} more_` : "";
}

function money(value: number): string {
  return new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", maximumFractionDigits: 0 }).format(value);
}

function peopleOf(d: DigestModel): Record<string, PersonRef> {
  const people: Record<string, PersonRef> = {};
  const add = (p: DigestPerson | null) => {
    if (p) people[p.id] = { name: p.name, slackUserId: p.slackUserId, teamsUserId: p.teamsUserId };
  };
  d.byOwner.forEach((g) => add(g.owner));
  [d.renewals.within30, d.renewals.within60, d.renewals.within90].forEach((l) => l.items.forEach((r) => add(r.owner)));
  d.neverTouched.items.forEach((a) => add(a.owner));
  return people;
}
