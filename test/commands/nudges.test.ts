import { beforeEach, describe, expect, it } from "vitest";
import { admin } from "../fixtures/actors.js";
import { expectOk, expectRejected, seedPortfolio } from "../fixtures/commands.js";
import { createHarness } from "../fixtures/harness.js";
import { textOf } from "../fixtures/messages.js";
import { perTest } from "../fixtures/perTest.js";
import { addAccount, bindChannel } from "../fixtures/seed.js";
import { snapshotDb } from "../fixtures/snapshot.js";

describe("nudges, ack and snooze", () => {
  const h = perTest(() => createHarness("sqlite"));
  const p = perTest(() => seedPortfolio(h));
  /** Acme Corp's stale-contact nudge (35 days, warning), raised by a scan. */
  let acmeNudge: number;
  beforeEach(async () => {
    // Acme Labs is Randy's; 50 days without contact is overdue (critical) for retention.
    await h.db.account.update({ where: { id: p.accounts.acmeLabs }, data: { lastCustomerTouchAt: new Date("2026-10-06T15:00:00Z") } });
    await h.kw.scan();
    acmeNudge = (await h.db.nudge.findFirstOrThrow({ where: { accountId: p.accounts.acme, rule: "staleContact" } })).id;
  });

  const nudge = (id: number) => h.db.nudge.findUniqueOrThrow({ where: { id } });
  const openIds = async (where: object = {}) => (await h.db.nudge.findMany({ where: { status: "open", ...where }, select: { id: true } })).map((n) => n.id).sort();

  describe("nudges", () => {
    it("all lists every open nudge, most severe first, and writes nothing", async () => {
      const before = await snapshotDb(h.db);
      const out = await expectOk(h, "nudges all", p.actors.viewer);
      const all = await openIds();
      expect(all.length).toBeGreaterThanOrEqual(2);
      expect(out.reply.summary).toBe(`All open nudges: ${all.length}`);
      expect(out.reply.blocks[0]).toEqual({ type: "header", text: `All open nudges: ${all.length}` });
      expect([...(out.reply.nudgeIds ?? [])].sort()).toEqual(all);
      const text = textOf(out.reply);
      expect(text.indexOf("🔴 Stale contact: Acme Labs")).toBeGreaterThan(-1);
      expect(text.indexOf("🔴 Stale contact: Acme Labs")).toBeLessThan(text.indexOf("🟠 Stale contact: Acme Corp"));
      expect(text).toContain(`nudge #${acmeNudge}`);
      expect(text).toContain("0 snoozed, 0 acknowledged.");
      expect(await snapshotDb(h.db)).toEqual(before);
    });

    it("mine lists only the nudges on accounts the actor owns, and is the default for a known person", async () => {
      const mine = await openIds({ account: { ownerId: p.people.owner.id } });
      expect(mine).toEqual([acmeNudge]);
      for (const text of ["nudges mine", "nudges", "NUDGES MINE"]) {
        const out = await expectOk(h, text, p.actors.owner);
        expect(out.reply.summary).toBe("Your open nudges: 1");
        expect(out.reply.nudgeIds).toEqual(mine);
        expect(textOf(out.reply)).not.toContain("Acme Labs");
      }
    });

    it("an actor with no person record gets everyone's by default", async () => {
      const out = await expectOk(h, "nudges", admin);
      expect(out.reply.summary).toBe(`All open nudges: ${(await openIds()).length}`);
    });

    it("nobody's nudges: nothing needs attention", async () => {
      const out = await expectOk(h, "nudges mine", p.actors.viewer);
      expect(out.reply.summary).toBe("Your open nudges: 0");
      expect(textOf(out.reply)).toContain("Nothing needs attention. 🎉");
      expect(out.reply.nudgeIds).toEqual([]);
    });

    it("counts snoozed and acknowledged ones apart, and lists at most ten", async () => {
      await expectOk(h, `snooze ${acmeNudge} 1d`, p.actors.owner);
      const labs = (await h.db.nudge.findFirstOrThrow({ where: { accountId: p.accounts.acmeLabs } })).id;
      await expectOk(h, `ack ${labs}`, p.actors.otherRep);
      for (let i = 0; i < 12; i++) await addAccount(h.db, h.clock.now, `Stale ${i}`, { touchDaysAgo: 40 });
      await h.kw.scan();
      const open = await openIds();
      expect(open.length).toBeGreaterThan(10);
      const out = await expectOk(h, "nudges all", p.actors.viewer);
      expect(out.reply.nudgeIds).toHaveLength(10);
      expect(out.reply.nudgeIds).not.toContain(acmeNudge);
      expect(textOf(out.reply)).toContain(`…and ${open.length - 10} more. 1 snoozed, 1 acknowledged.`);
    });

    it("bad scopes and a mine nobody can answer write nothing", async () => {
      await expectRejected(h, "nudges everything", p.actors.owner, { code: "usage", says: ['"everything" is not mine or all.', "Usage: `nudges [mine | all]`"] });
      await expectRejected(h, "nudges mine all", p.actors.owner, { code: "usage", says: ["nudges takes at most one word: mine or all."] });
      await expectRejected(h, "nudges mine", admin, { code: "invalid_argument", says: ["I don't know which accounts are yours yet.", "Try `nudges all`."] });
    });
  });

  describe("ack", () => {
    it("acknowledges: stores who and when, records an event, says so", async () => {
      const before = await nudge(acmeNudge);
      const out = await expectOk(h, `ack ${acmeNudge}`, p.actors.owner);
      expect(out.reply.summary).toBe(`Acknowledged nudge #${acmeNudge}.`);
      const after = await nudge(acmeNudge);
      expect(after).toMatchObject({ status: "acknowledged", actedById: p.people.owner.id, actedByName: "Olga Owner", actionNote: null, version: before.version + 1 });
      expect(after.actedAt?.toISOString()).toBe(h.clock.now.toISOString());
      expect(await h.db.nudgeEvent.findMany({ where: { nudgeId: acmeNudge, type: "acknowledged" } })).toMatchObject([{ byId: p.people.owner.id, byName: "Olga Owner", detail: null }]);
    });

    it("#N with a note, and the acknowledge alias", async () => {
      await expectOk(h, `acknowledge #${acmeNudge} calling them tomorrow`, p.actors.owner);
      expect(await nudge(acmeNudge)).toMatchObject({ status: "acknowledged", actionNote: "calling them tomorrow" });
      expect(await h.db.nudgeEvent.findFirst({ where: { nudgeId: acmeNudge, type: "acknowledged" } })).toMatchObject({ detail: "calling them tomorrow" });
    });

    it("acking twice is idempotent: the second says who took it and writes nothing", async () => {
      await expectOk(h, `ack ${acmeNudge}`, p.actors.owner);
      const before = await snapshotDb(h.db);
      const out = await expectOk(h, `ack ${acmeNudge} me too`, p.actors.otherRep);
      expect(out.reply.summary).toBe(`Nudge #${acmeNudge} was already acknowledged by Olga Owner.`);
      expect(await snapshotDb(h.db)).toEqual(before);
    });

    it("queues an update for every message that shows the nudge", async () => {
      const binding = await bindChannel(h.db, "C-team");
      const n = await nudge(acmeNudge);
      await h.db.nudgeMessage.create({ data: { nudgeId: n.id, platform: "console", channelId: "C-team", messageRef: "m1", version: n.version, shownNudgeIds: [n.id] } });
      await expectOk(h, `ack ${acmeNudge}`, p.actors.owner);
      expect(await h.db.delivery.findMany({ where: { kind: "nudge.update" } })).toMatchObject([{ bindingId: binding.id, nudgeIds: [n.id], status: "pending" }]);
    });

    it("bad inputs write nothing", async () => {
      await expectRejected(h, "ack", p.actors.owner, { code: "usage", says: ["Which nudge? Give its number, e.g. #42.", "Usage: `ack <nudge> [note]`", "`nudges` lists them with their numbers."] });
      await expectRejected(h, "ack Acme", p.actors.owner, { code: "usage", says: ['"Acme" is not a nudge number; nudges are numbered like #42.'] });
      await expectRejected(h, "ack #99999", p.actors.owner, { code: "unknown_nudge", says: ["There is no nudge #99999."] });
      await expectRejected(h, "ack 1234567890", p.actors.owner, { code: "usage", says: ['"1234567890" is not a nudge number'] });
      await expectRejected(h, `ack ${acmeNudge}`, p.actors.viewer, { code: "forbidden", says: ["`ack` needs the rep role; you are viewer."] });
    });

    it("a resolved nudge cannot be acknowledged", async () => {
      await expectOk(h, 'touch "Acme Corp" call', p.actors.owner);
      expect((await nudge(acmeNudge)).status).toBe("resolved");
      await expectRejected(h, `ack ${acmeNudge}`, p.actors.owner, { code: "conflict", says: [`Nudge #${acmeNudge} is already resolved; nothing to do.`] });
      await expectRejected(h, `snooze ${acmeNudge} 1d`, p.actors.owner, { code: "conflict", says: ["already resolved"] });
    });
  });

  describe("snooze", () => {
    // The clock is Wednesday 25 Nov 2026, 15:00 UTC.
    it.each([
      ["2h", "2026-11-25T17:00:00.000Z", "Wed 25 Nov 2026, 17:00"],
      ["90m", "2026-11-25T16:30:00.000Z", "Wed 25 Nov 2026, 16:30"],
      ["1d", "2026-11-26T15:00:00.000Z", "Thu 26 Nov 2026, 15:00"],
      ["3days", "2026-11-28T15:00:00.000Z", "Sat 28 Nov 2026, 15:00"],
      ["1w", "2026-12-02T15:00:00.000Z", "Wed 2 Dec 2026, 15:00"],
      ["tomorrow", "2026-11-26T09:00:00.000Z", "Thu 26 Nov 2026, 09:00"],
      ["monday", "2026-11-30T09:00:00.000Z", "Mon 30 Nov 2026, 09:00"],
      ["wednesday", "2026-12-02T09:00:00.000Z", "Wed 2 Dec 2026, 09:00"],
      ["2026-12-01", "2026-12-01T09:00:00.000Z", "Tue 1 Dec 2026, 09:00"],
      ['"next week"', "2026-11-30T09:00:00.000Z", "Mon 30 Nov 2026, 09:00"],
      ["next week", "2026-11-30T09:00:00.000Z", "Mon 30 Nov 2026, 09:00"],
      ["1 week", "2026-12-02T15:00:00.000Z", "Wed 2 Dec 2026, 15:00"],
    ])("snooze N %s", async (words, until, shown) => {
      const out = await expectOk(h, `snooze ${acmeNudge} ${words}`, p.actors.owner);
      expect(out.reply.summary).toBe(`Snoozed nudge #${acmeNudge} until ${shown}.`);
      const n = await nudge(acmeNudge);
      expect(n.status).toBe("snoozed");
      expect(n.snoozedUntil?.toISOString()).toBe(until);
      expect(n).toMatchObject({ actedById: p.people.owner.id, actionNote: null });
      expect(await h.db.nudgeEvent.findMany({ where: { nudgeId: acmeNudge, type: "snoozed" } })).toMatchObject([{ detail: `until ${until}` }]);
    });

    it("a date with a reason, in the actor's time zone", async () => {
      const out = await expectOk(h, `snooze #${acmeNudge} 2026-12-01 waiting for their budget cycle`, p.actors.owner, "America/New_York");
      expect(out.reply.summary).toBe(`Snoozed nudge #${acmeNudge} until Tue 1 Dec 2026, 09:00.`);
      const n = await nudge(acmeNudge);
      expect(n.snoozedUntil?.toISOString()).toBe("2026-12-01T14:00:00.000Z");
      expect(n.actionNote).toBe("waiting for their budget cycle");
    });

    it("a duration followed by a reason keeps the whole reason", async () => {
      await expectOk(h, `snooze ${acmeNudge} 2 days they are at an offsite`, p.actors.owner);
      const n = await nudge(acmeNudge);
      expect(n.snoozedUntil?.toISOString()).toBe("2026-11-27T15:00:00.000Z");
      expect(n.actionNote).toBe("they are at an offsite");
    });

    it("the same snooze twice is idempotent; a different one moves it", async () => {
      await expectOk(h, `snooze ${acmeNudge} 2026-12-01`, p.actors.owner);
      const before = await snapshotDb(h.db);
      const again = await expectOk(h, `snooze ${acmeNudge} 2026-12-01`, p.actors.owner);
      expect(again.reply.summary).toBe(`Nudge #${acmeNudge} is already snoozed until Tue 1 Dec 2026, 09:00.`);
      expect(await snapshotDb(h.db)).toEqual(before);

      await expectOk(h, `snooze ${acmeNudge} 2026-12-03`, p.actors.owner);
      expect((await nudge(acmeNudge)).snoozedUntil?.toISOString()).toBe("2026-12-03T09:00:00.000Z");
      expect(await h.db.nudgeEvent.count({ where: { nudgeId: acmeNudge, type: "snoozed" } })).toBe(2);
    });

    it("bad inputs write nothing", async () => {
      const usage = "Usage: `snooze <nudge> <2h | 1d | 2 days | 1w | tomorrow | monday | next week | YYYY-MM-DD> [reason]`";
      await expectRejected(h, `snooze ${acmeNudge}`, p.actors.owner, { code: "usage", says: ["Until when? The snooze duration or date is missing.", usage] });
      await expectRejected(h, "snooze", p.actors.owner, { code: "usage", says: ["Which nudge?", usage] });
      await expectRejected(h, `snooze ${acmeNudge} later`, p.actors.owner, { code: "invalid_argument", says: ['"later" is not a snooze I understand.', "Snooze for 2h, 1d, 1w"] });
      await expectRejected(h, `snooze ${acmeNudge} 2026-13-40`, p.actors.owner, { code: "invalid_argument", says: ['"2026-13-40" is not a snooze I understand.'] });
      await expectRejected(h, `snooze ${acmeNudge} 2026-11-01`, p.actors.owner, { code: "invalid_argument", says: ["2026-11-01 is in the past; a snooze must end in the future."] });
      await expectRejected(h, `snooze ${acmeNudge} 0d`, p.actors.owner, { code: "invalid_argument", says: ["a snooze must end in the future"] });
      await expectRejected(h, `snooze ${acmeNudge} 400d`, p.actors.owner, { code: "invalid_argument", says: ["Snoozes are limited to 365 days."] });
      await expectRejected(h, "snooze #99999 1d", p.actors.owner, { code: "unknown_nudge", says: ["There is no nudge #99999."] });
      await expectRejected(h, `snooze ${acmeNudge} 1d`, p.actors.viewer, { code: "forbidden", says: ["`snooze` needs the rep role"] });
    });
  });
});
