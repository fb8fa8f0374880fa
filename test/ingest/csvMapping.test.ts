// CSV import of a CRM's export: --map, --set, --skip-empty and the presets (HubSpot companies;
// Salesforce accounts and tasks), in process on SQLite. The CLI's side is in cli.test.ts, a real
// dataset in mavenImport.test.ts.
import { beforeEach, describe, expect, it } from "vitest";
import { connectorsSchema } from "../../src/config/connectors.js";
import { isAppError } from "../../src/domain/errors.js";
import type { ColumnOptions } from "../../src/ingest/csv.js";
import { CSV_COLUMNS, CSV_KINDS } from "../../src/ingest/csvColumns.js";
import { PRESETS } from "../../src/ingest/presets/index.js";
import type { CsvKind } from "../../src/ingest/csvColumns.js";
import type { Db } from "../../src/store/client.js";
import { createTestDb } from "../fixtures/db.js";
import { perTest } from "../fixtures/perTest.js";
import { snapshotDb } from "../fixtures/snapshot.js";
import { accountByName, csv, lines, seedAccounts } from "./fixtures.js";

const DEFAULT_MAPS = connectorsSchema.parse({});

function mapped(kind: CsvKind, text: string, db: Db, columns: ColumnOptions, connectors = DEFAULT_MAPS) {
  return csv(kind, text, db, { columns, connectors });
}

/** The AppError an import was refused with. */
async function refusal(promise: Promise<unknown>) {
  const err = await promise.then(() => null, (e: unknown) => e);
  if (!isAppError(err)) throw new Error(`expected an AppError, got ${String(err)}`);
  return err;
}

const linksOf = async (db: Db, source: string) =>
  Object.fromEntries((await db.accountLink.findMany({ where: { source }, include: { account: true } })).map((l) => [l.account.name, l.sourceId]));

