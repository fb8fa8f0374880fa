import { describe, expect, it } from "vitest";
import { DeliveryError } from "../../src/delivery/notifier.js";
import { deliveryErrorFrom } from "../../src/teams/deliveryErrors.js";

/** What botbuilder's connector client throws for an HTTP error (a RestError). */
const restError = (statusCode: number, headers: Record<string, string> = {}) =>
  Object.assign(new Error(`status ${statusCode}`), { statusCode, code: "X", response: { headers: { get: (n: string) => headers[n.toLowerCase()] } } });

const NOW = Date.parse("2026-11-25T15:00:00Z");

describe("Bot Connector failures as delivery errors", () => {
  it.each([
    ["429 with Retry-After seconds", restError(429, { "retry-after": "7" }), { retryAfterMs: 7000 }],
    ["429 with Retry-After date", restError(429, { "retry-after": new Date(NOW + 30_000).toUTCString() }), { retryAfterMs: 30_000 }],
    ["429 without Retry-After", restError(429), { retryAfterMs: undefined }],
    ["403: the bot was removed from the team", restError(403), { permanent: true }],
    ["404: the conversation is gone", restError(404), { permanent: true }],
    ["400: the message was refused", restError(400), { permanent: true }],
    ["500: Teams had a problem", restError(500), {}],
    ["401: the bot's credentials were refused (fixable, so retried)", restError(401), {}],
    ["a network error", Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:443"), { code: "ECONNREFUSED" }), {}],
  ])("%s", (_name, err, options) => {
    const e = deliveryErrorFrom(err, NOW);
    expect(e).toBeInstanceOf(DeliveryError);
    expect(e.options).toEqual(options);
    expect(e.message).toContain((err as Error).message);
  });

  it("passes a DeliveryError through as it is", () => {
    const original = new DeliveryError("no reference", { permanent: true });
    expect(deliveryErrorFrom(original)).toBe(original);
  });
});
