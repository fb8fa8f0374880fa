import { describe, expect, it } from "vitest";
import { DB_KINDS } from "../fixtures/db.js";
import { startApi, TOKEN } from "../fixtures/ingestApi.js";
import { perTest } from "../fixtures/perTest.js";
import { addAccount } from "../fixtures/seed.js";
import { snapshotDb } from "../fixtures/snapshot.js";

const ACME = { name: "Acme Corp", externalId: "crm-1", ownerEmail: "rita@example.com", ownerName: "Rita Rep", stage: "retention", timeZone: "Europe/Berlin" };
const GLOBEX = { name: "Globex", externalId: "crm-2", stage: "onboarding" };

describe.each(DB_KINDS)("ingestion API on %s", (kind) => {
  const api = perTest(() => startApi(kind));

  const db = () => api.h.db;
  const seed = async () => {
    const r = await api.call("accounts", { items: [ACME, GLOBEX] });
    expect(r.status).toBe(201);
  };
  /** A request on the seeded accounts that must be refused: every table is as it was before it. */
  const callWritingNothing = async (path: string, body: unknown) => {
    await seed();
    const before = await snapshotDb(db());
    const r = await api.call(path, body);
    expect(await snapshotDb(db())).toEqual(before);
    return r;
  };

  describe("authentication", () => {
    it.each([
      ["no Authorization header", { authorization: "" }],
      ["a wrong token", { authorization: "Bearer wrong" }],
      ["the token with a suffix", { authorization: `Bearer ${TOKEN}x` }],
      ["the token as Basic credentials", { authorization: `Basic ${TOKEN}` }],
      ["Bearer without a token", { authorization: "Bearer " }],
    ])("rejects %s with 401 and writes nothing", async (_what, headers) => {
      const r = await api.call("accounts", ACME, headers);
      expect(r.status).toBe(401);
      expect(r.body).toEqual({ error: "unauthorized" });
      expect(await db().account.count()).toBe(0);
    });

    it("accepts the right token (case-insensitive scheme)", async () => {
      const r = await api.call("accounts", ACME, { authorization: `bearer ${TOKEN}` });
      expect(r.status).toBe(201);
      expect(await db().account.count()).toBe(1);
    });

    it("checks the token before reading the body", async () => {
      const r = await api.call("accounts", "{not json", { authorization: "Bearer wrong" });
      expect(r.status).toBe(401);
    });
  });

  describe("payload validation", () => {
    it("answers 400 with every zod issue (path + message) and writes nothing", async () => {
      const r = await callWritingNothing("touchpoints", { account: "Acme Corp", kind: "fax", occurredAt: "last tuesday", summry: "typo" });
      expect(r.status).toBe(400);
      expect(r.body.error).toBe("invalid_payload");
      expect(r.body.issues).toEqual(
        expect.arrayContaining([
          { path: ["kind"], message: "expected one of call, email, meeting, message, note, qbr, other" },
          { path: ["occurredAt"], message: expect.stringContaining("expected an ISO date-time with a time zone") },
          { path: ["summry"], message: "unknown field — did you mean summary?" },
        ]),
      );
      expect(r.body.issues).toHaveLength(3);
    });

    it.each([
      ["a date-time without its zone", { occurredAt: "2026-11-20T10:00:00" }, ["occurredAt"], "add the time zone"],
      ["an impossible date", { occurredAt: "2026-02-30" }, ["occurredAt"], "not a real calendar date"],
      ["both account references", { accountExternalId: "crm-1" }, ["accountExternalId"], "give exactly one of account"],
      ["a number for text", { summary: 42 }, ["summary"], "expected text, got number"],
    ])("names the problem: %s", async (_what, patch, path, message) => {
      await seed();
      const r = await api.call("touchpoints", { account: "Acme Corp", kind: "call", occurredAt: "2026-11-20", ...patch });
      expect(r.status).toBe(400);
      expect(r.body.issues).toEqual([{ path, message: expect.stringContaining(message) }]);
      expect(await db().touchpoint.count()).toBe(0);
    });

    it("requires an account reference", async () => {
      await seed();
      const r = await api.call("touchpoints", { kind: "call", occurredAt: "2026-11-20" });
      expect(r.status).toBe(400);
      expect(r.body.issues).toEqual([{ path: ["account"], message: "give exactly one of account (the name) or accountExternalId" }]);
    });

    it("prefixes issues in a batch with the item's index, and writes none of the items", async () => {
      const r = await callWritingNothing("touchpoints", {
        items: [
          { account: "Acme Corp", kind: "call", occurredAt: "2026-11-20" },
          { account: "Globex", kind: "call" },
        ],
      });
      expect(r.status).toBe(400);
      expect(r.body.issues).toEqual([{ path: [1, "occurredAt"], message: "required" }]);
    });

    it.each([
      ["not JSON", "{oops", 400, "invalid_json"],
      ["a JSON array", "[]", 400, "invalid_payload"],
      ["an empty items list", JSON.stringify({ items: [] }), 400, "invalid_payload"],
      ["items that is not a list", JSON.stringify({ items: {} }), 400, "invalid_payload"],
      ["a field next to items", JSON.stringify({ items: [ACME], source: "crm" }), 400, "invalid_payload"],
      ["over 1000 items", JSON.stringify({ items: Array.from({ length: 1001 }, (_, i) => ({ name: `A${i}` })) }), 400, "invalid_payload"],
    ])("rejects %s", async (_what, body, status, error) => {
      const r = await api.call("accounts", body);
      expect(r.status).toBe(status);
      expect(r.body.error).toBe(error);
      expect(await db().account.count()).toBe(0);
    });

    it("rejects a body over 1 MB with 413", async () => {
      const r = await api.call("touchpoints", { account: "Acme Corp", kind: "call", occurredAt: "2026-11-20", summary: "x".repeat(1_100_000) });
      expect(r.status).toBe(413);
      expect(r.body.error).toBe("payload_too_large");
    });

    it("answers an unknown path or method with a JSON 404 naming the endpoints", async () => {
      const r = await api.call("calls", ACME);
      expect(r.status).toBe(404);
      expect(r.body).toEqual({ error: "not_found", message: expect.stringContaining("No POST /api/v1/calls. POST to accounts, touchpoints") });
      expect((await api.call("touchpoints")).status).toBe(404);
      expect((await api.call("calls", ACME, { authorization: "" })).status).toBe(401);
    });

    it("rejects a body sent without Content-Type: application/json", async () => {
      const r = await api.call("accounts", JSON.stringify(ACME), { "content-type": "text/plain" });
      expect(r.status).toBe(400);
      expect(r.body.issues[0].message).toContain("Content-Type: application/json");
      expect(await db().account.count()).toBe(0);
    });
  });

  describe("account references", () => {
    it("answers 422 with suggestions for an unknown account name, and writes nothing", async () => {
      const r = await callWritingNothing("touchpoints", { account: "Acme Crop", kind: "call", occurredAt: "2026-11-20" });
      expect(r.status).toBe(422);
      expect(r.body).toEqual({ error: "unknown_account", message: 'No account matches "Acme Crop".', hints: ['Did you mean "Acme Corp"?'] });
    });

    it("answers 422 for an unknown external id, saying how to fix it", async () => {
      await seed();
      const r = await api.call("complaints", { accountExternalId: "crm-404", summary: "Down" });
      expect(r.status).toBe(422);
      expect(r.body.error).toBe("unknown_account");
      expect(r.body.message).toBe('No account has the external id "crm-404".');
      expect(r.body.hints[0]).toContain("POST /api/v1/accounts");
      expect(await db().complaint.count()).toBe(0);
    });

    it("writes nothing when one item of a batch names an unknown account, and says which item", async () => {
      const r = await callWritingNothing("touchpoints", {
        items: [
          { account: "Acme Corp", kind: "call", occurredAt: "2026-11-20" },
          { accountExternalId: "crm-2", kind: "email", occurredAt: "2026-11-21T09:00:00Z" },
          { account: "Globx", kind: "call", occurredAt: "2026-11-22" },
        ],
      });
      expect(r.status).toBe(422);
      expect(r.body).toMatchObject({ error: "unknown_account", index: 2, hints: ['Did you mean "Globex"?'] });
      expect(await db().account.findMany({ select: { lastCustomerTouchAt: true } })).toEqual([{ lastCustomerTouchAt: null }, { lastCustomerTouchAt: null }]);
    });
  });

  describe("touchpoints", () => {
    it("records one, moves the last customer touch, and links the author by email", async () => {
      await seed();
      const r = await api.call("touchpoints", {
        accountExternalId: "crm-1", kind: "call", occurredAt: "2026-11-20T14:30:00+01:00", summary: " QBR prep ", by: "RITA@example.com", contact: "Wile E.",
      });
      expect(r.status).toBe(201);
      const acme = await db().account.findUniqueOrThrow({ where: { externalId: "crm-1" }, include: { owner: true } });
      expect(r.body.results).toEqual([{ status: "created", id: expect.any(String), accountId: acme.id }]);
      const tp = await db().touchpoint.findUniqueOrThrow({ where: { id: r.body.results[0].id } });
      expect(tp).toMatchObject({ kind: "call", summary: "QBR prep", contactName: "Wile E.", source: "api", byPersonId: acme.owner!.id, byName: "Rita Rep" });
      expect(tp.occurredAt.toISOString()).toBe("2026-11-20T13:30:00.000Z");
      expect(acme.lastCustomerTouchAt?.toISOString()).toBe("2026-11-20T13:30:00.000Z");
    });

    it("reads a bare date at noon in the account's time zone", async () => {
      await seed();
      await api.call("touchpoints", { account: "acme corp", kind: "email", occurredAt: "2026-11-20" });
      const tp = await db().touchpoint.findFirstOrThrow();
      expect(tp.occurredAt.toISOString()).toBe("2026-11-20T11:00:00.000Z"); // noon in Berlin
    });

    it("reports a replay with the same idempotencyKey as a duplicate and records it once", async () => {
      await seed();
      const item = { account: "Acme Corp", kind: "call", occurredAt: "2026-11-20", idempotencyKey: "hubspot-call-77" };
      const first = await api.call("touchpoints", item);
      const again = await api.call("touchpoints", item);
      const batch = await api.call("touchpoints", { items: [item, { ...item, idempotencyKey: "hubspot-call-78" }] });
      expect(first.status).toBe(201);
      expect(again.status).toBe(200);
      expect(again.body.results).toEqual([{ ...first.body.results[0], status: "duplicate" }]);
      expect(batch.status).toBe(201);
      expect(batch.body.results.map((x: { status: string }) => x.status)).toEqual(["duplicate", "created"]);
      expect(await db().touchpoint.count()).toBe(2);
    });

    it("records a batch of 1000 (the most per request) in one go, a key repeated inside it once", async () => {
      await seed();
      const start = Date.parse("2026-01-01T00:00:00Z");
      const items = Array.from({ length: 1000 }, (_, i) => ({
        accountExternalId: i % 2 ? "crm-1" : "crm-2",
        kind: i % 10 === 0 ? "note" : "email",
        occurredAt: new Date(start + i * 3_600_000).toISOString(),
        ...(i < 500 && { idempotencyKey: `batch-${i % 250}` }), // items 250..499 repeat the keys of 0..249
      }));
      const r = await api.call("touchpoints", { items });
      expect(r.status).toBe(201);
      expect(r.body.results).toHaveLength(1000);
      expect(r.body.results[300]).toEqual({ ...r.body.results[50], status: "duplicate" });
      expect(r.body.results.filter((x: { status: string }) => x.status === "created")).toHaveLength(750);
      expect(new Set(r.body.results.map((x: { id: string }) => x.id)).size).toBe(750);
      expect(await db().touchpoint.count()).toBe(750);
      const byId = await db().touchpoint.findUniqueOrThrow({ where: { id: r.body.results[999].id } });
      expect(byId.occurredAt.toISOString()).toBe(items[999].occurredAt);
      // the latest customer-facing item per account (item 998 is crm-2's, item 999 crm-1's)
      expect((await db().account.findUniqueOrThrow({ where: { externalId: "crm-1" } })).lastCustomerTouchAt?.toISOString()).toBe(items[999].occurredAt);
      expect((await db().account.findUniqueOrThrow({ where: { externalId: "crm-2" } })).lastCustomerTouchAt?.toISOString()).toBe(items[998].occurredAt);
    });

    it("records two identical items without a key as two touchpoints (only a key makes a replay)", async () => {
      await seed();
      const item = { account: "Globex", kind: "call", occurredAt: "2026-11-20", summary: "Check-in" };
      const r = await api.call("touchpoints", { items: [item, item] });
      expect(r.body.results.map((x: { status: string }) => x.status)).toEqual(["created", "created"]);
      expect(r.body.results[0].id).not.toBe(r.body.results[1].id);
      expect((await db().touchpoint.findMany({ select: { id: true } })).map((x) => x.id).sort()).toEqual(r.body.results.map((x: { id: string }) => x.id).sort());
    });

    it("records a key sent twice at the same moment once", async () => {
      await seed();
      const item = { account: "Acme Corp", kind: "call", occurredAt: "2026-11-20", idempotencyKey: "race-1" };
      const results = await Promise.all(Array.from({ length: 5 }, () => api.call("touchpoints", item)));
      expect(results.map((r) => r.status).sort()).toEqual([200, 200, 200, 200, 201]);
      expect(await db().touchpoint.count()).toBe(1);
    });

    it.each([
      ["an hour ahead", "2026-11-25T16:00:00Z"],
      ["tomorrow as a date", "2026-11-26"],
      ["next year", "2027-01-01T00:00:00Z"],
    ])("rejects a time in the future (%s) with 422 and writes nothing", async (_what, occurredAt) => {
      await seed();
      const r = await api.call("touchpoints", { items: [{ account: "Globex", kind: "call", occurredAt: "2026-11-24" }, { account: "Acme Corp", kind: "call", occurredAt }] });
      expect(r.status).toBe(422);
      expect(r.body).toMatchObject({ error: "invalid_argument", index: 1, message: "A touchpoint cannot be in the future." });
      expect(r.body.hints[0]).toContain("occurredAt is");
      expect(await db().touchpoint.count()).toBe(0);
    });

    it("allows a few minutes of clock skew, and today's date even before its noon", async () => {
      await seed();
      api.h.clock.set("2026-11-25T08:00:00Z"); // 09:00 in Berlin: today's noon is still ahead
      const r = await api.call("touchpoints", { items: [
        { account: "Acme Corp", kind: "call", occurredAt: "2026-11-25T08:04:00Z" },
        { account: "Globex", kind: "call", occurredAt: "2026-11-25" },
      ] });
      expect(r.status).toBe(201);
      const globex = await db().touchpoint.findFirstOrThrow({ where: { account: { name: "Globex" } } });
      expect(globex.occurredAt.toISOString()).toBe("2026-11-25T08:00:00.000Z");
    });

    it("resolves a stale-contact nudge when a touchpoint arrives (the rescan after a write)", async () => {
      const id = await addAccount(db(), api.h.clock.now, "Initech", { touchDaysAgo: 40 });
      await api.h.kw.scan();
      const [nudge] = await db().nudge.findMany({ where: { accountId: id } });
      expect(nudge).toMatchObject({ rule: "staleContact", status: "open" });

      const r = await api.call("touchpoints", { account: "Initech", kind: "meeting", occurredAt: "2026-11-25T10:00:00Z" });
      expect(r.status).toBe(201);
      expect(await db().nudge.findUniqueOrThrow({ where: { id: nudge.id } })).toMatchObject({ status: "resolved", resolvedAt: api.h.clock.now });
    });

    it("does not resolve the nudge for an internal note, which is not contact with the customer", async () => {
      const id = await addAccount(db(), api.h.clock.now, "Initech", { touchDaysAgo: 40 });
      await api.h.kw.scan();
      const r = await api.call("touchpoints", { account: "Initech", kind: "note", occurredAt: "2026-11-25T10:00:00Z" });
      expect(r.status).toBe(201);
      expect((await db().nudge.findFirstOrThrow({ where: { accountId: id } })).status).toBe("open");
    });

    it("records who reached out: inbound, outbound, the default by kind; a contradiction is a 400 at direction and writes nothing", async () => {
      await seed();
      const items = [
        { accountExternalId: "crm-1", kind: "email", direction: "inbound", occurredAt: "2026-11-25T10:00:00Z", idempotencyKey: "d-1" },
        { accountExternalId: "crm-1", kind: "call", direction: "outbound", occurredAt: "2026-11-25T10:01:00Z", idempotencyKey: "d-2" },
        { accountExternalId: "crm-1", kind: "meeting", occurredAt: "2026-11-25T10:02:00Z", idempotencyKey: "d-3" },
        { accountExternalId: "crm-1", kind: "note", occurredAt: "2026-11-25T10:03:00Z", idempotencyKey: "d-4" },
      ];
      expect((await api.call("touchpoints", { items })).status).toBe(201);
      const stored = await db().touchpoint.findMany({ where: { idempotencyKey: { startsWith: "d-" } }, orderBy: { idempotencyKey: "asc" } });
      expect(stored.map((t) => t.direction)).toEqual(["inbound", "outbound", "outbound", "internal"]);

      const before = await snapshotDb(db());
      const r = await api.call("touchpoints", { items: [
        { accountExternalId: "crm-1", kind: "note", direction: "inbound", occurredAt: "2026-11-25T10:00:00Z" },
        { accountExternalId: "crm-1", kind: "call", direction: "internal", occurredAt: "2026-11-25T10:00:00Z" },
        { accountExternalId: "crm-1", kind: "call", direction: "sideways", occurredAt: "2026-11-25T10:00:00Z" },
      ] });
      expect(r.status).toBe(400);
      expect(r.body.issues).toEqual([
        { path: [0, "direction"], message: expect.stringContaining("a note is internal") },
        { path: [1, "direction"], message: expect.stringContaining("a call is contact with the customer") },
        { path: [2, "direction"], message: "expected one of inbound, outbound, internal" },
      ]);
      expect(await snapshotDb(db())).toEqual(before);
    });
  });

  describe("complaints", () => {
    it("opens a complaint, then records the ticket's first response and resolution as it comes again", async () => {
      await seed();
      const ticket = { accountExternalId: "crm-1", summary: "Invoices are wrong", severity: "high", externalId: "zd-1001", openedAt: "2026-11-24T09:00:00Z" };
      const opened = await api.call("complaints", ticket);
      expect(opened.status).toBe(201);
      const id = opened.body.results[0].id;
      expect(id).toEqual(expect.any(Number));
      const row = await db().complaint.findUniqueOrThrow({ where: { id } });
      expect(row).toMatchObject({ severity: "high", summary: "Invoices are wrong", source: "api", externalId: "zd-1001", firstResponseAt: null, resolvedAt: null });
      expect((await db().account.findUniqueOrThrow({ where: { externalId: "crm-1" } })).lastComplaintAt?.toISOString()).toBe("2026-11-24T09:00:00.000Z");

      const replay = await api.call("complaints", ticket);
      expect(replay).toMatchObject({ status: 200, body: { results: [{ status: "duplicate", id }] } });

      const answered = await api.call("complaints", { ...ticket, firstResponseAt: "2026-11-24T11:00:00Z" });
      expect(answered).toMatchObject({ status: 200, body: { results: [{ status: "updated", id }] } });
      const afterAnswer = await db().complaint.findUniqueOrThrow({ where: { id } });
      expect(afterAnswer.firstResponseAt?.toISOString()).toBe("2026-11-24T11:00:00.000Z");
      const touch = await db().touchpoint.findFirstOrThrow();
      expect(touch).toMatchObject({ kind: "message", summary: `Answered complaint #${id}`, source: "api", byName: "API" });

      const answeredAgain = await api.call("complaints", { ...ticket, firstResponseAt: "2026-11-24T12:00:00Z" });
      expect(answeredAgain.body.results[0].status).toBe("duplicate");
      expect((await db().complaint.findUniqueOrThrow({ where: { id } })).firstResponseAt?.toISOString()).toBe("2026-11-24T11:00:00.000Z");
      expect(await db().touchpoint.count()).toBe(1);

      const resolved = await api.call("complaints", { ...ticket, firstResponseAt: "2026-11-24T11:00:00Z", resolvedAt: "2026-11-25T10:00:00Z" });
      expect(resolved.body.results[0].status).toBe("updated");
      expect((await db().complaint.findUniqueOrThrow({ where: { id } })).resolvedAt?.toISOString()).toBe("2026-11-25T10:00:00.000Z");
      expect(await db().complaint.count()).toBe(1);
    });

    it("writes a ticket that arrives answered all or nothing: a failure recording the answer leaves no open complaint behind", async () => {
      await seed();
      // A real failure inside the database, after the complaint row is written: the answer's touchpoint is refused.
      const refuse =
        kind === "sqlite"
          ? [`CREATE TRIGGER refuse_answer BEFORE INSERT ON "Touchpoint" BEGIN SELECT RAISE(ABORT, 'touchpoint refused'); END`]
          : [
              `CREATE FUNCTION refuse_answer() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'touchpoint refused'; END $$ LANGUAGE plpgsql`,
              `CREATE TRIGGER refuse_answer BEFORE INSERT ON "Touchpoint" FOR EACH ROW EXECUTE FUNCTION refuse_answer()`,
            ];
      for (const sql of refuse) await db().$executeRawUnsafe(sql);
      const ticket = { accountExternalId: "crm-1", summary: "Invoices are wrong", externalId: "zd-2001", openedAt: "2026-11-24T09:00:00Z", firstResponseAt: "2026-11-24T10:00:00Z" };
      const failed = await api.call("complaints", ticket);
      expect(failed.status).toBeGreaterThanOrEqual(500);
      expect(await db().complaint.count()).toBe(0);
      expect((await db().account.findUniqueOrThrow({ where: { externalId: "crm-1" } })).lastComplaintAt).toBeNull();

      await db().$executeRawUnsafe(kind === "sqlite" ? `DROP TRIGGER refuse_answer` : `DROP TRIGGER refuse_answer ON "Touchpoint"`);
      const retried = await api.call("complaints", ticket);
      expect(retried).toMatchObject({ status: 201, body: { results: [{ status: "created" }] } });
      const row = await db().complaint.findUniqueOrThrow({ where: { externalId: "zd-2001" } });
      expect(row.firstResponseAt?.toISOString()).toBe("2026-11-24T10:00:00.000Z");
      expect(await db().touchpoint.count()).toBe(1);
    });

    it("defaults to medium severity and to now when openedAt is absent", async () => {
      await seed();
      const r = await api.call("complaints", { account: "Globex", summary: "Slow support" });
      expect(r.status).toBe(201);
      const row = await db().complaint.findFirstOrThrow();
      expect(row.severity).toBe("medium");
      expect(row.openedAt.toISOString()).toBe(api.h.clock.now.toISOString());
    });

    it.each([
      ["opened in the future", { openedAt: "2026-11-26T09:00:00Z" }, "A complaint cannot be in the future."],
      ["answered in the future", { openedAt: "2026-11-24T09:00:00Z", firstResponseAt: "2026-11-25T18:00:00Z" }, "A first response cannot be in the future."],
      ["answered before it was opened", { openedAt: "2026-11-24T09:00:00Z", firstResponseAt: "2026-11-23T09:00:00Z" }, "firstResponseAt (2026-11-23T09:00:00.000Z) is before openedAt"],
      ["resolved before it was answered", { openedAt: "2026-11-20T09:00:00Z", firstResponseAt: "2026-11-22T09:00:00Z", resolvedAt: "2026-11-21T09:00:00Z" }, "resolvedAt (2026-11-21T09:00:00.000Z) is before firstResponseAt"],
    ])("rejects a complaint %s with 422 and writes nothing", async (_what, times, message) => {
      const r = await callWritingNothing("complaints", { account: "Acme Corp", summary: "Broken", ...times });
      expect(r.status).toBe(422);
      expect(r.body.error).toBe("invalid_argument");
      expect(r.body.message).toContain(message);
    });

    it("rejects an unknown severity with the choices", async () => {
      await seed();
      const r = await api.call("complaints", { account: "Acme Corp", summary: "Broken", severity: "urgent" });
      expect(r.status).toBe(400);
      expect(r.body.issues).toEqual([{ path: ["severity"], message: "expected one of low, medium, high, critical" }]);
    });
  });

  describe("renewals", () => {
    it("sets, repeats (duplicate) and clears the renewal date", async () => {
      await seed();
      const set = await api.call("renewals", { accountExternalId: "crm-2", renewalDate: "2027-01-31" });
      const acme = await api.call("renewals", { account: "Acme Corp", renewalDate: "2027-06-30" });
      const globex = () => db().account.findUniqueOrThrow({ where: { externalId: "crm-2" } });
      expect(set.status).toBe(200);
      expect(set.body.results).toEqual([{ status: "updated", id: (await globex()).id, accountId: (await globex()).id }]);
      expect(acme.status).toBe(200);
      expect((await globex()).renewalDate).toBe("2027-01-31");
      expect((await db().account.findUniqueOrThrow({ where: { externalId: "crm-1" } })).renewalDate).toBe("2027-06-30");

      const again = await api.call("renewals", { accountExternalId: "crm-2", renewalDate: "2027-01-31" });
      expect(again.body.results[0].status).toBe("duplicate");
      const cleared = await api.call("renewals", { accountExternalId: "crm-2", renewalDate: null });
      expect(cleared.body.results[0].status).toBe("updated");
      expect((await globex()).renewalDate).toBeNull();
    });

    it("raises a renewal nudge after the date arrives through the API", async () => {
      await seed();
      await api.call("touchpoints", { items: [
        { account: "Acme Corp", kind: "call", occurredAt: "2026-11-24" },
        { account: "Globex", kind: "call", occurredAt: "2026-11-24" },
      ] });
      const r = await api.call("renewals", { account: "Acme Corp", renewalDate: "2026-12-10" });
      expect(r.status).toBe(200);
      const nudges = await db().nudge.findMany({ where: { account: { name: "Acme Corp" }, status: "open" } });
      expect(nudges.map((n) => n.rule)).toContain("renewalApproaching");
    });

    it.each([
      ["an impossible date", { renewalDate: "2027-02-30" }, "not a real calendar date"],
      ["a date-time", { renewalDate: "2027-02-01T00:00:00Z" }, "expected YYYY-MM-DD"],
      ["no date", {}, "required"],
    ])("rejects %s", async (_what, patch, message) => {
      await seed();
      const r = await api.call("renewals", { account: "Acme Corp", ...patch });
      expect(r.status).toBe(400);
      expect(r.body.issues).toEqual([{ path: ["renewalDate"], message }]);
      expect((await db().account.findUniqueOrThrow({ where: { externalId: "crm-1" } })).renewalDate).toBeNull();
    });
  });

  describe("accounts", () => {
    it("creates, then updates the same account by externalId", async () => {
      const created = await api.call("accounts", ACME);
      expect(created.status).toBe(201);
      const id = created.body.results[0].id;
      expect(created.body.results).toEqual([{ status: "created", id, accountId: id }]);
      const row = await db().account.findUniqueOrThrow({ where: { id }, include: { owner: true, stageChanges: true } });
      expect(row).toMatchObject({ name: "Acme Corp", externalId: "crm-1", stage: "retention", timeZone: "Europe/Berlin", owner: { email: "rita@example.com", name: "Rita Rep" } });
      expect(row.stageChanges).toHaveLength(1);

      const updated = await api.call("accounts", { externalId: "crm-1", name: "Acme Corporation", segment: "enterprise", annualValue: 120000 });
      expect(updated.status).toBe(200);
      expect(updated.body.results).toEqual([{ status: "updated", id, accountId: id }]);
      expect(await db().account.count()).toBe(1);
      expect(await db().account.findUniqueOrThrow({ where: { id } })).toMatchObject({
        name: "Acme Corporation", nameKey: "acme corporation", segment: "enterprise", annualValue: 120000, timeZone: "Europe/Berlin", stage: "retention",
      });
      expect(await db().stageChange.count()).toBe(1);
    });

    it("new accounts take the configured default time zone", async () => {
      await api.call("accounts", GLOBEX);
      expect((await db().account.findFirstOrThrow()).timeZone).toBe(api.h.config.defaultTimeZone);
    });

    it("rejects bad account fields with their paths", async () => {
      const r = await api.call("accounts", { items: [ACME, { name: "", stage: "lost", timeZone: "Mars/Olympus", annualValue: -1, ownerEmail: "not-an-email" }] });
      expect(r.status).toBe(400);
      expect(r.body.issues.map((i: { path: unknown[] }) => i.path)).toEqual(
        expect.arrayContaining([[1, "name"], [1, "stage"], [1, "timeZone"], [1, "annualValue"], [1, "ownerEmail"]]),
      );
      expect((await snapshotDb(db())).counts).toMatchObject({ accounts: 0, people: 0 });
    });

    it("GET /accounts/:ref shows the account by external id or name; 404 with suggestions otherwise", async () => {
      await seed();
      await api.call("complaints", { account: "Acme Corp", summary: "Broken" });
      const byId = await api.call("accounts/crm-1");
      const byName = await api.call("accounts/Acme%20Corp");
      expect(byId.status).toBe(200);
      expect(byId.body.account).toMatchObject({ name: "Acme Corp", externalId: "crm-1", openComplaints: 1, owner: { email: "rita@example.com" } });
      expect(byName.body).toEqual(byId.body);
      const unknown = await api.call("accounts/Acme%20Crop");
      expect(unknown.status).toBe(404);
      expect(unknown.body.hints).toEqual(['Did you mean "Acme Corp"?']);
      expect((await api.call("accounts/crm-1", undefined, { authorization: "" })).status).toBe(401);
    });
  });
});

describe("ingestion API without KEEPWARM_API_TOKEN", () => {
  const api = perTest(() => startApi("sqlite", {}));

  it("is mounted, and refuses a request without a valid token with 401, writing nothing", async () => {
    const r = await api.call("accounts", ACME);
    expect(r).toEqual({ status: 401, body: { error: "unauthorized" } });
    expect(await api.h.db.account.count()).toBe(0);
  });
});
