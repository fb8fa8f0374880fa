// "A Slack/Teams outage or rate limit delays delivery, never drops it."
import { describe, expect, it } from "vitest";
import { retryDelayMs } from "../../src/delivery/claim.js";
import { DeliveryError } from "../../src/delivery/notifier.js";
import { capturingLogger } from "../fakes/logger.js";
import { DB_KINDS } from "../fixtures/db.js";
import { deliveryHarness, secondsLater, staleAccounts } from "../fixtures/delivery.js";
import { openReplica } from "../fixtures/harness.js";
import { perTest } from "../fixtures/perTest.js";
import { bindChannel } from "../fixtures/seed.js";

describe("retry delay", () => {
  it.each([
    [1, undefined, 30_000],
    [2, undefined, 60_000],
    [3, undefined, 120_000],
    [7, undefined, 1_920_000],
    [8, undefined, 3_600_000], // 3_840_000 capped at an hour
    [30, undefined, 3_600_000],
    [500, undefined, 3_600_000], // 2 ** 499 is still capped, not Infinity or NaN
    [1, 7_000, 7_000], // the platform's Retry-After wins
    [9, 45_000, 45_000],
  ])("attempt %i with retryAfter %s waits %i ms", (attempts, retryAfter, expected) => {
    expect(retryDelayMs(attempts, retryAfter)).toBe(expected);
  });
});

