/**
 * Every route of the ingestion API, once: the router (api.ts) mounts exactly these and the OpenAPI
 * document (openapi.ts) describes exactly these, from the same zod schemas the handlers validate with.
 */
import type { RequestHandler } from "express";
import type { z } from "zod";
import { accountViewHandler, accountViewParams, accountViewQuery } from "./accountView.js";
import { accountIngester, renewalIngester, touchpointIngester } from "./apply.js";
import { complaintIngester } from "./applyComplaint.js";
import { contactIngester } from "./applyContact.js";
import { feedbackIngester } from "./applyFeedback.js";
import type { IngestRouterDeps } from "./http.js";
import { ingestHandler } from "./ingestHandler.js";
import type { Ingester } from "./ingester.js";
import { accountViewResponse, resultsResponse } from "./responses.js";
import { ingestAccountSchema, ingestComplaintSchema, ingestContactSchema, ingestFeedbackSchema, ingestRenewalSchema, ingestTouchpointSchema } from "./schemas.js";

/** The error responses a route can give (openapi.ts has one shared description of each). */
export type ErrorStatus = 400 | 401 | 404 | 413 | 422 | 500;

export interface RouteContext {
  deps: IngestRouterDeps;
  /** The OpenAPI document of these routes. */
  document: () => object;
}

export interface IngestRoute {
  method: "get" | "post";
  /** Under /api/v1, in express's syntax (`:ref` for a parameter). */
  path: string;
  operationId: string;
  summary: string;
  description: string;
  /** Served without a token (it reveals no data). */
  public?: true;
  /** A POST's item: the body is one of them, or `{ "items": [...] }` (http.ts batchOf). */
  item?: { name: string; schema: z.ZodObject };
  params?: z.ZodObject;
  query?: z.ZodObject;
  responses: { status: 200 | 201; description: string; schema?: { name: string; schema: z.ZodType } }[];
  errors: ErrorStatus[];
  handler(ctx: RouteContext): RequestHandler;
}

const RESULTS = { name: "Results", schema: resultsResponse };

function ingestRoute<Item, Prepared>(
  path: string,
  operationId: string,
  item: { name: string; schema: z.ZodType<Item> & z.ZodObject },
  ingester: Ingester<Item, Prepared>,
  text: { summary: string; description: string },
): IngestRoute {
  return {
    method: "post",
    path,
    operationId,
    ...text,
    item,
    responses: [
      { status: 201, description: "Applied; at least one item was created.", schema: RESULTS },
      { status: 200, description: "Applied; nothing new was created (updated, or duplicates of what was sent before).", schema: RESULTS },
    ],
    errors: [400, 401, 413, 422, 500],
    handler: ({ deps }) => ingestHandler(deps, ingester, item.schema),
  };
}

export const INGEST_ROUTES: readonly IngestRoute[] = [
  ingestRoute("/accounts", "upsertAccounts", { name: "AccountInput", schema: ingestAccountSchema }, accountIngester, {
    summary: "Create or update accounts",
    description:
      "Upsert by externalId, else by name. A new owner email creates a rep. stage and stageSince apply to new accounts only. " +
      "externalIds sets the account's id in each linked system (null removes it); an id already linked to another account is a 422 conflict. " +
      "A batch is written in one transaction.",
  }),
  ingestRoute("/touchpoints", "recordTouchpoints", { name: "TouchpointInput", schema: ingestTouchpointSchema }, touchpointIngester, {
    summary: "Record touchpoints",
    description:
      "The same idempotencyKey again is reported as a duplicate. A note is not customer contact. contactRole also saves the contact with that role (as POST /contacts). " +
      "A batch is written in one transaction.",
  }),
  ingestRoute("/contacts", "saveContacts", { name: "ContactInput", schema: ingestContactSchema }, contactIngester, {
    summary: "Create or update contacts",
    description:
      "Upsert by the contact's name at the account (ignoring case and punctuation): a new name is created, a known one updated in the fields given " +
      "(left out: kept; null: cleared). A batch is written in one transaction.",
  }),
  ingestRoute("/complaints", "recordComplaints", { name: "ComplaintInput", schema: ingestComplaintSchema }, complaintIngester, {
    summary: "Open complaints and move them along",
    description: "The same ticket externalId again updates it (first response, resolution) instead of opening another.",
  }),
  ingestRoute("/feedback", "recordFeedback", { name: "FeedbackInput", schema: ingestFeedbackSchema }, feedbackIngester, {
    summary: "Record survey feedback (NPS or CSAT)",
    description:
      "A score, or (score absent or null) that the customer was asked and has not answered yet. The same idempotencyKey again is reported as a duplicate. " +
      "The account's latest response is the one given last (by at), whatever the order feedback arrives in. A batch is written in one transaction.",
  }),
  ingestRoute("/renewals", "setRenewals", { name: "RenewalInput", schema: ingestRenewalSchema }, renewalIngester, {
    summary: "Set or clear renewal dates",
    description: "renewalDate null clears it; the same date again is a duplicate.",
  }),
  {
    method: "get",
    path: "/accounts/:ref",
    operationId: "getAccount",
    summary: "One account",
    description: "The account with its owner, open complaints and its id in each linked system.",
    params: accountViewParams,
    query: accountViewQuery,
    responses: [{ status: 200, description: "The account.", schema: { name: "AccountView", schema: accountViewResponse } }],
    errors: [400, 401, 404, 422, 500],
    handler: ({ deps }) => accountViewHandler(deps.db),
  },
  {
    method: "get",
    path: "/openapi.json",
    operationId: "getOpenApiDocument",
    summary: "This document",
    description: "The OpenAPI 3.1 description of /api/v1. Served without a token: it reveals no data.",
    public: true,
    responses: [{ status: 200, description: "The OpenAPI document." }],
    errors: [],
    handler: ({ document }) => (_req, res) => void res.json(document()),
  },
];
