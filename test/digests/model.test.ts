import { describe, expect, it } from "vitest";
import { buildDigest, type DigestRequest } from "../../src/digests/model.js";
import type { ChannelScope as DigestScope } from "../../src/domain/channels.js";
import { createTestDb, DB_KINDS } from "../fixtures/db.js";
import { perTest } from "../fixtures/perTest.js";
import { addAccount } from "../fixtures/seed.js";
import { END, NOW, START, ZONE, seedPortfolio } from "./fixtures.js";

describe.each(DB_KINDS)("buildDigest on %s", (kind) => {
  const t = perTest(() => createTestDb(kind));
  const seeded = perTest(() => seedPortfolio(t.db));

  const digest = (scope: DigestScope = { scope: "all", scopeValue: null }, extra: Partial<DigestRequest> = {}) =>
    buildDigest(t.db, { scope, periodStart: START, periodEnd: END, now: NOW, timeZone: ZONE, ...extra });
  const names = (items: { accountName: string }[]) => items.map((i) => i.accountName);

  it("counts and lists what the whole portfolio needs, for the period only", async () => {
    const d = await digest();
    const { n, ana, ben } = seeded;
    expect(d.accountsWatched).toBe(15);
    expect(d.counts).toEqual({
      open: 5,
      overdue: 2,
      escalated: 2,
      acknowledged: 1,
      snoozed: 1,
      resolvedInPeriod: 1, // resolved at the period's first instant; the one at its end is the next period's
      touchpoints: 3,
      accountsTouched: 3,
      stageMoves: 2,
    });
    // Open nudges by owner: biggest group first, unassigned last; in a group, most severe then oldest.
    expect(d.byOwner.map((g) => [g.owner?.name ?? null, g.total, g.nudges.map((x) => x.id)])).toEqual([
      ["Ana Owner", 2, [n.alphaStale.id, n.bravoStale.id]],
      ["Ben Owner", 2, [n.charlieStale.id, n.r30Renewal.id]],
      [null, 1, [n.deltaStale.id]],
    ]);
    expect(d.byOwner[0].owner).toEqual({ id: ana.id, name: "Ana Owner", slackUserId: "U-ANA", teamsUserId: null });
    expect(d.byOwner[1].owner?.id).toBe(ben.id);
    expect(d.byOwner[0].nudges[0]).toMatchObject({ rule: "staleContact", title: "Stale contact", severity: "critical", accountName: "Alpha", escalated: false });

    expect(d.overdue).toEqual({ total: 2, items: [expect.objectContaining({ id: n.deltaStale.id }), expect.objectContaining({ id: n.alphaStale.id })] });
    expect(d.escalated.items.map((x) => x.id)).toEqual([n.deltaStale.id, n.charlieStale.id]);
    expect(d.escalated.items.every((x) => x.escalated)).toBe(true);

    expect(d.renewals.within30.items.map((r) => [r.accountName, r.daysAway])).toEqual([["R+0", 0], ["R+30", 30]]);
    expect(d.renewals.within60.items.map((r) => [r.accountName, r.daysAway])).toEqual([["R+31", 31], ["R+60", 60]]);
    expect(d.renewals.within90.items.map((r) => [r.accountName, r.daysAway])).toEqual([["R+61", 61], ["R+90", 90]]);
    expect(d.renewals.within30.items[0]).toMatchObject({ renewalDate: "2026-11-25", annualValue: 120_000, stage: "retention", owner: { name: "Ana Owner" } });

    expect(d.stageMoves.items.map((m) => [m.accountName, m.from, m.to, m.byName, m.reason])).toEqual([
      ["Delta", "retention", "onboarding", "Ben Owner", "budget freeze"],
      ["Alpha", "onboarding", "retention", "Ana Owner", null],
    ]);
    expect(d.touchpointsByKind).toEqual([{ kind: "call", count: 2 }, { kind: "email", count: 1 }]);
    expect(d.touchpointsByPerson).toEqual([{ name: "Ana Owner", count: 2 }, { name: "imported", count: 1 }]);
    expect(d.neverTouched).toEqual({ total: 2, items: [{ accountName: "Delta", stage: "retention", owner: null }, { accountName: "Golf", stage: "onboarding", owner: expect.objectContaining({ name: "Ben Owner" }) }] });
    expect([d.periodStart, d.periodEnd]).toEqual([START, END]);
  });

  it("an owner channel sees that owner's accounts only", async () => {
    const d = await digest({ scope: "owner", scopeValue: seeded.ana.id });
    expect(d.accountsWatched).toBe(4);
    expect(d.counts).toMatchObject({ open: 2, overdue: 1, escalated: 0, acknowledged: 0, snoozed: 0, resolvedInPeriod: 1, touchpoints: 2, accountsTouched: 2, stageMoves: 1 });
    expect(d.byOwner.map((g) => g.owner?.name)).toEqual(["Ana Owner"]);
    expect(names(d.renewals.within30.items)).toEqual(["R+0"]);
    expect(names(d.renewals.within60.items)).toEqual(["R+31"]);
    expect(d.renewals.within90.total).toBe(0);
    expect(d.neverTouched.total).toBe(0);
  });

  it("an owner channel without an owner sees nothing", async () => {
    const d = await digest({ scope: "owner", scopeValue: null });
    expect([d.accountsWatched, d.counts.open, d.neverTouched.total]).toEqual([0, 0, 0]);
  });

  it("a segment channel matches the segment whatever its spelling", async () => {
    const d = await digest({ scope: "segment", scopeValue: "sMb" });
    expect(d.accountsWatched).toBe(2);
    expect(d.byOwner.flatMap((g) => names(g.nudges)).sort()).toEqual(["Alpha", "Bravo"]);
    expect((await digest({ scope: "segment", scopeValue: "Nowhere" })).accountsWatched).toBe(0);
  });

  it("a rule filter narrows the nudges, not the accounts", async () => {
    const d = await digest({ scope: "all", scopeValue: null, rules: ["renewalApproaching"] });
    expect(d.accountsWatched).toBe(15);
    expect(d.counts).toMatchObject({ open: 1, overdue: 0, escalated: 0, acknowledged: 0, snoozed: 1, resolvedInPeriod: 0 });
    expect(d.byOwner.flatMap((g) => g.nudges.map((x) => x.id))).toEqual([seeded.n.r30Renewal.id]);
    expect(d.renewals.within30.total).toBe(2);
  });

  it("cuts long lists to listLimit and keeps the totals", async () => {
    const d = await digest(undefined, { listLimit: 1 });
    expect(d.counts.open).toBe(5);
    expect(d.byOwner.map((g) => [g.total, g.nudges.length])).toEqual([[2, 1], [2, 1], [1, 1]]);
    expect([d.overdue.total, d.overdue.items.length, d.overdue.items[0].id]).toEqual([2, 1, seeded.n.deltaStale.id]);
    expect([d.escalated.total, d.escalated.items.length]).toEqual([2, 1]);
    expect([d.renewals.within30.total, names(d.renewals.within30.items)]).toEqual([2, ["R+0"]]);
    expect([d.stageMoves.total, names(d.stageMoves.items)]).toEqual([2, ["Delta"]]);
    expect([d.neverTouched.total, names(d.neverTouched.items)]).toEqual([2, ["Delta"]]);
    expect(d.touchpointsByPerson).toEqual([{ name: "Ana Owner", count: 2 }]);
  });

  it("a weekly period takes in what a daily one leaves out", async () => {
    const d = await digest(undefined, { periodStart: new Date(START.getTime() - 6 * 86_400_000) });
    expect(d.counts.touchpoints).toBe(4); // the one a millisecond before the daily period
    expect(d.counts.stageMoves).toBe(3);
  });
});