describe.each(DB_KINDS)("delivery retries on %s", (kind) => {
  const h = perTest(() => deliveryHarness(kind));

  const rowsFor = async (channelId: string) =>
    h.db.delivery.findMany({ where: { binding: { channelId } }, orderBy: { createdAt: "asc" } });

  it("an outage backs off (30 s doubling, capped at an hour), never gives up, and delivers once it is over", async () => {
    await bindChannel(h.db, "C-team");
    await staleAccounts(h, 1);
    await h.kw.scan();
    h.ch.failWith("*", new Error("connect ECONNREFUSED 127.0.0.1:443"));

    const delays: number[] = [];
    for (let attempt = 1; attempt <= 20; attempt++) {
      expect(await h.kw.deliver()).toMatchObject({ retried: 1, sent: 0, failed: 0 });
      const [row] = await rowsFor("C-team");
      expect(row).toMatchObject({ status: "pending", attempts: attempt, lastError: "connect ECONNREFUSED 127.0.0.1:443", lockedUntil: null });
      delays.push(row.nextAttemptAt.getTime() - h.clock.now.getTime());
      // Not before its time: a drain a second early does not touch the platform.
      h.clock.set(new Date(row.nextAttemptAt.getTime() - 1000).toISOString());
      expect(await h.kw.deliver()).toMatchObject({ retried: 0, sent: 0 });
      expect(h.ch.calls).toHaveLength(attempt);
      h.clock.set(row.nextAttemptAt.toISOString());
    }
    expect(delays.map((d) => d / 1000)).toEqual([30, 60, 120, 240, 480, 960, 1920, ...Array(13).fill(3600)]);

    h.ch.failWith("*", null);
    expect(await h.kw.deliver()).toMatchObject({ sent: 1 });
    expect(h.ch.posts()).toHaveLength(1);
    expect(h.ch.calls).toHaveLength(21);
    const [row] = await rowsFor("C-team");
    expect(row).toMatchObject({ status: "sent", attempts: 21, lastError: null });
    expect(await h.db.nudgeMessage.count()).toBe(1);
  });

  it("a rate limit is waited out exactly, for every message to that channel, while other channels carry on", async () => {
    await bindChannel(h.db, "C-limited");
    await bindChannel(h.db, "C-fine");
    await staleAccounts(h, 3); // three separate posts per channel (groupAbove is 3)
    await h.kw.scan();
    h.ch.failWith("C-limited", new DeliveryError("ratelimited", { retryAfterMs: 10_000 }));
    const start = h.clock.now.getTime();

    const first = await h.kw.deliver();
    expect(h.ch.posts("C-fine")).toHaveLength(3);
    // One request hit the limit; the channel's other messages were not thrown at it in the same pass.
    expect(h.ch.calls.filter((c) => c.channelId === "C-limited")).toHaveLength(1);
    expect(first).toMatchObject({ sent: 3, failed: 0 });
    const limited = await rowsFor("C-limited");
    expect(limited.map((r) => r.status)).toEqual(["pending", "pending", "pending"]);
    expect(limited.map((r) => r.nextAttemptAt.getTime() - start)).toEqual([10_000, 10_000, 10_000]);

    h.clock.set(new Date(start + 9_999).toISOString());
    await h.kw.deliver();
    expect(h.ch.calls.filter((c) => c.channelId === "C-limited")).toHaveLength(1);

    h.ch.failWith("C-limited", null);
    h.clock.set(new Date(start + 10_000).toISOString());
    expect(await h.kw.deliver()).toMatchObject({ sent: 3 });
    expect(h.ch.posts("C-limited")).toHaveLength(3);
    expect(h.ch.posts("C-fine")).toHaveLength(3);
    expect((await rowsFor("C-limited")).every((r) => r.status === "sent")).toBe(true);
  });

  it("a permanent error marks the delivery failed, tells the operator, and is not retried", async () => {
    const { log, lines } = capturingLogger();
    const { kw } = await openReplica(h, { log, connection: "shared" });
    kw.registerNotifier("console", h.ch.notifier);
    await bindChannel(h.db, "C-gone");
    await bindChannel(h.db, "C-ok");
    await staleAccounts(h, 1);
    await kw.scan();
    h.ch.failWith("C-gone", new DeliveryError("channel_not_found", { permanent: true }));

    expect(await kw.deliver()).toMatchObject({ sent: 1, failed: 1, retried: 0 });
    const [gone] = await rowsFor("C-gone");
    expect(gone).toMatchObject({ status: "failed", attempts: 1, lastError: "channel_not_found", lockedUntil: null });
    const report = lines.find((l) => l.msg === "delivery failed permanently");
    expect(report).toMatchObject({ level: 50, channel: "C-gone", platform: "console", err: "channel_not_found", deliveries: [gone.id] });

    secondsLater(h, 7 * 86_400);
    h.ch.failWith("C-gone", null);
    expect(await kw.deliver()).toMatchObject({ sent: 0, failed: 0, retried: 0 });
    expect(h.ch.calls.filter((c) => c.channelId === "C-gone")).toHaveLength(1);
    expect(h.ch.posts("C-ok")).toHaveLength(1);
  });

  it("rows for a platform this replica cannot reach stay queued, and never hold up the others", async () => {
    const teams = await bindChannel(h.db, "19:teams-channel", { platform: "teams" });
    await bindChannel(h.db, "C-console");
    // A long backlog for Teams (not configured on this replica), older than anything else.
    const earlier = new Date(h.clock.now.getTime() - 3_600_000);
    await h.db.delivery.createMany({
      data: Array.from({ length: 250 }, (_, i) => ({ kind: "nudge.post", bindingId: teams.id, nudgeIds: [], dedupeKey: `backlog:${i}`, nextAttemptAt: earlier, createdAt: earlier })),
    });
    await staleAccounts(h, 1);
    await h.kw.scan();

    const r = await h.kw.deliver();
    expect(h.ch.posts("C-console")).toHaveLength(1);
    expect(r).toMatchObject({ sent: 1, skipped: 251 }); // left for a replica with Teams
    expect(h.ch.calls.every((c) => c.channelId === "C-console")).toBe(true);
    const teamsRows = await h.db.delivery.findMany({ where: { bindingId: teams.id } });
    expect(teamsRows).toHaveLength(251);
    expect(teamsRows.every((d) => d.status === "pending" && d.attempts === 0)).toBe(true);
  });
});
