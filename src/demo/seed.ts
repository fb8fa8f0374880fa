import { DateTime } from "luxon";
import { upsertAccount } from "../activity/accounts.js";
import { answerComplaint, openComplaint, resolveComplaint } from "../activity/complaints.js";
import { recordFeedback } from "../activity/feedback.js";
import { logTouchpoint } from "../activity/touchpoints.js";
import type { Actor } from "../domain/people.js";
import { STAGES, type Stage } from "../domain/stages.js";
import type { TouchpointKind } from "../domain/touchpoints.js";
import type { Db } from "../store/client.js";
import { DEMO_ACCOUNTS, DEMO_PEOPLE, healthyAccounts, type DemoAccount } from "./portfolio.js";
import { seededRandom, type Random } from "./random.js";

const DAY = 86_400_000;
const SUMMARIES: Record<string, string[]> = {
  call: ["Check-in call", "Roadmap walkthrough", "Pricing questions", "Escalation follow-up"],
  email: ["Sent usage report", "Shared release notes", "Renewal terms sent", "Answered admin question"],
  meeting: ["Quarterly planning", "Training session", "Exec sponsor lunch", "Kickoff"],
  qbr: ["QBR: adoption up 18%", "QBR: new team onboarded"],
  message: ["Slack Connect ping", "Quick question on SSO"],
};

export interface SeedResult {
  people: number;
  accounts: number;
  touchpoints: number;
  complaints: number;
  feedback: number;
  channelId: string;
}

/** Seeds the demo portfolio: people, ~50 accounts with histories, one watched channel with a weekly digest. */
export async function seedDemo(db: Db, now: Date, defaultTimeZone: string): Promise<SeedResult> {
  const rand = seededRandom(20261125);
  const people = new Map<string, { id: string; name: string }>();
  const manager = await db.person.create({ data: { name: DEMO_PEOPLE[0].name, email: DEMO_PEOPLE[0].email, role: "manager" } });
  people.set("maya", manager);
  for (const p of DEMO_PEOPLE.slice(1)) {
    people.set(p.key, await db.person.create({ data: { name: p.name, email: p.email, role: p.role, managerId: manager.id } }));
  }
  const accounts = [...DEMO_ACCOUNTS, ...healthyAccounts(rand)];
  const names = accounts.map((a) => a.name);
  const twice = names.filter((n, i) => names.indexOf(n) !== i);
  if (twice.length) throw new Error(`Demo portfolio names accounts twice (an upsert would merge them): ${twice.join(", ")}`);
  let touchpoints = 0;
  let complaints = 0;
  let feedback = 0;
  for (const a of accounts) {
    const owner = people.get(a.owner)!;
    const ownerActor: Actor = { personId: owner.id, name: owner.name, role: "rep", platform: "console" };
    const created = new Date(now.getTime() - (Math.max(a.stageDaysAgo, ...a.touchDaysAgo, 30) + 60) * DAY);
    const { id } = await upsertAccount(
      db,
      {
        name: a.name,
        externalId: `crm-${slug(a.name)}`,
        ownerEmail: DEMO_PEOPLE.find((p) => p.key === a.owner)!.email,
        segment: a.segment,
        stage: a.history?.[0] ?? a.stage,
        annualValue: a.annualValue,
        timeZone: a.timeZone ?? defaultTimeZone,
        renewalDate: a.renewalInDays === undefined ? null : DateTime.fromJSDate(now, { zone: a.timeZone }).plus({ days: a.renewalInDays }).toISODate(),
      },
      { timeZone: defaultTimeZone },
      created,
    );
    await recordStageHistory(db, id, a, owner, created, now);
    for (const [i, daysAgo] of a.touchDaysAgo.entries()) {
      const kind = pickKind(rand);
      const direction = a.unanswered || i % 2 === 0 ? "outbound" : "inbound";
      const contactName = a.contacts?.length ? a.contacts[i % a.contacts.length] : null;
      await logTouchpoint(db, { accountId: id, kind, direction, contactName, occurredAt: daysAgoAt(now, daysAgo, rand), summary: rand.pick(SUMMARIES[kind]), source: "demo", by: { personId: owner.id, name: owner.name } }, now);
      touchpoints++;
    }
    const reply = a.unanswered?.lastReplyDaysAgo;
    if (reply !== undefined && reply !== null) {
      await logTouchpoint(db, { accountId: id, kind: "email", direction: "inbound", contactName: a.contacts?.[0] ?? null, occurredAt: daysAgoAt(now, reply, rand), summary: "Thanks, we'll look at it", source: "demo", by: { personId: null, name: null } }, now);
      touchpoints++;
    }
    feedback += await seedFeedback(db, id, a, owner.id, now, rand);
    for (const daysAgo of a.notesDaysAgo ?? []) {
      await logTouchpoint(db, { accountId: id, kind: "note", occurredAt: daysAgoAt(now, daysAgo, rand), summary: "Internal: discussed account plan", source: "demo", by: { personId: owner.id, name: owner.name } }, now);
      touchpoints++;
    }
    for (const c of a.complaints ?? []) {
      const openedAt = new Date(now.getTime() - c.hoursAgo * 3_600_000);
      const complaint = await openComplaint(db, { accountId: id, severity: c.severity, summary: c.summary, openedAt, source: "demo", openedById: owner.id });
      const ref = { id: complaint.id, accountId: id, summary: c.summary, firstResponseAt: null, resolvedAt: null };
      if (c.answered) await answerComplaint(db, ref, ownerActor, "Acknowledged, engineering is on it", new Date(openedAt.getTime() + 2 * 3_600_000), "demo");
      if (c.resolved) await resolveComplaint(db, ref, ownerActor, "Fixed", new Date(openedAt.getTime() + 20 * 3_600_000));
      complaints++;
    }
  }
  const channel = await db.channelBinding.create({
    data: { platform: "console", channelId: "#account-team", channelName: "#account-team", scope: "all", rules: [], digestCadence: "weekly", digestTime: "09:00", digestWeekday: 1, timeZone: defaultTimeZone },
  });
  return { people: people.size, accounts: accounts.length, touchpoints, complaints, feedback, channelId: channel.channelId };
}

