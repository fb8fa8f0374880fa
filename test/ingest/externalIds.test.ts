// An account's id in each linked system (hubspot, salesforce, zendesk), set through the API
// (`externalIds`) and the accounts CSV (`external_id.<source>` columns): set, replace, remove,
// conflicts that write nothing, and unknown sources named with a suggestion.
import { describe, expect, it } from "vitest";
import type { Db } from "../../src/store/client.js";
import { createTestDb, DB_KINDS } from "../fixtures/db.js";
import { startApi } from "../fixtures/ingestApi.js";
import { perTest } from "../fixtures/perTest.js";
import { snapshotDb } from "../fixtures/snapshot.js";
import { csv, lines } from "./fixtures.js";

const ACME = { name: "Acme Corp", externalId: "crm-1" };
const GLOBEX = { name: "Globex", externalId: "crm-2" };

/** Every link, by account name, for comparing before and after. */
async function links(db: Db) {
  const rows = await db.accountLink.findMany({ select: { source: true, sourceId: true, account: { select: { name: true } } } });
  return rows.map((r) => `${r.account.name} ${r.source}=${r.sourceId}`).sort();
}

/** Everything, links included (a replaced link is updated in place: counts alone would miss it). */
const everything = async (db: Db) => ({ ...(await snapshotDb(db)), links: await links(db) });

describe.each(DB_KINDS)("account ids per source through the API on %s", (kind) => {
  const api = perTest(() => startApi(kind));
  const db = () => api.h.db;

  it("sets them with the account, shows them on GET, replaces one, removes one with null", async () => {
    const created = await api.call("accounts", { ...ACME, externalIds: { zendesk: "8447346622462", hubspot: "h-77" } });
    expect(created.status).toBe(201);
    expect(await links(db())).toEqual(["Acme Corp hubspot=h-77", "Acme Corp zendesk=8447346622462"]);
    expect((await api.call("accounts/crm-1")).body.account.externalIds).toEqual({ hubspot: "h-77", zendesk: "8447346622462" });

    const replaced = await api.call("accounts", { ...ACME, externalIds: { zendesk: " 900 ", salesforce: "001Dn00000ABC" } });
    expect(replaced).toMatchObject({ status: 200, body: { results: [{ status: "updated" }] } });
    expect(await links(db())).toEqual(["Acme Corp hubspot=h-77", "Acme Corp salesforce=001Dn00000ABC", "Acme Corp zendesk=900"]);

    const removed = await api.call("accounts", { ...ACME, externalIds: { hubspot: null } });
    expect(removed.status).toBe(200);
    expect(await links(db())).toEqual(["Acme Corp salesforce=001Dn00000ABC", "Acme Corp zendesk=900"]);
    // Without externalIds the links stay as they are.
    await api.call("accounts", { ...ACME, segment: "enterprise" });
    expect(await links(db())).toEqual(["Acme Corp salesforce=001Dn00000ABC", "Acme Corp zendesk=900"]);
  });

  it("finds the account by a source's id with ?source=, 404 when none is linked", async () => {
    await api.call("accounts", { ...ACME, externalIds: { zendesk: "8447346622462" } });
    const found = await api.call("accounts/8447346622462?source=zendesk");
    expect(found).toMatchObject({ status: 200, body: { account: { name: "Acme Corp", externalIds: { zendesk: "8447346622462" } } } });
    const other = await api.call("accounts/8447346622462?source=hubspot");
    expect(other.status).toBe(404);
    expect(other.body).toMatchObject({ error: "unknown_account", message: 'No account is linked to hubspot id "8447346622462".' });
    const badSource = await api.call("accounts/8447346622462?source=zendsk");
    expect(badSource).toEqual({ status: 400, body: { error: "invalid_payload", issues: [{ path: ["source"], message: "expected one of hubspot, salesforce, zendesk" }] } });
    const badKey = await api.call("accounts/8447346622462?sorce=zendesk");
    expect(badKey.body.issues).toEqual([{ path: ["sorce"], message: "unknown field — did you mean source?" }]);
  });

  it("refuses an id linked to another account with 422 naming both, and writes nothing (the account's other fields neither)", async () => {
    await api.call("accounts", { items: [{ ...ACME, externalIds: { zendesk: "8447346622462" } }, GLOBEX] });
    const before = await everything(db());
    const r = await api.call("accounts", { ...GLOBEX, segment: "smb", ownerEmail: "new.owner@example.com", externalIds: { hubspot: "h-1", zendesk: "8447346622462" } });
    expect(r.status).toBe(422);
    expect(r.body).toEqual({
      error: "conflict",
      message: "Globex: zendesk id 8447346622462 is already linked to Acme Corp.",
      hints: [expect.stringContaining('unlink "Acme Corp" zendesk')],
    });
    expect(await everything(db())).toEqual(before);
  });

  it("writes none of a batch when one item's id is linked elsewhere, or two items claim the same id, and says which item", async () => {
    await api.call("accounts", { ...ACME, externalIds: { zendesk: "8447346622462" } });
    const before = await everything(db());
    const elsewhere = await api.call("accounts", { items: [{ name: "Initech", externalIds: { salesforce: "s-1" } }, { ...GLOBEX, externalIds: { zendesk: "8447346622462" } }] });
    expect(elsewhere).toMatchObject({ status: 422, body: { error: "conflict", index: 1, message: "Globex: zendesk id 8447346622462 is already linked to Acme Corp." } });
    expect(await everything(db())).toEqual(before);

    const twice = await api.call("accounts", { items: [{ name: "Initech", externalIds: { hubspot: "h-9" } }, { name: "Hooli", externalIds: { hubspot: "h-9" } }] });
    expect(twice).toMatchObject({ status: 422, body: { error: "conflict", index: 1, message: "Hooli: hubspot id h-9 is already linked to Initech." } });
    expect(await everything(db())).toEqual(before);
    // The same account named twice in a batch may repeat its id.
    const same = await api.call("accounts", { items: [{ name: "Initech", externalIds: { hubspot: "h-9" } }, { name: "initech", segment: "smb", externalIds: { hubspot: "h-9" } }] });
    expect(same.status).toBe(201);
    expect(await links(db())).toEqual(["Acme Corp zendesk=8447346622462", "initech hubspot=h-9"]);
  });

  it.each([
    ["an unknown source", { zendsk: "1" }, [{ path: ["externalIds", "zendsk"], message: "unknown field — did you mean zendesk?" }]],
    ["a source far from any", { intercom: "1" }, [{ path: ["externalIds", "intercom"], message: "unknown field" }]],
    ["an id sent as a number", { zendesk: 8447346622462 }, [{ path: ["externalIds", "zendesk"], message: 'expected the id as a string ("8447346622462")' }]],
    ["an empty id", { zendesk: " " }, [{ path: ["externalIds", "zendesk"], message: "must not be empty" }]],
  ])("answers 400 with the issue's path for %s, writing nothing", async (_what, externalIds, issues) => {
    const single = await api.call("accounts", { ...ACME, externalIds });
    expect(single).toEqual({ status: 400, body: { error: "invalid_payload", issues } });
    const batch = await api.call("accounts", { items: [GLOBEX, { ...ACME, externalIds }] });
    expect(batch.body.issues).toEqual(issues.map((i) => ({ ...i, path: [1, ...i.path] })));
    expect((await snapshotDb(db())).counts).toMatchObject({ accounts: 0, accountLinks: 0 });
  });
});

