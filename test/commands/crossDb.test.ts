// A representative slice of the command language on both databases: the happy paths that write
// through transactions and conditional updates, and refusals that must leave every table as it was.
import { describe, expect, it } from "vitest";
import { expectOk, expectRejected, seedPortfolio } from "../fixtures/commands.js";
import { DB_KINDS } from "../fixtures/db.js";
import { createHarness } from "../fixtures/harness.js";
import { textOf } from "../fixtures/messages.js";
import { perTest } from "../fixtures/perTest.js";
import { snapshotDb } from "../fixtures/snapshot.js";

describe.each(DB_KINDS)("commands on %s", (kind) => {
  const h = perTest(() => createHarness(kind));
  const p = perTest(() => seedPortfolio(h));

  it("touch: a call with a quoted name is stored and clears the stale-contact nudge; a note would not", async () => {
    await h.kw.scan();
    const nudge = await h.db.nudge.findFirstOrThrow({ where: { accountId: p.accounts.acme, rule: "staleContact" } });
    const note = await expectOk(h, 'touch "Acme Corp" note "internal only"', p.actors.owner);
    expect(textOf(note.reply)).toContain("Internal notes don't count");
    expect((await h.db.nudge.findUniqueOrThrow({ where: { id: nudge.id } })).status).toBe("open");

    const out = await expectOk(h, 'touch "Acme Corp" call "QBR prep" --on yesterday', p.actors.owner);
    expect(out.reply.summary).toBe("Logged a call with Acme Corp on 24 Nov 2026: QBR prep");
    expect(textOf(out.reply)).toContain("That cleared 1 nudge.");
    const touches = await h.db.touchpoint.findMany({ where: { accountId: p.accounts.acme }, orderBy: { occurredAt: "asc" } });
    expect(touches.map((t) => [t.kind, t.summary, t.occurredAt.toISOString()])).toEqual([
      ["call", "QBR prep", "2026-11-24T12:00:00.000Z"],
      ["note", "internal only", h.clock.now.toISOString()],
    ]);
    expect((await h.db.nudge.findUniqueOrThrow({ where: { id: nudge.id } })).status).toBe("resolved");
  });

  it("stage: exit with a reason is recorded and announced; a win-back follows", async () => {
    const out = await expectOk(h, 'stage "Acme Corp" exit "chose a competitor"', p.actors.owner);
    expect(out.announce?.summary).toBe("Acme Corp moved to exit");
    h.clock.advanceHours(24);
    const back = await expectOk(h, "stage Acme Corp retention", p.actors.manager);
    expect(back.announce?.blocks[0]).toMatchObject({ text: expect.stringMatching(/^🎉 \*\*Acme Corp\*\* won back from exit to \*\*retention\*\*/) });
    const moves = await h.db.stageChange.findMany({ where: { accountId: p.accounts.acme, kind: { not: "initial" } }, orderBy: { at: "asc" } });
    expect(moves.map((m) => [m.fromStage, m.toStage, m.kind, m.reason])).toEqual([
      ["retention", "exit", "exit", "chose a competitor"],
      ["exit", "retention", "win_back", null],
    ]);
  });

  it("complaint, answer by account, resolve by number", async () => {
    await expectOk(h, "complaint Globex critical the site is down", p.actors.owner);
    const c = await h.db.complaint.findFirstOrThrow({ where: { accountId: p.accounts.globex } });
    expect(c.severity).toBe("critical");
    await expectOk(h, "answer Globex on a call with them", p.actors.owner);
    await expectOk(h, `resolve #${c.id} fixed`, p.actors.owner);
    const after = await h.db.complaint.findUniqueOrThrow({ where: { id: c.id } });
    expect(after).toMatchObject({ firstResponseNote: "on a call with them", resolution: "fixed" });
    expect(after.resolvedAt?.toISOString()).toBe(h.clock.now.toISOString());
  });

  it("ack twice and snooze: one state change each, repeats write nothing", async () => {
    await h.kw.scan();
    const nudge = await h.db.nudge.findFirstOrThrow({ where: { accountId: p.accounts.acme, rule: "staleContact" } });
    await expectOk(h, `snooze ${nudge.id} next week`, p.actors.owner);
    expect((await h.db.nudge.findUniqueOrThrow({ where: { id: nudge.id } })).snoozedUntil?.toISOString()).toBe("2026-11-30T09:00:00.000Z");
    await expectOk(h, `ack ${nudge.id}`, p.actors.owner);
    const { counts } = await snapshotDb(h.db);
    const again = await expectOk(h, `ack ${nudge.id}`, p.actors.owner);
    expect(again.reply.summary).toBe(`Nudge #${nudge.id} was already acknowledged by Olga Owner.`);
    expect((await snapshotDb(h.db)).counts).toEqual(counts);
    expect(await h.db.nudgeEvent.findMany({ where: { nudgeId: nudge.id, type: { in: ["snoozed", "acknowledged"] } }, orderBy: { type: "desc" } })).toMatchObject([{ type: "snoozed" }, { type: "acknowledged" }]);
  });

  it("two people acknowledging at once make one state change", async () => {
    await h.kw.scan();
    const nudge = await h.db.nudge.findFirstOrThrow({ where: { accountId: p.accounts.acme, rule: "staleContact" } });
    const outs = await Promise.all([h.kw.command(`ack ${nudge.id}`, p.actors.owner, "cli"), h.kw.command(`ack ${nudge.id}`, p.actors.manager, "cli")]);
    expect(outs.every((o) => o.ok)).toBe(true);
    const summaries = outs.map((o) => o.reply.summary);
    expect(summaries.filter((s) => s === `Acknowledged nudge #${nudge.id}.`)).toHaveLength(1);
    expect(summaries.filter((s) => s.startsWith(`Nudge #${nudge.id} was already acknowledged by`))).toHaveLength(1);
    expect(await h.db.nudgeEvent.count({ where: { nudgeId: nudge.id, type: "acknowledged" } })).toBe(1);
    expect((await h.db.nudge.findUniqueOrThrow({ where: { id: nudge.id } })).version).toBe(nudge.version + 1);
  });

  it("two stage moves at once: one is recorded, the other is refused and writes nothing", async () => {
    const outs = await Promise.all([h.kw.command("stage Globex retention", p.actors.owner, "cli"), h.kw.command("stage Globex advocacy", p.actors.manager, "cli")]);
    const moves = await h.db.stageChange.findMany({ where: { accountId: p.accounts.globex, kind: { not: "initial" } } });
    const stage = (await h.db.account.findUniqueOrThrow({ where: { id: p.accounts.globex } })).stage;
    if (outs.every((o) => o.ok)) {
      // Serialized by the database: the second read the first's result and moved on from it.
      expect(moves).toHaveLength(2);
    } else {
      expect(outs.filter((o) => o.ok)).toHaveLength(1);
      expect(outs.find((o) => !o.ok)).toMatchObject({ error: "conflict" });
      expect(moves).toHaveLength(1);
      expect(moves[0].toStage).toBe(stage);
    }
    expect(moves.map((m) => m.fromStage)).toContain("onboarding");
    expect(new Set(moves.map((m) => m.fromStage)).size).toBe(moves.length);
  });

  it("bad inputs write nothing", async () => {
    await h.kw.scan();
    await expectRejected(h, 'touch "Acme Corp" call --on 2026-13-40', p.actors.owner, { code: "invalid_argument", says: ['"2026-13-40" is not a date I understand.'] });
    await expectRejected(h, 'touch "Acme Corp" call --on 2026-12-01', p.actors.owner, { code: "invalid_argument", says: ["cannot be in the future"] });
    await expectRejected(h, 'stage "Acme Corp" exit', p.actors.owner, { code: "usage", says: ["Moving an account to exit needs a reason."] });
    await expectRejected(h, 'stage "Acme Corp" advocacy', p.actors.otherRep, { code: "forbidden", says: ["owner or a manager"] });
    await expectRejected(h, "touch Acme call", p.actors.owner, { code: "ambiguous_account", says: ["• Acme Corp", "• Acme Labs"] });
    await expectRejected(h, "touch Globx call", p.actors.owner, { code: "unknown_account", says: ['Did you mean "Globex"?'] });
  });

  it("numbers beyond the id column's range are unknown, not a database error", async () => {
    await expectRejected(h, "answer #99999999999 hello", p.actors.owner, { code: "unknown_complaint", says: ["There is no complaint #99999999999."] });
    await expectRejected(h, "resolve 3000000000", p.actors.owner, { code: "unknown_complaint", says: ["There is no complaint #3000000000."] });
  });
});
