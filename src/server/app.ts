import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express, { type Express } from "express";
import { consoleNotifier } from "../delivery/console.js";
import { createIngestRouter } from "../ingest/api.js";
import type { Keepwarm } from "../keepwarm.js";
import { startScheduler, stopScheduler } from "../scheduler/scheduler.js";
import type { ChatAdapter } from "./adapters.js";
import { ensureConsoleBinding } from "./consoleBinding.js";

export interface ServerOptions {
  port: number;
  host?: string;
  /** Run the cron jobs in this process (tests drive scan and delivery themselves). */
  scheduler?: boolean;
  /** Chat platforms to plug in (src/slack, src/teams). */
  adapters?: ChatAdapter[];
  /** Print deliveries to the log when no chat platform is connected (default true; tests of an emulator-mode adapter turn it off). */
  consoleFallback?: boolean;
}

export interface RunningServer {
  app: Express;
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * The one HTTP server: health, the ingestion API, and (as they are configured) the chat adapters.
 * Without a chat platform, deliveries go to a console binding rendered in the log, so the whole loop
 * (scan → outbox → message) is visible locally.
 */
export async function startServer(kw: Keepwarm, opts: ServerOptions): Promise<RunningServer> {
  const app = express();
  app.disable("x-powered-by");
  app.get("/healthz", async (_req, res) => {
    try {
      await kw.db.$queryRawUnsafe("SELECT 1");
      res.json({ status: "ok", database: kw.databaseKind, platforms: Object.keys(kw.notifiers) });
    } catch (err) {
      res.status(503).json({ status: "unavailable", error: (err as Error).message });
    }
  });

  if (kw.env.KEEPWARM_API_TOKEN) {
    app.use(
      "/api/v1",
      createIngestRouter({
        db: kw.db,
        token: kw.env.KEEPWARM_API_TOKEN,
        now: kw.clock,
        defaultTimeZone: kw.config.defaultTimeZone,
        logger: kw.log,
        onActivity: async (accountIds) => {
          await kw.scan({ accountIds });
        },
      }),
    );
  } else {
    kw.log.info("ingestion API off: set KEEPWARM_API_TOKEN to accept accounts and activity at /api/v1");
  }

  const adapters = opts.adapters ?? [];
  for (const adapter of adapters) {
    adapter.mount(app);
    kw.notifiers[adapter.platform] = adapter.notifier;
  }

  const localOnly = new Set(adapters.filter((a) => a.localMode).map((a) => a.platform));
  const chatPlatforms = Object.keys(kw.notifiers).filter((p) => p !== "console" && !localOnly.has(p as ChatAdapter["platform"]));
  if (chatPlatforms.length === 0 && opts.consoleFallback !== false) {
    kw.notifiers.console ??= consoleNotifier(kw.log);
    const binding = await ensureConsoleBinding(kw);
    kw.log.info({ channel: binding.channelId }, "no chat platform configured: nudges and digests are printed here");
  }

  const server = await listen(app, opts.port, opts.host ?? "0.0.0.0");
  const port = (server.address() as AddressInfo).port;
  for (const adapter of adapters) await adapter.start?.();
  const tasks = opts.scheduler === false ? [] : startScheduler(kw);
  kw.log.info({ port }, "keepwarm listening");
  return {
    app,
    port,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await stopScheduler(tasks);
      for (const adapter of adapters) await adapter.stop?.();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
    },
  };
}

function listen(app: Express, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    server.once("listening", () => resolve(server));
    server.once("error", reject);
  });
}
