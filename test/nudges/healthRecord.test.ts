// The scan's daily health record, on both databases: each evaluated account's score for its local
// day as a HealthSnapshot row and in the account's trend; the same day again writes nothing; the
// trend is what the at-risk rule reads, so a fall of 15 points within 14 days raises it.
import { describe, expect, it } from "vitest";
import { parseTrend } from "../../src/rules/health/index.js";
import { DB_KINDS } from "../fixtures/db.js";
import { createHarness } from "../fixtures/harness.js";
import { perTest } from "../fixtures/perTest.js";
import { addAccount } from "../fixtures/seed.js";

const DAY = 86_400_000;

describe.each(DB_KINDS)("the daily health record on %s", (kind) => {
  const h = perTest(() => createHarness(kind));
  const later = (days: number) => new Date(h.clock.now.getTime() + days * DAY);

  it("records each account's score once a local day, and keeps the trend the at-risk rule reads", async () => {
    const id = await addAccount(h.db, h.clock.now, "Acme Corp", { touchDaysAgo: 15, timeZone: "Asia/Tokyo" });
    await h.kw.scan();
    const first = await h.db.healthSnapshot.findMany({ where: { accountId: id } });
    // 25 Nov 15:00 UTC is already 26 Nov in Tokyo.
    expect(first.map((s) => [s.day, s.score])).toEqual([["2026-11-26", 100]]);
    expect(first[0].components).toEqual([{ key: "contact", pointsLost: 0 }, { key: "complaints", pointsLost: 0 }]);

    // The same day: nothing new, and the memo holds (the account is not even evaluated).
    const again = await h.kw.scan();
    expect(again.skipped).toBe(1);
    expect(await h.db.healthSnapshot.count()).toBe(1);

    // Each later local day gets its own row; the trend keeps the at-risk window (14 days) and today.
    for (let d = 1; d <= 20; d++) await h.kw.scan({ now: later(d) });
    const rows = await h.db.healthSnapshot.findMany({ where: { accountId: id }, orderBy: { day: "asc" } });
    expect(rows).toHaveLength(21);
    expect(rows.at(-1)!.day).toBe("2026-12-16");
    const account = await h.db.account.findUniqueOrThrow({ where: { id }, select: { healthTrend: true } });
    const trend = parseTrend(account.healthTrend);
    expect(trend.map((p) => p.day)).toEqual(rows.slice(-15).map((r) => r.day));
    expect(trend.map((p) => p.score)).toEqual(rows.slice(-15).map((r) => r.score));
    // The contact part costs points once the last touch is older than the cadence's 30 days.
    expect(rows.at(-1)!.score).toBeLessThan(rows[0].score);
  });

  it("raises at risk through the scan when the score falls 15 points within 14 days", async () => {
    await h.db.channelBinding.create({ data: { platform: "console", channelId: "team", scope: "all", rules: ["atRisk"] } });
    const id = await addAccount(h.db, h.clock.now, "Wayne Enterprises", { touchDaysAgo: 1 });
    await h.kw.scan();
    expect((await h.db.healthSnapshot.findFirstOrThrow({ where: { accountId: id } })).score).toBe(100);
    // A high complaint nobody answers, a week past its deadline: the complaints part doubles its cost.
    await h.db.complaint.create({ data: { accountId: id, openedAt: new Date(h.clock.now.getTime() - 9 * DAY), severity: "high", summary: "Invoices doubled", source: "test" } });
    await h.db.account.update({ where: { id }, data: { lastComplaintAt: new Date(h.clock.now.getTime() - 9 * DAY) } });
    await h.kw.scan({ now: later(1) });
    const nudge = await h.db.nudge.findFirst({ where: { accountId: id, rule: "atRisk" } });
    expect(nudge).not.toBeNull();
    expect(nudge!.reason).toMatch(/^Health \d+\/100 \(complaints −\d+\) fell \d+ points in 1 day, from 100 on 25 Nov 2026/);
    expect(await h.db.delivery.count({ where: { kind: "nudge.post", nudgeIds: { equals: [nudge!.id] } } })).toBe(1);
  });
});
