import type { ScheduledTask } from "node-cron";
import { afterEach, describe, expect, it, vi } from "vitest";
import { silentLogger } from "../../src/logging.js";
import { enqueueDueDigests } from "../../src/scheduler/digestJob.js";
import { stopScheduler } from "../../src/scheduler/scheduler.js";
import type { Db } from "../../src/store/client.js";
import { fakeChannels, type FakeChannels } from "../fakes/channels.js";
import { onFakeClock, runSchedulesUntil, useFakeClock } from "../fakes/clock.js";
import { DB_KINDS } from "../fixtures/db.js";
import { createHarness, openReplica } from "../fixtures/harness.js";
import { textOf } from "../fixtures/messages.js";
import { perTest } from "../fixtures/perTest.js";
import { addAccount } from "../fixtures/seed.js";

const NY = "America/New_York";
const TOKYO = "Asia/Tokyo";

function bindDigest(db: Db, channelId: string, s: { cadence: "daily" | "weekly"; time: string; zone: string; weekday?: number; createdAt: Date; scope?: string; scopeValue?: string }) {
  return db.channelBinding.create({
    data: {
      platform: "console", channelId, channelName: `#${channelId}`, scope: s.scope ?? "all", scopeValue: s.scopeValue ?? null, rules: [],
      digestCadence: s.cadence, digestTime: s.time, digestWeekday: s.weekday ?? 1, timeZone: s.zone, createdAt: s.createdAt,
    },
  });
}

const digestRows = (db: Db) =>
  db.delivery.findMany({ where: { kind: "digest" }, include: { binding: { select: { channelId: true } } }, orderBy: [{ nextAttemptAt: "asc" }, { dedupeKey: "asc" }] });

