/**
 * The handler of every POST of the ingestion API. A request is checked whole before anything is
 * written: every item is validated (400 with the issues), then every account reference is resolved
 * and every time checked (422). Only then are the items applied: where the kind has writeMany
 * (touchpoints, accounts) all in one transaction, the other kinds each atomically. Replays (same
 * idempotencyKey / externalId) report "duplicate".
 */
import type { RequestHandler } from "express";
import type { z } from "zod";
import { isAppError } from "../domain/errors.js";
import type { Db } from "../store/client.js";
import { ItemError, createLookups, type ApplyResult, type IngestContext, type Ingester } from "./ingester.js";
import { readItems, type IngestRouterDeps } from "./http.js";
import { fieldsOf, parseItem, type PayloadIssue } from "./issues.js";
import type { InvalidPayloadResponse, ResultsResponse } from "./responses.js";

export function ingestHandler<Item, Prepared>(deps: IngestRouterDeps, ingester: Ingester<Item, Prepared>, schema: z.ZodType<Item> & z.ZodObject): RequestHandler {
  const fields = fieldsOf(schema);
  return async (req, res) => {
    const request = readItems(req.body);
    if ("issues" in request) return void res.status(400).json({ error: "invalid_payload", issues: request.issues } satisfies InvalidPayloadResponse);
    const items: Item[] = [];
    const issues: PayloadIssue[] = [];
    request.items.forEach((raw, index) => {
      const parsed = parseItem(schema, raw, fields);
      if (parsed.ok) items.push(parsed.data as Item);
      else issues.push(...parsed.issues.map((i) => (request.batch ? { ...i, path: [index, ...i.path] } : i)));
    });
    if (issues.length) return void res.status(400).json({ error: "invalid_payload", issues } satisfies InvalidPayloadResponse);

    const ctx: IngestContext = { now: deps.now(), defaultTimeZone: deps.defaultTimeZone, source: "api" };
    const lookups = createLookups(deps.db);
    await ingester.preload?.(items, lookups);
    // In a batch the response says which item an error is about; a single item needs no index.
    const tagged = (index: number, err: unknown) => (request.batch && isAppError(err) ? new ItemError(index, err) : err);
    const untagged = (err: unknown) => (!request.batch && err instanceof ItemError ? err.appError : err);
    const prepared: Prepared[] = [];
    for (const [index, item] of items.entries()) {
      prepared.push(await ingester.prepare(deps.db, item, ctx, lookups).catch((err: unknown) => Promise.reject(tagged(index, err))));
    }
    const results = ingester.writeMany
      ? await ingester.writeMany(deps.db, prepared, ctx).catch((err: unknown) => Promise.reject(untagged(err)))
      : await writeEach(deps.db, ingester, prepared, ctx, tagged);
    await notify(deps, results);
    res.status(results.some((r) => r.status === "created") ? 201 : 200).json({ results } satisfies ResultsResponse);
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

async function notify(deps: IngestRouterDeps, results: ApplyResult[]): Promise<void> {
  const accountIds = [...new Set(results.filter((r) => r.status !== "duplicate").map((r) => r.accountId))];
  if (!deps.onActivity || accountIds.length === 0) return;
  try {
    await deps.onActivity(accountIds);
  } catch (err) {
    deps.logger?.warn({ err, accountIds }, "onActivity failed after an ingestion write");
  }
}