describe.each(DB_KINDS)("account ids per source in the accounts CSV on %s", (kind) => {
  const t = perTest(() => createTestDb(kind));
  const db = () => t.db;
  const HEADER = "name,external_id,segment,External_ID.Zendesk,external_id.hubspot,external_id.salesforce";

  it("sets them, a re-import with other ids replaces them, and a row whose id is another account's is reported by line with nothing of it written", async () => {
    const first = await csv("accounts", lines(HEADER, "Acme Corp,crm-1,,8447346622462,h-77,", "Globex,crm-2,,,,001Dn00000ABC"), db());
    expect(first).toMatchObject({ total: 2, created: 2, failed: 0 });
    expect(await links(db())).toEqual(["Acme Corp hubspot=h-77", "Acme Corp zendesk=8447346622462", "Globex salesforce=001Dn00000ABC"]);

    const again = await csv("accounts", lines(
      HEADER,
      "Acme Corp,crm-1,,900,,",
      "Globex,crm-2,smb,8447346622462,,", // Acme's old id: free again after line 2
      "Initech,,smb,900,,", // Acme's new one
      "Hooli,,,,h-77,",
    ), db());
    expect(again.errors).toEqual([
      { line: 4, messages: ["Initech: zendesk id 900 is already linked to Acme Corp.", expect.stringContaining('unlink "Acme Corp" zendesk')] },
      { line: 5, messages: ["Hooli: hubspot id h-77 is already linked to Acme Corp.", expect.stringContaining("unlink")] },
    ]);
    expect(again).toMatchObject({ total: 4, created: 0, updated: 2, failed: 2 });
    expect(await links(db())).toEqual(["Acme Corp hubspot=h-77", "Acme Corp zendesk=900", "Globex salesforce=001Dn00000ABC", "Globex zendesk=8447346622462"]);
    expect((await snapshotDb(db())).accounts.map((a) => [a.name, a.segment])).toEqual(expect.arrayContaining([["Acme Corp", null], ["Globex", "smb"]]));
    expect((await snapshotDb(db())).counts.accounts).toBe(2); // neither Initech nor Hooli
  });

  it("names a bad id by its column and line", async () => {
    const report = await csv("accounts", lines(HEADER, `Acme Corp,crm-1,,${"9".repeat(201)},,`), db());
    expect(report.errors).toEqual([{ line: 2, messages: ["external_id.zendesk: at most 200 characters"] }]);
    expect((await snapshotDb(db())).counts).toMatchObject({ accounts: 0, accountLinks: 0 });
  });

  it("rejects an unknown source column before any row, suggesting the one meant", async () => {
    const err = await csv("accounts", lines("name,external_id.zendsk", "Acme Corp,1"), db()).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: "invalid_argument", message: "unknown column 'external_id.zendsk' — did you mean external_id.zendesk?" });
    expect((err as { hints: string[] }).hints[0]).toContain("external_id.hubspot, external_id.salesforce, external_id.zendesk");
    expect((await snapshotDb(db())).counts.accounts).toBe(0);
  });
});
