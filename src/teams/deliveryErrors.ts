import { DeliveryError } from "../delivery/notifier.js";

interface ConnectorFailure {
  statusCode?: number;
  message?: string;
  code?: string;
  response?: { headers?: { get?(name: string): string | undefined } };
}

/** Bot removed, conversation gone, message refused: trying again cannot help. */
const PERMANENT = new Set([400, 403, 404, 410, 413]);

/**
 * A Bot Connector failure as the outbox understands it: a rate limit waits as long as Teams asks
 * (Retry-After), a removed bot or deleted conversation is permanent, anything else is retried.
 * (botbuilder's HTTP pipeline has already retried a 429 or 5xx a few times before this.)
 */
export function deliveryErrorFrom(err: unknown, now = Date.now()): DeliveryError {
  if (err instanceof DeliveryError) return err;
  const e = (err ?? {}) as ConnectorFailure;
  const status = e.statusCode;
  const what = `Teams${status ? ` ${status}` : ""}${e.code ? ` ${e.code}` : ""}: ${e.message ?? String(err)}`;
  if (status === 429) return new DeliveryError(what, { retryAfterMs: retryAfterMs(e.response?.headers?.get?.("retry-after"), now) });
  if (status && PERMANENT.has(status)) return new DeliveryError(what, { permanent: true });
  return new DeliveryError(what);
}

function retryAfterMs(header: string | undefined, now: number): number | undefined {
  if (!header) return undefined;
  const seconds = Number(header);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
