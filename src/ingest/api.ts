/**
 * The ingestion API, mounted at /api/v1: CRMs, helpdesks and survey tools post accounts, touchpoints,
 * complaints, feedback and renewals, one object or `{ items: [...] }` per request (the routes:
 * routes.ts; what a POST does: ingestHandler.ts). Every route but the OpenAPI document needs a
 * bearer token: the one in KEEPWARM_API_TOKEN or a managed one (apiTokens.ts).
 */
import express, { type Router } from "express";
import { silentLogger } from "../logging.js";
import { apiTokenVerifier } from "./apiTokens.js";
import { bearerAuth, jsonErrors, type IngestRouterDeps } from "./http.js";
import { openApiDocument } from "./openapi.js";
import { INGEST_ROUTES, type IngestRoute, type RouteContext } from "./routes.js";
import type { NotFoundResponse } from "./responses.js";

export type { IngestRouterDeps } from "./http.js";

export function createIngestRouter(deps: IngestRouterDeps): Router {
  const logger = deps.logger ?? silentLogger;
  let document: object | null = null;
  const ctx: RouteContext = { deps: { ...deps, logger }, document: () => (document ??= openApiDocument(INGEST_ROUTES)) };
  const router = express.Router();
  const mount = (route: IngestRoute) => router[route.method](route.path, route.handler(ctx));
  INGEST_ROUTES.filter((r) => r.public).forEach(mount);
  router.use(bearerAuth(apiTokenVerifier(deps.db, { envToken: deps.envToken, now: deps.now, logger })));
  router.use(express.json({ limit: "1mb" }));
  INGEST_ROUTES.filter((r) => !r.public).forEach(mount);
  router.use((req, res) => {
    const message = `No ${req.method} ${req.baseUrl}${req.path}. POST to ${routesOf("post")}; GET ${routesOf("get")}.`;
    res.status(404).json({ error: "not_found", message } satisfies NotFoundResponse);
  });
  router.use(jsonErrors(logger));
  return router;
}

/** "accounts, touchpoints, complaints or renewals" */
function routesOf(method: IngestRoute["method"]): string {
  const paths = INGEST_ROUTES.filter((r) => r.method === method).map((r) => r.path.slice(1).replace(/:(\w+)/g, "{$1}"));
  return paths.length > 1 ? `${paths.slice(0, -1).join(", ")} or ${paths[paths.length - 1]}` : paths.join("");
}
