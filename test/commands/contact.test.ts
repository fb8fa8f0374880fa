import { describe, expect, it } from "vitest";
import { expectOk, expectRejected, seedPortfolio } from "../fixtures/commands.js";
import { DB_KINDS } from "../fixtures/db.js";
import { createHarness } from "../fixtures/harness.js";
import { textOf } from "../fixtures/messages.js";
import { perTest } from "../fixtures/perTest.js";

describe.each(DB_KINDS)("contact on %s", (kind) => {
  const h = perTest(() => createHarness(kind));
  const p = perTest(() => seedPortfolio(h));

  const contactsOf = (accountId: string) =>
    h.db.contact.findMany({ where: { accountId }, orderBy: { name: "asc" }, select: { name: true, nameKey: true, role: true, email: true, title: true, phone: true, source: true } });

  describe("adding and updating", () => {
    it("adds a contact with a role, title, email and phone", async () => {
      const out = await expectOk(h, 'contact "Acme Corp" "Peter Gibbons" champion --title "VP Engineering" --email peter@acme.example --phone "+1 555 0100"', p.actors.owner);
      expect(out.reply.summary).toBe("Added Peter Gibbons to Acme Corp: champion, title VP Engineering, peter@acme.example, +1 555 0100");
      expect(await contactsOf(p.accounts.acme)).toEqual([
        { name: "Peter Gibbons", nameKey: "peter gibbons", role: "champion", email: "peter@acme.example", title: "VP Engineering", phone: "+1 555 0100", source: "cli" },
      ]);
    });

    it("updates the same name (whatever its case) instead of doubling it, changing only the fields given", async () => {
      await expectOk(h, 'contact "Acme Corp" "Peter Gibbons" user --title Engineer --email peter@acme.example', p.actors.owner);
      const out = await expectOk(h, "contact Acme Corp peter gibbons decision maker", p.actors.owner);
      expect(out.reply.summary).toBe("Updated peter gibbons at Acme Corp: decision maker");
      expect(await contactsOf(p.accounts.acme)).toEqual([
        { name: "Peter Gibbons", nameKey: "peter gibbons", role: "decision_maker", email: "peter@acme.example", title: "Engineer", phone: null, source: "cli" },
      ]);
      expect(await h.db.contact.count()).toBe(1);
    });

    it.each([
      ["champion", "champion"],
      ["decision-maker", "decision_maker"],
      ["DM", "decision_maker"],
      ["end-user", "user"],
      ["other", "other"],
    ] as const)("reads the role word %s as %s", async (word, role) => {
      await expectOk(h, `contact Globex Joanna ${word}`, p.actors.owner);
      expect(await contactsOf(p.accounts.globex)).toMatchObject([{ name: "Joanna", role }]);
    });

    it("takes an unquoted multi-word name without a role, as role other", async () => {
      const out = await expectOk(h, "contact Globex Bill Lumbergh", p.actors.owner);
      expect(out.reply.summary).toBe("Added Bill Lumbergh to Globex.");
      expect(await contactsOf(p.accounts.globex)).toMatchObject([{ name: "Bill Lumbergh", role: "other" }]);
    });
  });

  describe("refusals", () => {
    it("names every problem at once: an unknown account, a bad role and a bad email", async () => {
      await expectRejected(h, 'contact "Acme Crop" "Peter Gibbons" chmpion --email peter-at-acme', p.actors.owner, {
        code: "unknown_account",
        says: ['No account matches "Acme Crop"', '"chmpion" is not a contact role; use champion, decision-maker, user or other', '"peter-at-acme" is not an email address'],
      });
    });

    it("names a bad role and a bad email on a known account", async () => {
      await expectRejected(h, 'contact Globex "Bill" boss --email nope', p.actors.owner, { code: "usage", says: ['"boss" is not a contact role', '"nope" is not an email address'] });
    });

    it("needs a name when options are given", async () => {
      await expectRejected(h, "contact Globex --title CEO", p.actors.owner, { code: "usage", says: ["the contact's name is missing"] });
    });

    it("is for reps: a viewer cannot add a contact", async () => {
      await expectRejected(h, "contact Globex Bill", p.actors.viewer, { code: "forbidden", says: ["`contact` needs the rep role; you are viewer."] });
    });
  });

  describe("listing", () => {
    it("lists the account's contacts with role, title, touches and last touch, the latest first", async () => {
      await expectOk(h, 'contact "Acme Corp" "Peter Gibbons" champion --title "VP Engineering"', p.actors.owner);
      await expectOk(h, 'contact "Acme Corp" "Bill Lumbergh" dm', p.actors.owner);
      await expectOk(h, 'touch "Acme Corp" call kickoff --with "Peter Gibbons" --on 2026-11-20', p.actors.owner);
      await expectOk(h, 'touch "Acme Corp" email follow-up --with "peter gibbons"', p.actors.owner);
      await expectOk(h, 'touch "Acme Corp" note "internal only" --with "Bill Lumbergh"', p.actors.owner);

      const out = await expectOk(h, 'contact "Acme Corp"', p.actors.owner);
      expect(out.reply.summary).toBe("Acme Corp: 2 contacts");
      expect(textOf(out.reply)).toContain(
        "**Contacts at Acme Corp**\n• Peter Gibbons (champion, VP Engineering): 2 touches, last 25 Nov 2026\n• Bill Lumbergh (decision maker): never in touch",
      );
      expect(textOf(out.reply)).toContain("Only Peter Gibbons has been in touch.");
    });

    it("says when an account has no contacts yet", async () => {
      const out = await expectOk(h, "contacts Initech", p.actors.owner);
      expect(textOf(out.reply)).toContain("No contacts at **Initech** yet.");
    });
  });

  it("account shows the contacts and who alone has been in touch", async () => {
    await expectOk(h, 'contact Globex "Peter Gibbons" champion', p.actors.owner);
    await expectOk(h, "contact Globex Bill user", p.actors.owner);
    await expectOk(h, 'touch Globex meeting --with "Peter Gibbons" --on 2026-11-20', p.actors.owner);
    const text = textOf((await expectOk(h, "account Globex", p.actors.viewer)).reply);
    expect(text).toContain("**Contacts**\n• Peter Gibbons (champion): 1 touch, last 20 Nov 2026\n• Bill (user): never in touch");
    expect(text).toContain("Only Peter Gibbons has been in touch.");
  });
});
