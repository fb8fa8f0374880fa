// The inbox on its own, with a stand-in connector: every stored event is applied once across workers
// and crashes, transient failures back off and are never dropped, and redeliveries store nothing new.
import { describe, expect, it } from "vitest";
import type { ApplyOutcome, Connector, StoredEvent } from "../../src/connectors/connector.js";
import { linkAccount } from "../../src/activity/links.js";
import { claimEvents, MAX_ATTEMPTS, retryFailed, storeEvents } from "../../src/connectors/inbox.js";
import { drainInbox, type InboxDeps } from "../../src/connectors/worker.js";
import { silentLogger } from "../../src/logging.js";
import { parseConfig } from "../../src/config/file.js";
import { DB_KINDS } from "../fixtures/db.js";
import { createHarness } from "../fixtures/harness.js";
import { perTest } from "../fixtures/perTest.js";
import { addAccount } from "../fixtures/seed.js";

const MINUTE = 60_000;

/** A connector whose apply is scripted per event: applied, unmatched, or a thrown error. */
function standIn(script: (e: StoredEvent) => ApplyOutcome | Error = () => ({ status: "applied", outcome: "done", accountIds: [] })) {
  const applied: string[] = [];
  const connector: Connector = {
    source: "zendesk", path: "/x", variables: [], settings: () => ({}), receive: () => ({ ok: true, events: [] }),
    async apply(e) {
      const outcome = script(e);
      if (outcome instanceof Error) throw outcome;
      applied.push((e.payload as { n: string }).n);
      return outcome;
    },
  };
  return { connector, applied };
}

const event = (n: string, occurredAt = new Date("2026-11-25T14:00:00Z")) => ({ idempotencyKey: `ev-${n}`, type: "t", accountSourceId: "org-1", summary: `event ${n}`, occurredAt, payload: { n } });

