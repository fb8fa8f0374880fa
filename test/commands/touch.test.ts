import { beforeEach, describe, expect, it } from "vitest";
import { admin } from "../fixtures/actors.js";
import { daysBefore, expectOk, expectRejected, seedPortfolio } from "../fixtures/commands.js";
import { createHarness } from "../fixtures/harness.js";
import { textOf } from "../fixtures/messages.js";
import { perTest } from "../fixtures/perTest.js";
import { addAccount } from "../fixtures/seed.js";
import { snapshotDb } from "../fixtures/snapshot.js";

describe("touch", () => {
  const h = perTest(() => createHarness("sqlite"));
  const p = perTest(() => seedPortfolio(h));

  const touchesOf = (accountId: string) => h.db.touchpoint.findMany({ where: { accountId }, orderBy: { createdAt: "asc" } });
  const lastTouchOf = async (accountId: string) => (await h.db.account.findUniqueOrThrow({ where: { id: accountId } })).lastCustomerTouchAt;

  describe("happy paths", () => {
    it("logs a call on a quoted name with a quoted note, and moves the last-customer-touch clock", async () => {
      const out = await expectOk(h, 'touch "Acme Corp" call "QBR prep"', p.actors.owner);
      expect(out.reply.summary).toBe("Logged a call with Acme Corp: QBR prep");
      expect(out.reply.blocks[0]).toEqual({ type: "text", text: "Logged a **call** with **Acme Corp**: QBR prep" });
      expect(out.reply.visibility).toBe("ephemeral");
      expect(out.announce).toBeUndefined();

      const [t] = await touchesOf(p.accounts.acme);
      expect(t).toMatchObject({ kind: "call", summary: "QBR prep", source: "cli", byPersonId: p.people.owner.id, byName: "Olga Owner", contactName: null });
      expect(t.occurredAt.toISOString()).toBe(h.clock.now.toISOString());
      expect((await lastTouchOf(p.accounts.acme))?.toISOString()).toBe(h.clock.now.toISOString());
      expect(await h.db.touchpoint.count()).toBe(1);
    });

    it("takes an unquoted multi-word name when it is exactly an account's name, and joins the note's words", async () => {
      const out = await expectOk(h, "touch Acme Corp email renewal terms sent", p.actors.owner);
      expect(out.reply.summary).toBe("Logged an email with Acme Corp: renewal terms sent");
      const [t] = await touchesOf(p.accounts.acme);
      expect(t).toMatchObject({ kind: "email", summary: "renewal terms sent" });
    });

    it("logs a touch without a note, and accepts the log alias and an upper-case kind", async () => {
      const out = await expectOk(h, "log Globex MEETING", p.actors.owner);
      expect(out.reply.summary).toBe("Logged a meeting with Globex.");
      const [t] = await touchesOf(p.accounts.globex);
      expect(t).toMatchObject({ kind: "meeting", summary: null });
    });

    it.each([
      ["a unique prefix", "touch glob call", "globex"],
      ["a whole later word", "touch health call", "umbrella"],
      ["different case and punctuation", "touch ACME-CORP call", "acme"],
      ["an exact name that is also a prefix of another", 'touch "Acme Corp" call', "acme"],
      ["an unquoted exact name that is also a prefix of another", "touch acme corp call", "acme"],
    ] as const)("finds the account by %s", async (_what, text, key) => {
      await addAccount(h.db, h.clock.now, "Acme Corporation");
      await expectOk(h, text, p.actors.owner);
      expect(await touchesOf(p.accounts[key])).toHaveLength(1);
      expect(await h.db.touchpoint.count()).toBe(1);
    });

    it("takes an unquoted name that contains a kind word", async () => {
      const id = await addAccount(h.db, h.clock.now, "Call Center Co");
      const out = await expectOk(h, "touch Call Center Co call about the meeting room", p.actors.owner);
      expect(out.reply.summary).toBe("Logged a call with Call Center Co: about the meeting room");
      expect(await touchesOf(id)).toMatchObject([{ kind: "call", summary: "about the meeting room" }]);
    });

    it("keeps a quoted word that looks like an option as part of the note", async () => {
      await expectOk(h, 'touch Globex call "--on the phone"', p.actors.owner);
      expect((await touchesOf(p.accounts.globex))[0]).toMatchObject({ summary: "--on the phone" });
      expect((await touchesOf(p.accounts.globex))[0].occurredAt.toISOString()).toBe(h.clock.now.toISOString());
    });

    it("finds an account by its external id", async () => {
      await h.db.account.update({ where: { id: p.accounts.globex }, data: { externalId: "CRM-0042" } });
      const out = await expectOk(h, "touch CRM-0042 call", p.actors.owner);
      expect(out.reply.summary).toBe("Logged a call with Globex.");
      expect(await touchesOf(p.accounts.globex)).toHaveLength(1);
    });

    it("matches names without their accents", async () => {
      const id = (await h.db.account.create({ data: { name: "Café Zürich", nameKey: "cafe zurich", stage: "retention" } })).id;
      await expectOk(h, "touch cafe zurich call", p.actors.owner);
      expect(await touchesOf(id)).toHaveLength(1);
    });

    it("records who the customer contact was with --with", async () => {
      await expectOk(h, 'touch Globex call kickoff --with "Peter Gibbons"', p.actors.owner);
      const [t] = await touchesOf(p.accounts.globex);
      expect(t).toMatchObject({ contactName: "Peter Gibbons", summary: "kickoff" });
    });

    it("backdates with --on DATE at local noon, says the day, and moves the clock forward only", async () => {
      const out = await expectOk(h, 'touch "Acme Corp" meeting kickoff --on 2026-11-20', p.actors.owner);
      expect(out.reply.summary).toBe("Logged a meeting with Acme Corp on 20 Nov 2026: kickoff");
      const [t] = await touchesOf(p.accounts.acme);
      expect(t.occurredAt.toISOString()).toBe("2026-11-20T12:00:00.000Z");
      expect((await lastTouchOf(p.accounts.acme))?.toISOString()).toBe("2026-11-20T12:00:00.000Z");

      // Globex was touched 2 days ago: an older backdated touch is stored but leaves its clock alone.
      const before = await lastTouchOf(p.accounts.globex);
      await expectOk(h, "touch Globex call --on 2026-11-01", p.actors.owner);
      expect((await touchesOf(p.accounts.globex))[0].occurredAt.toISOString()).toBe("2026-11-01T12:00:00.000Z");
      expect(await lastTouchOf(p.accounts.globex)).toEqual(before);
    });

    it("backdates with yesterday and N days ago, in the actor's time zone", async () => {
      const out = await expectOk(h, "touch Globex call --on yesterday", p.actors.owner);
      expect(out.reply.summary).toBe("Logged a call with Globex on 24 Nov 2026.");
      expect((await touchesOf(p.accounts.globex))[0].occurredAt.toISOString()).toBe("2026-11-24T12:00:00.000Z");

      // 15:00 UTC on 25 Nov is already 04:00 on 26 Nov in Auckland (UTC+13): yesterday there is the 25th.
      const nz = await expectOk(h, "touch Initech email --on yesterday", p.actors.owner, "Pacific/Auckland");
      expect(nz.reply.summary).toBe("Logged an email with Initech on 25 Nov 2026.");
      expect((await touchesOf(p.accounts.initech))[0].occurredAt.toISOString()).toBe("2026-11-24T23:00:00.000Z");

      await expectOk(h, 'touch Umbrella call --on "3 days ago"', p.actors.owner);
      expect((await touchesOf(p.accounts.umbrella))[0].occurredAt.toISOString()).toBe("2026-11-22T12:00:00.000Z");
    });

    it("treats --on with today's date as now", async () => {
      await expectOk(h, "touch Globex call --on 2026-11-25", p.actors.owner);
      expect((await touchesOf(p.accounts.globex))[0].occurredAt.toISOString()).toBe(h.clock.now.toISOString());
    });

    it("is ours (outbound) unless --direction in says the customer reached out; a note is internal", async () => {
      const ours = await expectOk(h, "touch Globex call renewal check-in", p.actors.owner);
      expect(ours.reply.summary).toBe("Logged a call with Globex: renewal check-in");
      const theirs = await expectOk(h, "touch Globex email asked about SSO --direction in", p.actors.owner);
      expect(theirs.reply.summary).toBe("Logged an email with Globex (the customer reached out): asked about SSO");
      await expectOk(h, "touch Globex message --direction OUTBOUND", p.actors.owner);
      await expectOk(h, "touch Globex note champion leaving", p.actors.owner);
      expect((await touchesOf(p.accounts.globex)).map((t) => [t.kind, t.direction])).toEqual([["call", "outbound"], ["email", "inbound"], ["message", "outbound"], ["note", "internal"]]);
    });

    it("names every problem at once", async () => {
      await expectRejected(h, "touch Globex phone --direction sideways", p.actors.owner, {
        code: "usage",
        says: ['kind: "phone" is not a kind; use call, email, meeting, message, note, qbr or other; direction: "sideways" is not a direction'],
      });
    });

    it("refuses a direction that is not one, or that contradicts the kind, and writes nothing", async () => {
      await expectRejected(h, "touch Globex call --direction sideways", p.actors.owner, { code: "usage", says: ['direction: "sideways" is not a direction; use in (the customer reached out) or out (we did)', "touch <account> <kind>"] });
      await expectRejected(h, "touch Globex note --direction in", p.actors.owner, { code: "usage", says: ["direction: a note is internal (it is not contact with the customer)"] });
      await expectRejected(h, "touch Globex call --direction internal", p.actors.owner, { code: "usage", says: ["a call is contact with the customer: inbound (they reached out) or outbound (we did)"] });
    });

    it("records the source it came from", async () => {
      await h.kw.command("touch Globex call", p.actors.owner, "slack");
      await h.kw.command("touch Globex call", p.actors.owner, "teams");
      expect((await touchesOf(p.accounts.globex)).map((t) => t.source).sort()).toEqual(["slack", "teams"]);
    });
  });

  describe("stale-contact nudges, via the rescan the command performs", () => {
    const staleNudge = () => h.db.nudge.findFirstOrThrow({ where: { accountId: p.accounts.acme, rule: "staleContact" } });

    beforeEach(async () => {
      await h.kw.scan();
      expect((await staleNudge()).status).toBe("open");
    });

    it("an internal note does not clear it (and says so), a call does", async () => {
      const note = await expectOk(h, 'touch "Acme Corp" note "they sounded unhappy"', p.actors.owner);
      expect(textOf(note.reply)).toContain("Internal notes don't count as contact with the customer");
      expect((await staleNudge()).status).toBe("open");
      expect(await lastTouchOf(p.accounts.acme)).toEqual(daysBefore(h.clock.now, 35));
      expect(await touchesOf(p.accounts.acme)).toMatchObject([{ kind: "note", summary: "they sounded unhappy" }]);

      const call = await expectOk(h, 'touch "Acme Corp" call "checked in"', p.actors.owner);
      expect(textOf(call.reply)).toContain("That cleared 1 nudge.");
      expect(textOf(call.reply)).not.toContain("Internal notes");
      const n = await staleNudge();
      expect(n.status).toBe("resolved");
      expect(n.resolvedAt?.toISOString()).toBe(h.clock.now.toISOString());
      expect(await h.db.nudgeEvent.count({ where: { nudgeId: n.id, type: "resolved" } })).toBe(1);
    });

    it("a call backdated to before the last touch changes nothing; one inside the cadence clears it", async () => {
      const old = await expectOk(h, 'touch "Acme Corp" call --on 2026-10-01', p.actors.owner);
      expect(textOf(old.reply)).not.toContain("cleared");
      expect((await staleNudge()).status).toBe("open");

      const recent = await expectOk(h, 'touch "Acme Corp" call --on 2026-11-20', p.actors.owner);
      expect(textOf(recent.reply)).toContain("That cleared 1 nudge.");
      expect((await staleNudge()).status).toBe("resolved");
    });
  });

  describe("bad inputs write nothing", () => {
    it("an unknown account suggests close names", async () => {
      await expectRejected(h, "touch Globx call", p.actors.owner, { code: "unknown_account", says: ['No account matches "Globx".', 'Did you mean "Globex"?'] });
      await expectRejected(h, 'touch "Initek" call', p.actors.owner, { code: "unknown_account", says: ['Did you mean "Initech"?'] });
    });

    it("an unknown account, a bad kind and a bad direction are named in one reply, with the suggestion", async () => {
      await expectRejected(h, 'touch "Globx" phone --direction sideways', p.actors.owner, {
        code: "unknown_account",
        says: ['No account matches "Globx"; kind: ', '"phone" is not a', 'direction: "sideways" is not a direction', 'Did you mean "Globex"?'],
      });
    });

    it("a typo of the first word of a longer name suggests that name", async () => {
      await expectRejected(h, "touch Umbrela call", p.actors.owner, { code: "unknown_account", says: ['No account matches "Umbrela".', 'Did you mean "Umbrella Health"?'] });
      await expectRejected(h, "touch Acmee call", p.actors.owner, { code: "unknown_account", says: ['No account matches "Acmee".', 'Did you mean "Acme Corp", "Acme Labs"?'] });
      await expectRejected(h, "touch Acme Crop call", p.actors.owner, { code: "unknown_account", says: ['Did you mean "Acme Corp"'] });
    });

    it("a short typo suggests only what is one edit away", async () => {
      await expectRejected(h, "touch Ume call", p.actors.owner, { code: "unknown_account", says: ['Did you mean "Umbrella Health"?'] });
    });

    it("an unknown account far from every name says to check the spelling", async () => {
      const out = await expectRejected(h, "touch Zyxwvut call", p.actors.owner, { code: "unknown_account", says: ["Check the spelling"] });
      expect(textOf(out.reply)).not.toContain("Did you mean");
    });

    it("an ambiguous account lists the candidates", async () => {
      const out = await expectRejected(h, "touch Acme call", p.actors.owner, { code: "ambiguous_account", says: ['"Acme" matches several accounts', "• Acme Corp", "• Acme Labs"] });
      expect(textOf(out.reply)).not.toContain("Globex");
    });

    it("many matches list five and ask for more of the name", async () => {
      for (const suffix of ["Alpha", "Beta", "Gamma", "Delta", "Epsilon"]) await addAccount(h.db, h.clock.now, `Acme ${suffix}`);
      const out = await expectRejected(h, "touch acme call", p.actors.owner, { code: "ambiguous_account", says: ["• Acme Alpha", "• …and more: type more of the name"] });
      expect(textOf(out.reply).match(/^• Acme /gm)).toHaveLength(5);
    });

    it("a bad touchpoint kind names it and the kinds there are", async () => {
      await expectRejected(h, 'touch "Acme Corp" phone "about the invoice"', p.actors.owner, {
        code: "usage",
        says: ['"phone" is not a kind; use call, email, meeting, message, note, qbr or other', "Usage: `touch <account> <kind> [note] [--on DATE] [--with CONTACT] [--direction in|out]`"],
      });
    });

    it("a bad kind after an unquoted multi-word name is named, not a word of the name", async () => {
      await expectRejected(h, "touch Acme Corp phone", p.actors.owner, { code: "usage", says: ['"phone" is not a kind'] });
    });

    it.each([
      ["a month and day that do not exist", "2026-13-40", '"2026-13-40" is not a date I understand.'],
      ["a day past the month's end", "2026-02-30", '"2026-02-30" is not a date I understand.'],
      ["a word that is not a date", "tomorrow-ish", '"tomorrow-ish" is not a date I understand.'],
    ])("a bad date (%s) is refused", async (_what, date, says) => {
      await expectRejected(h, `touch "Acme Corp" call --on ${date}`, p.actors.owner, { code: "invalid_argument", says: [says, "Dates look like 2026-11-20, today or yesterday."] });
    });

    it("a date in the future is refused", async () => {
      await expectRejected(h, 'touch "Acme Corp" call --on 2026-12-01', p.actors.owner, { code: "invalid_argument", says: ["A touchpoint cannot be in the future.", "--on with today or an earlier date"] });
      await expectRejected(h, 'touch "Acme Corp" call --on 2026-11-26', p.actors.owner, { code: "invalid_argument", says: ["cannot be in the future"] });
      // The same date is today for someone in Auckland (already 04:00 on the 26th there).
      await expectOk(h, 'touch "Acme Corp" call --on 2026-11-26', p.actors.owner, "Pacific/Auckland");
      expect((await touchesOf(p.accounts.acme))[0].occurredAt.toISOString()).toBe(h.clock.now.toISOString());
    });

    it("missing arguments are named", async () => {
      await expectRejected(h, "touch", p.actors.owner, { code: "usage", says: ["The account is missing.", "Usage: `touch <account>"] });
      await expectRejected(h, 'touch "Acme Corp"', p.actors.owner, { code: "usage", says: ["kind: the kind is missing"] });
      await expectRejected(h, 'touch "Acme Corp" call --on', p.actors.owner, { code: "usage", says: ["--on needs a value."] });
      await expectRejected(h, 'touch "" call', p.actors.owner, { code: "invalid_argument", says: ["The account name is missing."] });
    });

    it("an unknown option lists the ones there are", async () => {
      await expectRejected(h, 'touch "Acme Corp" call --at 2026-11-20', p.actors.owner, { code: "usage", says: ["Unknown option --at.", "Options here: --on, --with"] });
    });

    it("a note that is too long is refused", async () => {
      await expectRejected(h, `touch "Acme Corp" call "${"x".repeat(2001)}"`, p.actors.owner, { code: "usage", says: ["note: the note is too long (2000 characters at most)"] });
    });

    it("malformed quoting is a usage error", async () => {
      await expectRejected(h, 'touch "Acme Corp call', p.actors.owner, { code: "usage", says: ['A quote " is not closed.', "Put names with spaces in quotes"] });
      await expectRejected(h, "touch “Acme Corp call", p.actors.owner, { code: "usage", says: ["A quote “ is not closed."] });
    });

    it("a viewer cannot log touches", async () => {
      await expectRejected(h, 'touch "Acme Corp" call', p.actors.viewer, { code: "forbidden", says: ["`touch` needs the rep role; you are viewer.", "An admin can change your role."] });
    });

    it("a refused touch leaves an open nudge open", async () => {
      await h.kw.scan();
      const before = await snapshotDb(h.db);
      await expectRejected(h, 'touch "Acme Corp" call --on 2026-13-40', admin, { code: "invalid_argument", says: ["2026-13-40"] });
      expect((await snapshotDb(h.db)).nudges).toEqual(before.nudges);
      expect(before.nudges.some((n) => n.accountId === p.accounts.acme && n.status === "open")).toBe(true);
    });
  });
});