/**
 * The account's survey answers; a customer long in retention or advocacy with none written down
 * answered a passive 7 or 8 a month or two ago, as a team that surveys its customers would have.
 */
async function seedFeedback(db: Db, accountId: string, a: DemoAccount, ownerId: string, now: Date, rand: Random): Promise<number> {
  const longCustomer = (a.stage === "retention" || a.stage === "advocacy") && a.stageDaysAgo > 60;
  const answers = a.feedback ?? (longCustomer ? [{ daysAgo: rand.int(20, 70), score: rand.int(7, 8), contact: a.contacts?.[0], comment: undefined }] : []);
  if (answers.length === 0) return 0;
  await recordFeedback(
    db,
    answers.map((f) => ({ accountId, scale: "nps", score: f.score, comment: f.comment ?? null, contactName: f.contact ?? null, at: daysAgoAt(now, f.daysAgo, rand), byPersonId: ownerId, idempotencyKey: null })),
    "demo",
    now,
  );
  return answers.length;
}

/** Walks the account from its first stage through any history to today's stage, at plausible dates. */
async function recordStageHistory(db: Db, accountId: string, a: DemoAccount, owner: { id: string; name: string }, created: Date, now: Date) {
  const path: Stage[] = [...(a.history ?? []), a.stage].filter((s, i, all) => i === 0 || s !== all[i - 1]);
  if (path.length < 2) {
    await db.account.update({ where: { id: accountId }, data: { stageSince: new Date(now.getTime() - a.stageDaysAgo * DAY) } });
    await db.stageChange.updateMany({ where: { accountId }, data: { at: new Date(now.getTime() - a.stageDaysAgo * DAY) } });
    return;
  }
  const finalAt = now.getTime() - a.stageDaysAgo * DAY;
  const step = (finalAt - created.getTime()) / path.length;
  for (let i = 1; i < path.length; i++) {
    const at = new Date(i === path.length - 1 ? finalAt : created.getTime() + step * i);
    const from = path[i - 1];
    const to = path[i];
    const kind = to === "exit" ? "exit" : STAGES.indexOf(to) > STAGES.indexOf(from) ? "forward" : "backward";
    await db.stageChange.create({ data: { accountId, fromStage: from, toStage: to, at, byId: owner.id, byName: owner.name, kind, reason: to === "exit" ? "Chose an in-house tool after a budget cut" : null } });
    await db.account.update({ where: { id: accountId }, data: { stage: to, stageSince: at } });
  }
}

function pickKind(rand: Random): TouchpointKind {
  return rand.pick<TouchpointKind>(["call", "call", "email", "email", "email", "meeting", "qbr", "message"]);
}

function daysAgoAt(now: Date, days: number, rand: Random): Date {
  const t = now.getTime() - days * DAY - rand.int(0, 6) * 3_600_000;
  return new Date(Math.min(t, now.getTime()));
}

function slug(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-|-$/g, "");
}
