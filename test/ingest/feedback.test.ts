import { describe, expect, it } from "vitest";
import { RULE_NAMES } from "../../src/rules/index.js";
import type { Db } from "../../src/store/client.js";
import { createTestDb, DB_KINDS } from "../fixtures/db.js";
import { startApi } from "../fixtures/ingestApi.js";
import { perTest } from "../fixtures/perTest.js";
import { snapshotDb } from "../fixtures/snapshot.js";
import { accountByName, csv, lines, seedAccounts } from "./fixtures.js";

const ACME = { name: "Acme Corp", externalId: "crm-1", stage: "retention", timeZone: "Europe/Berlin" };
const GLOBEX = { name: "Globex", externalId: "crm-2", stage: "onboarding" };
const DETRACTOR_RULE = "detractorFeedback";

const feedbackColumns = async (db: Db, name: string) => {
  const a = await accountByName(db, name);
  return { feedbackId: a.feedbackId, feedbackAt: a.feedbackAt?.toISOString() ?? null, feedbackScore: a.feedbackScore, feedbackScale: a.feedbackScale, feedbackAskedAt: a.feedbackAskedAt?.toISOString() ?? null };
};

describe.each(DB_KINDS)("POST /api/v1/feedback on %s", (kind) => {
  const api = perTest(() => startApi(kind));
  const db = () => api.h.db;
  const seed = async () => expect((await api.call("accounts", { items: [ACME, GLOBEX] })).status).toBe(201);
  const post = (body: unknown) => api.call("feedback", body);

  it("records a batch, keeps the latest response by `at` whatever the arrival order, and creates the contact named", async () => {
    await seed();
    const r = await post({
      items: [
        { account: "Acme Corp", score: 9, at: "2026-11-20", contact: "Peter", comment: " great onboarding " },
        { accountExternalId: "crm-1", score: 3, at: "2026-11-10T09:00:00Z", contact: "peter" },
        { account: "Globex", scale: "csat", score: 2, at: "2026-11-21T08:00:00Z" },
      ],
    });
    expect(r.status).toBe(201);
    const acme = await accountByName(db(), "Acme Corp");
    expect(r.body.results).toEqual([
      { status: "created", id: expect.any(Number), accountId: acme.id },
      { status: "created", id: expect.any(Number), accountId: acme.id },
      { status: "created", id: expect.any(Number), accountId: expect.any(String) },
    ]);
    const [nine, three] = r.body.results.map((x: { id: number }) => x.id);
    expect(await db().feedback.findUniqueOrThrow({ where: { id: nine } })).toMatchObject({ scale: "nps", score: 9, comment: "great onboarding", contactName: "Peter", source: "api" });
    expect(await db().feedback.findUniqueOrThrow({ where: { id: three } })).toMatchObject({ score: 3, contactName: "peter" });
    expect(await feedbackColumns(db(), "Acme Corp")).toEqual({
      feedbackId: nine, feedbackAt: "2026-11-20T11:00:00.000Z", feedbackScore: 9, feedbackScale: "nps", feedbackAskedAt: "2026-11-20T11:00:00.000Z", // noon in Berlin
    });
    expect(await feedbackColumns(db(), "Globex")).toMatchObject({ feedbackScore: 2, feedbackScale: "csat" });
    expect(await db().contact.findMany({ select: { accountId: true, name: true, role: true, source: true } })).toEqual([{ accountId: acme.id, name: "Peter", role: "other", source: "api" }]);

    // Older feedback arriving later changes nothing; a newer ask moves only feedbackAskedAt.
    expect((await post({ account: "Acme Corp", score: 2, at: "2026-11-05" })).status).toBe(201);
    expect((await post({ account: "Acme Corp", score: null, at: "2026-11-24T10:00:00Z" })).status).toBe(201);
    expect(await feedbackColumns(db(), "Acme Corp")).toEqual({
      feedbackId: nine, feedbackAt: "2026-11-20T11:00:00.000Z", feedbackScore: 9, feedbackScale: "nps", feedbackAskedAt: "2026-11-24T10:00:00.000Z",
    });
  });

  it("records an ask (no score) at now by default", async () => {
    await seed();
    const r = await post({ account: "Globex", contact: "Joanna" });
    expect(r.status).toBe(201);
    expect(await db().feedback.findFirstOrThrow()).toMatchObject({ score: null, scale: "nps", contactName: "Joanna" });
    expect(await feedbackColumns(db(), "Globex")).toEqual({ feedbackId: null, feedbackAt: null, feedbackScore: null, feedbackScale: null, feedbackAskedAt: api.h.clock.now.toISOString() });
  });

  it("reports a replayed idempotencyKey as a duplicate, in a batch and across requests, and records it once", async () => {
    await seed();
    const item = { account: "Acme Corp", score: 6, at: "2026-11-20", idempotencyKey: "survey-77" };
    const first = await post({ items: [item, item, { ...item, score: 7, idempotencyKey: null }] });
    const again = await post(item);
    expect(first.body.results.map((x: { status: string }) => x.status)).toEqual(["created", "duplicate", "created"]);
    expect(first.body.results[1].id).toBe(first.body.results[0].id);
    expect(first.body.results[2].id).not.toBe(first.body.results[0].id);
    expect(again.status).toBe(200);
    expect(again.body.results).toEqual([{ ...first.body.results[0], status: "duplicate" }]);
    expect(await db().feedback.count()).toBe(2);
    const scores = await db().feedback.findMany({ orderBy: { id: "asc" }, select: { id: true, score: true } });
    expect(scores).toEqual([{ id: first.body.results[0].id, score: 6 }, { id: first.body.results[2].id, score: 7 }]);
  });

  describe("refusals store nothing", () => {
    const refused = async (body: unknown) => {
      await seed();
      const before = await snapshotDb(db());
      const r = await post(body);
      expect(await snapshotDb(db())).toEqual(before);
      return r;
    };

    it("answers 400 with every zod issue", async () => {
      const r = await refused({ items: [{ account: "Acme Corp", score: 4 }, { account: "Acme Corp", scale: "stars", score: "4", comennt: "typo", at: "yesterday" }] });
      expect(r.status).toBe(400);
      expect(r.body.error).toBe("invalid_payload");
      expect(r.body.issues).toEqual(
        expect.arrayContaining([
          { path: [1, "scale"], message: "expected one of nps, csat" },
          { path: [1, "score"], message: "expected a number, got string" },
          { path: [1, "at"], message: expect.stringContaining("expected an ISO date-time with a time zone") },
          { path: [1, "comennt"], message: "unknown field — did you mean comment?" },
        ]),
      );
      expect(r.body.issues).toHaveLength(4);
    });

    it.each([
      ["an NPS score over 10", { score: 11 }, "a NPS score is a whole number from 0 to 10"],
      ["a CSAT score of 0", { score: 0, scale: "csat" }, "a CSAT score is a whole number from 1 to 5"],
      ["a fraction", { score: 4.5 }, "must be a whole number"],
    ])("answers 400 for %s", async (_what, patch, message) => {
      const r = await refused({ account: "Acme Corp", ...patch });
      expect(r.status).toBe(400);
      expect(r.body.issues).toEqual([{ path: ["score"], message }]);
    });

    it("answers 422 for an unknown account or a time in the future, naming the item", async () => {
      const unknown = await refused({ items: [{ account: "Acme Corp", score: 9 }, { account: "Globx", score: 9 }] });
      expect(unknown).toMatchObject({ status: 422, body: { error: "unknown_account", index: 1, hints: ['Did you mean "Globex"?'] } });
      const future = await post({ items: [{ account: "Acme Corp", score: 9, at: "2026-11-26" }] });
      expect(future).toMatchObject({ status: 422, body: { error: "invalid_argument", index: 0, message: "Feedback cannot be in the future." } });
      expect(await db().feedback.count()).toBe(0);
    });
  });

  it.skipIf(!RULE_NAMES.includes(DETRACTOR_RULE as never))("rescans the account: a detractor opens a nudge", async () => {
    await seed();
    await post({ account: "Acme Corp", score: 2, contact: "Peter" });
    const acme = await accountByName(db(), "Acme Corp");
    expect(await db().nudge.count({ where: { accountId: acme.id, rule: DETRACTOR_RULE } })).toBe(1);
  });

  it("is in the OpenAPI document", async () => {
    const doc = (await api.call("openapi.json")).body;
    expect(doc.paths["/feedback"].post).toMatchObject({ operationId: "recordFeedback" });
    expect(Object.keys(doc.components.schemas.FeedbackInput.properties)).toEqual(["account", "accountExternalId", "scale", "score", "comment", "contact", "at", "idempotencyKey"]);
  });
});