describe("CSV import with --map, --set and --skip-empty", () => {
  const t = perTest(() => createTestDb("sqlite"));
  beforeEach(async () => seedAccounts(t.db));

  it("reads mapped columns (a header with spaces, A+B joined), sets constants, ignores the rest and names it", async () => {
    const report = await mapped("touchpoints", lines(
      "Company name,Activity date,Rep,Product,Stage,Deal id,Internal",
      "Acme Corp,2026-11-20,Sam Sales,GTX Pro,Won,D-1,x",
      "Globex,2026-11-21,Sam Sales,MG Special,Lost,D-2,y",
    ), t.db, { map: ["account=Company name,date=Activity date", "who=rep,note=Product+Stage"], set: ["kind=meeting,contact=Wile E., the buyer"] });

    expect(report).toMatchObject({ total: 2, created: 2, failed: 0, skipped: [], ignoredColumns: ["Deal id", "Internal"] });
    const touches = await t.db.touchpoint.findMany({ orderBy: { occurredAt: "asc" }, include: { account: true } });
    expect(touches.map((x) => [x.account.name, x.kind, x.summary, x.byName, x.contactName])).toEqual([
      ["Acme Corp", "meeting", "GTX Pro Won", "Sam Sales", "Wile E., the buyer"], // a comma not followed by field= stays in the value
      ["Globex", "meeting", "MG Special Lost", "Sam Sales", "Wile E., the buyer"],
    ]);
  });

  it("reads columns named like ours beside the mapped ones; a --set field's own column is ignored", async () => {
    const report = await mapped("touchpoints", lines("account,kind,when,summary", "Acme Corp,call,2026-11-20,Hello"), t.db, { map: ["date=when"], set: ["kind=email"] });
    expect(report).toMatchObject({ created: 1, ignoredColumns: ["kind"] });
    expect(await t.db.touchpoint.findFirstOrThrow()).toMatchObject({ kind: "email", summary: "Hello" });
  });

  it("skips rows without a --skip-empty field (counted by reason), and reports rows without an account by line", async () => {
    const report = await mapped("touchpoints", lines(
      "id,agent,account,stage,engaged,closed",
      "O-1,Sam,Acme Corp,Won,2026-10-01,2026-11-01",
      "O-2,Sam,Globex,Engaging,2026-10-02,",
      "O-3,Sam,,Engaging,2026-10-03,",
      "O-4,Sam,,Lost,2026-10-04,2026-11-04",
    ), t.db, { map: ["date=closed,who=agent,key=id+closed"], set: ["kind=other"], skipEmpty: ["date"] });
    expect(report).toMatchObject({ total: 4, created: 1, failed: 1, skipped: [{ reason: "closed empty", rows: 2 }], ignoredColumns: ["stage", "engaged"] });
    expect(report.errors).toEqual([{ line: 5, messages: ["account: give exactly one of account (the name) or account_external_id"] }]);
    expect((await t.db.touchpoint.findFirstOrThrow()).idempotencyKey).toBe("O-1 2026-11-01");

    const again = await mapped("touchpoints", lines("id,agent,account,stage,engaged,closed", "O-1,Sam,Acme Corp,Won,2026-10-01,2026-11-01"), t.db, {
      map: ["date=closed,who=agent,key=id+closed"], set: ["kind=other"],
    });
    expect(again).toMatchObject({ created: 0, duplicates: 1 });
  });

  it("finds the account by its id in a linked system (account_external_id.<source>), a column of ours", async () => {
    expect(await csv("accounts", lines("name,external_id.zendesk", "Globex,900"), t.db)).toMatchObject({ updated: 1 });
    const report = await csv("complaints", lines(
      "account_external_id.zendesk,account,summary",
      "900,,Slow support",
      "901,,Down",
      "900,Globex,Twice",
    ), t.db);
    expect(report).toMatchObject({ created: 1, failed: 2 });
    expect(report.errors).toEqual([
      { line: 3, messages: [expect.stringMatching(/^account_external_id\.zendesk: no account is linked to zendesk id 901: import the accounts first/)] },
      { line: 4, messages: ["account_external_id.zendesk: give one account reference: account, account_external_id or one account_external_id.<source>"] },
    ]);
    expect(await t.db.complaint.findFirstOrThrow({ include: { account: true } })).toMatchObject({ summary: "Slow support", account: { name: "Globex" } });
  });

  it("keeps a file in our own columns strict with --set alone: an unknown column still rejects it", async () => {
    const err = await refusal(mapped("touchpoints", lines("account,occured_at", "Acme Corp,2026-11-20"), t.db, { set: ["kind=call"] }));
    expect(err.message).toBe("2 problems with the options for this file:");
    expect(err.hints.slice(0, 2)).toEqual(["unknown column 'occured_at' — did you mean occurred_at?", "missing required column 'occurred_at'"]);
  });

  it.each<[string, ColumnOptions, string[]]>([
    ["an unknown field, with the one meant", { map: ["nmae=account"] }, ["--map nmae=account: unknown field 'nmae' — did you mean name?", "no column gives name: --map name=<column>, or --set name=<value>"]],
    ["a mapped header the file lacks", { map: ["name=account,value=Revenu"] }, ["--map value=Revenu: the file has no column 'Revenu' — did you mean revenue?"]],
    ["a pair without =", { map: ["name"] }, ["--map name: expected field=Header", expect.stringMatching(/^no column gives name/)]],
    ["a field mapped twice", { map: ["name=account", "name=sector"] }, ["--map name=sector: name is mapped twice (also --map name=account)"]],
    ["a field both mapped and set", { map: ["name=account,value=revenue"], set: ["annual_value=5"] }, ["annual_value is both --map value=revenue and --set annual_value=5"]],
    ["bad --set values, checked as cells", { map: ["name=account"], set: ["value=lots,stage=zombie", "time_zone=Mars/Base", "owner=bad@", "segment="] }, [
      '--set value=lots: expected a plain number like 1200 or 1200.50, got "lots"',
      expect.stringMatching(/^--set stage=zombie: .*"awareness"/),
      "--set time_zone=Mars/Base: unknown IANA time zone",
      "--set owner=bad@: not an email address",
      "--set segment=: give a value (leave the field out instead)",
    ]],
    ["an unknown --skip-empty field", { map: ["name=account"], skipEmpty: ["segmnt"] }, ["--skip-empty segmnt: unknown field 'segmnt' — did you mean segment?"]],
    ["an unknown preset", { preset: "hubspt" }, ["--preset hubspt: unknown preset — did you mean hubspot? (presets: hubspot, salesforce)", expect.stringMatching(/^no column gives name/)]],
  ])("names every problem at once, for %s, and writes nothing", async (_what, columns, problems) => {
    const before = await snapshotDb(t.db);
    const header = "account,sector,revenue";
    const err = await refusal(mapped("accounts", lines(header, "Acme,retail,5"), t.db, columns));
    expect(err.code).toBe("usage");
    expect(err.message).toBe(`${problems.length === 1 ? "a problem" : `${problems.length} problems`} with the options for this file:`);
    expect(err.hints.slice(0, problems.length)).toEqual(problems);
    expect(err.hints.slice(problems.length)).toEqual([expect.stringMatching(/^Fields for accounts: name, .*\(also value = annual_value\); required: name\.$/), `The file's columns: ${header.split(",").join(", ")}.`]);
    expect(await snapshotDb(t.db)).toEqual(before);
  });

  it("says a preset is for another kind of import", async () => {
    const err = await refusal(mapped("complaints", lines("Subject", "Down"), t.db, { preset: "hubspot" }));
    expect(err.hints[0]).toBe("--preset hubspot: HubSpot's preset is for accounts, not complaints");
  });
});

