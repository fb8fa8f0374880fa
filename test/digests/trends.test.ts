// The numbers behind the digest's charts, on both databases, at their boundaries: local weeks in New
// York across the end of daylight saving time (1 Nov 2026), the digest's end, and calendar months
// counted from the channel's own today.
import { describe, expect, it } from "vitest";
import { digestTrends, trendWeeks } from "../../src/digests/trends.js";
import type { ChannelScope } from "../../src/domain/channels.js";
import { createTestDb, DB_KINDS } from "../fixtures/db.js";
import { perTest } from "../fixtures/perTest.js";
import { addAccount } from "../fixtures/seed.js";

const ZONE = "America/New_York";
const THROUGH = new Date("2026-11-25T05:00:00Z"); // Wed 25 Nov 00:00 in New York: a daily digest's end
const at = (iso: string) => new Date(iso);
const ALL: ChannelScope = { scope: "all", scopeValue: null };
const BANDS = { healthyAtLeast: 70, atRisk: { floor: 40 } };

describe("trendWeeks", () => {
  it("are the 8 local weeks from Monday midnight, the last one ending at the digest's end", () => {
    const weeks = trendWeeks(THROUGH, ZONE);
    expect(weeks.map((w) => w.weekStart)).toEqual(["2026-10-05", "2026-10-12", "2026-10-19", "2026-10-26", "2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23"]);
    expect(weeks[3]).toEqual({ weekStart: "2026-10-26", start: at("2026-10-26T04:00:00Z"), end: at("2026-11-02T05:00:00Z") }); // EDT, then EST: a 169-hour week
    expect(weeks[7].end).toEqual(THROUGH);
    // A digest ending exactly at Monday midnight covers the week before: its last week is the one that just ended.
    expect(trendWeeks(at("2026-11-23T05:00:00Z"), ZONE).at(-1)).toMatchObject({ weekStart: "2026-11-16", end: at("2026-11-23T05:00:00Z") });
  });
});