describe.each(DB_KINDS)("the inbox on %s", (kind) => {
  const h = perTest(() => createHarness(kind));
  const deps = (connector: Connector, workerId = "w1", rescanned: string[][] = []): InboxDeps => ({
    db: h.db, env: h.env, log: silentLogger, workerId, connectors: [connector], config: parseConfig({}).connectors, defaultTimeZone: "UTC", rescan: async (ids) => void rescanned.push(ids),
  });
  const statusOf = async (n: string) => (await h.db.inboundEvent.findUniqueOrThrow({ where: { source_idempotencyKey: { source: "zendesk", idempotencyKey: `ev-${n}` } } }));

  it("stores each event once, however often it is delivered, also from two requests at once", async () => {
    expect(await storeEvents(h.db, "zendesk", [event("1"), event("2"), event("1")], h.clock.now)).toBe(2);
    const again = await Promise.all([storeEvents(h.db, "zendesk", [event("2"), event("3")], h.clock.now), storeEvents(h.db, "zendesk", [event("3")], h.clock.now)]);
    expect(again.reduce((a, b) => a + b, 0)).toBe(1);
    expect(await h.db.inboundEvent.count()).toBe(3);
  });

  it("two workers draining at once apply every event exactly once, oldest first, and rescan what changed", async () => {
    const events = Array.from({ length: 20 }, (_, i) => event(String(i), new Date(Date.UTC(2026, 10, 25, 10, 59 - i))));
    await storeEvents(h.db, "zendesk", events, h.clock.now);
    const a = standIn((e) => ({ status: "applied", outcome: "ok", accountIds: [`acc-${(e.payload as { n: string }).n}`] }));
    const b = standIn((e) => ({ status: "applied", outcome: "ok", accountIds: [`acc-${(e.payload as { n: string }).n}`] }));
    const rescans: string[][] = [];
    const [ra, rb] = await Promise.all([drainInbox(deps(a.connector, "w1", rescans), h.clock.now), drainInbox(deps(b.connector, "w2", rescans), h.clock.now)]);
    expect(ra.applied + rb.applied).toBe(20);
    expect([...a.applied, ...b.applied].sort()).toEqual(events.map((e) => e.payload.n).sort());
    expect(a.applied.concat(b.applied).length).toBe(20);
    expect(rescans.flat().sort()).toEqual(events.map((e) => `acc-${e.payload.n}`).sort());
    expect(await h.db.inboundEvent.count({ where: { status: "applied" } })).toBe(20);
    expect(await drainInbox(deps(a.connector), h.clock.now)).toMatchObject({ applied: 0 });
  });

  it("a failing event backs off (30 s, 1 min, …) and is kept; past the attempt limit it is failed, not dropped", async () => {
    await storeEvents(h.db, "zendesk", [event("x")], h.clock.now);
    const broken = standIn(() => new Error("vendor API down"));
    let now = h.clock.now;
    expect(await drainInbox(deps(broken.connector), now)).toMatchObject({ retried: 1 });
    expect(await statusOf("x")).toMatchObject({ status: "pending", attempts: 1, lastError: "vendor API down" });
    expect((await statusOf("x")).nextAttemptAt.getTime() - now.getTime()).toBe(30_000);
    expect(await drainInbox(deps(broken.connector), new Date(now.getTime() + 29_000))).toMatchObject({ retried: 0 }); // not due yet
    for (let i = 2; i <= MAX_ATTEMPTS; i++) {
      now = (await statusOf("x")).nextAttemptAt;
      await drainInbox(deps(broken.connector), now);
    }
    expect(await statusOf("x")).toMatchObject({ status: "failed", attempts: MAX_ATTEMPTS });
    expect(await drainInbox(deps(broken.connector), new Date(now.getTime() + 24 * 60 * MINUTE))).toMatchObject({ retried: 0, failed: 0 }); // failed is not retried on its own
    const fixed = standIn();
    expect(await retryFailed(h.db, h.clock.now, "zendesk")).toBe(1);
    expect(await statusOf("x")).toMatchObject({ status: "pending", attempts: 0 });
    expect(await drainInbox(deps(fixed.connector), h.clock.now)).toMatchObject({ applied: 1 });
  });

  it("an event a crashed worker left claimed is taken again once its lock expires", async () => {
    await storeEvents(h.db, "zendesk", [event("c")], h.clock.now);
    const row = await statusOf("c");
    expect(await claimEvents(h.db, [row.id], "crashed", h.clock.now)).toEqual(new Set([row.id]));
    const worker = standIn();
    expect(await drainInbox(deps(worker.connector), new Date(h.clock.now.getTime() + MINUTE))).toMatchObject({ applied: 0 });
    expect(await drainInbox(deps(worker.connector), new Date(h.clock.now.getTime() + 3 * MINUTE))).toMatchObject({ applied: 1 });
    expect(worker.applied).toEqual(["c"]);
  });

  it("an unmatched event waits, undisturbed by drains, until an account is linked to its source id", async () => {
    await storeEvents(h.db, "zendesk", [event("u")], h.clock.now);
    let linked = false;
    const worker = standIn(() => (linked ? { status: "applied", outcome: "ok", accountIds: [] } : { status: "unmatched", outcome: "no account" }));
    expect(await drainInbox(deps(worker.connector), h.clock.now)).toMatchObject({ unmatched: 1 });
    expect(await drainInbox(deps(worker.connector), new Date(h.clock.now.getTime() + 60 * MINUTE))).toMatchObject({ unmatched: 0, applied: 0 });
    linked = true;
    const acme = await addAccount(h.db, h.clock.now, "Acme Corp");
    expect((await linkAccount(h.db, acme, "zendesk", "other-org", h.clock.now)).released).toBe(0);
    expect((await linkAccount(h.db, acme, "zendesk", "org-1", h.clock.now)).released).toBe(1); // linking (command, API or CSV) releases what waited
    expect(await drainInbox(deps(worker.connector), h.clock.now)).toMatchObject({ applied: 1 });
  });

  it("a connector that is no longer configured keeps its events pending; prepare reads once per pass, and its failure retries the pass", async () => {
    await storeEvents(h.db, "zendesk", [event("p1"), event("p2")], h.clock.now);
    const worker = standIn();
    const unconfigured: Connector = { ...worker.connector, settings: () => null };
    expect(await drainInbox(deps(unconfigured), h.clock.now)).toEqual({ applied: 0, unmatched: 0, deferred: 0, retried: 0, failed: 0 });
    expect(await statusOf("p1")).toMatchObject({ status: "pending", attempts: 0 });

    const batches: string[][] = [];
    let outage = true;
    const batching: Connector = {
      ...worker.connector,
      async prepare(events) {
        batches.push(events.map((e) => (e.payload as { n: string }).n));
        if (outage) throw new Error("vendor unavailable");
        return "read";
      },
      async apply(e, _ctx, prepared) {
        expect(prepared).toBe("read");
        return worker.connector.apply(e, _ctx, prepared);
      },
    };
    expect(await drainInbox(deps(batching), h.clock.now)).toMatchObject({ applied: 0, retried: 2 });
    expect(await statusOf("p2")).toMatchObject({ status: "pending", attempts: 1, lastError: "vendor unavailable" });
    outage = false;
    expect(await drainInbox(deps(batching), new Date(h.clock.now.getTime() + MINUTE))).toMatchObject({ applied: 2 });
    expect(batches).toEqual([["p1", "p2"], ["p1", "p2"]]);
    expect(worker.applied).toEqual(["p1", "p2"]);
  });

  it("applyMany takes the events it can apply together; the rest go one by one, and all of them when it throws", async () => {
    const later = new Date(h.clock.now.getTime() + 60 * MINUTE);
    await storeEvents(h.db, "zendesk", ["m1", "m2", "m3", "m4"].map((n) => event(n)), h.clock.now);
    const worker = standIn();
    const together: string[][] = [];
    let broken = false;
    const batching: Connector = {
      ...worker.connector,
      async applyMany(events) {
        together.push(events.map((e) => (e.payload as { n: string }).n));
        if (broken) throw new Error("bulk write refused");
        const outcomes = new Map<string, ApplyOutcome>();
        for (const e of events) {
          const n = (e.payload as { n: string }).n;
          if (n === "m1") outcomes.set(e.id, { status: "applied", outcome: "applied together", accountIds: [] });
          if (n === "m2") outcomes.set(e.id, { status: "unmatched", outcome: "no account yet", accountSourceId: "org-9" });
          if (n === "m3") outcomes.set(e.id, { status: "deferred", outcome: "not yet", until: later });
        }
        return outcomes;
      },
    };
    expect(await drainInbox(deps(batching), h.clock.now)).toMatchObject({ applied: 2, unmatched: 1, deferred: 1 });
    expect(together).toEqual([["m1", "m2", "m3", "m4"]]);
    expect(worker.applied).toEqual(["m4"]);
    expect(await statusOf("m1")).toMatchObject({ status: "applied", outcome: "applied together", lockedUntil: null, appliedAt: h.clock.now });
    expect(await statusOf("m2")).toMatchObject({ status: "unmatched", outcome: "no account yet", accountSourceId: "org-9", lockedUntil: null });
    expect(await statusOf("m3")).toMatchObject({ status: "pending", outcome: "not yet", nextAttemptAt: later, attempts: 0, lockedUntil: null });
    expect(await statusOf("m4")).toMatchObject({ status: "applied", outcome: "done" });

    broken = true;
    expect(await drainInbox(deps(batching), later)).toMatchObject({ applied: 1, retried: 0 });
    expect(together.at(-1)).toEqual(["m3"]);
    expect(worker.applied).toEqual(["m4", "m3"]);
    expect(await statusOf("m3")).toMatchObject({ status: "applied", outcome: "done", attempts: 1 });
  });
});
