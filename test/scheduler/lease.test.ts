import { afterEach, describe, expect, it } from "vitest";
import { releaseLease, tryTakeLease, withLease } from "../../src/scheduler/lease.js";
import { openDb, type Db } from "../../src/store/client.js";
import { createTestDb, DB_KINDS } from "../fixtures/db.js";
import { perTest } from "../fixtures/perTest.js";

const T0 = new Date("2026-11-25T15:00:00Z");
const later = (ms: number) => new Date(T0.getTime() + ms);
const TTL = 10 * 60_000;

describe.each(DB_KINDS)("job lease on %s", (kind) => {
  const t = perTest(() => createTestDb(kind));
  let other: Db | null = null;
  afterEach(async () => {
    await other?.$disconnect();
    other = null;
  });

  it("one holder at a time; the holder may renew; it frees on release or expiry", async () => {
    expect(await tryTakeLease(t.db, "scan", "A", TTL, T0)).toBe(true);
    expect(await tryTakeLease(t.db, "scan", "B", TTL, later(1000))).toBe(false);
    expect(await tryTakeLease(t.db, "deliver", "B", TTL, later(1000))).toBe(true); // leases are per job
    expect(await tryTakeLease(t.db, "scan", "A", TTL, later(2000))).toBe(true); // renewal
    expect((await t.db.jobLease.findUniqueOrThrow({ where: { name: "scan" } })).expiresAt).toEqual(later(2000 + TTL));

    expect(await tryTakeLease(t.db, "scan", "B", TTL, later(2000 + TTL))).toBe(false); // not past expiry yet
    expect(await tryTakeLease(t.db, "scan", "B", TTL, later(2001 + TTL))).toBe(true); // A died: B takes over
    expect(await tryTakeLease(t.db, "scan", "A", TTL, later(2002 + TTL))).toBe(false);

    await releaseLease(t.db, "scan", "A"); // not A's any more: nothing happens
    expect(await tryTakeLease(t.db, "scan", "C", TTL, later(2003 + TTL))).toBe(false);
    await releaseLease(t.db, "scan", "B");
    expect(await tryTakeLease(t.db, "scan", "C", TTL, later(2004 + TTL))).toBe(true);
  });

  it("replicas racing for a new lease (its first ever run): exactly one wins", async () => {
    other = await openDb(t.url);
    const dbs = kind === "postgres" ? [t.db, other] : [t.db]; // in-process SQLite shares one connection (see scheduler.test.ts)
    for (let round = 0; round < 5; round++) {
      const name = `job-${round}`;
      const wins = await Promise.all(Array.from({ length: 6 }, (_, i) => tryTakeLease(dbs[i % dbs.length], name, `R${i}`, TTL, T0)));
      expect(wins.filter(Boolean)).toHaveLength(1);
    }
    // And once expired, racing again: still one.
    const wins = await Promise.all(Array.from({ length: 6 }, (_, i) => tryTakeLease(dbs[i % dbs.length], "job-0", `S${i}`, TTL, later(TTL + 1))));
    expect(wins.filter(Boolean)).toHaveLength(1);
  });

  it("withLease runs the work only for the holder, and releases it afterwards, even when the work throws", async () => {
    let release!: () => void;
    let started!: () => void;
    const blocker = new Promise<void>((r) => (release = r));
    const running = new Promise<void>((r) => (started = r));
    const first = withLease(t.db, "digests", "A", TTL, T0, async () => {
      started();
      await blocker;
      return "A ran";
    });
    await running;
    expect(await withLease(t.db, "digests", "B", TTL, T0, async () => "B ran")).toBeNull();
    release();
    expect(await first).toBe("A ran");
    expect(await withLease(t.db, "digests", "B", TTL, later(1), async () => "B ran")).toBe("B ran");
    await expect(withLease(t.db, "digests", "C", TTL, later(2), async () => Promise.reject(new Error("boom")))).rejects.toThrow("boom");
    expect(await withLease(t.db, "digests", "D", TTL, later(3), async () => "D ran")).toBe("D ran");
  });
});
