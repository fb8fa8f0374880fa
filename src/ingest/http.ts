/** HTTP plumbing of the ingestion API: bearer auth, request bodies, and errors as JSON. */
import type { ErrorRequestHandler, RequestHandler } from "express";
import { z } from "zod";
import { isAppError, type AppErrorCode } from "../domain/errors.js";
import type { Logger } from "../logging.js";
import type { Db } from "../store/client.js";
import type { TokenMatch } from "./apiTokens.js";
import { ItemError } from "./ingester.js";
import type { PayloadIssue } from "./issues.js";
import type { InternalErrorResponse, PayloadTooLargeResponse, UnauthorizedResponse, UnreadableBodyResponse } from "./responses.js";

export const MAX_ITEMS = 1000;

export interface IngestRouterDeps {
  db: Db;
  /** KEEPWARM_API_TOKEN, accepted besides the managed tokens (`keepwarm token create`). */
  envToken?: string;
  now: () => Date;
  defaultTimeZone: string;
  /** Told which accounts a request created or changed (e.g. to rescan them); failures are logged, not returned. */
  onActivity?: (accountIds: string[]) => void | Promise<void>;
  logger?: Logger;
}

/**
 * `Authorization: Bearer <token>`, checked by `verify` before the body is read. Who called goes to
 * `res.locals.caller` (for the logs).
 */
export function bearerAuth(verify: (token: string) => Promise<TokenMatch>): RequestHandler {
  return async (req, res, next) => {
    const presented = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(req.get("authorization") ?? "")?.[1];
    const caller = presented ? await verify(presented) : null;
    if (caller) {
      res.locals.caller = caller.source === "env" ? "KEEPWARM_API_TOKEN" : caller.name;
      return next();
    }
    res.set("WWW-Authenticate", 'Bearer realm="keepwarm"').status(401).json({ error: "unauthorized" } satisfies UnauthorizedResponse);
  };
}

/** A POST body holding many items: `{ "items": [...] }` with 1 to MAX_ITEMS of them (openapi.ts documents it with the item's schema). */
export const batchOf = <Item extends z.ZodType>(item: Item) =>
  z.strictObject({
    items: z
      .array(item, { error: "expected an array of items" })
      .min(1, "expected at least one item")
      .max(MAX_ITEMS, { error: (iss) => `at most ${MAX_ITEMS} items per request, got ${(iss.input as unknown[]).length}` }),
  });

const envelope = batchOf(z.unknown());

export type RequestItems = { batch: boolean; items: unknown[] } | { issues: PayloadIssue[] };

/** One object, or a batch (batchOf); the items themselves are validated one by one afterwards. */
export function readItems(body: unknown): RequestItems {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    const message = "expected a JSON object, or { \"items\": [...] } (send Content-Type: application/json)";
    return { issues: [{ path: [], message }] };
  }
  if (!("items" in body)) return { batch: false, items: [body] };
  const parsed = envelope.safeParse(body);
  if (parsed.success) return { batch: true, items: parsed.data.items };
  const issues = parsed.error.issues.flatMap((issue): PayloadIssue[] =>
    issue.code === "unrecognized_keys"
      ? issue.keys.map((key) => ({ path: [key], message: "unknown field next to items" }))
      : [{ path: issue.path.map((p) => (typeof p === "symbol" ? String(p) : p)), message: issue.message }],
  );
  return { issues };
}

/** Everything else a person can cause is a 422 (a conflict too: an id already linked to another account). */
const STATUS: Partial<Record<AppErrorCode, number>> = {
  forbidden: 403,
  not_found: 404,
  unknown_nudge: 404,
  unknown_command: 404,
};

/** AppErrors become 4xx with the message and hints meant for the sender; the rest a logged 500. */
export function jsonErrors(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    const item = err instanceof ItemError ? err : null;
    const appError = item?.appError ?? (isAppError(err) ? err : null);
    if (appError) {
      const body = { error: appError.code, message: appError.message, hints: appError.hints, ...(item && { index: item.index }) };
      return void res.status(STATUS[appError.code] ?? 422).json(body);
    }
    const bodyError = bodyParserError(err);
    if (bodyError) return void res.status(bodyError.status).json(bodyError.body);
    logger.error({ err, method: req.method, path: req.originalUrl, caller: res.locals.caller }, "ingestion request failed");
    res.status(500).json({ error: "internal", message: "Something went wrong on our side; it was logged. Retrying is safe." } satisfies InternalErrorResponse);
  };
}

function bodyParserError(err: unknown): { status: number; body: UnreadableBodyResponse | PayloadTooLargeResponse } | null {
  if (typeof err !== "object" || err === null) return null;
  const { type, status, message } = err as { type?: unknown; status?: unknown; message?: unknown };
  if (type === "entity.parse.failed") return { status: 400, body: { error: "invalid_json", message: `The body is not valid JSON: ${String(message)}` } };
  if (type === "entity.too.large") {
    return { status: 413, body: { error: "payload_too_large", message: `The body is over 1 MB; send fewer items per request (at most ${MAX_ITEMS}).` } };
  }
  if (typeof type === "string" && typeof status === "number" && status >= 400 && status < 500) {
    return { status, body: { error: "bad_request", message: String(message) } };
  }
  return null;
}
