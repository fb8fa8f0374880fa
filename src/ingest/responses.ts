/**
 * What the ingestion API answers, as zod schemas: the code that answers is typed by them and the
 * OpenAPI document (openapi.ts) is generated from them, so the two cannot drift apart.
 */
import { z } from "zod";
import { LINK_SOURCES } from "../domain/sources.js";
import { STAGES } from "../domain/stages.js";
import { APPLY_STATUSES } from "./ingester.js";

const text = z.string();

export const resultsResponse = z
  .object({
    results: z.array(
      z.object({
        status: z.enum(APPLY_STATUSES),
        id: z.union([z.string(), z.number().int()]).describe("The touchpoint's, account's or contact's id, or the complaint's number."),
        accountId: z.string(),
      }),
    ),
  })
  .describe("One result per item, in item order.");

export const unauthorizedResponse = z.object({ error: z.literal("unauthorized") });

export const payloadIssue = z.object({
  path: z.array(z.union([z.string(), z.number().int()])).describe("Where: the field, after the item's index in a batch."),
  message: text,
});

export const invalidPayloadResponse = z.object({ error: z.literal("invalid_payload"), issues: z.array(payloadIssue) });

/** A body that is not JSON, or that the body parser refused for another reason. */
export const unreadableBodyResponse = z.object({ error: z.enum(["invalid_json", "bad_request"]), message: text });

export const payloadTooLargeResponse = z.object({ error: z.literal("payload_too_large"), message: text });

export const unprocessableResponse = z.object({
  error: z.enum(["unknown_account", "ambiguous_account", "invalid_argument", "conflict"]),
  message: text,
  hints: z.array(text).describe("What to do about it: suggestions for a misspelt account, how to fix a time."),
  index: z.number().int().optional().describe("In a batch, the item it is about."),
});

export const notFoundResponse = z.object({
  error: z.enum(["not_found", "unknown_account"]),
  message: text,
  hints: z.array(text).optional(),
});

export const internalErrorResponse = z.object({ error: z.literal("internal"), message: text });

const instant = z.iso.datetime();

export const accountViewResponse = z.object({
  account: z.object({
    id: text,
    name: text,
    externalId: text.nullable().describe("The CRM's id."),
    externalIds: z.object(Object.fromEntries(LINK_SOURCES.map((s) => [s, text.optional()]))).describe("The account's id in each linked system."),
    domains: z.array(text).describe("The customer's domains, alphabetically."),
    segment: text.nullable(),
    stage: z.enum(STAGES),
    stageSince: instant,
    renewalDate: text.nullable().describe("YYYY-MM-DD in the account's time zone."),
    annualValue: z.number().nullable(),
    timeZone: text,
    lastCustomerTouchAt: instant.nullable(),
    lastComplaintAt: instant.nullable(),
    owner: z.object({ name: text, email: text.nullable() }).nullable(),
    openComplaints: z.number().int(),
  }),
});

export type ResultsResponse = z.output<typeof resultsResponse>;
export type UnauthorizedResponse = z.output<typeof unauthorizedResponse>;
export type InvalidPayloadResponse = z.output<typeof invalidPayloadResponse>;
export type UnreadableBodyResponse = z.output<typeof unreadableBodyResponse>;
export type PayloadTooLargeResponse = z.output<typeof payloadTooLargeResponse>;
export type UnprocessableResponse = z.output<typeof unprocessableResponse>;
export type NotFoundResponse = z.output<typeof notFoundResponse>;
export type InternalErrorResponse = z.output<typeof internalErrorResponse>;
export type AccountViewResponse = z.output<typeof accountViewResponse>;
