// The account's touch columns the rules read (src/activity/touchAggregates.ts), on both databases and
// through both write paths (one touch in a Prisma transaction; a batch in plain SQL): recomputed from
// the touchpoints, so touches arriving out of order leave the same columns as in order; and the
// contacts they name exist afterwards.
import { describe, expect, it } from "vitest";
import { logTouchpoint } from "../../src/activity/touchpoints.js";
import { writeTouchpoints, type TouchpointToWrite } from "../../src/activity/writeTouchpoints.js";
import type { TouchpointDirection } from "../../src/domain/touchpoints.js";
import { DB_KINDS } from "../fixtures/db.js";
import { createHarness } from "../fixtures/harness.js";
import { perTest } from "../fixtures/perTest.js";
import { addAccount } from "../fixtures/seed.js";

const at = (day: number) => new Date(`2026-11-${String(day).padStart(2, "0")}T10:00:00.000Z`);

/** Oldest first: they answer on the 2nd, we write three times, a note, a call with someone else. */
const TOUCHES: { day: number; direction: TouchpointDirection; contact: string | null; kind?: "note" }[] = [
  { day: 2, direction: "inbound", contact: "Peter Gibbons" },
  { day: 5, direction: "outbound", contact: "Peter Gibbons" },
  { day: 9, direction: "outbound", contact: null },
  { day: 12, direction: "internal", contact: "Bill Lumbergh", kind: "note" },
  { day: 15, direction: "outbound", contact: "peter gibbons" },
];

const COLUMNS = { lastInboundAt: true, lastOutboundAt: true, unansweredOutbound: true, unansweredSince: true, mainContact: true, otherContactAt: true } as const;

describe.each(DB_KINDS)("touch aggregates on %s", (kind) => {
  const h = perTest(() => createHarness(kind));

  const items = (accountId: string) =>
    TOUCHES.map((t, i): TouchpointToWrite => ({
      accountId, kind: t.kind ?? "email", direction: t.direction, occurredAt: at(t.day), summary: null, contactName: t.contact, by: null, idempotencyKey: `${accountId}:${i}`,
    }));
  const expected = {
    lastInboundAt: at(2), lastOutboundAt: at(15), unansweredOutbound: 3, unansweredSince: at(5),
    // The same person however it is cased; the note names someone, but a note is not contact.
    mainContact: "peter gibbons", otherContactAt: null,
  };

  it("in order or not, one at a time or in a batch, the columns are the same", async () => {
    const inOrder = await addAccount(h.db, h.clock.now, "In order");
    const shuffled = await addAccount(h.db, h.clock.now, "Shuffled");
    const batched = await addAccount(h.db, h.clock.now, "Batched");
    for (const item of items(inOrder)) await logTouchpoint(h.db, { ...item, direction: item.direction ?? undefined, source: "test", by: { personId: null, name: null } }, h.clock.now);
    for (const item of [...items(shuffled)].reverse()) await logTouchpoint(h.db, { ...item, direction: item.direction ?? undefined, source: "test", by: { personId: null, name: null } }, h.clock.now);
    await writeTouchpoints(h.db, [...items(batched)].sort(() => 0.5 - Math.random()), "test");
    for (const id of [inOrder, shuffled, batched]) expect(await h.db.account.findUniqueOrThrow({ where: { id }, select: COLUMNS })).toEqual(expected);
  });

  it("their reply ends the unanswered run; a touch with someone else is breadth", async () => {
    const id = await addAccount(h.db, h.clock.now, "Initech");
    await writeTouchpoints(h.db, items(id), "test");
    await writeTouchpoints(h.db, [{ accountId: id, kind: "call", direction: "inbound", occurredAt: at(20), summary: null, contactName: "Samir Nagheenanajar", by: null, idempotencyKey: "reply" }], "test");
    expect(await h.db.account.findUniqueOrThrow({ where: { id }, select: COLUMNS })).toEqual({
      lastInboundAt: at(20), lastOutboundAt: at(15), unansweredOutbound: 0, unansweredSince: null, mainContact: "Samir Nagheenanajar", otherContactAt: at(15),
    });
    // A duplicate (same key) changes nothing.
    await writeTouchpoints(h.db, [{ accountId: id, kind: "call", direction: "inbound", occurredAt: at(21), summary: null, contactName: "Someone Else", by: null, idempotencyKey: "reply" }], "test");
    expect((await h.db.account.findUniqueOrThrow({ where: { id }, select: COLUMNS })).lastInboundAt).toEqual(at(20));
    // The people touched are contacts now, once each (Peter under his first spelling); the note's is not.
    const contacts = await h.db.contact.findMany({ where: { accountId: id }, select: { name: true, role: true, source: true }, orderBy: { name: "asc" } });
    expect(contacts).toEqual([
      { name: "Peter Gibbons", role: "other", source: "test" },
      { name: "Samir Nagheenanajar", role: "other", source: "test" },
    ]);
  });
});
