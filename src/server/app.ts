import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import express, { type Express } from "express";
import type { Keepwarm } from "../keepwarm.js";
import { stopScheduler } from "../scheduler/scheduler.js";
import type { ChatAdapter } from "../chatAdapter.js";

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
  /** The SMTP listener's port, when email capture is on (SMTP_PORT). */
  smtpPort: number | null;
  close(): Promise<void>;
}

/**
 * The one HTTP server: health, the ingestion API, and (as they are configured) the chat adapters;
 * beside it, the SMTP listener of email capture when SMTP_PORT is set.
 * Without a chat platform, deliveries go to a console binding rendered in the log, so the whole loop
 * (scan → outbox → message) is visible locally.
 */
export async function startServer(kw: Keepwarm, opts: ServerOptions): Promise<RunningServer> {
  const app = express();
  app.disable("x-powered-by");
  app.get("/healthz", async (_req, res) => {
    const health = await kw.health();
    res.status(health.status === "ok" ? 200 : 503).json(health);
  });

  app.use(kw.connectorRoutes());

  app.use("/api/v1", kw.ingestApi());
  const tokens = await kw.apiTokenSources();
  if (tokens.envToken || tokens.managedTokens) kw.log.info(tokens, "ingestion API at /api/v1 (its description: /api/v1/openapi.json)");
  else kw.log.info(tokens, "ingestion API at /api/v1 refuses every request until there is a token: set KEEPWARM_API_TOKEN or run `keepwarm token create --name <name>`");

  const adapters = opts.adapters ?? [];
  for (const adapter of adapters) {
    adapter.mount(app);
    kw.registerNotifier(adapter.platform, adapter.notifier);
  }

  const localOnly = new Set<string>(adapters.filter((a) => a.localMode).map((a) => a.platform));
  const chatPlatforms = kw.platforms().filter((p) => p !== "console" && !localOnly.has(p));
  if (chatPlatforms.length === 0 && opts.consoleFallback !== false) {
    const channel = await kw.useConsole();
    kw.log.info({ channel }, "no chat platform configured: nudges and digests are printed here");
  }

  const server = await listen(app, opts.port, opts.host ?? "0.0.0.0");
  const port = (server.address() as AddressInfo).port;
  const smtp = await kw.startEmailCapture();
  for (const adapter of adapters) await adapter.start?.();
  const tasks = opts.scheduler === false ? [] : kw.startScheduler();
  kw.log.info({ port }, "keepwarm listening");
  return {
    app,
    port,
    smtpPort: smtp?.port ?? null,
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      await stopScheduler(tasks);
      await smtp?.close();
      for (const adapter of adapters) await adapter.stop?.();
      await new Promise<void>((resolve, reject) => server.close((err) => (err ? reject(err) : resolve())));
      await kw.settleInbound(); // events a webhook stored are applying: let that pass finish
      await kw.settleSharedChannels(); // shared-channel messages Slack already had its answer for
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
