/** HTTP plumbing of the ingestion API: bearer auth, request bodies, and errors as JSON. */
import { createHash, timingSafeEqual } from "node:crypto";
import type { ErrorRequestHandler, RequestHandler } from "express";
import { isAppError, type AppError, type AppErrorCode } from "../domain/errors.js";
import type { Logger } from "../logging.js";
import type { PayloadIssue } from "./issues.js";

export const MAX_ITEMS = 1000;

/**
 * `Authorization: Bearer <token>`. Both sides are hashed first, so the comparison takes the same
 * time whatever the length or content of what was sent.
 */
export function bearerAuth(token: string): RequestHandler {
  const expected = sha256(token);
  return (req, res, next) => {
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(req.get("authorization") ?? "");
    const ok = timingSafeEqual(sha256(match?.[1] ?? ""), expected) && match !== null;
    if (ok) return next();
    res.set("WWW-Authenticate", 'Bearer realm="keepwarm"').status(401).json({ error: "unauthorized" });
  };
}

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest();

export type RequestItems = { batch: boolean; items: unknown[] } | { issues: PayloadIssue[] };

/** One object, or `{ items: [...] }` with 1 to MAX_ITEMS objects. */
export function readItems(body: unknown): RequestItems {
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    const message = "expected a JSON object, or { \"items\": [...] } (send Content-Type: application/json)";
    return { issues: [{ path: [], message }] };
  }
  if (!("items" in body)) return { batch: false, items: [body] };
  const { items, ...rest } = body as { items: unknown };
  const issues: PayloadIssue[] = Object.keys(rest).map((key) => ({ path: [key], message: "unknown field next to items" }));
  if (!Array.isArray(items)) issues.push({ path: ["items"], message: "expected an array of items" });
  else if (items.length === 0) issues.push({ path: ["items"], message: "expected at least one item" });
  else if (items.length > MAX_ITEMS) issues.push({ path: ["items"], message: `at most ${MAX_ITEMS} items per request, got ${items.length}` });
  return issues.length ? { issues } : { batch: true, items: items as unknown[] };
}

/** An AppError raised for one item of a batch: the response says which. */
export class ItemError extends Error {
  constructor(
    readonly index: number,
    readonly appError: AppError,
  ) {
    super(appError.message);
    this.name = "ItemError";
  }
}

const STATUS: Partial<Record<AppErrorCode, number>> = {
  conflict: 409,
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
    logger.error({ err, method: req.method, path: req.originalUrl }, "ingestion request failed");
    res.status(500).json({ error: "internal", message: "Something went wrong on our side; it was logged. Retrying is safe." });
  };
}

function bodyParserError(err: unknown): { status: number; body: { error: string; message: string } } | null {
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
