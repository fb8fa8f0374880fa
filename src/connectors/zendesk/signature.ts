/**
 * Zendesk webhook signing: X-Zendesk-Webhook-Signature is the base64 HMAC-SHA256, keyed with the
 * webhook's signing secret, of X-Zendesk-Webhook-Signature-Timestamp followed by the raw body.
 * Compared in constant time; a timestamp more than five minutes from now is a replay.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import type { InboundRequest } from "../connector.js";

export const SIGNATURE_HEADER = "x-zendesk-webhook-signature";
export const TIMESTAMP_HEADER = "x-zendesk-webhook-signature-timestamp";
const MAX_SKEW_MS = 5 * 60_000;

export function zendeskSignature(secret: string, timestamp: string, rawBody: Buffer): string {
  return createHmac("sha256", secret).update(timestamp).update(rawBody).digest("base64");
}

/** Null when the request is Zendesk's; else why not (logged, never with the secret). */
export function signatureProblem(request: InboundRequest, secret: string, now: Date): string | null {
  const signature = request.headers[SIGNATURE_HEADER];
  const timestamp = request.headers[TIMESTAMP_HEADER];
  if (!signature || !timestamp) return "missing signature or timestamp header";
  const sentAt = Date.parse(timestamp);
  if (Number.isNaN(sentAt)) return "unreadable signature timestamp";
  if (Math.abs(now.getTime() - sentAt) > MAX_SKEW_MS) return "signature timestamp more than 5 minutes away";
  const expected = Buffer.from(zendeskSignature(secret, timestamp, request.rawBody), "base64");
  const given = Buffer.from(signature, "base64");
  return given.length === expected.length && timingSafeEqual(given, expected) ? null : "signature does not match";
}
