// Turning Slack on and off, Socket Mode, and how Slack's errors become delivery decisions.
import { webApi } from "@slack/bolt";
import { describe, expect, it } from "vitest";
import { loadEnv } from "../../src/config/env.js";
import { createSlackAdapter } from "../../src/slack/index.js";
import { slackNotifier, toDeliveryError } from "../../src/slack/notifier.js";
import { capturingLogger } from "../fakes/logger.js";
import { startFakeSlack } from "../fakes/slackApi.js";
import { createHarness, openReplica, serve } from "../fixtures/harness.js";
import { perTest } from "../fixtures/perTest.js";

const h = perTest(() => createHarness("sqlite"));

/** A Keepwarm on the harness's database with these settings, whose log lines are kept. */
function keepwarmWith(env: Record<string, string>) {
  const { log, lines } = capturingLogger();
  const loaded = loadEnv({ ...env, DATABASE_URL: h.env.DATABASE_URL });
  const kw = openReplica(h, { env: loaded, log, connection: "shared" }).then((r) => r.kw);
  return { kw, lines, env: loaded };
}

describe("createSlackAdapter", () => {
  const fake = perTest(() => startFakeSlack([]));

  it("without Slack settings: no adapter, and one log line saying how to enable it", async () => {
    const { kw, lines, env: settings } = keepwarmWith({});
    expect(await createSlackAdapter(await kw, settings)).toBeNull();
    expect(lines).toHaveLength(1);
    expect(lines[0].msg).toMatch(/Slack disabled: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET/);
  });

  it.each([
    [{ SLACK_BOT_TOKEN: "xoxb-1" }, /SLACK_SIGNING_SECRET: is required/],
    [{ SLACK_SIGNING_SECRET: "s" }, /SLACK_BOT_TOKEN: is required/],
    [{ SLACK_SIGNING_SECRET: "s", SLACK_BOT_TOKEN: "xoxp-user-token" }, /SLACK_BOT_TOKEN: must be a bot token/],
    [{ SLACK_SIGNING_SECRET: "s", SLACK_BOT_TOKEN: "xoxb-1", SLACK_API_URL: "not a url" }, /SLACK_API_URL/],
    [{ SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xoxb-wrong" }, /SLACK_APP_TOKEN: must be an app-level token/],
  ])("half a configuration stops with the variable named: %j", async (env, expected) => {
    const { kw, env: settings } = keepwarmWith(env);
    await expect(createSlackAdapter(await kw, settings)).rejects.toThrow(expected);
  });

  it("with SLACK_APP_TOKEN, uses Socket Mode: nothing is mounted on /slack/events", async () => {
    const { kw, lines, env: settings } = keepwarmWith({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_APP_TOKEN: "xapp-1", SLACK_API_URL: fake.apiUrl });
    const adapter = await createSlackAdapter(await kw, settings);
    expect(adapter?.platform).toBe("slack");
    // start() would open the Socket Mode connection to Slack; the routes are what matters here.
    const server = await serve(h, { adapters: [{ ...adapter!, start: undefined, stop: undefined }] }, await kw);
    expect((await fetch(`${server.url}/slack/events`, { method: "POST", body: "x" })).status).toBe(404);
    expect(lines.find((l) => l.msg === "Slack enabled")).toMatchObject({ mode: "socket" });
  });

  it("a bot token Slack refuses stops the start, naming SLACK_BOT_TOKEN; Slack out of reach only warns", async () => {
    fake.script("auth.test", () => ({ json: { ok: false, error: "invalid_auth" } }));
    const refused = keepwarmWith({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s", SLACK_API_URL: fake.apiUrl });
    await expect(createSlackAdapter(await refused.kw, refused.env)).rejects.toThrow("SLACK_BOT_TOKEN was refused by Slack: invalid_auth");
    await fake.close(); // Slack out of reach from here on
    const offline = keepwarmWith({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s", SLACK_API_URL: fake.apiUrl });
    expect(await createSlackAdapter(await offline.kw, offline.env)).not.toBeNull();
    expect(offline.lines.some((l) => /unreachable at start/.test(String(l.msg)))).toBe(true);
  });

  it("in HTTP mode, answers Slack's URL verification on /slack/events", async () => {
    const { createHmac } = await import("node:crypto");
    const { kw, env: settings } = keepwarmWith({ SLACK_BOT_TOKEN: "xoxb-1", SLACK_SIGNING_SECRET: "s3cret", SLACK_API_URL: fake.apiUrl });
    const server = await serve(h, { adapters: [(await createSlackAdapter(await kw, settings))!] }, await kw);
    const body = JSON.stringify({ type: "url_verification", challenge: "c-123", token: "t" });
    const ts = Math.floor(Date.now() / 1000);
    const sig = "v0=" + createHmac("sha256", "s3cret").update(`v0:${ts}:${body}`).digest("hex");
    const res = await fetch(`${server.url}/slack/events`, { method: "POST", body, headers: { "content-type": "application/json", "x-slack-request-timestamp": String(ts), "x-slack-signature": sig } });
    expect(await res.json()).toEqual({ challenge: "c-123" });
    expect((await fetch(`${server.url}/healthz`)).status).toBe(200);
  });
});

describe("Slack errors as delivery decisions", () => {
  const platform = (error: string) => new webApi.WebAPIPlatformError({ ok: false, error });

  it.each([
    ["channel_not_found", true],
    ["not_in_channel", true],
    ["is_archived", true],
    ["invalid_auth", true],
    ["token_revoked", true],
    ["message_not_found", true],
    ["internal_error", false],
    ["fatal_error", false],
  ])("%s → permanent: %s", (error, permanent) => {
    expect(toDeliveryError(platform(error)).options.permanent ?? false).toBe(permanent);
  });

  it("a 429 waits as long as Retry-After says; a 200 'ratelimited' waits a default; HTTP and network errors are retried", () => {
    expect(toDeliveryError(new webApi.WebAPIRateLimitedError(42)).options).toEqual({ retryAfterMs: 42_000 });
    expect(toDeliveryError(platform("ratelimited")).options).toEqual({ retryAfterMs: 30_000 });
    expect(toDeliveryError(new webApi.WebAPIHTTPError(503, "Service Unavailable", {})).options).toEqual({});
    expect(toDeliveryError(new webApi.WebAPIRequestError(new Error("ECONNRESET"))).options).toEqual({});
  });
});

describe("slackNotifier", () => {
  const fake = perTest(() => startFakeSlack([]));
  const client = () => new webApi.WebClient("xoxb-1", { slackApiUrl: fake.apiUrl, rejectRateLimitedCalls: true, retryConfig: { retries: 0 } });
  const target = (channelId: string) => ({ bindingId: "b", platform: "slack" as const, channelId, teamId: null, conversationRef: null });
  const msg = { summary: "hi", blocks: [{ type: "text" as const, text: "hi" }], visibility: "channel" as const };

  it("replies in the thread of the message it names", async () => {
    const notifier = slackNotifier(client(), h.kw.log);
    const { messageRef } = await notifier.post(target("C1"), msg);
    const [, ts] = messageRef.split(":");
    await notifier.reply(target("C1"), messageRef, msg);
    expect(fake.callsTo("chat.postMessage")[1].body).toMatchObject({ channel: "C1", thread_ts: ts });
  });

  it("findPosted: the message carrying the key, or null; never asks history for a user-id target", async () => {
    const notifier = slackNotifier(client(), h.kw.log);
    const { messageRef } = await notifier.post(target("C1"), { ...msg, deliveryKey: "digest:b:1" });
    expect(await notifier.findPosted!(target("C1"), "digest:b:1")).toBe(messageRef);
    expect(await notifier.findPosted!(target("C1"), "digest:b:2")).toBeNull();
    expect(await notifier.findPosted!(target("U1"), "digest:b:1")).toBeNull();
    expect(fake.callsTo("conversations.history")).toHaveLength(2);
  });

  it("findPosted: without the history scope it posts rather than losing the nudge; a rate limit is retried", async () => {
    const notifier = slackNotifier(client(), h.kw.log);
    fake.script("conversations.history", () => ({ json: { ok: false, error: "missing_scope" } }));
    expect(await notifier.findPosted!(target("C1"), "k")).toBeNull();
    fake.script("conversations.history", () => ({ status: 429, headers: { "retry-after": "5" }, json: { ok: false } }));
    await expect(notifier.findPosted!(target("C1"), "k")).rejects.toMatchObject({ options: { retryAfterMs: 5000 } });
  });
});
