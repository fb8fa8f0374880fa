import { createReadStream, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeEach, describe, expect, it } from "vitest";
import { isAppError } from "../../src/domain/errors.js";
import { importCsv } from "../../src/ingest/csv.js";
import { createTestDb, DB_KINDS } from "../fixtures/db.js";
import { perTest } from "../fixtures/perTest.js";
import { snapshotDb } from "../fixtures/snapshot.js";
import { accountByName, ACCOUNTS_CSV, csv, lines, NOW, OPTIONS, seedAccounts } from "./fixtures.js";

const TOUCH_HEADER = "account,account_external_id,kind,occurred_at,summary,by,contact,idempotency_key";

/** The error importCsv rejected with, for assertions on its message and hints. */
async function rejection(promise: Promise<unknown>): Promise<{ code: string; message: string; hints: string[] }> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  if (!isAppError(err)) throw new Error(`expected an AppError, got ${String(err)}`);
  return { code: err.code, message: err.message, hints: err.hints };
}

describe.each(DB_KINDS)("CSV import on %s", (kind) => {
  const t = perTest(() => createTestDb(kind));

  describe("accounts", () => {
    it("creates each row with its typed columns, and a re-import updates instead of doubling", async () => {
      const first = await csv("accounts", ACCOUNTS_CSV, t.db);
      expect(first).toMatchObject({ kind: "accounts", total: 3, created: 3, updated: 0, duplicates: 0, failed: 0, errors: [] });
      expect(first.accountIds).toHaveLength(3);
      const acme = await t.db.account.findFirstOrThrow({ where: { name: "Acme Corp" }, include: { owner: true } });
      expect(acme).toMatchObject({
        externalId: "crm-1", segment: "enterprise", stage: "retention", renewalDate: "2027-03-31", annualValue: 120000,
        timeZone: "America/New_York", cadenceDueDays: 14, cadenceOverdueDays: 21, owner: { email: "rita@example.com", name: "Rita Rep" },
      });
      expect(acme.stageSince.toISOString()).toBe("2026-01-15T12:00:00.000Z");
      expect(await accountByName(t.db, "Globex")).toMatchObject({ stage: "onboarding", timeZone: "Europe/Berlin", ownerId: null, segment: null });
      expect(await accountByName(t.db, "Initech")).toMatchObject({ stage: "awareness", annualValue: 5000.5, externalId: null });

      const again = await csv("accounts", ACCOUNTS_CSV, t.db);
      expect(again).toMatchObject({ total: 3, created: 0, updated: 3, failed: 0 });
      expect((await snapshotDb(t.db)).counts).toMatchObject({ accounts: 3, people: 1, stageChanges: 3 });
    });

    it("rejects a bad row whole: no owner is created for an account that was not", async () => {
      const report = await csv("accounts", lines(
        "name,owner_email,time_zone,annual_value,stage",
        "Hooli,gavin@hooli.example,Mars/Olympus,,",
        "Pied Piper,richard@pp.example,,lots,",
        "Umbrella,,,,zombie",
        "Soylent,,,,",
      ), t.db);
      expect(report).toMatchObject({ total: 4, created: 1, failed: 3 });
      expect(report.errors).toEqual([
        { line: 2, messages: ["time_zone: unknown IANA time zone"] },
        { line: 3, messages: ['annual_value: expected a plain number like 1200 or 1200.50, got "lots"'] },
        { line: 4, messages: [expect.stringMatching(/^stage: /)] },
      ]);
      expect((await snapshotDb(t.db)).counts).toMatchObject({ accounts: 1, people: 0 });
    });
  });

  describe("touchpoints", () => {
    beforeEach(async () => seedAccounts(t.db));

    it("keeps the valid rows and reports each bad one with its line and reason", async () => {
      const report = await csv("touchpoints", lines(
        TOUCH_HEADER,
        "Acme Corp,,call,2026-11-20,QBR prep,rita@example.com,Wile E.,",
        "Acme Crop,,call,2026-11-20,,,,",
        "Globex,,fax,2026-11-20,,,,",
        "Globex,,call,2026-13-01,,,,",
        ",crm-2,email,2026-11-21T09:00:00Z,Sent the deck,,,",
        "Globex,,call,,,,,",
        "",
        "Globex,crm-2,call,2026-11-20,,,,",
        "Initech,,call,2026-12-01,,,,",
        'Initech,,meeting,2026-11-22,"Lunch, then',
        'a walk",,,',
        "Acme Corp,,call,2026-11-20,too,many,cells,k,extra",
        ",crm-404,call,2026-11-20,,,,",
        ",,,,,,,",
      ), t.db);

      expect(report.errors).toEqual([
        { line: 3, messages: ['No account matches "Acme Crop".', 'Did you mean "Acme Corp"?'] },
        { line: 4, messages: ["kind: expected one of call, email, meeting, message, note, qbr, other"] },
        { line: 5, messages: ["occurred_at: not a real calendar date"] },
        { line: 7, messages: ["occurred_at: required"] },
        { line: 9, messages: ["account_external_id: give exactly one of account (the name) or account_external_id"] },
        { line: 10, messages: ["A touchpoint cannot be in the future.", expect.stringMatching(/^occurred_at is 2026-12-01T11:00:00.000Z, but it is now/)] },
        { line: 13, messages: ['9 cells, but the header has 8 columns (a comma in a value needs "quotes")'] },
        { line: 14, messages: ['No account has the external id "crm-404".', expect.stringContaining("accounts CSV")] },
      ]);
      expect(report).toMatchObject({ total: 11, created: 3, updated: 0, duplicates: 0, failed: 8 }); // the blank ",,,," row is not a row

      const touches = await t.db.touchpoint.findMany({ orderBy: { occurredAt: "asc" }, include: { account: true } });
      expect(touches.map((x) => [x.account.name, x.kind, x.occurredAt.toISOString(), x.summary, x.source])).toEqual([
        ["Acme Corp", "call", "2026-11-20T17:00:00.000Z", "QBR prep", "csv"], // noon in New York
        ["Globex", "email", "2026-11-21T09:00:00.000Z", "Sent the deck", "csv"],
        ["Initech", "meeting", "2026-11-22T11:00:00.000Z", "Lunch, then\na walk", "csv"], // noon in Berlin
      ]);
      expect(touches[0]).toMatchObject({ contactName: "Wile E.", byName: "Rita Rep", byPersonId: expect.any(String) });
      expect((await accountByName(t.db, "Globex")).lastCustomerTouchAt?.toISOString()).toBe("2026-11-21T09:00:00.000Z");
      expect(report.accountIds.sort()).toEqual([(await accountByName(t.db, "Acme Corp")).id, (await accountByName(t.db, "Globex")).id, (await accountByName(t.db, "Initech")).id].sort());
    });

    it("reads a direction column (empty: by kind) and rejects a direction the kind contradicts, by line", async () => {
      const report = await csv("touchpoints", lines(
        "account,kind,direction,occurred_at",
        "Acme Corp,email,inbound,2026-11-20",
        "Acme Corp,call,,2026-11-20",
        "Acme Corp,note,,2026-11-20",
        "Acme Corp,note,outbound,2026-11-20",
        "Acme Corp,call,upward,2026-11-20",
      ), t.db);
      expect(report.errors).toEqual([
        { line: 5, messages: [expect.stringMatching(/^direction: a note is internal/)] },
        { line: 6, messages: ["direction: expected one of inbound, outbound, internal"] },
      ]);
      expect((await t.db.touchpoint.findMany({ orderBy: { kind: "asc" } })).map((x) => [x.kind, x.direction])).toEqual([["call", "outbound"], ["email", "inbound"], ["note", "internal"]]);
    });

    it("re-importing the same file records nothing twice, with or without idempotency keys", async () => {
      const file = lines(
        TOUCH_HEADER,
        "Acme Corp,,call,2026-11-20,,,,",
        "Acme Corp,,call,2026-11-20,,sam@example.com,,", // another rep's call the same day is another touchpoint
        "Acme Corp,,call,2026-11-20T10:00:00Z,,,,",
        "Globex,,email,2026-11-19,Pricing,,,hubspot-1",
        "Globex,,email,2026-11-19,Pricing (edited),,,hubspot-1",
      );
      const first = await csv("touchpoints", file, t.db);
      expect(first).toMatchObject({ total: 5, created: 4, duplicates: 1, failed: 0 });
      const second = await csv("touchpoints", file, t.db);
      expect(second).toMatchObject({ total: 5, created: 0, duplicates: 5, failed: 0, accountIds: [] });
      const sameMomentOtherOffset = await csv("touchpoints", lines(TOUCH_HEADER, "Acme Corp,,call,2026-11-20T11:00:00+01:00,,,,"), t.db);
      expect(sameMomentOtherOffset).toMatchObject({ created: 0, duplicates: 1 });
      expect(await t.db.touchpoint.count()).toBe(4);
    });

    it("reads headers case- and space-insensitively, with a BOM and CRLF line ends", async () => {
      const text = "\uFEFF Account , Kind ,Occurred-At\r\nAcme Corp,Call,2026-11-20\r\nGlobex,email,2026-11-20\r\n";
      const report = await csv("touchpoints", text, t.db);
      // kinds are matched exactly: "Call" is reported, not guessed
      expect(report.errors).toEqual([{ line: 2, messages: ["kind: expected one of call, email, meeting, message, note, qbr, other"] }]);
      expect(report.created).toBe(1);
    });

    it.each([
      ["an unclosed quote", 'Globex,,call,2026-11-20,"unclosed,,,', "Quote Not Closed"],
      ["text after a closing quote", 'Globex,,call,2026-11-20,"closed"text,,,', "Invalid Closing Quote"],
    ])("stops at a broken quote (%s), keeping the rows before it and saying where", async (_what, broken, reason) => {
      const report = await csv("touchpoints", lines(TOUCH_HEADER, "Acme Corp,,call,2026-11-20,,,,", "", "Initech,,call,2026-11-20,,,,", broken, "Initech,,email,2026-11-21,,,,"), t.db);
      expect(report).toMatchObject({ total: 2, created: 2, failed: 1 });
      expect(report.errors).toEqual([{ line: 5, messages: [expect.stringMatching(new RegExp(`^The CSV is malformed here \\(${reason}.*\\); this row and the rest of the file were not read\\.$`))] }]);
      expect(report.errors[0].messages[0]).not.toMatch(/at line/);
      expect(await t.db.touchpoint.count()).toBe(2);
    });

    it("rejects a file whose header is malformed", async () => {
      const err = await rejection(csv("touchpoints", lines('account,"kind,occurred_at', "Acme Corp,call,2026-11-20"), t.db));
      expect(err.message).toMatch(/^The touchpoints file is malformed at line 1 \(Quote Not Closed/);
      expect(await t.db.touchpoint.count()).toBe(0);
    });

    it.each([
      ["an unknown column", "account,kind,occurred_at,summmary", "unknown column 'summmary' — did you mean summary?"],
      ["a misspelt required column", "acount,kind,occurred_at", "unknown column 'acount' — did you mean account?"],
      ["a missing column", "account,occurred_at,summary", "missing required column 'kind'"],
      ["no account column", "kind,occurred_at", "missing required column 'account' or 'account_external_id'"],
      ["a repeated column", "account,kind,Kind,occurred_at", "column 'kind' appears twice in the header"],
      ["a column of another kind", "name,kind,occurred_at", "unknown column 'name'"],
    ])("rejects the whole file for %s, naming the column, before writing any row", async (_what, header, message) => {
      const before = await snapshotDb(t.db);
      const err = await rejection(csv("touchpoints", lines(header, "Acme Corp,call,2026-11-20,x"), t.db));
      expect(err.code).toBe("invalid_argument");
      expect(err.message).toBe(message);
      expect(err.hints[0]).toMatch(/^Columns for touchpoints: account, account_external_id, kind, direction, occurred_at, .* \(required: account or account_external_id; kind; occurred_at\)\.$/);
      expect(await snapshotDb(t.db)).toEqual(before);
    });

    it("rejects an empty file", async () => {
      const err = await rejection(csv("touchpoints", "", t.db));
      expect(err.message).toBe("The touchpoints file is empty: it needs a header row naming its columns.");
    });

    it("imports 5,000 rows, reporting progress every 100 rows", async () => {
      const accounts = ["Acme Corp", "Globex", "Initech"];
      const kinds = ["call", "email", "meeting", "note"];
      const start = Date.parse("2026-01-01T08:00:00Z");
      const rows = Array.from({ length: 5000 }, (_, i) => {
        const at = new Date(start + i * 3_600_000).toISOString();
        return `${accounts[i % 3]},,${kinds[i % 4]},${at},Row ${i},,,`;
      });
      rows[4321] = "Nobody Inc,,call,2026-11-20,,,,";
      const calls: [number, number | null][] = [];
      const report = await csv("touchpoints", lines(TOUCH_HEADER, ...rows), t.db, { onProgress: (done, total) => calls.push([done, total]) });

      expect(report).toMatchObject({ total: 5000, created: 4999, failed: 1, errors: [{ line: 4323, messages: ['No account matches "Nobody Inc".', expect.any(String)] }] });
      expect(calls).toEqual(Array.from({ length: 50 }, (_, i) => [(i + 1) * 100, 5000]));
      expect(await t.db.touchpoint.count()).toBe(4999);
      // The latest customer-facing touch wins, whatever the order of rows.
      const latest = await t.db.touchpoint.findFirstOrThrow({ where: { account: { name: "Initech" }, kind: { not: "note" } }, orderBy: { occurredAt: "desc" } });
      expect((await accountByName(t.db, "Initech")).lastCustomerTouchAt).toEqual(latest.occurredAt);
    });

    it("reads a file as a stream (progress without a total)", async () => {
      const dir = mkdtempSync(path.join(tmpdir(), "keepwarm-csv-"));
      try {
        const file = path.join(dir, "touchpoints.csv");
        writeFileSync(file, lines(TOUCH_HEADER, ...Array.from({ length: 150 }, (_, i) => `Globex,,call,2026-11-${String(1 + (i % 24)).padStart(2, "0")},Call ${i},,,`)));
        const calls: [number, number | null][] = [];
        const report = await importCsv(t.db, "touchpoints", createReadStream(file), { ...OPTIONS, onProgress: (done, total) => calls.push([done, total]) });
        expect(report).toMatchObject({ total: 150, created: 150, failed: 0 });
        expect(calls).toEqual([[100, null], [150, null]]);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe("complaints", () => {
    beforeEach(async () => seedAccounts(t.db));

    it("opens complaints, records answers, and a re-import changes nothing", async () => {
      const file = lines(
        "account,account_external_id,severity,summary,opened_at,external_id,first_response_at,resolved_at",
        "Acme Corp,,high,Invoices are wrong,2026-11-24T09:00:00Z,zd-1,2026-11-24T10:00:00Z,",
        ",crm-2,,Slow support,2026-11-23,,,",
        "Initech,,urgent,Down,2026-11-23,,,",
        "Initech,,low,,2026-11-23,,,",
        "Initech,,low,Late reply,2026-11-23T09:00:00Z,,2026-11-22T09:00:00Z,",
        "Globex,,low,Resolved quickly,2026-11-20,zd-2,,2026-11-21",
      );
      const first = await csv("complaints", file, t.db);
      expect(first.errors).toEqual([
        { line: 4, messages: ["severity: expected one of low, medium, high, critical"] },
        { line: 5, messages: ["summary: required"] },
        { line: 6, messages: ["first_response_at (2026-11-22T09:00:00.000Z) is before opened_at (2026-11-23T09:00:00.000Z)."] },
      ]);
      expect(first).toMatchObject({ total: 6, created: 3, failed: 3 });
      const rows = await t.db.complaint.findMany({ orderBy: { id: "asc" }, include: { account: true } });
      expect(rows.map((c) => [c.account.name, c.severity, c.summary, c.source, c.firstResponseAt?.toISOString() ?? null, c.resolvedAt?.toISOString() ?? null])).toEqual([
        ["Acme Corp", "high", "Invoices are wrong", "csv", "2026-11-24T10:00:00.000Z", null],
        ["Globex", "medium", "Slow support", "csv", null, null],
        ["Globex", "low", "Resolved quickly", "csv", "2026-11-21T11:00:00.000Z", "2026-11-21T11:00:00.000Z"],
      ]);
      expect(rows[0].externalId).toBe("zd-1");
      expect(rows[1].externalId).toMatch(/^csv:/);
      expect(await t.db.touchpoint.count()).toBe(1); // the answer to zd-1 is contact with the customer
      expect(await t.db.complaint.count({ where: { account: { name: "Initech" } } })).toBe(0);

      const again = await csv("complaints", file, t.db);
      expect(again).toMatchObject({ created: 0, updated: 0, duplicates: 3, failed: 3 });
      expect((await snapshotDb(t.db)).counts).toMatchObject({ complaints: 3, touchpoints: 1 });
    });

    it("a later file with the ticket's first response updates the same complaint", async () => {
      const header = "account,summary,opened_at,external_id,first_response_at";
      await csv("complaints", lines(header, "Acme Corp,Invoices are wrong,2026-11-24T09:00:00Z,zd-1,"), t.db);
      const later = await csv("complaints", lines(header, "Acme Corp,Invoices are wrong,2026-11-24T09:00:00Z,zd-1,2026-11-25T08:00:00Z"), t.db);
      expect(later).toMatchObject({ created: 0, updated: 1 });
      const [row] = await t.db.complaint.findMany();
      expect(row.firstResponseAt?.toISOString()).toBe("2026-11-25T08:00:00.000Z");
    });
  });
});

describe("CSV import: the import clock", () => {
  const t = perTest(() => createTestDb("sqlite"));

  it("uses the given now for future checks, not the wall clock", async () => {
    await seedAccounts(t.db);
    const report = await csv("touchpoints", lines(TOUCH_HEADER, "Globex,,call,2026-11-25T15:04:00Z,,,,", "Globex,,call,2026-11-25T15:06:00Z,,,,"), t.db);
    expect(NOW.toISOString()).toBe("2026-11-25T15:00:00.000Z");
    expect(report).toMatchObject({ created: 1, failed: 1 }); // 4 minutes ahead is clock skew, 6 is the future
    expect(report.errors[0].line).toBe(3);
  });
});
