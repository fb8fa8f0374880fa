/**
 * The ingestion API, mounted at /api/v1: CRMs and helpdesks post accounts, touchpoints, complaints
 * and renewals, one object or `{ items: [...] }` per request.
 *
 * A request is checked whole before anything is written: every item is validated (400 with the
 * issues), then every account reference is resolved and every time checked (422). Only then are the
 * items applied: touchpoints all in one transaction, the other kinds each atomically. Replays (same idempotencyKey / externalId) report "duplicate".
 */
import express, { type RequestHandler, type Router } from "express";
import { isAppError } from "../domain/errors.js";
import { silentLogger, type Logger } from "../logging.js";
import type { Db } from "../store/client.js";
import { resolveAccount } from "./accountRef.js";
import { accountIngester, renewalIngester, touchpointIngester } from "./apply.js";
import { createLookups, type ApplyResult, type IngestContext, type Ingester } from "./ingester.js";
import { complaintIngester } from "./applyComplaint.js";
import { bearerAuth, ItemError, jsonErrors, readItems } from "./http.js";
import { fieldsOf, parseItem, type PayloadIssue } from "./issues.js";
import { ingestAccountSchema, ingestComplaintSchema, ingestRenewalSchema, ingestTouchpointSchema } from "./schemas.js";
import type { z } from "zod";

export interface IngestRouterDeps {
  db: Db;
  /** Shared secret the senders present as `Authorization: Bearer <token>`. */
  token: string;
  now: () => Date;
  defaultTimeZone: string;
  /** Told which accounts a request created or changed (e.g. to rescan them); failures are logged, not returned. */
  onActivity?: (accountIds: string[]) => void | Promise<void>;
  logger?: Logger;
}

export function createIngestRouter(deps: IngestRouterDeps): Router {
  if (!deps.token.trim()) throw new Error("The ingestion API needs a token (KEEPWARM_API_TOKEN); without one, do not mount it.");
  const logger = deps.logger ?? silentLogger;
  const router = express.Router();
  router.use(bearerAuth(deps.token));
  router.use(express.json({ limit: "1mb" }));
  router.post("/accounts", ingest(deps, logger, accountIngester, ingestAccountSchema));
  router.post("/touchpoints", ingest(deps, logger, touchpointIngester, ingestTouchpointSchema));
  router.post("/complaints", ingest(deps, logger, complaintIngester, ingestComplaintSchema));
  router.post("/renewals", ingest(deps, logger, renewalIngester, ingestRenewalSchema));
  router.get("/accounts/:ref", accountSummary(deps.db));
  router.use((req, res) => {
    const message = `No ${req.method} ${req.baseUrl}${req.path}. POST to accounts, touchpoints, complaints or renewals; GET accounts/<name or external id>.`;
    res.status(404).json({ error: "not_found", message });
  });
  router.use(jsonErrors(logger));
  return router;
}

function ingest<Item, Prepared>(
  deps: IngestRouterDeps,
  logger: Logger,
  ingester: Ingester<Item, Prepared>,
  schema: z.ZodType<Item> & z.ZodObject,
): RequestHandler {
  const fields = fieldsOf(schema);
  return async (req, res) => {
    const request = readItems(req.body);
    if ("issues" in request) return void res.status(400).json({ error: "invalid_payload", issues: request.issues });
    const items: Item[] = [];
    const issues: PayloadIssue[] = [];
    request.items.forEach((raw, index) => {
      const parsed = parseItem(schema, raw, fields);
      if (parsed.ok) items.push(parsed.data as Item);
      else issues.push(...parsed.issues.map((i) => (request.batch ? { ...i, path: [index, ...i.path] } : i)));
    });
    if (issues.length) return void res.status(400).json({ error: "invalid_payload", issues });

    const ctx: IngestContext = { now: deps.now(), defaultTimeZone: deps.defaultTimeZone, source: "api" };
    const lookups = createLookups(deps.db);
    const tagged = (index: number, err: unknown) => (request.batch && isAppError(err) ? new ItemError(index, err) : err);
    const prepared: Prepared[] = [];
    for (const [index, item] of items.entries()) {
      prepared.push(await ingester.prepare(deps.db, item, ctx, lookups).catch((err: unknown) => Promise.reject(tagged(index, err))));
    }
    const results = ingester.writeMany ? await ingester.writeMany(deps.db, prepared, ctx) : await writeEach(deps.db, ingester, prepared, ctx, tagged);
    await notify(deps, logger, results);
    res.status(results.some((r) => r.status === "created") ? 201 : 200).json({ results });
  };
}

async function writeEach<Prepared>(
  db: Db,
  ingester: Ingester<unknown, Prepared>,
  prepared: Prepared[],
  ctx: IngestContext,
  tagged: (index: number, err: unknown) => unknown,
): Promise<ApplyResult[]> {
  const results: ApplyResult[] = [];
  for (const [index, item] of prepared.entries()) {
    results.push(await ingester.write(db, item, ctx).catch((err: unknown) => Promise.reject(tagged(index, err))));
  }
  return results;
}

async function notify(deps: IngestRouterDeps, logger: Logger, results: ApplyResult[]): Promise<void> {
  const accountIds = [...new Set(results.filter((r) => r.status !== "duplicate").map((r) => r.accountId))];
  if (!deps.onActivity || accountIds.length === 0) return;
  try {
    await deps.onActivity(accountIds);
  } catch (err) {
    logger.warn({ err, accountIds }, "onActivity failed after an ingestion write");
  }
}

/** GET /accounts/:ref — by external id, else by name as people type it. */
function accountSummary(db: Db): RequestHandler {
  return async (req, res) => {
    const ref = String(req.params.ref);
    const byExternalId = await db.account.findUnique({ where: { externalId: ref }, select: { id: true } });
    let id = byExternalId?.id;
    if (!id) {
      try {
        id = (await resolveAccount(db, { account: ref })).id;
      } catch (err) {
        if (!isAppError(err) || err.code !== "unknown_account") throw err;
        return void res.status(404).json({ error: err.code, message: err.message, hints: err.hints });
      }
    }
    const account = await db.account.findUnique({
      where: { id },
      select: {
        id: true, name: true, externalId: true, segment: true, stage: true, stageSince: true, renewalDate: true, annualValue: true,
        timeZone: true, lastCustomerTouchAt: true, lastComplaintAt: true,
        owner: { select: { name: true, email: true } },
        _count: { select: { complaints: { where: { resolvedAt: null } } } },
      },
    });
    if (!account) return void res.status(404).json({ error: "unknown_account", message: `No account matches "${ref}".`, hints: [] });
    const { _count, ...fields } = account;
    res.json({ account: { ...fields, openComplaints: _count.complaints } });
  };
}
