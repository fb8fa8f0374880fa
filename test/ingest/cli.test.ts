import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDb } from "../../src/store/client.js";
import { runCli as keepwarm } from "../fixtures/cli.js";
import { ACCOUNTS_CSV, lines } from "./fixtures.js";

describe("keepwarm import (the CLI)", () => {
  let dir: string;
  let url: string;
  const file = (name: string, text: string) => {
    const p = path.join(dir, name);
    writeFileSync(p, text);
    return p;
  };

  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), "keepwarm-cli-"));
    url = `file:${path.join(dir, "new.db")}`; // does not exist yet: the CLI creates and migrates it
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("imports accounts into a new database, then touchpoints with a per-row report and exit code 1", async () => {
    const accounts = await keepwarm(url, "import", "accounts", file("accounts.csv", ACCOUNTS_CSV));
    expect(accounts.stderr).toBe("");
    expect(accounts.code).toBe(0);
    expect(accounts.stdout).toContain("3 rows: 3 created, 0 updated, 0 already there, 0 rejected.");

    const touchpoints = file("touchpoints.csv", lines(
      "account,kind,occurred_at,summary",
      "Acme Corp,call,2024-03-01,QBR prep",
      "Acme Crop,call,2024-03-01,",
      "Globex,fax,2024-03-02,",
      "Globex,email,2999-01-01,",
      "Initech,meeting,2024-03-04T10:00:00Z,Kick-off",
    ));
    const first = await keepwarm(url, "import", "touchpoints", touchpoints);
    expect(first.code).toBe(1);
    const report = first.stdout.split("\n").filter((l) => /rows:|^ {2}line /.test(l));
    expect(report).toEqual([
      "5 rows: 2 created, 0 updated, 0 already there, 3 rejected.",
      '  line 3: No account matches "Acme Crop". Did you mean "Acme Corp"?',
      "  line 4: kind: expected one of call, email, meeting, message, note, qbr, other",
      // Globex has no time zone of its own: the configured default (UTC) reads the bare date at noon.
      expect.stringMatching(/^ {2}line 5: A touchpoint cannot be in the future\. occurred_at is 2999-01-01T12:00:00\.000Z, but it is now .*\. Send when it happened\.$/),
    ]);
    expect(first.stdout).toMatch(/Re-checked 2 accounts: \d+ nudges raised, \d+ resolved\./);

    const again = await keepwarm(url, "import", "touchpoints", touchpoints);
    expect(again.stdout).toContain("5 rows: 0 created, 0 updated, 2 already there, 3 rejected.");

    const db = await openDb(url);
    try {
      expect(await db.account.count()).toBe(3);
      expect(await db.touchpoint.count()).toBe(2);
    } finally {
      await db.$disconnect();
    }
  }, 180_000);

  it("rejects a file with a wrong header in one readable line, exit code 2, no stack trace", async () => {
    const run = await keepwarm(url, "import", "touchpoints", file("bad-header.csv", lines("acount,kind,occured_at", "Acme Corp,call,2024-03-01")));
    expect(run.code).toBe(2);
    expect(run.stdout).toContain("Nothing imported from");
    expect(run.stdout).toContain("unknown column 'acount' — did you mean account?");
    expect(run.stdout).toContain("Columns for touchpoints: account, account_external_id, kind, direction, occurred_at");
    expect(run.stderr).not.toMatch(/\bat .*\.ts:\d+/);
  }, 120_000);

  it("refuses options that do not fit the file, naming every problem and the usage, exit code 2, nothing written", async () => {
    const db = await openDb(url);
    const before = { accounts: await db.account.count(), touchpoints: await db.touchpoint.count() };
    const pipeline = file("pipeline.csv", lines("Deal,Rep,Company,Closed", "D-1,Sam,Acme Corp,2024-03-01"));
    const run = await keepwarm(url, "import", "touchpoints", pipeline, "--map", "acount=Company,date=Closd", "--map", "who=Rep", "--set", "kind=fax", "--preset", "hubspt");
    expect(run.code).toBe(2);
    expect(run.stderr).toBe("");
    expect(run.stdout.split("\n").slice(0, 6)).toEqual([
      `Nothing imported from ${pipeline}: 5 problems with the options for this file:`,
      "  --map acount=Company: unknown field 'acount' — did you mean account?",
      "  --set kind=fax: expected one of call, email, meeting, message, note, qbr, other",
      "  --preset hubspt: unknown preset — did you mean hubspot? (presets: hubspot, salesforce)",
      "  --map date=Closd: the file has no column 'Closd' — did you mean Closed?",
      "  no column gives account or account_external_id: --map account=<column>, or --set account=<value>",
    ]);
    expect(run.stdout).toContain("  Fields for touchpoints: account, account_external_id, kind, direction, occurred_at, summary, by, contact, contact_role, idempotency_key, ");
    expect(run.stdout).toContain("  The file's columns: Deal, Rep, Company, Closed.");
    expect(run.stdout).toContain("Usage: keepwarm import accounts|touchpoints|complaints|feedback|contacts FILE [--preset hubspot|salesforce] [--map field=Header,…] [--set field=value,…]");
    try {
      expect({ accounts: await db.account.count(), touchpoints: await db.touchpoint.count() }).toEqual(before);
    } finally {
      await db.$disconnect();
    }
  }, 120_000);

  it("imports a HubSpot companies export with --preset, translating stages through the config file's map", async () => {
    const config = file("keepwarm.config.json", JSON.stringify({ connectors: { hubspot: { stages: { churned: "exit" } } } }));
    const companies = file("hubspot-companies.csv", lines(
      '"Record ID","Company name","Company owner","Lifecycle Stage","Annual Revenue","Phone Number"',
      '"101","Cyberdyne","","Churned","5000","555-0100"',
      '"102","Tyrell","","Other","",""',
      '"103","Wayne Enterprises","","Customer","",""',
    ));
    const run = await keepwarm({ url, env: { KEEPWARM_CONFIG: config } }, "import", "accounts", companies, "--preset", "hubspot");
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain("3 rows: 2 created, 0 updated, 0 already there, 0 rejected, 1 skipped (Lifecycle Stage is Other (not tracked)); ignored columns: Phone Number.");
    expect(run.code).toBe(0);
    const db = await openDb(url);
    try {
      const cyberdyne = await db.account.findFirstOrThrow({ where: { name: "Cyberdyne" }, include: { links: true } });
      expect(cyberdyne).toMatchObject({ stage: "exit", annualValue: 5000, links: [{ source: "hubspot", sourceId: "101" }] });
      expect(await db.account.findFirstOrThrow({ where: { name: "Wayne Enterprises" } })).toMatchObject({ stage: "onboarding" });
      expect(await db.account.count({ where: { name: "Tyrell" } })).toBe(0);
    } finally {
      await db.$disconnect();
    }
  }, 120_000);

  it("says so when the file cannot be read", async () => {
    const run = await keepwarm(url, "import", "touchpoints", path.join(dir, "missing.csv"));
    expect(run.code).toBe(2);
    expect(run.stdout).toContain("Cannot read");
    expect(run.stderr).toBe("");
  }, 120_000);
});
