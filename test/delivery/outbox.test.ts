import { describe, expect, it } from "vitest";
import { digestDelivery } from "../../src/delivery/kinds/digest.js";
import { nudgeEscalationDelivery } from "../../src/delivery/kinds/nudgeEscalation.js";
import { nudgePostDelivery } from "../../src/delivery/kinds/nudgePost.js";
import { nudgeUpdateDelivery } from "../../src/delivery/kinds/nudgeUpdate.js";
import { enqueueDeliveries, type NewDelivery } from "../../src/delivery/outbox.js";
import { createTestDb, DB_KINDS } from "../fixtures/db.js";
import { perTest } from "../fixtures/perTest.js";
import { bindChannel } from "../fixtures/seed.js";

describe("delivery keys", () => {
  it("name what is delivered, where, and which version or period", () => {
    const at = new Date("2026-11-25T15:00:00Z");
    const key = { post: (n: number, b: string, v: number) => nudgePostDelivery(n, b, v, at).dedupeKey };
    expect(key.post(42, "b1", 3)).toBe("post:42:b1:v3");
    expect(nudgeUpdateDelivery(42, "b1", 4, at).dedupeKey).toBe("update:42:b1:v4");
    expect(nudgeEscalationDelivery(42, "b1", at).dedupeKey).toBe("escalate:42:b1");
    const periodEnd = new Date("2026-11-25T05:00:00Z");
    expect(digestDelivery("b1", "daily", { start: new Date("2026-11-24T05:00:00Z"), end: periodEnd }, at).dedupeKey).toBe("digest:b1:2026-11-25T05:00:00.000Z");
    expect(key.post(42, "b1", 3)).not.toBe(key.post(42, "b2", 3));
  });
});

describe.each(DB_KINDS)("enqueueDeliveries on %s", (kind) => {
  const t = perTest(() => createTestDb(kind));

  it("queues each key once, within one call and across calls", async () => {
    const b = await bindChannel(t.db, "C-team");
    const at = new Date("2026-11-25T15:00:00Z");
    const row = (key: string, nudgeIds = [1]): NewDelivery => ({ kind: "nudge.post", bindingId: b.id, nudgeIds, dedupeKey: key, notBefore: at, payload: { n: 1 } });

    expect(await t.db.$transaction((tx) => enqueueDeliveries(tx, [row("k1"), row("k2"), row("k1", [9])]))).toBe(2);
    expect(await t.db.$transaction((tx) => enqueueDeliveries(tx, [row("k1"), row("k3")]))).toBe(1);
    expect(await t.db.$transaction((tx) => enqueueDeliveries(tx, []))).toBe(0);

    const rows = await t.db.delivery.findMany({ orderBy: { dedupeKey: "asc" } });
    expect(rows.map((r) => [r.dedupeKey, r.nudgeIds, r.status, r.attempts, r.nextAttemptAt.toISOString(), r.payload])).toEqual([
      ["k1", [1], "pending", 0, at.toISOString(), { n: 1 }], // the first of a key wins
      ["k2", [1], "pending", 0, at.toISOString(), { n: 1 }],
      ["k3", [1], "pending", 0, at.toISOString(), { n: 1 }],
    ]);
  });
});