describe.each(DB_KINDS)("buildDigest renewals across time zones on %s", (kind) => {
  const t = perTest(() => createTestDb(kind));

  it("counts days to renewal on the account's calendar, whatever the channel's zone", async () => {
    const now = new Date("2026-11-25T20:00:00Z"); // Wed 25 Nov 12:00 in Los Angeles, Thu 26 Nov 05:00 in Tokyo
    await addAccount(t.db, now, "LA today", { timeZone: "America/Los_Angeles", touchDaysAgo: 1, renewalDate: "2026-11-25" });
    await addAccount(t.db, now, "LA in 90", { timeZone: "America/Los_Angeles", touchDaysAgo: 1, renewalDate: "2027-02-23" });
    await addAccount(t.db, now, "Tokyo yesterday", { timeZone: "Asia/Tokyo", touchDaysAgo: 1, renewalDate: "2026-11-25" });
    await addAccount(t.db, now, "Tokyo in 91", { timeZone: "Asia/Tokyo", touchDaysAgo: 1, renewalDate: "2027-02-25" });
    for (const channelZone of ["Asia/Tokyo", "America/Los_Angeles", "UTC"]) {
      const d = await buildDigest(t.db, { scope: { scope: "all", scopeValue: null }, periodStart: START, periodEnd: END, now, timeZone: channelZone });
      const all = [...d.renewals.within30.items, ...d.renewals.within60.items, ...d.renewals.within90.items];
      expect(all.map((r) => [r.accountName, r.daysAway]), channelZone).toEqual([["LA today", 0], ["LA in 90", 90]]);
      expect(d.renewals.within30.items.map((r) => r.accountName), channelZone).toEqual(["LA today"]);
    }
  });

  it("an account whose stored time zone cannot be read does not sink the digest; its renewal counts on the channel's calendar", async () => {
    const now = new Date("2026-11-25T20:00:00Z");
    const id = await addAccount(t.db, now, "Broken zone", { touchDaysAgo: 1, renewalDate: "2026-12-01" });
    await t.db.account.update({ where: { id }, data: { timeZone: "Mars/Olympus_Mons" } }); // written straight into the database
    const d = await buildDigest(t.db, { scope: { scope: "all", scopeValue: null }, periodStart: START, periodEnd: END, now, timeZone: "UTC" });
    expect(d.renewals.within30.items.map((r) => [r.accountName, r.daysAway])).toEqual([["Broken zone", 6]]);
  });
});
