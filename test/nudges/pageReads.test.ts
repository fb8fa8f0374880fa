// The full scan reads its pages through the driver (src/store/rows.ts), positionally; rescans of chosen
// accounts read through Prisma's query builder. Both must produce the same snapshots and active
// nudges, field for field and type for type, or the rules would see different data depending on path.
import { describe, expect, it } from "vitest";
import { loadActiveNudges, loadActiveNudgesOfRange } from "../../src/nudges/activeNudges.js";
import { loadSnapshotPage } from "../../src/nudges/snapshots.js";
import { createTestDb, DB_KINDS } from "../fixtures/db.js";
import { perTest } from "../fixtures/perTest.js";

describe.each(DB_KINDS)("the scan's page reads on %s", (kind) => {
  const t = perTest(() => createTestDb(kind));

  async function seed() {
    const db = t.db;
    const owner = await db.person.create({ data: { name: "Rita Rep", email: "rita@example.com", role: "rep" } });
    // Every column the rules read holds a value in one account and null in another; times carry milliseconds.
    const full = await db.account.create({
      data: {
        name: "Acme Corp", nameKey: "acme corp", ownerId: owner.id, segment: "EMEA", stage: "retention",
        stageSince: new Date("2026-03-01T10:15:30.123Z"), createdAt: new Date("2025-01-02T03:04:05.678Z"),
        timeZone: "Europe/Berlin", renewalDate: "2027-01-31", cadenceDueDays: 10, cadenceOverdueDays: null,
        lastCustomerTouchAt: new Date("2026-11-20T23:59:59.999Z"), lastComplaintAt: new Date("2026-11-21T08:00:00.001Z"),
      },
    });
    const bare = await db.account.create({ data: { name: "Globex", nameKey: "globex", stage: "onboarding" } });
    await db.complaint.create({ data: { source: "test", accountId: full.id, openedAt: new Date("2026-11-21T08:00:00.001Z"), severity: "high", summary: "Invoice wrong" } });
    await db.complaint.create({
      data: { source: "test", accountId: full.id, openedAt: new Date("2026-11-19T08:00:00Z"), severity: "low", summary: "Slow UI", firstResponseAt: new Date("2026-11-19T09:30:00.250Z") },
    });
    await db.complaint.create({ data: { source: "test", accountId: bare.id, openedAt: new Date("2026-11-01T00:00:00Z"), severity: "medium", summary: "Closed", resolvedAt: new Date("2026-11-02T00:00:00Z") } });
    const since = new Date("2026-11-01T00:00:00Z");
    const base = { accountId: full.id, rule: "staleContact", subject: "contact", severity: "warning" as const, reason: "r", facts: {}, conditionSince: since, firstRaisedAt: since };
    await db.nudge.create({ data: { ...base, dedupeKey: "k1", raisedAt: new Date("2026-11-22T12:00:00.500Z") } });
    await db.nudge.create({
      data: { ...base, dedupeKey: "k2", status: "snoozed", version: 3, snoozedUntil: new Date("2026-12-01T09:00:00Z"), raisedAt: new Date("2026-11-20T00:00:00Z"), escalatedAt: new Date("2026-11-21T00:00:00Z") },
    });
    await db.nudge.create({ data: { ...base, dedupeKey: "k3", status: "resolved", raisedAt: since } });
    return [full.id, bare.id].sort();
  }

  it("reads the same snapshots through the driver as through the query builder", async () => {
    const ids = await seed();
    const viaDriver = await loadSnapshotPage(t.db, { afterId: null, size: 10 });
    const viaBuilder = await loadSnapshotPage(t.db, { afterId: null, size: 10, onlyIds: ids });
    expect(viaDriver.map((a) => a.id)).toEqual(ids);
    expect(viaDriver).toEqual(viaBuilder);
    const acme = viaDriver.find((a) => a.name === "Acme Corp")!;
    expect(acme.stageSince).toBeInstanceOf(Date);
    expect(acme.lastCustomerTouchAt?.toISOString()).toBe("2026-11-20T23:59:59.999Z");
    expect(acme.cadenceOverride).toEqual({ dueDays: 10, overdueDays: null });
    expect(acme.openComplaints.map((c) => [c.severity, c.firstResponseAt?.toISOString() ?? null])).toEqual([
      ["low", "2026-11-19T09:30:00.250Z"],
      ["high", null],
    ]);
    expect(typeof acme.openComplaints[0].id).toBe("number");
    const globex = viaDriver.find((a) => a.name === "Globex")!;
    expect(globex).toMatchObject({ ownerId: null, segment: null, renewalDate: null, lastCustomerTouchAt: null, cadenceOverride: null, openComplaints: [] });
  });

  it("pages by id without skipping or repeating an account", async () => {
    const ids = await seed();
    const first = await loadSnapshotPage(t.db, { afterId: null, size: 1 });
    const second = await loadSnapshotPage(t.db, { afterId: first[0].id, size: 1 });
    const third = await loadSnapshotPage(t.db, { afterId: second[0].id, size: 1 });
    expect([...first, ...second].map((a) => a.id)).toEqual(ids);
    expect(third).toEqual([]);
  });

  it("reads the same active nudges through the driver as through the query builder", async () => {
    const ids = await seed();
    const page = await loadSnapshotPage(t.db, { afterId: null, size: 10 });
    const byKey = <T extends { dedupeKey: string }>(rows: T[]) => [...rows].sort((a, b) => a.dedupeKey.localeCompare(b.dedupeKey));
    const viaDriver = byKey(await loadActiveNudgesOfRange(t.db, ids[0], ids[ids.length - 1]));
    expect(viaDriver.map((n) => n.dedupeKey)).toEqual(["k1", "k2"]);
    expect(viaDriver).toEqual(byKey(await loadActiveNudges(t.db, ids)));
    expect(viaDriver[1]).toMatchObject({ status: "snoozed", version: 3 });
    expect(viaDriver[1].snoozedUntil?.toISOString()).toBe("2026-12-01T09:00:00.000Z");
    expect(viaDriver[0].raisedAt.toISOString()).toBe("2026-11-22T12:00:00.500Z");
    expect(page.map((a) => a.id)).toEqual(ids);
    const globex = page.find((a) => a.name === "Globex")!.id;
    expect(await loadActiveNudgesOfRange(t.db, globex, globex)).toEqual([]);
  });
});
