// `keepwarm sync hubspot` in its own process against the loopback fake of the CRM API: companies,
// owners and calls read page by page (past the search's result cap too), a progress bar and a
// summary; killed halfway, the next run resumes where the first stopped; every object lands once.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DB_KINDS } from "../fixtures/db.js";
import { createHarness } from "../fixtures/harness.js";
import { call, company, HUBSPOT_SECRET } from "../fixtures/hubspot.js";
import { runCli, startCli } from "../fixtures/cli.js";
import { perTest } from "../fixtures/perTest.js";
import { HUBSPOT_TOKEN, startFakeHubSpot, type FakeHubSpot } from "../fakes/hubspotApi.js";

const COMPANIES = 250;
const CALLS = 300;
const base = Date.parse("2026-06-01T00:00:00Z");
const minutes = (n: number) => new Date(base + n * 60_000);

describe.each(DB_KINDS)("keepwarm sync hubspot on %s", (kind) => {
  let hub: FakeHubSpot;
  beforeEach(async () => {
    hub = await startFakeHubSpot();
    hub.searchCap = 120; // HubSpot's is 10,000: a lower cap makes the sync go past it here
    hub.owners.set("501", { id: "501", email: "dana@example.com", firstName: "Dana", lastName: "Rep" });
    hub.owners.set("502", { id: "502", email: "lee@example.com", firstName: "Lee", lastName: "Rep" });
    for (let i = 0; i < COMPANIES; i++) hub.put("companies", company(String(1000 + i), `Company ${i}`, { hubspot_owner_id: i % 2 ? "501" : "502", lifecyclestage: "customer" }, minutes(i)));
    for (let i = 0; i < CALLS; i++) hub.put("calls", call(String(5000 + i), String(1000 + (i % COMPANIES)), minutes(1000 + i), { hubspot_owner_id: "501" }));
  });
  afterEach(() => hub.close());
  const h = perTest(() => createHarness(kind));
  const target = () => ({ url: h.t.url, env: { HUBSPOT_CLIENT_SECRET: HUBSPOT_SECRET, HUBSPOT_ACCESS_TOKEN: HUBSPOT_TOKEN, HUBSPOT_API_URL: hub.url } });

  it("imports companies (with owners) and calls once each, with a progress bar and a summary; a second run adds nothing", async () => {
    const run = await runCli(target(), "sync", "hubspot");
    expect(run.code).toBe(0);
    // The bars go to stderr, as progress does, so the summary on stdout can be piped.
    expect(run.stderr).toMatch(/companies\s+\S+ 250\/250/);
    expect(run.stderr).toMatch(/calls\s+\S+ 300\/300/);
    expect(run.stdout).toContain("Synced hubspot: read 250 companies, 300 calls, 0 emails, 0 meetings, 0 notes.");
    expect(run.stdout).toContain("550 new, 550 applied");
    expect(await h.db.account.count()).toBe(COMPANIES);
    expect(await h.db.accountLink.count({ where: { source: "hubspot" } })).toBe(COMPANIES);
    expect(await h.db.account.count({ where: { owner: { email: "dana@example.com" } } })).toBe(COMPANIES / 2);
    expect(await h.db.touchpoint.count({ where: { source: "hubspot", byName: "Dana Rep" } })).toBe(CALLS);
    // Owners were read once, in pages; past the cap the search started again from the last time seen.
    expect(hub.requestsTo("/crm/v3/owners")).toHaveLength(1);
    const companySearches = hub.requestsTo("/crm/v3/objects/companies/search").map((r) => r.body as { after?: string; filterGroups: { filters: { value: string }[] }[] });
    expect(companySearches.some((b) => b.filterGroups[0].filters[0].value !== "0" && b.after === undefined)).toBe(true);

    const again = await runCli(target(), "sync", "hubspot");
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/Synced hubspot \(modified since \d{4}-\d{2}-\d{2}\)/);
    expect(await h.db.account.count()).toBe(COMPANIES);
    expect(await h.db.touchpoint.count()).toBe(CALLS);
  }, 180_000);

  it("killed halfway, the next run resumes after the last page it recorded and imports each object once", async () => {
    let callSearches = 0;
    let release!: () => void;
    const hang = new Promise<undefined>((resolve) => (release = () => resolve(undefined)));
    hub.script((req) => (req.path.endsWith("/calls/search") && ++callSearches === 3 ? hang : undefined));
    const first = startCli(target(), "sync", "hubspot");
    await waitUntil(() => callSearches >= 3);
    first.child.kill("SIGKILL");
    expect((await first.done).signal).toBe("SIGKILL");
    release();
    hub.script(null);

    const stopped = await h.db.connectorSync.findUniqueOrThrow({ where: { source: "hubspot" } });
    expect(stopped).toMatchObject({ phase: "calls", finishedAt: null, counts: { companies: COMPANIES, calls: 120 } }); // pages of 100, then 20 up to the cap
    expect(await h.db.touchpoint.count()).toBe(120);
    const before = hub.requests.length;

    const second = await runCli(target(), "sync", "hubspot");
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("Resumed the hubspot sync started");
    expect(second.stdout).toContain("read 250 companies, 300 calls");
    const resumed = hub.requests.slice(before).filter((r) => r.path.includes("/search"));
    expect(resumed[0].path).toBe("/crm/v3/objects/calls/search"); // not the companies again
    expect(resumed[0].body).toMatchObject(JSON.parse(stopped.cursor!).after ? { after: JSON.parse(stopped.cursor!).after } : { filterGroups: [{ filters: [{ value: String(JSON.parse(stopped.cursor!).from) }] }] });
    expect(await h.db.account.count()).toBe(COMPANIES);
    expect(await h.db.touchpoint.count()).toBe(CALLS);
    expect(await h.db.touchpoint.groupBy({ by: ["idempotencyKey"], having: { idempotencyKey: { _count: { gt: 1 } } } })).toEqual([]);
  }, 180_000);

  it("--since reads only what was modified since then; a bad date is a usage error", async () => {
    const run = await runCli(target(), "sync", "hubspot", "--since", minutes(1200).toISOString());
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("read 0 companies, 100 calls");
    const bad = await runCli(target(), "sync", "hubspot", "--since", "last tuesday");
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toContain("expected YYYY-MM-DD");
  }, 180_000);
});

async function waitUntil(cond: () => boolean, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error("timed out waiting");
    await new Promise((r) => setTimeout(r, 20));
  }
}
