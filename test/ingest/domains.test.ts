// An account's domains (how mail finds its account): set through the API (`domains`) and the accounts
// CSV (`domains` column), shown on GET; a domain of another account is a conflict that writes nothing;
// a domain is matched with its parents (mail.acme.com is Acme's when acme.com is).
import { describe, expect, it } from "vitest";
import { accountsOfDomains, normalizeDomain } from "../../src/activity/domains.js";
import type { Db } from "../../src/store/client.js";
import { createTestDb, DB_KINDS } from "../fixtures/db.js";
import { startApi } from "../fixtures/ingestApi.js";
import { perTest } from "../fixtures/perTest.js";
import { snapshotDb } from "../fixtures/snapshot.js";
import { csv, lines } from "./fixtures.js";

const domains = async (db: Db) => (await db.accountDomain.findMany({ select: { domain: true, account: { select: { name: true } } } })).map((d) => `${d.account.name} ${d.domain}`).sort();

describe("domain names", () => {
  it.each([
    ["acme.com", "acme.com"], [" ACME.com ", "acme.com"], ["https://www.acme.com/about?x=1", "acme.com"], ["http://shop.acme.co.uk:8080", "shop.acme.co.uk"],
    ["dana@Acme.com", "acme.com"], ["acme.com.", "acme.com"], ["xn--bcher-kva.example", "xn--bcher-kva.example"],
  ])("reads %j as %s", (text, domain) => expect(normalizeDomain(text)).toBe(domain));

  it.each(["acme", "not a domain", "acme..com", "-acme.com", "acme.c", "", "https://", "127.0.0.1"])("refuses %j", (text) => expect(normalizeDomain(text)).toBeNull());
});

describe.each(DB_KINDS)("account domains on %s", (kind) => {
  const api = perTest(() => startApi(kind));
  const db = () => api.h.db;

  it("the API sets exactly the domains given, GET shows them, [] removes them; a domain of another account is a 422 that writes nothing", async () => {
    expect((await api.call("accounts", { name: "Acme Corp", externalId: "crm-1", domains: ["acme.example", "https://www.Acme-Mail.example"] })).status).toBe(201);
    expect((await api.call("accounts/crm-1")).body.account.domains).toEqual(["acme-mail.example", "acme.example"]);
    await api.call("accounts", { name: "Acme Corp", externalId: "crm-1", domains: ["acme.example", "acme.co.uk"] });
    expect(await domains(db())).toEqual(["Acme Corp acme.co.uk", "Acme Corp acme.example"]);
    await api.call("accounts", { name: "Acme Corp", externalId: "crm-1" }); // no domains: left as they are
    expect(await domains(db())).toHaveLength(2);

    await api.call("accounts", { name: "Globex", externalId: "crm-2" });
    const before = await snapshotDb(db());
    const conflict = await api.call("accounts", { items: [{ name: "Globex", externalId: "crm-2", segment: "SMB", domains: ["globex.example", "acme.example"] }] });
    expect(conflict.status).toBe(422);
    expect(conflict.body).toMatchObject({ error: "conflict", message: "Globex: the domain acme.example belongs to Acme Corp." });
    expect(await snapshotDb(db())).toEqual(before);

    const bad = await api.call("accounts", { name: "Globex", domains: ["globex"] });
    expect(bad.status).toBe(400);
    expect(bad.body.issues).toEqual([{ path: ["domains", 0], message: '"globex" is not a domain name (like acme.com)' }]);

    await api.call("accounts", { name: "Acme Corp", externalId: "crm-1", domains: [] });
    expect(await domains(db())).toEqual([]);
  });

  it("matches a domain and its subdomains to the most specific account that has one", async () => {
    await api.call("accounts", { items: [{ name: "Acme Corp", domains: ["acme.example"] }, { name: "Acme Labs", domains: ["labs.acme.example"] }] });
    const id = async (name: string) => (await db().account.findFirstOrThrow({ where: { name } })).id;
    const found = await accountsOfDomains(db(), ["acme.example", "mail.acme.example", "eu.labs.acme.example", "acme.org"]);
    expect(Object.fromEntries(found)).toEqual({
      "acme.example": await id("Acme Corp"),
      "mail.acme.example": await id("Acme Corp"),
      "eu.labs.acme.example": await id("Acme Labs"),
      "acme.org": null,
    });
  });
});

describe.each(DB_KINDS)("account domains from a CSV on %s", (kind) => {
  const t = perTest(() => createTestDb(kind));

  it("reads a domains column (several in a cell; empty leaves them), and reports a row whose domain is another account's", async () => {
    const report = await csv("accounts", lines(
      "name,domains",
      'Acme Corp,"acme.example; acme.co.uk"',
      "Globex,globex.example",
      "Initech,",
      "Umbrella,acme.example",
      "Hooli,hooli",
    ), t.db);
    expect(report.errors).toEqual([
      { line: 5, messages: ["Umbrella: the domain acme.example belongs to Acme Corp.", expect.stringContaining("unlink")] },
      { line: 6, messages: ['domains.0: "hooli" is not a domain name (like acme.com)'] },
    ]);
    expect(await domains(t.db)).toEqual(["Acme Corp acme.co.uk", "Acme Corp acme.example", "Globex globex.example"]);
  });
});
