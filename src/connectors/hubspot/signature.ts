/**
 * HubSpot request signatures, all keyed with the app's client secret and compared in constant time:
 *   v3 (app webhooks): X-HubSpot-Signature-v3 = base64 HMAC-SHA256 of method + URI + raw body +
 *       X-HubSpot-Request-Timestamp (ms); a timestamp more than five minutes old is a replay.
 *   v2 (workflow webhooks, X-HubSpot-Signature-Version: v2): X-HubSpot-Signature = hex SHA-256 of
 *       secret + method + URI + raw body.
 *   v1 (legacy, the default version): X-HubSpot-Signature = hex SHA-256 of secret + raw body.
 * The URI is the one HubSpot called (src/connectors/http.ts works it out: KEEPWARM_PUBLIC_URL + path).
 */
import { createHash, createHmac, timingSafeEqual } from "node:crypto";
import type { InboundRequest } from "../connector.js";

const V3_HEADER = "x-hubspot-signature-v3";
const TIMESTAMP_HEADER = "x-hubspot-request-timestamp";
const SIGNATURE_HEADER = "x-hubspot-signature";
const VERSION_HEADER = "x-hubspot-signature-version";
const MAX_AGE_MS = 5 * 60_000;

/** HubSpot signs v3 over the URI with these characters decoded (its documentation lists them). */
const DECODED: Record<string, string> = {
  "%3A": ":", "%2F": "/", "%3F": "?", "%40": "@", "%21": "!", "%24": "$", "%27": "'", "%28": "(", "%29": ")", "%2A": "*", "%2C": ",", "%3B": ";",
};
const decodeUri = (uri: string) => uri.replace(/%(3A|2F|3F|40|21|24|27|28|29|2A|2C|3B)/gi, (m) => DECODED[m.toUpperCase()]);

export function signatureV3(secret: string, method: string, uri: string, rawBody: Buffer, timestamp: string): string {
  return createHmac("sha256", secret).update(`${method}${decodeUri(uri)}`).update(rawBody).update(timestamp).digest("base64");
}

export function signatureV2(secret: string, method: string, uri: string, rawBody: Buffer): string {
  return createHash("sha256").update(`${secret}${method}${uri}`).update(rawBody).digest("hex");
}

export function signatureV1(secret: string, rawBody: Buffer): string {
  return createHash("sha256").update(secret).update(rawBody).digest("hex");
}

/** Null when the request is HubSpot's; else why not (logged, never with the secret). */
export function signatureProblem(request: InboundRequest, secret: string, now: Date): string | null {
  const v3 = request.headers[V3_HEADER];
  if (v3) {
    const timestamp = request.headers[TIMESTAMP_HEADER];
    if (!timestamp) return "v3 signature without X-HubSpot-Request-Timestamp";
    const sentAt = Number(timestamp);
    if (!Number.isFinite(sentAt)) return "unreadable request timestamp";
    if (now.getTime() - sentAt > MAX_AGE_MS) return "request timestamp more than 5 minutes old";
    return same(v3, signatureV3(secret, request.method, request.url, request.rawBody, timestamp), "base64") ? null : "v3 signature does not match";
  }
  const signature = request.headers[SIGNATURE_HEADER];
  if (!signature) return "missing X-HubSpot-Signature-v3 or X-HubSpot-Signature header";
  const version = (request.headers[VERSION_HEADER] ?? "v1").toLowerCase();
  if (version === "v2") return same(signature, signatureV2(secret, request.method, request.url, request.rawBody), "hex") ? null : "v2 signature does not match";
  if (version === "v1") return same(signature, signatureV1(secret, request.rawBody), "hex") ? null : "v1 signature does not match";
  return `unknown signature version ${version}`;
}

function same(given: string, expected: string, encoding: "base64" | "hex"): boolean {
  const a = Buffer.from(given.trim(), encoding);
  const b = Buffer.from(expected, encoding);
  return a.length === b.length && timingSafeEqual(a, b);
}