describe.each(DB_KINDS)("channel digests on %s", (kind) => {
  // Digest schedules are checked hourly here (the default is every minute: the same logic, 60 times the
  // runs); the digest times below are on the hour, and a digest an hour early or late would show.
  const h = perTest(() => createHarness(kind, { schedules: { scan: "0 0 1 1 *", deliver: "5 * * * *", digests: "0 * * * *", inbox: "0 0 1 1 *" } }));
  afterEach(() => vi.useRealTimers()); // before the harness closes (hooks after a test run last registered first)

  it("enqueues a channel's digest once, at its local time, whatever the replica or restart", async () => {
    const b = await bindDigest(h.db, "ny", { cadence: "daily", time: "09:00", zone: NY, createdAt: new Date("2026-11-20T00:00:00Z") });
    const at = (iso: string) => enqueueDueDigests(h.db, new Date(iso), silentLogger);
    expect(await at("2026-11-25T13:59:59Z")).toBe(1); // yesterday's, missed while the server was down: sent once, late
    expect(await at("2026-11-25T13:59:59Z")).toBe(0);
    expect(await at("2026-11-25T14:00:00Z")).toBe(1); // 09:00 EST
    expect(await at("2026-11-25T14:15:00Z")).toBe(0);

    // Two replicas at the same moment; then a restarted process.
    const replica = await openReplica(h, onFakeClock(h));
    const both = await Promise.all([at("2026-11-26T14:00:00Z"), enqueueDueDigests(replica.db, new Date("2026-11-26T14:00:00Z"), silentLogger)]);
    expect(both.sort()).toEqual([0, 1]);
    expect(await at("2026-11-26T14:00:30Z")).toBe(0);
    // Even if the binding's "last sent" mark were lost, the outbox key (channel + period) holds.
    await h.db.channelBinding.update({ where: { id: b.id }, data: { lastDigestAt: null } });
    expect(await at("2026-11-26T14:01:00Z")).toBe(0);

    const rows = await digestRows(h.db);
    expect(rows.map((r) => [r.nextAttemptAt.toISOString(), (r.payload as { periodEnd: string }).periodEnd])).toEqual([
      ["2026-11-25T13:59:59.000Z", "2026-11-24T05:00:00.000Z"],
      ["2026-11-25T14:00:00.000Z", "2026-11-25T05:00:00.000Z"],
      ["2026-11-26T14:00:00.000Z", "2026-11-26T05:00:00.000Z"],
    ]);
  });

  it("a digest sent late, after local midnight, keeps its own period, and the next day's still goes out", async () => {
    // Tokyo, daily at 23:30. Last sent on Sat 31 Oct; the server is down from 23:00 to 00:30 on Sun 1 Nov.
    const b = await bindDigest(h.db, "tokyo", { cadence: "daily", time: "23:30", zone: TOKYO, createdAt: new Date("2026-10-01T00:00:00Z") });
    await h.db.channelBinding.update({ where: { id: b.id }, data: { lastDigestAt: new Date("2026-10-31T14:30:00Z") } });
    expect(await enqueueDueDigests(h.db, new Date("2026-11-01T15:30:00Z"), silentLogger)).toBe(1); // Mon 00:30 JST
    expect(await enqueueDueDigests(h.db, new Date("2026-11-02T14:30:00Z"), silentLogger)).toBe(1); // Mon 23:30 JST
    const periods = (await digestRows(h.db)).map((r) => r.payload as { periodStart: string; periodEnd: string });
    expect(periods).toEqual([
      { cadence: "daily", periodStart: "2026-10-30T15:00:00.000Z", periodEnd: "2026-10-31T15:00:00.000Z" }, // Sat 31 Oct (JST), as it would have at 23:30 Sun
      { cadence: "daily", periodStart: "2026-10-31T15:00:00.000Z", periodEnd: "2026-11-01T15:00:00.000Z" }, // Sun 1 Nov (JST)
    ]);
  });

  it("over two days with two replicas: New York and Tokyo digests at their local times, across the DST change, weekly on its weekday, each posted once", async () => {
    const start = new Date("2026-10-31T12:00:00Z"); // Sat 08:00 in New York (EDT), 21:00 in Tokyo
    await bindDigest(h.db, "ny", { cadence: "daily", time: "09:00", zone: NY, createdAt: start });
    await bindDigest(h.db, "tokyo", { cadence: "daily", time: "09:00", zone: TOKYO, createdAt: start }); // bound after today's 09:00 there
    await bindDigest(h.db, "ny-weekly", { cadence: "weekly", time: "08:00", zone: NY, weekday: 1, createdAt: start });
    await addAccount(h.db, start, "Acme", { touchDaysAgo: 2 });

    useFakeClock(start);
    const replicas: { ch: FakeChannels; tasks: ScheduledTask[] }[] = [];
    for (let i = 0; i < 2; i++) {
      const { kw } = await openReplica(h, onFakeClock(h));
      const ch = fakeChannels();
      kw.registerNotifier("console", ch.notifier);
      const tasks = kw.startScheduler();
      h.onClose(() => stopScheduler(tasks));
      replicas.push({ ch, tasks });
    }
    const tasks = replicas.flatMap((r) => r.tasks);
    // A channel bound at 10:00 New York time, after that day's 09:00: its first digest is the next day's.
    await runSchedulesUntil(tasks, new Date("2026-10-31T14:00:00Z"));
    await bindDigest(h.db, "ny-late", { cadence: "daily", time: "09:00", zone: NY, createdAt: new Date() });
    await runSchedulesUntil(tasks, new Date("2026-11-02T18:00:00Z"));

    const rows = await digestRows(h.db);
    const queued = rows.map((r) => {
      const p = r.payload as { cadence: string; periodStart: string; periodEnd: string };
      const hours = (Date.parse(p.periodEnd) - Date.parse(p.periodStart)) / 3_600_000;
      return `${r.binding.channelId} ${r.nextAttemptAt.toISOString().slice(0, 16)} ${p.periodStart.slice(0, 16)}+${hours}h`;
    });
    expect(queued.sort()).toEqual(
      [
        "ny 2026-10-31T13:00 2026-10-30T04:00+24h", // Sat 09:00 EDT: Friday
        "ny 2026-11-01T14:00 2026-10-31T04:00+24h", // Sun 09:00 EST (clocks went back at 02:00): Saturday
        "ny 2026-11-02T14:00 2026-11-01T04:00+25h", // Mon 09:00 EST: Sunday, 25 hours long
        "ny-late 2026-11-01T14:00 2026-10-31T04:00+24h",
        "ny-late 2026-11-02T14:00 2026-11-01T04:00+25h",
        "ny-weekly 2026-11-02T13:00 2026-10-26T04:00+169h", // Monday 08:00 EST: the week before
        "tokyo 2026-11-01T00:00 2026-10-30T15:00+24h", // Sun 09:00 JST: Saturday
        "tokyo 2026-11-02T00:00 2026-10-31T15:00+24h",
      ].sort(),
    );
    expect(rows.every((r) => r.status === "sent" && r.attempts === 1)).toBe(true);

    const posts = replicas.flatMap((r) => r.ch.posts());
    const byChannel = (c: string) => posts.filter((p) => p.channelId === c).map((p) => p.message.blocks[0]);
    expect(byChannel("ny")).toEqual(Array(3).fill({ type: "header", text: "Daily digest · #ny" }));
    expect(byChannel("ny-late")).toHaveLength(2);
    expect(byChannel("tokyo")).toEqual(Array(2).fill({ type: "header", text: "Daily digest · #tokyo" }));
    expect(byChannel("ny-weekly")).toEqual([{ type: "header", text: "Weekly digest · #ny-weekly" }]);
    expect(posts).toHaveLength(8);
    const weekly = posts.find((p) => p.channelId === "ny-weekly")!;
    expect(textOf(weekly.message)).toContain("Mon 26 Oct – Sun 1 Nov 2026 · 1 account watched");
    expect(weekly.message.blocks.some((b) => b.type === "actions")).toBe(false);
  }, 90_000);

  it("a digest renders the channel's scope at sending time", async () => {
    const leo = await h.db.person.create({ data: { name: "Leo", email: "leo@example.com" } });
    await addAccount(h.db, h.clock.now, "Leo's", { ownerId: leo.id, touchDaysAgo: 35 });
    await addAccount(h.db, h.clock.now, "Someone else's", { touchDaysAgo: 35 });
    await h.kw.scan();
    await bindDigest(h.db, "leo", { cadence: "daily", time: "09:00", zone: "UTC", createdAt: new Date("2026-11-01T00:00:00Z"), scope: "owner", scopeValue: leo.id });
    const ch = fakeChannels();
    h.kw.registerNotifier("console", ch.notifier);
    expect(await enqueueDueDigests(h.db, h.clock.now, silentLogger)).toBe(1);
    await h.kw.deliver();
    const digest = ch.posts("leo").find((p) => p.message.summary.startsWith("Daily digest"))!;
    expect(digest.message.summary).toBe("Daily digest · #leo: 1 open nudges, 0 overdue, 0 escalated, 0 renewals within 30 days");
    expect(textOf(digest.message)).toContain("**Leo's**");
    expect(textOf(digest.message)).not.toContain("Someone else's");
    await h.kw.deliver();
    expect(ch.posts("leo").filter((p) => p.message.summary.startsWith("Daily digest"))).toHaveLength(1);
  });
});
