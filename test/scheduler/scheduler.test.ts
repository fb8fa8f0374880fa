import { afterEach, describe, expect, it, vi } from "vitest";
import { stopScheduler } from "../../src/scheduler/scheduler.js";
import { fakeChannels } from "../fakes/channels.js";
import { nextRunFinished, onFakeClock, runSchedulesUntil, useFakeClock } from "../fakes/clock.js";
import { DB_KINDS } from "../fixtures/db.js";
import { createHarness, openReplica } from "../fixtures/harness.js";
import { perTest, replaceFixture } from "../fixtures/perTest.js";
import { addAccount, bindChannel } from "../fixtures/seed.js";

const NEVER = "0 0 1 1 *"; // once a year, on 1 Jan: outside every test window

describe.each(DB_KINDS)("scheduler on %s", (kind) => {
  const h = perTest(() => createHarness(kind));
  afterEach(() => vi.useRealTimers()); // before the harness closes (hooks after a test run last registered first)

  /** A replica running the scheduler on the fake clock, sending to fake channels; it stops when the harness closes. */
  async function start() {
    const { kw } = await openReplica(h, onFakeClock(h));
    const ch = fakeChannels();
    kw.registerNotifier("console", ch.notifier);
    const tasks = kw.startScheduler();
    h.onClose(() => stopScheduler(tasks));
    return { kw, ch, tasks, task: (name: string) => tasks.find((t) => t.name === name)! };
  }

  it("fires its jobs on schedule: the scan raises nudges and the next delivery run posts them, once", async () => {
    expect(h.config.schedules).toEqual({ scan: "*/15 * * * *", deliver: "* * * * *", digests: "* * * * *", inbox: "*/15 * * * * *" });
    await bindChannel(h.db, "C-team");
    await addAccount(h.db, h.clock.now, "Acme", { touchDaysAgo: 35 });
    useFakeClock(new Date("2026-11-25T15:10:30Z"));
    const a = await start();
    const runs: string[] = [];
    for (const t of a.tasks) t.on("execution:finished", (ctx) => void runs.push(`${t.name}@${ctx.date.toISOString().slice(11, 16)}`));

    await runSchedulesUntil(a.tasks, new Date("2026-11-25T15:14:59Z"));
    expect(await h.db.nudge.count()).toBe(0); // the scan runs at :15, not before
    expect(runs.filter((r) => r.startsWith("scan"))).toEqual([]);

    await runSchedulesUntil(a.tasks, new Date("2026-11-25T15:16:00Z"));
    expect(await h.db.nudge.count()).toBe(1);
    const nudge = await h.db.nudge.findFirstOrThrow();
    expect(nudge.raisedAt.toISOString()).toBe("2026-11-25T15:15:00.000Z"); // the job's now is the fake clock's
    expect(a.ch.posts().map((c) => c.message.nudgeIds)).toEqual([[nudge.id]]);

    await runSchedulesUntil(a.tasks, new Date("2026-11-25T15:31:00Z"));
    expect(runs.filter((r) => r.startsWith("scan"))).toEqual(["scan@15:15", "scan@15:30"]);
    expect(runs.filter((r) => r.startsWith("deliver"))).toHaveLength(21); // every minute from 15:11 to 15:31
    expect(await h.db.nudge.count()).toBe(1);
    expect(a.ch.calls).toHaveLength(1);
    const row = await h.db.delivery.findFirstOrThrow();
    expect(row.sentAt?.getTime()).toBeGreaterThanOrEqual(new Date("2026-11-25T15:15:00Z").getTime());
    expect(row.sentAt?.getTime()).toBeLessThanOrEqual(new Date("2026-11-25T15:16:00Z").getTime());
  });

  it("a send that fails during a scheduled run goes out at a later run", async () => {
    await bindChannel(h.db, "C-team");
    await addAccount(h.db, h.clock.now, "Acme", { touchDaysAgo: 35 });
    await h.kw.scan();
    useFakeClock(new Date("2026-11-25T15:10:30Z"));
    const a = await start();
    a.ch.failWith("*", new Error("boom"));
    await runSchedulesUntil(a.tasks, new Date("2026-11-25T15:11:00Z"));
    expect((await h.db.delivery.findFirstOrThrow()).attempts).toBe(1);
    a.ch.failWith("*", null);
    await runSchedulesUntil(a.tasks, new Date("2026-11-25T15:12:00Z"));
    expect(a.ch.posts()).toHaveLength(1);
  });

  it("two replicas on one database: the lease lets one run a job at a time", async () => {
    await replaceFixture(h, () => createHarness(kind, { schedules: { scan: NEVER, deliver: "* * * * *", digests: NEVER } }));
    await bindChannel(h.db, "C-team");
    await addAccount(h.db, h.clock.now, "Acme", { touchDaysAgo: 35 });
    await h.kw.scan();
    useFakeClock(new Date("2026-11-25T15:10:30Z"));
    const a = await start();
    const b = await start();
    const gates = [a.ch.hold(), b.ch.hold()];

    // 15:11: both replicas' deliver jobs fire. One takes the lease and is held mid-send.
    const done = [nextRunFinished(a.task("deliver")), nextRunFinished(b.task("deliver"))];
    await vi.advanceTimersByTimeAsync(30_000);
    await Promise.race(gates.map((g) => g.waiting));
    const [winner, loser] = a.ch.calls.length ? [a, b] : [b, a];
    // The other one's run ends without doing anything: the lease is taken.
    await done[winner === a ? 1 : 0];
    expect(loser.ch.calls).toHaveLength(0);
    const lease = await h.db.jobLease.findUniqueOrThrow({ where: { name: "deliver" } });
    expect(lease).toMatchObject({ holder: winner.kw.workerId, expiresAt: new Date("2026-11-25T15:21:00Z") });

    gates.forEach((g) => g.release());
    await Promise.all(done);
    expect(winner.ch.posts()).toHaveLength(1);
    expect((await h.db.jobLease.findUniqueOrThrow({ where: { name: "deliver" } })).expiresAt.getTime()).toBe(0); // released

    // Later runs: either replica may win; nothing is posted twice.
    await runSchedulesUntil([...a.tasks, ...b.tasks], new Date("2026-11-25T15:20:00Z"));
    expect(a.ch.calls.length + b.ch.calls.length).toBe(1);
  });

  it("a replica that died holding a lease blocks the job only until the lease expires", async () => {
    await replaceFixture(h, () => createHarness(kind, { schedules: { scan: NEVER, deliver: "* * * * *", digests: NEVER } }));
    await bindChannel(h.db, "C-team");
    await addAccount(h.db, h.clock.now, "Acme", { touchDaysAgo: 35 });
    await h.kw.scan();
    await h.db.jobLease.create({ data: { name: "deliver", holder: "worker-dead", expiresAt: new Date("2026-11-25T15:20:00Z") } });
    useFakeClock(new Date("2026-11-25T15:10:30Z"));
    const a = await start();

    await runSchedulesUntil(a.tasks, new Date("2026-11-25T15:20:00Z"));
    expect(a.ch.calls).toHaveLength(0);
    await runSchedulesUntil(a.tasks, new Date("2026-11-25T15:21:00Z"));
    expect(a.ch.posts()).toHaveLength(1);
  });
});
