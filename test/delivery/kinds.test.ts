// The registry of delivery kinds and how the worker reads a row: by its kind's schema, never cast. A
// row of a kind this version does not know waits for a replica that does (a rolling deploy); a row
// its kind cannot read can never be sent, so it fails, logged, and the rest of the channel goes on.
import { describe, expect, it } from "vitest";
import { DELIVERY_KINDS, deliveryKind } from "../../src/delivery/kinds/index.js";
import { capturingLogger } from "../fakes/logger.js";
import { DB_KINDS } from "../fixtures/db.js";
import { deliveryHarness, staleAccounts } from "../fixtures/delivery.js";
import { openReplica } from "../fixtures/harness.js";
import { perTest } from "../fixtures/perTest.js";
import { bindChannel } from "../fixtures/seed.js";

describe("the delivery kinds", () => {
  it("each has its own key, a payload schema and a sender, and is found by its key", () => {
    const keys = DELIVERY_KINDS.map((k) => k.key);
    expect(keys.sort()).toEqual(["digest", "email.unmatched", "nudge.escalate", "nudge.post", "nudge.rollup", "nudge.update"]);
    for (const kind of DELIVERY_KINDS) {
      expect(deliveryKind(kind.key)).toBe(kind);
      expect(typeof kind.payload.safeParse).toBe("function");
      expect(typeof kind.send).toBe("function");
    }
    expect(deliveryKind("nudge.teleport")).toBeUndefined();
  });
});

describe.each(DB_KINDS)("reading outbox rows on %s", (kind) => {
  const h = perTest(() => deliveryHarness(kind));

  async function drainWithLog() {
    const { log, lines } = capturingLogger();
    const { kw } = await openReplica(h, { log, connection: "shared" });
    kw.registerNotifier("console", h.ch.notifier);
    return { result: await kw.deliver(), lines };
  }
  const row = (dedupeKey: string) => h.db.delivery.findUniqueOrThrow({ where: { dedupeKey } });

  it("a row of a kind this version does not know stays pending, untouched, for a version that does", async () => {
    const b = await bindChannel(h.db, "C-team");
    await h.db.delivery.create({ data: { kind: "nudge.teleport", bindingId: b.id, nudgeIds: [], dedupeKey: "future:1", nextAttemptAt: h.clock.now } });
    const { result, lines } = await drainWithLog();
    expect(result).toMatchObject({ sent: 0, failed: 0, retried: 0 });
    expect(await row("future:1")).toMatchObject({ status: "pending", attempts: 0, lastError: null });
    expect(h.ch.calls).toEqual([]);
    expect(lines).toContainEqual(expect.objectContaining({ level: 40, kind: "nudge.teleport", msg: expect.stringMatching(/does not know/) }));
  });

  it("a row its kind cannot read fails for good, saying why, and the channel's other rows still go out", async () => {
    await staleAccounts(h, 1);
    await bindChannel(h.db, "C-team");
    await h.kw.scan();
    const b = await h.db.channelBinding.findFirstOrThrow();
    await h.db.delivery.create({
      data: { kind: "digest", bindingId: b.id, nudgeIds: [], dedupeKey: "digest:bad", nextAttemptAt: h.clock.now, payload: { cadence: "hourly", periodStart: "yesterday" } },
    });
    const { result, lines } = await drainWithLog();
    expect(result).toMatchObject({ sent: 1, failed: 1 });
    const bad = await row("digest:bad");
    expect(bad).toMatchObject({ status: "failed", attempts: 0 });
    expect(bad.lastError).toMatch(/^unreadable digest delivery: cadence: .*; periodStart: .*; periodEnd: /);
    expect(h.ch.posts().map((c) => c.message.nudgeIds)).toHaveLength(1); // the nudge post; no digest
    expect(lines).toContainEqual(expect.objectContaining({ level: 50, delivery: bad.id, msg: "delivery failed permanently" }));
  });
});