describe.each(DB_KINDS)("digest trends on %s", (kind) => {
  const t = perTest(() => createTestDb(kind));
  let keys = 0;

  async function nudge(accountId: string, firstRaisedAt: Date, extra: { resolvedAt?: Date; status?: "open" | "acknowledged" | "resolved"; rule?: string } = {}) {
    const { rule = "staleContact", resolvedAt, status = resolvedAt ? "resolved" : "open" } = extra;
    await t.db.nudge.create({
      data: { dedupeKey: `k${++keys}`, rule, accountId, subject: "s", severity: "warning", reason: "r", facts: {}, conditionSince: firstRaisedAt, firstRaisedAt, raisedAt: firstRaisedAt, status, resolvedAt: resolvedAt ?? null },
    });
  }

  it("counts nudges open at each week's end and cleared in it, each instant in exactly one week", async () => {
    const acme = await addAccount(t.db, THROUGH, "Acme", { touchDaysAgo: 40 });
    await nudge(acme, at("2026-11-02T05:00:00Z")); // Monday 2 Nov 00:00 EST: the week of 2 Nov's, not the week before's
    await nudge(acme, at("2026-11-02T04:59:59.999Z"), { resolvedAt: at("2026-11-09T05:00:00Z") }); // open at 26 Oct's end and 2 Nov's; cleared on 9 Nov's first instant
    await nudge(acme, at("2026-10-01T12:00:00Z"), { resolvedAt: at("2026-10-05T03:59:59.999Z") }); // cleared before the eight weeks
    await nudge(acme, at("2026-10-01T12:00:00Z"), { resolvedAt: at("2026-10-05T04:00:00Z") }); // cleared on the first week's first instant
    await nudge(acme, at("2026-11-24T12:00:00Z"), { status: "acknowledged" }); // acknowledged is not done: open
    await nudge(acme, THROUGH); // after what the digest covers

    const { weeks } = await digestTrends(t.db, { scope: ALL, through: THROUGH, now: THROUGH, timeZone: ZONE, bands: BANDS });
    expect(weeks.map((w) => [w.weekStart, w.open, w.cleared])).toEqual([
      ["2026-10-05", 0, 1],
      ["2026-10-12", 0, 0],
      ["2026-10-19", 0, 0],
      ["2026-10-26", 1, 0],
      ["2026-11-02", 2, 0],
      ["2026-11-09", 1, 1],
      ["2026-11-16", 1, 0],
      ["2026-11-23", 2, 0],
    ]);
  });

  it("counts only the accounts and rules the channel watches", async () => {
    const smb = await addAccount(t.db, THROUGH, "Small", { segment: "SMB", touchDaysAgo: 40 });
    const big = await addAccount(t.db, THROUGH, "Big", { segment: "Enterprise", touchDaysAgo: 40 });
    await nudge(smb, at("2026-11-20T12:00:00Z"));
    await nudge(smb, at("2026-11-20T12:00:00Z"), { rule: "renewalApproaching" });
    await nudge(big, at("2026-11-20T12:00:00Z"));
    const last = async (scope: ChannelScope) => (await digestTrends(t.db, { scope, through: THROUGH, now: THROUGH, timeZone: ZONE, bands: BANDS })).weeks.at(-1)!.open;
    expect(await last(ALL)).toBe(3);
    expect(await last({ scope: "segment", scopeValue: "smb", rules: [] })).toBe(2);
    expect(await last({ scope: "segment", scopeValue: "smb", rules: ["renewalApproaching"] })).toBe(1);
  });

  it("counts renewals per calendar month from the channel's today, with the annual value at stake", async () => {
    const now = at("2026-12-01T03:00:00Z"); // still Mon 30 Nov (22:00) in New York; already 1 Dec in UTC
    const renewal = async (name: string, renewalDate: string, annualValue: number | null, stage?: "exit") => {
      const id = await addAccount(t.db, now, name, { renewalDate, stage, touchDaysAgo: 1 });
      await t.db.account.update({ where: { id }, data: { annualValue } });
    };
    await renewal("Yesterday", "2026-11-29", 50_000);
    await renewal("Today", "2026-11-30", 10_000);
    await renewal("First of December", "2026-12-01", 20_000);
    await renewal("December, no value", "2026-12-31", null);
    await renewal("Leaving", "2026-12-15", 99_000, "exit");
    await renewal("Last day of April", "2027-04-30", 5_000);
    await renewal("First of May", "2027-05-01", 7_000);

    const { months } = await digestTrends(t.db, { scope: ALL, through: now, now, timeZone: ZONE, bands: BANDS });
    expect(months).toEqual([
      { month: "2026-11", renewals: 1, annualValue: 10_000, withoutValue: 0 },
      { month: "2026-12", renewals: 2, annualValue: 20_000, withoutValue: 1 },
      { month: "2027-01", renewals: 0, annualValue: 0, withoutValue: 0 },
      { month: "2027-02", renewals: 0, annualValue: 0, withoutValue: 0 },
      { month: "2027-03", renewals: 0, annualValue: 0, withoutValue: 0 },
      { month: "2027-04", renewals: 1, annualValue: 5_000, withoutValue: 0 },
    ]);
    const utc = await digestTrends(t.db, { scope: ALL, through: now, now, timeZone: "UTC", bands: BANDS });
    expect(utc.months.map((m) => [m.month, m.renewals])).toEqual([["2026-12", 2], ["2027-01", 0], ["2027-02", 0], ["2027-03", 0], ["2027-04", 1], ["2027-05", 1]]);
  });

  it("counts watched accounts by the band of their latest recorded health score, at the band edges", async () => {
    const scored = async (name: string, trend: string | null, extra: { stage?: "exit"; segment?: string } = {}) => {
      const id = await addAccount(t.db, THROUGH, name, { stage: extra.stage, segment: extra.segment });
      await t.db.account.update({ where: { id }, data: { healthTrend: trend } });
    };
    await scored("Healthy at the edge", "2026-11-23:10,2026-11-24:70"); // the latest point counts, not the worst
    await scored("Watch just below", "2026-11-24:69");
    await scored("Watch at the floor", "2026-11-24:40");
    await scored("At risk just below", "2026-11-24:39");
    await scored("Not scored yet", null);
    await scored("Left, not counted", "2026-11-24:5", { stage: "exit" });
    await scored("Other segment", "2026-11-24:90", { segment: "SMB" });
    expect((await digestTrends(t.db, { scope: ALL, through: THROUGH, now: THROUGH, timeZone: ZONE, bands: BANDS })).bands).toEqual({ healthy: 2, watch: 2, atRisk: 1 });
    const smb = await digestTrends(t.db, { scope: { scope: "segment", scopeValue: "smb" }, through: THROUGH, now: THROUGH, timeZone: ZONE, bands: BANDS });
    expect(smb.bands).toEqual({ healthy: 1, watch: 0, atRisk: 0 });
  });
});