describe("the presets", () => {
  const t = perTest(() => createTestDb("sqlite"));

  it("name only columns of their kind", () => {
    for (const preset of PRESETS) {
      for (const kind of CSV_KINDS) {
        const spec = preset.kinds[kind]?.(DEFAULT_MAPS);
        const names = CSV_COLUMNS[kind].columns.map((c) => c.name);
        for (const field of [...Object.keys(spec?.fields ?? {}), ...(spec?.skipEmpty ?? [])]) expect(names, `${preset.name} ${kind}`).toContain(field);
      }
    }
  });

  describe("hubspot: a companies export as accounts", () => {
    const EXPORT = lines(
      '"Record ID","Company name","Company owner","Lifecycle Stage","Annual Revenue","Company Domain Name","Create Date","Time Zone"',
      '"9001","Acme Corp","Rita Rep","Customer","120000","acme.example","2024-02-01 09:30","not a zone"',
      '"9002","Globex","rita@example.com","Marketing Qualified Lead","","globex.example","2024-02-02 09:30",""',
      '"9003","Initech","","marketingqualifiedlead","5000.5","","",""',
      '"9004","Hooli","Gavin Belson","Lead","","","",""',
      '"9005","Umbrella","","Other","","","",""',
      '"9006","Soylent","","Churned","","","",""',
      '"9007","Vandelay","","Evangelist","lots","","",""',
    );

    it("links the company id, takes the owner by name or email, translates lifecycle labels and values, skips what is not tracked", async () => {
      await t.db.person.create({ data: { name: "Rita Rep", email: "rita@example.com", role: "rep" } });
      const report = await mapped("accounts", EXPORT, t.db, { preset: "hubspot" });

      expect(report).toMatchObject({ total: 7, created: 3, failed: 3, skipped: [{ reason: "Lifecycle Stage is Other (not tracked)", rows: 1 }] });
      // "Time Zone" is named like one of ours, but a preset's file is the CRM's export: not read unless mapped.
      expect(report.ignoredColumns).toEqual(["Company Domain Name", "Create Date", "Time Zone"]);
      expect(report.errors).toEqual([
        { line: 5, messages: [expect.stringMatching(/^Company owner: nobody called "Gavin Belson" in Keepwarm: owners are matched by email, or by the name of someone Keepwarm knows/)] },
        { line: 7, messages: [expect.stringMatching(/^Lifecycle Stage: "Churned" is not in connectors\.hubspot\.stages \(subscriber, lead, .*\): add it to keepwarm\.config\.json/)] },
        { line: 8, messages: ['Annual Revenue: expected a plain number like 1200 or 1200.50, got "lots"'] },
      ]);
      const accounts = await t.db.account.findMany({ orderBy: { name: "asc" }, include: { owner: true } });
      expect(accounts.map((a) => [a.name, a.stage, a.annualValue, a.owner?.email ?? null])).toEqual([
        ["Acme Corp", "onboarding", 120000, "rita@example.com"],
        ["Globex", "consideration", null, "rita@example.com"],
        ["Initech", "consideration", 5000.5, null],
      ]);
      expect(await linksOf(t.db, "hubspot")).toEqual({ "Acme Corp": "9001", Globex: "9002", Initech: "9003" });
    });

    it("translates through the configured map; --map and --set override the preset field by field", async () => {
      const maps = connectorsSchema.parse({ hubspot: { stages: { churned: "exit", other: "awareness" } } });
      const report = await mapped("accounts", EXPORT, t.db, { preset: "hubspot", map: ["owner="], set: ["segment=hubspot"] }, maps);
      expect(report).toMatchObject({ created: 6, failed: 1, skipped: [], errors: [{ line: 8, messages: [expect.stringMatching(/^Annual Revenue: /)] }] });
      expect(report.ignoredColumns).toContain("Company owner"); // `owner=`: not read
      expect(await accountByName(t.db, "Soylent")).toMatchObject({ stage: "exit", segment: "hubspot", ownerId: null });
      expect(await accountByName(t.db, "Umbrella")).toMatchObject({ stage: "awareness" });
      expect(await accountByName(t.db, "Hooli")).toMatchObject({ ownerId: null });
      expect(await t.db.person.count()).toBe(0);

      // A set value is ours: no translation, nothing skipped for its stage.
      const set = await mapped("accounts", lines('"Company name","Lifecycle Stage"', '"Cyberdyne","Other"'), t.db, { preset: "hubspot", set: ["stage=retention"] });
      expect(set).toMatchObject({ created: 1, skipped: [], ignoredColumns: ["Lifecycle Stage"] });
      expect(await accountByName(t.db, "Cyberdyne")).toMatchObject({ stage: "retention" });
    });

    it("needs the company's name", async () => {
      const err = await refusal(mapped("accounts", lines('"Record ID","Name"', '"1","Acme"'), t.db, { preset: "hubspot" }));
      expect(err.hints[0]).toBe("--preset hubspot: the file has no column 'Company name' for name: is it HubSpot's companies export?");
    });
  });

  describe("salesforce: Account and Task exports", () => {
    const ACCOUNTS = lines(
      "Id,Name,OwnerId,Owner.Email,Type,AnnualRevenue,BillingCity",
      "001A000001AbCdEFGH,Acme Corp,005A0000000aaaAAA,rita@example.com,Customer - Direct,120000.0,New York",
      "001A000001XyZzYQAA,Globex,005A0000000aaaAAA,,prospect,,Berlin",
      "001A000001PartnrQA,Partner Co,005A0000000aaaAAA,,Technology Partner,,",
    );
    const TASKS = lines(
      "Id,WhoId,WhatId,AccountId,Subject,ActivityDate,Status,Type,TaskSubtype,OwnerId,CompletedDateTime",
      "00T000000000001AAA,003A,006A00000000001,001A000001AbCdE,Discovery call,2026-11-20,Completed,Call,Call,005A,",
      "00T000000000002AAA,003A,001A000001XyZzYQAA,,Sent the deck,,Completed,Email,Email,005A,2026-11-21T09:30:00.000+0000",
      "00T000000000003AAA,003A,001A000001XyZzYQAA,,Follow up,2026-11-30,Not Started,Call,Call,005A,",
      "00T000000000004AAA,003A,001A000001XyZzYQAA,,Internal prep,2026-11-19,Completed,Other,Task,005A,",
      "00T000000000005AAA,003A,001A000001XyZzYQAA,,Logged call,2026-11-18,Completed,,Call,005A,",
      "00T000000000006AAA,003A,006A00000000002,,Opportunity review,2026-11-17,Completed,Meeting,Task,005A,",
      "00T000000000007AAA,003A,,001A00000UNKNOWN,Call,2026-11-16,Completed,Call,Call,005A,",
      "00T000000000008AAA,003A,,001A000001AbCdE,Undated,,Completed,Meeting,Task,005A,",
    );

    it("imports accounts linked by their 15-character id, the owner by Owner.Email, Type through accountTypes", async () => {
      const report = await mapped("accounts", ACCOUNTS, t.db, { preset: "salesforce" });
      expect(report).toMatchObject({ created: 2, failed: 0, skipped: [{ reason: "Type is Technology Partner (not tracked)", rows: 1 }], ignoredColumns: ["OwnerId", "BillingCity"] });
      expect(await linksOf(t.db, "salesforce")).toEqual({ "Acme Corp": "001A000001AbCdE", Globex: "001A000001XyZzY" });
      const acme = await t.db.account.findFirstOrThrow({ where: { name: "Acme Corp" }, include: { owner: true } });
      expect(acme).toMatchObject({ stage: "retention", annualValue: 120000, owner: { email: "rita@example.com", role: "rep" } });
      expect(await accountByName(t.db, "Globex")).toMatchObject({ stage: "awareness" }); // "prospect": the map's Prospect, ignoring case
    });

    it("imports completed tasks as touchpoints on the linked account, once, keyed as the connector keys them", async () => {
      await mapped("accounts", ACCOUNTS, t.db, { preset: "salesforce" });
      const report = await mapped("touchpoints", TASKS, t.db, { preset: "salesforce" });

      expect(report).toMatchObject({ total: 8, created: 3, failed: 3, ignoredColumns: ["WhoId", "OwnerId"] });
      expect(report.skipped).toEqual([
        { reason: "Status is Not Started (not completed)", rows: 1 },
        { reason: "TaskSubtype is Task (not a touchpoint)", rows: 1 },
      ]);
      expect(report.errors).toEqual([
        { line: 7, messages: ["WhatId: 006A00000000002 is not an account, and the task's AccountId is empty"] },
        { line: 8, messages: [expect.stringMatching(/^AccountId or WhatId: no account is linked to salesforce id 001A00000UNKNOWN: import the accounts first/)] },
        { line: 9, messages: ["CompletedDateTime or ActivityDate: required"] },
      ]);
      const touches = await t.db.touchpoint.findMany({ orderBy: { occurredAt: "asc" }, include: { account: true } });
      expect(touches.map((x) => [x.account.name, x.kind, x.occurredAt.toISOString(), x.summary, x.idempotencyKey])).toEqual([
        // A bare ActivityDate is noon in the account's time zone (the import's default here: Europe/Berlin).
        ["Globex", "call", "2026-11-18T11:00:00.000Z", "Logged call", "salesforce:task:00T000000000005"], // no Type: the TaskSubtype's
        ["Acme Corp", "call", "2026-11-20T11:00:00.000Z", "Discovery call", "salesforce:task:00T000000000001"],
        ["Globex", "email", "2026-11-21T09:30:00.000Z", "Sent the deck", "salesforce:task:00T000000000002"],
      ]);

      const again = await mapped("touchpoints", TASKS, t.db, { preset: "salesforce" });
      expect(again).toMatchObject({ created: 0, duplicates: 3 });
      // --set kind replaces the Type's translation: every completed task is then a touchpoint of that kind.
      const meetings = await mapped("touchpoints", TASKS, t.db, { preset: "salesforce", set: ["kind=meeting"] });
      expect(meetings).toMatchObject({ created: 1, duplicates: 3 });
    });
  });
});
