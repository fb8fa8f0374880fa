import { describe, expect, it } from "vitest";
import { expectOk, expectRejected, seedPortfolio } from "../fixtures/commands.js";
import { createHarness } from "../fixtures/harness.js";
import { textOf } from "../fixtures/messages.js";
import { perTest } from "../fixtures/perTest.js";

describe("link and unlink", () => {
  const h = perTest(() => createHarness("sqlite"));
  const p = perTest(() => seedPortfolio(h));
  const linksOf = (accountId: string) => h.db.accountLink.findMany({ where: { accountId }, select: { source: true, sourceId: true } });

  it("a manager links an account to its id in each system, one id per system", async () => {
    const out = await expectOk(h, 'link "Acme Corp" zendesk 8447346622462', p.actors.manager);
    expect(out.reply.blocks[0]).toEqual({ type: "text", text: "Linked **Acme Corp** to Zendesk organization 8447346622462." });
    await expectOk(h, "link Acme Corp hubspot 9876543210", p.actors.manager);
    expect(await linksOf(p.accounts.acme)).toEqual(expect.arrayContaining([{ source: "zendesk", sourceId: "8447346622462" }, { source: "hubspot", sourceId: "9876543210" }]));
    expect(textOf((await expectOk(h, 'account "Acme Corp"', p.actors.viewer)).reply)).toContain("Linked: hubspot 9876543210, zendesk 8447346622462");

    const moved = await expectOk(h, 'link "Acme Corp" zendesk 111', p.actors.manager);
    expect(textOf(moved.reply)).toContain("Linked Acme Corp to Zendesk organization 111 (it was 8447346622462).");
    const same = await expectOk(h, 'link "Acme Corp" zendesk 111', p.actors.manager);
    expect(textOf(same.reply)).toContain("Acme Corp is already linked to Zendesk organization 111.");
    expect(await h.db.accountLink.count({ where: { accountId: p.accounts.acme, source: "zendesk" } })).toBe(1);

    const gone = await expectOk(h, 'unlink "Acme Corp" zendesk', p.actors.manager);
    expect(textOf(gone.reply)).toContain("Unlinked Acme Corp from Zendesk organization 111.");
    expect(await linksOf(p.accounts.acme)).toEqual([{ source: "hubspot", sourceId: "9876543210" }]);
    expect(textOf((await expectOk(h, 'unlink "Acme Corp" zendesk', p.actors.manager)).reply)).toContain("Acme Corp was not linked to zendesk.");
  });

  it("crm sets or clears the account's CRM id (the API's and the CSV's externalId)", async () => {
    await expectOk(h, "link Globex crm SF-0042", p.actors.manager);
    expect((await h.db.account.findUniqueOrThrow({ where: { id: p.accounts.globex } })).externalId).toBe("SF-0042");
    await expectRejected(h, "link Initech crm SF-0042", p.actors.manager, { code: "conflict", says: ["CRM id SF-0042 already belongs to Globex."] });
    await expectOk(h, "unlink Globex crm", p.actors.manager);
    expect((await h.db.account.findUniqueOrThrow({ where: { id: p.accounts.globex } })).externalId).toBeNull();
  });

  it("an id already linked to another account is refused, naming it, and nothing changes", async () => {
    await expectOk(h, "link Globex zendesk 500", p.actors.manager);
    await expectRejected(h, 'link "Acme Corp" zendesk 500', p.actors.manager, { code: "conflict", says: ["zendesk id 500 is already linked to Globex.", 'unlink "Globex" zendesk'] });
  });

  it.each([
    ['link "Acme Corp"', "usage", ["Which system? Name it after the account.", "Usage: `link <account>"]],
    ['link "Acme Corp" pipedrive 1', "usage", ['"pipedrive" is not a system to link: use hubspot, salesforce, zendesk, crm, domain or here.']],
    ['link "Acme Corp" zendesk', "usage", ["The Zendesk organization is missing."]],
    ['link "Acme Corp" zendesk 1 2', "usage", ['Unexpected words: "2".']],
    ["link Acme Crop zendesk 1", "unknown_account", ['Did you mean "Acme Corp"']],
    ['unlink "Acme Corp"', "usage", ["Which system?"]],
  ])("%s is refused and writes nothing", async (text, code, says) => {
    await expectRejected(h, text, p.actors.manager, { code, says });
  });

  it("reps may not link accounts", async () => {
    await expectRejected(h, 'link "Acme Corp" zendesk 1', p.actors.owner, { code: "forbidden", says: ["`link` needs the manager role; you are rep."] });
  });

  it("adds and removes an account's domains (what mail is matched by); a domain is one account's; a bad one is refused", async () => {
    const added = await expectOk(h, 'link "Acme Corp" domain https://www.ACME.example/contact', p.actors.manager);
    expect(textOf(added.reply)).toContain("Acme Corp has the domain acme.example.");
    await expectOk(h, 'link "Acme Corp" domain acme-mail.example', p.actors.manager);
    expect(textOf((await expectOk(h, 'link "Acme Corp" domain acme.example', p.actors.manager)).reply)).toContain("Acme Corp already has the domain acme.example.");
    expect(textOf((await expectOk(h, 'account "Acme Corp"', p.actors.viewer)).reply)).toContain("Domains: acme-mail.example, acme.example");
    expect(await h.db.accountDomain.findUniqueOrThrow({ where: { domain: "acme.example" } })).toMatchObject({ accountId: p.accounts.acme, source: "cli" });

    await expectRejected(h, "link Globex domain acme.example", p.actors.manager, { code: "conflict", says: ["Globex: the domain acme.example belongs to Acme Corp.", 'unlink "Acme Corp" domain acme.example'] });
    await expectRejected(h, "link Globex domain not_a_domain", p.actors.manager, { code: "invalid_argument", says: ['"not_a_domain" is not a domain name (like acme.com).'] });
    await expectRejected(h, "link Globex domain", p.actors.manager, { code: "usage", says: ["The domain is missing."] });
    await expectRejected(h, "unlink Globex domain", p.actors.manager, { code: "usage", says: ["The domain is missing."] });
    await expectRejected(h, "link Globex domain globex.example", p.actors.owner, { code: "forbidden", says: [] });

    expect(textOf((await expectOk(h, 'unlink "Acme Corp" domain ACME.example', p.actors.manager)).reply)).toContain("Removed the domain acme.example from Acme Corp.");
    expect(textOf((await expectOk(h, 'unlink "Acme Corp" domain acme.example', p.actors.manager)).reply)).toContain("Acme Corp does not have the domain acme.example.");
    expect((await h.db.accountDomain.findMany()).map((d) => d.domain)).toEqual(["acme-mail.example"]);
  });
});
