// Shared by the command-language tests: a small portfolio with people in every role, a way to read
// a reply as text, and the "nothing was written" check every bad input goes through.
import { expect } from "vitest";
import type { CommandOutcome } from "../../src/commands/run.js";
import type { Actor, Role } from "../../src/domain/people.js";
import type { Message } from "../../src/messages/model.js";
import type { Db } from "../../src/store/client.js";
import type { Harness } from "../helpers/keepwarm.js";
import { addAccount } from "../helpers/seed.js";

/** Row counts of every table, so a test can show that a rejected command wrote nothing anywhere. */
export async function snapshotCounts(db: Db): Promise<Record<string, number>> {
  const [person, account, contact, touchpoint, complaint, stageChange, nudge, nudgeEvent, nudgeMessage, channelBinding, delivery, jobLease] = await Promise.all([
    db.person.count(),
    db.account.count(),
    db.contact.count(),
    db.touchpoint.count(),
    db.complaint.count(),
    db.stageChange.count(),
    db.nudge.count(),
    db.nudgeEvent.count(),
    db.nudgeMessage.count(),
    db.channelBinding.count(),
    db.delivery.count(),
    db.jobLease.count(),
  ]);
  return { person, account, contact, touchpoint, complaint, stageChange, nudge, nudgeEvent, nudgeMessage, channelBinding, delivery, jobLease };
}

/** Counts plus the rows commands update in place (an update adds no row, so counts alone would miss it). */
export async function snapshotDb(db: Db) {
  const [counts, accounts, nudges, complaints] = await Promise.all([
    snapshotCounts(db),
    db.account.findMany({ orderBy: { id: "asc" } }),
    db.nudge.findMany({ orderBy: { id: "asc" } }),
    db.complaint.findMany({ orderBy: { id: "asc" } }),
  ]);
  return { counts, accounts, nudges, complaints };
}

/** Every block's text (facts as "label: value") and the summary, one string to search. */
export function textOf(msg: Message): string {
  const parts = [msg.summary];
  for (const b of msg.blocks) {
    if (b.type === "facts") parts.push(...b.facts.map((f) => `${f.label}: ${f.value}`));
    else if (b.type === "actions") parts.push(...b.actions.map((a) => a.label));
    else if (b.type !== "divider") parts.push(b.text);
  }
  return parts.join("\n");
}

export interface Rejection {
  code: string;
  /** Words the reply must contain: what was wrong, and how to say it right. */
  says: (string | RegExp)[];
}

/**
 * Runs a command that must be refused: the outcome is not ok with the expected code, the reply is a
 * warning naming the problem, and the database is exactly as before (every table's count, and the
 * rows commands update in place).
 */
export async function expectRejected(h: Harness, text: string, actor: Actor, expected: Rejection): Promise<CommandOutcome> {
  const before = await snapshotDb(h.db);
  const out = await h.kw.command(text, actor, "cli");
  const reply = textOf(out.reply);
  expect(out.ok, `"${text}" should be refused; it replied: ${reply}`).toBe(false);
  expect(out.error).toBe(expected.code);
  expect(out.announce).toBeUndefined();
  expect(out.reply.visibility).toBe("ephemeral");
  expect(out.reply.blocks[0]).toMatchObject({ type: "text", text: expect.stringMatching(/^⚠️ /) });
  for (const s of expected.says) {
    if (typeof s === "string") expect(reply).toContain(s);
    else expect(reply).toMatch(s);
  }
  expect(await snapshotDb(h.db)).toEqual(before);
  return out;
}

/** Runs a command that must succeed, and returns its outcome. */
export async function expectOk(h: Harness, text: string, actor: Actor, timeZone?: string): Promise<CommandOutcome> {
  const out = await h.kw.command(text, actor, "cli", timeZone);
  expect(out.ok, `"${text}" should succeed; it replied: ${textOf(out.reply)}`).toBe(true);
  expect(out.error).toBeUndefined();
  return out;
}

export function actorOf(person: { id: string; name: string; role: Role }): Actor {
  return { personId: person.id, name: person.name, role: person.role, platform: "console" };
}

const DAY = 86_400_000;
export const daysBefore = (now: Date, days: number) => new Date(now.getTime() - days * DAY);

/**
 * People in every role and a few accounts, as of the harness clock (Wed 25 Nov 2026, 15:00 UTC):
 * - Acme Corp: retention, owned by Olga, last touched 35 days ago (stale: due after 30, overdue after 45)
 * - Acme Labs: retention, owned by Randy, touched 3 days ago (shares the "Acme" prefix)
 * - Globex: onboarding, owned by Olga, touched 2 days ago
 * - Initech: exit for 10 days, unowned
 * - Umbrella Health: awareness, unowned, touched 5 days ago
 */
export async function seedPortfolio(h: Harness) {
  const db = h.db;
  const now = h.clock.now;
  const mk = (name: string, role: Role, managerId: string | null = null) =>
    db.person.create({ data: { name, role, email: `${name.split(" ")[0].toLowerCase()}@example.com`, managerId }, select: { id: true, name: true, role: true } });
  const manager = await mk("Mona Manager", "manager");
  const owner = await mk("Olga Owner", "rep", manager.id);
  const otherRep = await mk("Randy Rep", "rep", manager.id);
  const viewer = await mk("Vic Viewer", "viewer");
  const accounts = {
    acme: await addAccount(db, now, "Acme Corp", { touchDaysAgo: 35, ownerId: owner.id }),
    acmeLabs: await addAccount(db, now, "Acme Labs", { touchDaysAgo: 3, ownerId: otherRep.id }),
    globex: await addAccount(db, now, "Globex", { stage: "onboarding", touchDaysAgo: 2, ownerId: owner.id, stageDaysAgo: 10 }),
    initech: await addAccount(db, now, "Initech", { stage: "exit", touchDaysAgo: 10, stageDaysAgo: 10 }),
    umbrella: await addAccount(db, now, "Umbrella Health", { stage: "awareness", touchDaysAgo: 5 }),
  };
  return {
    accounts,
    people: { manager, owner, otherRep, viewer },
    actors: { manager: actorOf(manager), owner: actorOf(owner), otherRep: actorOf(otherRep), viewer: actorOf(viewer) },
  };
}
export type Portfolio = Awaited<ReturnType<typeof seedPortfolio>>;
