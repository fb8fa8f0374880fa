// The periodic scan skips the rules for accounts whose memo holds (src/nudges/memo.ts). Each test
// checks that a skip never hides a change: a write to any input, time reaching a rule's next check,
// an escalation or a snooze falling due, another policy, or a scan as of an earlier moment.
import { DateTime } from "luxon";
import { beforeEach, describe, expect, it } from "vitest";
import { MEMO_MAX_AGE_MS } from "../../src/nudges/memo.js";
import { runScan } from "../../src/nudges/scan.js";
import { defaultPolicy } from "../../src/rules/index.js";
import { DB_KINDS } from "../fixtures/db.js";
import { createHarness } from "../fixtures/harness.js";
import { perTest } from "../fixtures/perTest.js";
import { addAccount, bindChannel } from "../fixtures/seed.js";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

describe.each(DB_KINDS)("the scan's memo on %s", (kind) => {
  const h = perTest(() => createHarness(kind));
  beforeEach(() => bindChannel(h.db, "C-team"));

  const scanAt = (now: Date, extra: { policy?: typeof defaultPolicy; evaluateAll?: boolean } = {}) =>
    runScan(h.db, { now, policy: extra.policy ?? h.config.policy, evaluateAll: extra.evaluateAll });
  const nudgesOf = (accountId: string) => h.db.nudge.findMany({ where: { accountId }, orderBy: { id: "asc" } });

  async function portfolio() {
    const now = h.clock.now;
    const stale = await addAccount(h.db, now, "Acme Corp", { touchDaysAgo: 35 });
    const fresh = await addAccount(h.db, now, "Globex", { touchDaysAgo: 3 });
    const almost = await addAccount(h.db, now, "Initech", { touchDaysAgo: 29 });
    return { stale, fresh, almost };
  }

  it("skips every account once nothing has changed, and the skip changes nothing", async () => {
    await portfolio();
    const first = await scanAt(h.clock.now);
    expect(first).toMatchObject({ accounts: 3, skipped: 0, raised: 1 });
    // The raise changed Acme's active nudges (an input), so Acme is evaluated once more; then all three are skipped.
    expect(await scanAt(h.clock.now)).toMatchObject({ accounts: 3, skipped: 2, raised: 0, resolved: 0, escalated: 0 });
    expect(await scanAt(h.clock.now)).toMatchObject({ accounts: 3, skipped: 3, candidates: 0, raised: 0, resolved: 0, deliveries: 0 });
    const memos = await h.db.account.findMany({ select: { scanDigest: true, scanFrom: true, scanUntil: true } });
    expect(memos.every((m) => m.scanDigest && m.scanFrom && m.scanUntil)).toBe(true);
  });

  it("evaluates an account again as soon as any input is written, whatever wrote it", async () => {
    const { stale, fresh } = await portfolio();
    await scanAt(h.clock.now);
    await scanAt(h.clock.now);
    // A touch logged straight into the database (no command, no rescan): the digest sees it.
    await h.db.account.update({ where: { id: stale }, data: { lastCustomerTouchAt: h.clock.now } });
    const afterTouch = await scanAt(h.clock.now);
    expect(afterTouch).toMatchObject({ skipped: 2, resolved: 1 });
    expect((await nudgesOf(stale))[0].status).toBe("resolved");
    await scanAt(h.clock.now); // the resolve changed Acme's nudges: evaluated once more
    // A complaint opened on another account.
    await h.db.complaint.create({ data: { accountId: fresh, openedAt: new Date(h.clock.now.getTime() - 30 * DAY), severity: "critical", summary: "Down", source: "test" } });
    const afterComplaint = await scanAt(h.clock.now);
    expect(afterComplaint.skipped).toBe(2);
    expect((await nudgesOf(fresh)).map((n) => n.rule)).toEqual(["unansweredComplaint"]);
  });

  it.each(["UTC", "America/New_York", "Asia/Kathmandu", "Australia/Lord_Howe"])("evaluates an account when time reaches the moment a rule said its answer could change (%s)", async (timeZone) => {
    await portfolio();
    const almost = await addAccount(h.db, h.clock.now, "Umbrella", { touchDaysAgo: 29, timeZone });
    await scanAt(h.clock.now);
    await scanAt(h.clock.now);
    expect(await nudgesOf(almost)).toEqual([]);
    const memo = await h.db.account.findUniqueOrThrow({ where: { id: almost } });
    // Touched 29 days ago, retention expects a touch every 30: due at the start of the local day 30 days after the touch.
    const dueAt = memo.scanUntil!;
    const touchedAt = memo.lastCustomerTouchAt!;
    expect(dueAt.toISOString()).toBe(DateTime.fromJSDate(touchedAt, { zone: timeZone }).startOf("day").plus({ days: 30 }).toJSDate().toISOString());
    expect(dueAt.getTime()).toBeGreaterThan(h.clock.now.getTime());
    await scanAt(new Date(dueAt.getTime() - 1));
    expect(await nudgesOf(almost)).toEqual([]);
    const atDue = await scanAt(dueAt);
    expect(atDue.raised).toBeGreaterThanOrEqual(1);
    expect((await nudgesOf(almost))[0]).toMatchObject({ rule: "staleContact", severity: "warning" });
  });

  it("evaluates an account when one of its nudges falls due for escalation or its snooze ends", async () => {
    const { stale } = await portfolio();
    const policy = { ...h.config.policy, escalation: { ...h.config.policy.escalation, afterHours: 10, minSeverity: "warning" as const } };
    await scanAt(h.clock.now, { policy });
    await scanAt(h.clock.now, { policy });
    const nudge = (await nudgesOf(stale))[0];
    expect(nudge.escalatedAt).toBeNull();
    const escalation = await scanAt(new Date(nudge.raisedAt.getTime() + 10 * HOUR), { policy });
    expect(escalation).toMatchObject({ escalated: 1 });

    const snoozeEnd = new Date(h.clock.now.getTime() + 30 * HOUR);
    await h.db.nudge.update({ where: { id: nudge.id }, data: { status: "snoozed", snoozedUntil: snoozeEnd, version: { increment: 1 } } });
    await scanAt(new Date(h.clock.now.getTime() + 11 * HOUR), { policy });
    expect((await scanAt(new Date(snoozeEnd.getTime() - 1), { policy })).snoozeEnded).toBe(0);
    expect((await scanAt(snoozeEnd, { policy })).snoozeEnded).toBe(1);
  });

  it("evaluates every account under another policy, and for a scan as of an earlier moment", async () => {
    const { fresh } = await portfolio();
    await scanAt(h.clock.now);
    await scanAt(h.clock.now);
    const strict = { ...h.config.policy, cadence: { ...h.config.policy.cadence, retention: { dueDays: 2, overdueDays: 60 } } };
    const underStrict = await scanAt(h.clock.now, { policy: strict });
    expect(underStrict.skipped).toBe(0);
    expect((await nudgesOf(fresh)).map((n) => n.rule)).toEqual(["staleContact"]);
    await scanAt(h.clock.now, { policy: strict });
    expect((await scanAt(new Date(h.clock.now.getTime() - DAY), { policy: strict })).skipped).toBe(0);
  });

  it("re-checks every account at least once a day, and evaluateAll forces a full evaluation that writes nothing new", async () => {
    await portfolio();
    await scanAt(h.clock.now);
    await scanAt(h.clock.now);
    const memos = () => h.db.account.findMany({ select: { id: true, scanDigest: true, scanFrom: true, scanUntil: true }, orderBy: { id: "asc" } });
    const before = await memos();
    const forced = await scanAt(h.clock.now, { evaluateAll: true });
    expect(forced).toMatchObject({ skipped: 0, raised: 0, resolved: 0, deliveries: 0 });
    expect(forced.candidates).toBeGreaterThan(0);
    expect(await memos()).toEqual(before);
    const later = new Date(h.clock.now.getTime() + MEMO_MAX_AGE_MS);
    expect((await scanAt(later)).skipped).toBe(0);
  });
});
