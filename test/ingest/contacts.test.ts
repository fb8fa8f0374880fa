// Contacts through the ingestion API (POST /contacts; contactRole on a touchpoint) and the CSV import.
import { beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../src/store/client.js";
import { createTestDb, DB_KINDS } from "../fixtures/db.js";
import { startApi } from "../fixtures/ingestApi.js";
import { perTest } from "../fixtures/perTest.js";
import { snapshotDb } from "../fixtures/snapshot.js";
import { csv, lines, seedAccounts } from "./fixtures.js";

const contactsIn = (db: Db) =>
  db.contact.findMany({ orderBy: [{ account: { name: "asc" } }, { name: "asc" }], select: { account: { select: { name: true } }, name: true, role: true, email: true, title: true, phone: true, source: true } });

describe.each(DB_KINDS)("contacts through the API on %s", (kind) => {
  const api = perTest(() => startApi(kind));
  const db = () => api.h.db;
  beforeEach(async () => {
    const r = await api.call("accounts", { items: [{ name: "Acme Corp", externalId: "crm-1" }, { name: "Globex", externalId: "crm-2" }] });
    expect(r.status).toBe(201);
  });

  it("creates a batch, then updates by name (ignoring case) only the fields given, without doubling", async () => {
    const first = await api.call("contacts", {
      items: [
        { account: "Acme Corp", name: "Peter Gibbons", role: "champion", email: "peter@acme.example", title: "VP Engineering" },
        { accountExternalId: "crm-2", name: "Bill Lumbergh", role: "decision-maker", phone: "+1 555 0100" },
      ],
    });
    expect(first.status).toBe(201);
    expect(first.body.results).toEqual([
      { status: "created", id: expect.any(String), accountId: expect.any(String) },
      { status: "created", id: expect.any(String), accountId: expect.any(String) },
    ]);

    const again = await api.call("contacts", { items: [{ account: "Acme Corp", name: "peter gibbons", role: "dm", title: null }, { account: "Acme Corp", name: "Samir" }] });
    expect(again.status).toBe(201);
    expect(again.body.results.map((r: { status: string }) => r.status)).toEqual(["updated", "created"]);
    expect(again.body.results[0].id).toBe(first.body.results[0].id);
    expect(await contactsIn(db())).toEqual([
      { account: { name: "Acme Corp" }, name: "Peter Gibbons", role: "decision_maker", email: "peter@acme.example", title: null, phone: null, source: "api" },
      { account: { name: "Acme Corp" }, name: "Samir", role: "other", email: null, title: null, phone: null, source: "api" },
      { account: { name: "Globex" }, name: "Bill Lumbergh", role: "decision_maker", email: null, title: null, phone: "+1 555 0100", source: "api" },
    ]);
    const update = await api.call("contacts", { account: "Globex", name: "Bill Lumbergh", title: "Division VP" });
    expect(update.status).toBe(200);
    expect(update.body.results).toEqual([{ status: "updated", id: expect.any(String), accountId: expect.any(String) }]);
    expect(await db().contact.count()).toBe(3);
  });

  it("answers 400 with every zod issue and stores nothing", async () => {
    const before = await snapshotDb(db());
    const r = await api.call("contacts", { items: [{ account: "Acme Corp", name: "Peter", role: "boss", email: "nope" }, { account: "Globex", titel: "CEO" }] });
    expect(r.status).toBe(400);
    expect(r.body).toEqual({
      error: "invalid_payload",
      issues: expect.arrayContaining([
        { path: [0, "role"], message: "expected one of champion, decision_maker, user, other" },
        { path: [0, "email"], message: "not an email address" },
        { path: [1, "name"], message: expect.any(String) },
        { path: [1, "titel"], message: "unknown field — did you mean title?" },
      ]),
    });
    expect(r.body.issues).toHaveLength(4);
    expect(await snapshotDb(db())).toEqual(before);
  });

  it("answers 422 for an unknown account in a batch, and stores none of it", async () => {
    const before = await snapshotDb(db());
    const r = await api.call("contacts", { items: [{ account: "Acme Corp", name: "Peter" }, { account: "Globx", name: "Bill" }] });
    expect(r.status).toBe(422);
    expect(r.body).toMatchObject({ error: "unknown_account", index: 1 });
    expect(await snapshotDb(db())).toEqual(before);
  });

  it("a touchpoint's contactRole saves its contact with that role", async () => {
    const r = await api.call("touchpoints", {
      items: [
        { account: "Acme Corp", kind: "call", occurredAt: "2026-11-20", contact: "Peter Gibbons", contactRole: "champion" },
        { account: "Acme Corp", kind: "email", occurredAt: "2026-11-21", contact: "peter gibbons" },
      ],
    });
    expect(r.status).toBe(201);
    expect(await contactsIn(db())).toMatchObject([{ name: "Peter Gibbons", role: "champion" }]);

    const bad = await api.call("touchpoints", { account: "Acme Corp", kind: "call", occurredAt: "2026-11-20", contactRole: "fan" });
    expect(bad.status).toBe(400);
    expect(bad.body.issues).toEqual([{ path: ["contactRole"], message: "expected one of champion, decision_maker, user, other" }]);
  });
});

describe.each(DB_KINDS)("contacts through the CSV import on %s", (kind) => {
  const t = perTest(() => createTestDb(kind));
  beforeEach(async () => seedAccounts(t.db));

  it("imports contacts, reports each bad row by its line and writes nothing of it, and a re-import does not double", async () => {
    const file = lines(
      "account,account_external_id,name,role,email,title,phone",
      "Acme Corp,,Peter Gibbons,champion,peter@acme.example,VP Engineering,",
      ",crm-2,Bill Lumbergh,decision maker,,,+1 555 0100",
      "Acme Corp,,Milton,boss,milton-at-acme,,",
      "Acme Crop,,Samir,user,,,",
      "Initech,,,user,,,",
      "Initech,,Michael Bolton,,,,",
    );
    const first = await csv("contacts", file, t.db);
    expect(first).toMatchObject({ kind: "contacts", total: 6, created: 3, updated: 0, failed: 3 });
    expect(first.errors).toEqual([
      { line: 4, messages: ["role: expected one of champion, decision_maker, user, other", "email: not an email address"] },
      { line: 5, messages: [expect.stringContaining('No account matches "Acme Crop"'), expect.any(String)] },
      { line: 6, messages: ["name: required"] },
    ]);
    expect(await contactsIn(t.db)).toEqual([
      { account: { name: "Acme Corp" }, name: "Peter Gibbons", role: "champion", email: "peter@acme.example", title: "VP Engineering", phone: null, source: "csv" },
      { account: { name: "Globex" }, name: "Bill Lumbergh", role: "decision_maker", email: null, title: null, phone: "+1 555 0100", source: "csv" },
      { account: { name: "Initech" }, name: "Michael Bolton", role: "other", email: null, title: null, phone: null, source: "csv" },
    ]);

    const again = await csv("contacts", file, t.db);
    expect(again).toMatchObject({ created: 0, updated: 3, failed: 3 });
    expect(await t.db.contact.count()).toBe(3);
  });

  it("a touchpoint row's contact_role saves its contact with that role", async () => {
    const report = await csv("touchpoints", lines(
      "account,kind,occurred_at,contact,contact_role",
      "Acme Corp,call,2026-11-20,Peter Gibbons,champion",
      "Globex,call,2026-11-20,Bill,fan",
    ), t.db);
    expect(report).toMatchObject({ created: 1, failed: 1, errors: [{ line: 3, messages: ["contact_role: expected one of champion, decision_maker, user, other"] }] });
    expect(await contactsIn(t.db)).toMatchObject([{ account: { name: "Acme Corp" }, name: "Peter Gibbons", role: "champion" }]);
  });
});
