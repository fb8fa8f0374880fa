// "A nudge is posted once even across restarts, retries and several replicas."
import { beforeEach, describe, expect, it } from "vitest";
import { claimDelivery, findDueDeliveries } from "../../src/delivery/claim.js";
import { DeliveryError } from "../../src/delivery/notifier.js";
import { DB_KINDS } from "../fixtures/db.js";
import { deliveryHarness, secondsLater, staleAccounts } from "../fixtures/delivery.js";
import { openReplica } from "../fixtures/harness.js";
import { perTest, replaceFixture } from "../fixtures/perTest.js";
import { startReplica } from "../fixtures/replicas.js";
import { bindChannel } from "../fixtures/seed.js";

const pairs = (calls: { channelId: string; message: { nudgeIds?: number[] } }[]) =>
  calls.flatMap((c) => (c.message.nudgeIds ?? []).map((id) => `${c.channelId}#${id}`)).sort();

describe.each(DB_KINDS)("delivery exactly once on %s", (kind) => {
  const h = perTest(() => deliveryHarness(kind));

  const nudgeIds = async () => (await h.db.nudge.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((n) => n.id);
  const expectedPairs = (channels: string[], ids: number[]) => channels.flatMap((c) => ids.map((id) => `${c}#${id}`)).sort();

  it("posts each nudge once per bound channel; draining again, rescanning or restarting posts nothing more", async () => {
    await bindChannel(h.db, "C-one");
    await bindChannel(h.db, "C-two");
    await staleAccounts(h, 2);
    await h.kw.scan();

    const first = await h.kw.deliver();
    expect(first).toMatchObject({ sent: 4, retried: 0, failed: 0 });
    expect(pairs(h.ch.posts())).toEqual(expectedPairs(["C-one", "C-two"], await nudgeIds()));
    expect(h.ch.calls).toHaveLength(4);

    expect(await h.kw.deliver()).toMatchObject({ sent: 0, retried: 0 });
    await h.kw.scan();
    expect(await h.kw.deliver()).toMatchObject({ sent: 0 });
    const { kw: restarted } = await openReplica(h);
    restarted.registerNotifier("console", h.ch.notifier);
    expect(await restarted.deliver()).toMatchObject({ sent: 0 });
    expect(h.ch.calls).toHaveLength(4);

    const rows = await h.db.delivery.findMany();
    expect(rows.map((r) => [r.status, r.attempts])).toEqual(Array(4).fill(["sent", 1]));
    const shown = await h.db.nudgeMessage.findMany();
    expect(shown.map((m) => `${m.channelId}#${m.nudgeId}@${m.messageRef}`).sort()).toEqual(
      h.ch.posts().map((c) => `${c.channelId}#${c.message.nudgeIds![0]}@${c.result}`).sort(),
    );
  });

  it("two drains racing in one process post each nudge once", async () => {
    for (const c of ["C-a", "C-b", "C-c", "C-d"]) await bindChannel(h.db, c);
    await staleAccounts(h, 3);
    await h.kw.scan();
    const [a, b] = await Promise.all([h.kw.deliver(), h.kw.deliver()]);
    expect(a.sent + b.sent).toBe(12);
    expect(h.ch.calls).toHaveLength(12);
    expect(pairs(h.ch.posts())).toEqual(expectedPairs(["C-a", "C-b", "C-c", "C-d"], await nudgeIds()));
  });

  it("three replicas (this process and two other OS processes on the same database) post each nudge once", async () => {
    const channels = ["C-a", "C-b", "C-c", "C-d", "C-e", "C-f", "C-g", "C-h"];
    for (const c of channels) await bindChannel(h.db, c);
    await staleAccounts(h, 3);
    await h.kw.scan();
    const replicas = [startReplica(h.t.url, h.clock.now, 3), startReplica(h.t.url, h.clock.now, 3)];
    await Promise.all(replicas.map((r) => r.ready));
    for (const r of replicas) r.go();
    for (let round = 0; round < 3; round++) await h.kw.deliver();
    const remote = (await Promise.all(replicas.map((r) => r.done))).flat();

    const all = [...h.ch.calls.map((c) => ({ channelId: c.channelId, message: c.message })), ...remote.map((r) => ({ channelId: r.channelId, message: { nudgeIds: r.nudgeIds } }))];
    expect(all).toHaveLength(24);
    expect(pairs(all)).toEqual(expectedPairs(channels, await nudgeIds()));
    const rows = await h.db.delivery.findMany();
    expect(rows.every((r) => r.status === "sent" && r.attempts === 1)).toBe(true);
  });

  it("a worker that crashed after claiming leaves the row locked; it goes out once the lock expires", async () => {
    await bindChannel(h.db, "C-team");
    await staleAccounts(h, 1);
    await h.kw.scan();
    const [row] = await findDueDeliveries(h.db, h.clock.now, 10);
    expect(await claimDelivery(h.db, row, "worker-that-died", h.clock.now)).toBe(true);
    expect(await claimDelivery(h.db, row, "another", h.clock.now)).toBe(false);

    expect(await h.kw.deliver()).toMatchObject({ sent: 0 });
    secondsLater(h, 119);
    expect(await h.kw.deliver()).toMatchObject({ sent: 0 });
    expect(h.ch.calls).toHaveLength(0);

    secondsLater(h, 2);
    expect(await h.kw.deliver()).toMatchObject({ sent: 1 });
    expect(h.ch.posts()).toHaveLength(1);
    const after = await h.db.delivery.findUniqueOrThrow({ where: { id: row.id } });
    expect(after).toMatchObject({ status: "sent", attempts: 2, lockedBy: h.kw.workerId });
    expect(await h.kw.deliver()).toMatchObject({ sent: 0 });
    expect(h.ch.calls).toHaveLength(1);
  });

  describe("with a platform that can tell what it already posted (findPosted)", () => {
    beforeEach(() => replaceFixture(h, () => deliveryHarness(kind, {}, { findPosted: true })));

    it("a crash between posting and recording does not post again after the lock expires", async () => {
      await bindChannel(h.db, "C-team");
      await staleAccounts(h, 1);
      await h.kw.scan();
      const [row] = await findDueDeliveries(h.db, h.clock.now, 10);
      // The dead worker claimed the row and posted; it died before marking the row sent.
      await claimDelivery(h.db, row, "worker-that-died", h.clock.now);
      const [nudgeId] = row.nudgeIds as number[];
      const target = { bindingId: row.bindingId, platform: "console" as const, channelId: "C-team", teamId: null, conversationRef: null };
      const { messageRef } = await h.ch.notifier.post(target, { summary: "x", blocks: [], visibility: "channel", nudgeIds: [nudgeId], deliveryKey: row.dedupeKey });

      secondsLater(h, 121);
      expect(await h.kw.deliver()).toMatchObject({ sent: 1 });
      expect(h.ch.posts()).toHaveLength(1);
      expect((await h.db.nudgeMessage.findFirstOrThrow({ where: { nudgeId } })).messageRef).toBe(messageRef);
    });

    it("a post whose response was lost (timeout) is not posted again on retry", async () => {
      await bindChannel(h.db, "C-team");
      await staleAccounts(h, 1);
      await h.kw.scan();
      h.ch.loseResponseOnce("C-team", new DeliveryError("socket hang up"));
      expect(await h.kw.deliver()).toMatchObject({ retried: 1 });
      expect(h.ch.posts()).toHaveLength(1);

      secondsLater(h, 30);
      expect(await h.kw.deliver()).toMatchObject({ sent: 1 });
      expect(h.ch.posts()).toHaveLength(1);
      const [shown] = await h.db.nudgeMessage.findMany();
      expect(shown.messageRef).toBe(h.ch.posts()[0].result);
    });

    it("a grouped post whose response was lost is not posted again, even when the retry groups differently", async () => {
      await bindChannel(h.db, "C-team");
      await staleAccounts(h, 5); // more than groupAbove (3): one grouped message
      await h.kw.scan();
      h.ch.loseResponseOnce("C-team", new DeliveryError("socket hang up"));
      expect(await h.kw.deliver()).toMatchObject({ retried: 5 });
      expect(h.ch.posts()).toHaveLength(1);
      expect(h.ch.posts()[0].message.nudgeIds).toHaveLength(5);

      // A new nudge for the channel joins the retry pass, so the rows are grouped differently this time.
      await staleAccounts(h, 1, {}, "Late");
      await h.kw.scan();
      secondsLater(h, 30);
      expect(await h.kw.deliver()).toMatchObject({ sent: 6, retried: 0 });
      const shownIn = pairs(h.ch.posts());
      expect(shownIn).toEqual([...new Set(shownIn)]); // no nudge in two posts
      expect(shownIn).toHaveLength(6);
      expect(await h.db.nudgeMessage.count()).toBe(6);
    });

    it("an escalation reply whose response was lost is not replied twice", async () => {
      await bindChannel(h.db, "C-team");
      await staleAccounts(h, 1);
      await h.kw.scan();
      await h.kw.deliver();
      h.clock.advanceHours(48);
      await h.kw.scan();
      h.ch.loseResponseOnce("C-team", new DeliveryError("ETIMEDOUT"), "reply");
      const first = await h.kw.deliver();
      expect(first.retried).toBe(1);
      secondsLater(h, 60);
      await h.kw.deliver();
      expect(h.ch.delivered().filter((c) => c.op === "reply")).toHaveLength(1);
      expect(await h.db.delivery.count({ where: { kind: "nudge.escalate", status: "sent" } })).toBe(1);
    });
  });
});
