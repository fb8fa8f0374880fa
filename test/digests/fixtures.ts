// A small portfolio with one of everything a manager digest reports, at known times around one
// daily period in New York (Tue 24 Nov 2026, 05:00Z … 25 Nov 05:00Z).
import type { Db } from "../../src/store/client.js";
import { addAccount } from "../fixtures/seed.js";

export const NOW = new Date("2026-11-25T15:00:00Z"); // Wed 10:00 in New York
export const ZONE = "America/New_York";
export const START = new Date("2026-11-24T05:00:00Z");
export const END = new Date("2026-11-25T05:00:00Z");
export const MID = new Date("2026-11-24T17:00:00Z");
const HOUR = 3_600_000;
const ago = (hours: number) => new Date(NOW.getTime() - hours * HOUR);

let keys = 0;

export async function seedPortfolio(db: Db) {
  const ana = await db.person.create({ data: { name: "Ana Owner", email: "ana@example.com", slackUserId: "U-ANA" } });
  const ben = await db.person.create({ data: { name: "Ben Owner", email: "ben@example.com" } });
  const acct = (name: string, opts: Parameters<typeof addAccount>[3]) => addAccount(db, NOW, name, { timeZone: ZONE, ...opts });

  const alpha = await acct("Alpha", { ownerId: ana.id, segment: "SMB", touchDaysAgo: 50 });
  const bravo = await acct("Bravo", { ownerId: ana.id, segment: "smb", touchDaysAgo: 35 });
  const charlie = await acct("Charlie", { ownerId: ben.id, segment: "Enterprise", touchDaysAgo: 35 });
  const delta = await acct("Delta", { touchDaysAgo: null });
  await acct("Foxtrot", { ownerId: ben.id, stage: "awareness", touchDaysAgo: null }); // a prospect: not "never contacted"
  const golf = await acct("Golf", { ownerId: ben.id, stage: "onboarding", touchDaysAgo: null });
  await acct("Exiting", { ownerId: ben.id, stage: "exit", touchDaysAgo: null, renewalDate: "2026-12-05" }); // neither list
  const renewal = async (name: string, date: string, ownerId: string) => acct(name, { ownerId, touchDaysAgo: 1, renewalDate: date });
  await renewal("R+0", "2026-11-25", ana.id);
  await db.account.updateMany({ where: { name: "R+0" }, data: { annualValue: 120_000 } });
  const r30 = await renewal("R+30", "2026-12-25", ben.id);
  await renewal("R+31", "2026-12-26", ana.id);
  const r60 = await renewal("R+60", "2027-01-24", ben.id);
  await renewal("R+61", "2027-01-25", ben.id);
  await renewal("R+90", "2027-02-23", ben.id);
  await renewal("R+91", "2027-02-24", ben.id);
  await renewal("R-1", "2026-11-24", ben.id);

  const nudge = (accountId: string, rule: string, severity: "info" | "warning" | "critical", extra: Record<string, unknown> = {}) =>
    db.nudge.create({
      data: {
        dedupeKey: `k${++keys}`, rule, accountId, subject: "s", severity, reason: `${rule} reason ${keys}`, facts: {},
        conditionSince: ago(100), firstRaisedAt: ago(100), raisedAt: ago(24), ...extra,
      },
    });
  const n = {
    alphaStale: await nudge(alpha, "staleContact", "critical", { raisedAt: ago(48) }),
    bravoStale: await nudge(bravo, "staleContact", "warning", { raisedAt: ago(24) }),
    charlieStale: await nudge(charlie, "staleContact", "warning", { raisedAt: ago(72), escalatedAt: ago(1) }),
    deltaStale: await nudge(delta, "staleContact", "critical", { raisedAt: ago(120), escalatedAt: ago(60) }),
    r30Renewal: await nudge(r30, "renewalApproaching", "warning", { raisedAt: ago(12) }),
    golfAcked: await nudge(golf, "staleContact", "critical", { status: "acknowledged" }),
    r60Snoozed: await nudge(r60, "renewalApproaching", "info", { status: "snoozed", snoozedUntil: ago(-48) }),
    alphaResolvedAtStart: await nudge(alpha, "unansweredComplaint", "warning", { status: "resolved", resolvedAt: START }),
    bravoResolvedAtEnd: await nudge(bravo, "staleContact", "warning", { status: "resolved", resolvedAt: END }),
  };

  const move = (accountId: string, at: Date, kind: string, extra: Record<string, unknown> = {}) =>
    db.stageChange.create({ data: { accountId, fromStage: "onboarding", toStage: "retention", at, kind, ...extra } });
  await move(alpha, START, "forward", { byName: "Ana Owner" }); // in: the period's first instant
  await move(bravo, END, "forward"); // out: the next period's first instant
  await move(charlie, new Date(START.getTime() - 1), "forward"); // out
  await move(delta, MID, "backward", { fromStage: "retention", toStage: "onboarding", reason: "budget freeze", byName: "Ben Owner" }); // in
  await move(golf, MID, "initial"); // out: an import, not a move

  const touch = (accountId: string, occurredAt: Date, kind: "call" | "email" | "meeting", byName: string | null) =>
    db.touchpoint.create({ data: { accountId, occurredAt, kind, byName, source: "test" } });
  await touch(alpha, START, "call", "Ana Owner");
  await touch(bravo, MID, "email", "Ana Owner");
  await touch(charlie, MID, "call", null);
  await touch(charlie, END, "meeting", "Ben Owner");
  await touch(alpha, new Date(START.getTime() - 1), "call", "Ana Owner");

  return { ana, ben, n };
}