describe.each(DB_KINDS)("feedback CSV import on %s", (kind) => {
  const t = perTest(() => createTestDb(kind));
  const HEADER = "account,score,scale,comment,contact,date";

  it("imports scores and asks, dates at noon in the account's zone, and a re-import changes nothing", async () => {
    await seedAccounts(t.db);
    const file = lines(
      HEADER,
      "Acme Corp,9,,loves the new reports,Peter,2026-11-20",
      "Acme Corp,3,nps,,Peter,2026-11-10", // older, later in the file
      "Globex,,,,Joanna,2026-11-21", // asked, no answer yet
      'Initech,2,csat,"slow, and buggy",,2026-11-22',
    );
    const report = await csv("feedback", file, t.db);
    expect(report).toMatchObject({ kind: "feedback", total: 4, created: 4, duplicates: 0, failed: 0, errors: [] });
    expect(report.accountIds).toHaveLength(3);
    const acme = await accountByName(t.db, "Acme Corp");
    const nine = await t.db.feedback.findFirstOrThrow({ where: { accountId: acme.id, score: 9 } });
    expect(nine).toMatchObject({ scale: "nps", comment: "loves the new reports", contactName: "Peter", source: "csv", idempotencyKey: expect.stringMatching(/^csv:/) });
    expect(await feedbackColumns(t.db, "Acme Corp")).toEqual({
      feedbackId: nine.id, feedbackAt: "2026-11-20T17:00:00.000Z", feedbackScore: 9, feedbackScale: "nps", feedbackAskedAt: "2026-11-20T17:00:00.000Z", // noon in New York
    });
    expect(await feedbackColumns(t.db, "Globex")).toEqual({ feedbackId: null, feedbackAt: null, feedbackScore: null, feedbackScale: null, feedbackAskedAt: "2026-11-21T11:00:00.000Z" });
    expect(await feedbackColumns(t.db, "Initech")).toMatchObject({ feedbackScore: 2, feedbackScale: "csat" });
    expect((await t.db.contact.findMany({ orderBy: { name: "asc" }, select: { name: true, role: true, source: true } }))).toEqual([
      { name: "Joanna", role: "other", source: "csv" },
      { name: "Peter", role: "other", source: "csv" },
    ]);

    const before = await snapshotDb(t.db);
    expect(await csv("feedback", file, t.db)).toMatchObject({ total: 4, created: 0, duplicates: 4, failed: 0 });
    expect(await snapshotDb(t.db)).toEqual(before);
  });

  it("reports every bad row by its line and writes none of them", async () => {
    await seedAccounts(t.db);
    const report = await csv("feedback", lines(
      HEADER,
      "Acme Corp,11,,,,2026-11-20",
      "Acme Corp,lots,,,,2026-11-20",
      "Acme Corp,4,stars,,,2026-11-20",
      "Acme Crop,4,,,,2026-11-20",
      "Acme Corp,4,,,,2026-11-30",
      "Globex,8,,,,2026-11-20",
    ), t.db);
    expect(report).toMatchObject({ total: 6, created: 1, failed: 5 });
    expect(report.errors).toEqual([
      { line: 2, messages: ["score: a NPS score is a whole number from 0 to 10"] },
      { line: 3, messages: ['score: expected a plain number like 1200 or 1200.50, got "lots"'] },
      { line: 4, messages: ["scale: expected one of nps, csat"] },
      { line: 5, messages: ['No account matches "Acme Crop".', 'Did you mean "Acme Corp"?'] },
      { line: 6, messages: ["Feedback cannot be in the future.", expect.stringContaining("at is 2026-11-30")] },
    ]);
    expect(await t.db.feedback.count()).toBe(1);
    expect(await feedbackColumns(t.db, "Acme Corp")).toMatchObject({ feedbackId: null, feedbackAskedAt: null });
    expect(await t.db.contact.count()).toBe(0);
  });

  it("finds the account by account_external_id, and takes an idempotency_key", async () => {
    await seedAccounts(t.db);
    const file = lines("account_external_id,score,idempotency_key", "crm-2,10,typeform-1", "crm-2,10,typeform-1");
    expect(await csv("feedback", file, t.db)).toMatchObject({ created: 1, duplicates: 1, failed: 0 });
    expect(await t.db.feedback.findFirstOrThrow()).toMatchObject({ score: 10, idempotencyKey: "typeform-1" });
    expect(await feedbackColumns(t.db, "Globex")).toMatchObject({ feedbackScore: 10 });
  });
});
