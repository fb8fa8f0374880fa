// The Slack adapter: Bolt on the one server (HTTP, or Socket Mode behind a firewall), the listeners,
// and the delivery notifier. Everything Slack-specific lives in this folder.
import { App, ExpressReceiver, LogLevel, SocketModeReceiver, webApi } from "@slack/bolt";
import express from "express";
import type { Logger } from "pino";
import { ConfigError, type Env } from "../config/env.js";
import type { Keepwarm } from "../keepwarm.js";
import type { ChatAdapter } from "../chatAdapter.js";
import { boltLogger } from "./boltLogger.js";
import { registerListeners } from "./listeners/index.js";
import { slackNotifier } from "./notifier.js";
import { SlackPeople } from "./people.js";
import type { SlackDeps } from "./replies.js";
import { readSlackSettings, SLACK_EVENTS_PATH } from "./settings.js";

/** The Slack adapter, or null (with one log line) when Slack is not configured. */
export async function createSlackAdapter(kw: Keepwarm, env: Env): Promise<ChatAdapter | null> {
  const settings = readSlackSettings(env);
  if (!settings) {
    kw.log.info("Slack disabled: set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET (or SLACK_APP_TOKEN for Socket Mode) to enable it");
    return null;
  }
  const log = kw.log.child({ platform: "slack" });
  const logger = boltLogger(log);
  const apiUrl = settings.SLACK_API_URL ? { slackApiUrl: settings.SLACK_API_URL } : {};
  const socketMode = settings.SLACK_APP_TOKEN !== undefined;
  // Bolt's routes go on a router the shared server mounts: the raw body reaches Bolt's signature check.
  const router = express.Router();
  const receiver = socketMode
    ? new SocketModeReceiver({ appToken: settings.SLACK_APP_TOKEN!, logger })
    : new ExpressReceiver({ signingSecret: settings.SLACK_SIGNING_SECRET!, endpoints: SLACK_EVENTS_PATH, router, logger });
  // Deliveries never retry inside the client: the outbox owns retries and honours Retry-After.
  const deliveryClient = new webApi.WebClient(settings.SLACK_BOT_TOKEN, { ...apiUrl, logger, rejectRateLimitedCalls: true, retryConfig: { retries: 0 }, timeout: 15_000 });
  const identity = await botIdentity(deliveryClient, log);
  // Interactive calls fail fast rather than wait out a rate limit while a person is waiting.
  const app = new App({
    receiver,
    token: settings.SLACK_BOT_TOKEN,
    // Known ids spare Bolt its own auth.test at construction (whose failure would go unhandled).
    ...(identity ?? { tokenVerificationEnabled: false }),
    logger,
    logLevel: LogLevel.WARN,
    clientOptions: { ...apiUrl, rejectRateLimitedCalls: true, retryConfig: { retries: 2, minTimeout: 200, maxTimeout: 1000 }, timeout: 10_000 },
  });

  const deps: SlackDeps = { kw, people: new SlackPeople(kw, app.client, log), log };
  registerListeners(app, deps);
  app.error(async (err) => {
    log.error({ err: err.message, code: err.code }, "slack: unhandled error in a listener");
  });

  log.info({ mode: socketMode ? "socket" : "http", endpoint: socketMode ? undefined : SLACK_EVENTS_PATH }, "Slack enabled");
  return {
    platform: "slack",
    mount(shared) {
      if (!socketMode) shared.use(router);
    },
    notifier: slackNotifier(deliveryClient, log),
    async start() {
      if (socketMode) await app.start();
    },
    async stop() {
      if (socketMode) await app.stop();
    },
  };
}

/**
 * Who the bot is (auth.test). A token Slack refuses stops the start with the variable named; Slack
 * out of reach only warns (Bolt then checks the token on each request until it answers).
 */
async function botIdentity(client: webApi.WebClient, log: Logger): Promise<{ botId: string; botUserId: string } | null> {
  try {
    const auth = await client.auth.test();
    if (auth.bot_id && auth.user_id) {
      log.info({ team: auth.team, bot: auth.user }, "Slack: bot token accepted");
      return { botId: auth.bot_id, botUserId: auth.user_id };
    }
    return null;
  } catch (err) {
    if (err instanceof webApi.WebAPIPlatformError) throw new ConfigError(`SLACK_BOT_TOKEN was refused by Slack: ${err.data.error}`);
    log.warn({ err: (err as Error).message }, "Slack: unreachable at start; the bot token will be checked on first use");
    return null;
  }
}
