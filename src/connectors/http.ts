/**
 * The connectors' webhook routes (POST /connectors/<source>) on the one server. Each request is read
 * raw (signatures are computed over the exact bytes), verified and parsed by its connector, stored in
 * the inbox in one write, and answered at once (HubSpot waits 5 s at most); applying it happens after,
 * in the inbox worker. A refused request stores nothing.
 */
import express, { type ErrorRequestHandler, type Request, type Router } from "express";
import type { Logger } from "pino";
import type { Env } from "../config/env.js";
import type { Db } from "../store/client.js";
import type { Connector, InboundRequest } from "./connector.js";
import { storeEvents } from "./inbox.js";

export interface ConnectorRoutesDeps {
  db: Db;
  env: Env;
  log: Logger;
  now: () => Date;
  connectors: readonly Connector[];
  /** Told after events were stored (to apply them soon); failures are logged, the vendor is already answered. */
  onStored?: (stored: number) => void;
}

const MAX_BODY = "1mb";

export function connectorRoutes(deps: ConnectorRoutesDeps): Router {
  const router = express.Router();
  for (const connector of deps.connectors) {
    const settings = connector.settings(deps.env);
    router.post(connector.path, express.raw({ type: () => true, limit: MAX_BODY }), async (req, res) => {
      if (settings === null) {
        return void res.status(404).json({ error: "not_configured", message: `${connector.source} is not configured: set ${connector.variables.join(", ")}.` });
      }
      const now = deps.now();
      const reception = connector.receive(inboundRequest(req, deps.env), settings, now);
      if (!reception.ok && reception.status === 401) {
        deps.log.warn({ source: connector.source, reason: reception.reason, from: req.ip }, "connector request refused: not from the vendor");
        return void res.status(401).json({ error: "unauthorized" });
      }
      if (!reception.ok) return void res.status(400).json({ error: "invalid_payload", issues: reception.issues });
      const stored = await storeEvents(deps.db, connector.source, reception.events, now);
      deps.log.info({ source: connector.source, events: reception.events.length, stored }, "connector events received");
      if (reception.reply) res.status(200).type(reception.reply.contentType).send(reception.reply.body);
      else res.status(200).json({ received: reception.events.length, stored });
      if (stored > 0) deps.onStored?.(stored);
    });
  }
  router.use(bodyErrors(deps.log));
  return router;
}

/** The URL the vendor signed: the public URL configured for Keepwarm, else what the request says (behind a proxy, X-Forwarded-Proto). */
function inboundRequest(req: Request, env: Env): InboundRequest {
  const forwarded = req.get("x-forwarded-proto")?.split(",")[0]?.trim();
  const base = env.KEEPWARM_PUBLIC_URL ?? `${forwarded || req.protocol}://${req.get("host")}`;
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(req.headers)) headers[name] = Array.isArray(value) ? value.join(", ") : value;
  return { method: req.method, url: `${base.replace(/\/$/, "")}${req.originalUrl}`, headers, rawBody: Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0) };
}

function bodyErrors(log: Logger): ErrorRequestHandler {
  return (err, _req, res, next) => {
    const type = (err as { type?: string }).type;
    if (type === "entity.too.large") return void res.status(413).json({ error: "payload_too_large", message: `A request body may be at most ${MAX_BODY}.` });
    if (res.headersSent) return next(err);
    log.error({ err }, "connector request failed");
    res.status(500).json({ error: "internal", message: "Something went wrong on our side; the vendor will retry." });
  };
}
