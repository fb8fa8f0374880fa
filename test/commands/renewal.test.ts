import { describe, expect, it } from "vitest";
import { rep } from "../fixtures/actors.js";
import { expectOk, expectRejected, seedPortfolio } from "../fixtures/commands.js";
import { createHarness } from "../fixtures/harness.js";
import { textOf } from "../fixtures/messages.js";
import { perTest } from "../fixtures/perTest.js";

describe("renewal", () => {
  const h = perTest(() => createHarness("sqlite"));
  const p = perTest(() => seedPortfolio(h));

  const renewalOf = async (id: string) => (await h.db.account.findUniqueOrThrow({ where: { id } })).renewalDate;

  it("the owner sets a renewal date", async () => {
    const out = await expectOk(h, 'renewal "Acme Corp" 2027-03-31', p.actors.owner);
    expect(out.reply.blocks[0]).toEqual({ type: "text", text: "**Acme Corp** renews on **31 Mar 2027**." });
    expect(out.announce).toBeUndefined();
    expect(await renewalOf(p.accounts.acme)).toBe("2027-03-31");
  });

  it("a manager sets it on an account they do not own; an unquoted name works", async () => {
    await expectOk(h, "renewal Acme Labs 2027-01-15", p.actors.manager);
    expect(await renewalOf(p.accounts.acmeLabs)).toBe("2027-01-15");
  });

  it("a near date raises a renewal nudge at once; none clears the date and the nudge", async () => {
    await expectOk(h, "renewal Globex 2026-12-20", p.actors.owner);
    const nudge = await h.db.nudge.findFirstOrThrow({ where: { accountId: p.accounts.globex, rule: "renewalApproaching" } });
    expect(nudge.status).toBe("open");

    const out = await expectOk(h, "renewal Globex NONE", p.actors.owner);
    expect(out.reply.summary).toBe("Cleared Globex's renewal date.");
    expect(textOf(out.reply)).toContain("That cleared 1 nudge.");
    expect(await renewalOf(p.accounts.globex)).toBeNull();
    expect((await h.db.nudge.findUniqueOrThrow({ where: { id: nudge.id } })).status).toBe("resolved");
  });

  describe("bad inputs write nothing", () => {
    it.each([
      ["2027-02-30", '"2027-02-30" is not a date; renewal dates look like 2027-03-31.'],
      ["2027-13-40", '"2027-13-40" is not a date'],
      ["2027-3-31", '"2027-3-31" is not a date'],
    ])("a bad date %s", async (date, says) => {
      await expectRejected(h, `renewal "Acme Corp" ${date}`, p.actors.owner, { code: "invalid_argument", says: [says, "Usage: `renewal <account> <YYYY-MM-DD | none>`"] });
    });

    it("a word that is not a date, after an unquoted multi-word name", async () => {
      await expectRejected(h, "renewal Acme Corp soon", p.actors.owner, { code: "invalid_argument", says: ['"soon" is not a date'] });
    });

    it("a missing date or extra words", async () => {
      await expectRejected(h, 'renewal "Acme Corp"', p.actors.owner, { code: "usage", says: ["The renewal date is missing."] });
      await expectRejected(h, 'renewal "Acme Corp" 2027-03-31 probably', p.actors.owner, { code: "usage", says: ['Unexpected words after the date: "probably".'] });
      await expectRejected(h, "renewal", p.actors.owner, { code: "usage", says: ["The account is missing."] });
    });

    it("a rep who does not own the account, a rep unknown to us, and a viewer are refused", async () => {
      await expectRejected(h, 'renewal "Acme Corp" 2027-03-31', p.actors.otherRep, { code: "forbidden", says: ["Only Acme Corp's owner or a manager can set its renewal date."] });
      await expectRejected(h, 'renewal "Acme Corp" none', rep(null), { code: "forbidden", says: ["owner or a manager"] });
      await expectRejected(h, 'renewal "Acme Corp" 2027-03-31', p.actors.viewer, { code: "forbidden", says: ["`renewal` needs the rep role; you are viewer."] });
    });

    it("unknown and ambiguous accounts", async () => {
      await expectRejected(h, "renewal Globx 2027-03-31", p.actors.manager, { code: "unknown_account", says: ['Did you mean "Globex"?'] });
      await expectRejected(h, "renewal Acme 2027-03-31", p.actors.manager, { code: "ambiguous_account", says: ["• Acme Corp", "• Acme Labs"] });
    });
  });
});
