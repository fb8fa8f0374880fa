/**
 * The OpenAPI 3.1 document of /api/v1 (served at GET /api/v1/openapi.json), generated from the route
 * table (routes.ts) and the zod schemas the routes validate with and answer by: request bodies as
 * a client sends them (zod's input side), responses as the server writes them.
 */
import { z } from "zod";
import { batchOf, MAX_ITEMS } from "./http.js";
import {
  internalErrorResponse, invalidPayloadResponse, notFoundResponse, payloadTooLargeResponse, unauthorizedResponse, unprocessableResponse, unreadableBodyResponse,
} from "./responses.js";
import type { ErrorStatus, IngestRoute } from "./routes.js";

type Json = Record<string, unknown>;

const OPENAPI_VERSION = "3.1.1";

const ERRORS: Record<ErrorStatus, { name: string; description: string; schemas: { name: string; schema: z.ZodType }[] }> = {
  400: {
    name: "BadRequest",
    description: "Validation failed: the zod issues, each with its path (in a batch the path starts with the item's index); or the body is not JSON.",
    schemas: [{ name: "InvalidPayload", schema: invalidPayloadResponse }, { name: "UnreadableBody", schema: unreadableBodyResponse }],
  },
  401: { name: "Unauthorized", description: "Missing, unknown or revoked token.", schemas: [{ name: "Unauthorized", schema: unauthorizedResponse }] },
  404: { name: "NotFound", description: "Unknown path, or no such account.", schemas: [{ name: "NotFound", schema: notFoundResponse }] },
  413: { name: "PayloadTooLarge", description: `The body is over 1 MB (send at most ${MAX_ITEMS} items per request).`, schemas: [{ name: "PayloadTooLarge", schema: payloadTooLargeResponse }] },
  422: {
    name: "Unprocessable",
    description: "Valid, but it cannot be applied: an unknown or ambiguous account (with suggestions), a time in the future or out of order, an id linked to another account. Nothing was written.",
    schemas: [{ name: "Unprocessable", schema: unprocessableResponse }],
  },
  500: { name: "InternalError", description: "Our fault; it was logged. Retrying is safe.", schemas: [{ name: "InternalError", schema: internalErrorResponse }] },
};

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (schema: Json) => ({ "application/json": { schema } });

export function openApiDocument(routes: readonly IngestRoute[]): Json {
  const requests = new Map<string, z.ZodType>();
  const responses = new Map<string, z.ZodType>();
  for (const route of routes) {
    if (route.item) {
      requests.set(route.item.name, route.item.schema);
      requests.set(`${route.item.name}Batch`, batchOf(route.item.schema));
    }
    for (const r of route.responses) if (r.schema) responses.set(r.schema.name, r.schema.schema);
  }
  const errorStatuses = [...new Set(routes.flatMap((r) => r.errors))].sort();
  for (const status of errorStatuses) for (const s of ERRORS[status].schemas) responses.set(s.name, s.schema);

  const paths: Record<string, Json> = {};
  for (const route of routes) {
    const path = route.path.replace(/:(\w+)/g, "{$1}");
    paths[path] = { ...paths[path], [route.method]: operation(route) };
  }
  return {
    openapi: OPENAPI_VERSION,
    info: {
      title: "Keepwarm ingestion API",
      version: "1",
      description: `Accounts, touchpoints, complaints, feedback and renewal dates from a CRM, helpdesk or survey tool. A POST body is one item, or { "items": [...] } with 1 to ${MAX_ITEMS} items (at most 1 MB); the whole request is checked before anything is written.`,
    },
    servers: [{ url: "/api/v1" }],
    security: [{ bearerAuth: [] }],
    paths,
    components: {
      securitySchemes: {
        bearerAuth: { type: "http", scheme: "bearer", description: "KEEPWARM_API_TOKEN, or a token from `keepwarm token create --name <name>`." },
      },
      schemas: { ...jsonSchemas(requests, "input"), ...jsonSchemas(responses, "output") },
      responses: Object.fromEntries(
        errorStatuses.map((status) => {
          const { name, description, schemas } = ERRORS[status];
          const schema = schemas.length === 1 ? ref(schemas[0].name) : { oneOf: schemas.map((s) => ref(s.name)) };
          return [name, { description, content: json(schema) }];
        }),
      ),
    },
  };
}

function operation(route: IngestRoute): Json {
  const parameters = [...parametersOf("path", route.params), ...parametersOf("query", route.query)];
  const responses: Json = {};
  for (const r of route.responses) responses[String(r.status)] = { description: r.description, content: json(r.schema ? ref(r.schema.name) : { type: "object" }) };
  for (const status of route.errors) responses[String(status)] = { $ref: `#/components/responses/${ERRORS[status].name}` };
  return {
    operationId: route.operationId,
    summary: route.summary,
    description: route.description,
    ...(route.public && { security: [] }),
    ...(parameters.length && { parameters }),
    ...(route.item && {
      requestBody: { required: true, content: json({ oneOf: [ref(route.item.name), ref(`${route.item.name}Batch`)] }) },
    }),
    responses,
  };
}

function parametersOf(where: "path" | "query", schema: z.ZodObject | undefined): Json[] {
  return Object.entries(schema?.shape ?? {}).map(([name, field]) => {
    const { description, ...fieldSchema } = withoutDialect(z.toJSONSchema(field as z.ZodType, { io: "input" }));
    const required = where === "path" || !(field as z.ZodType).safeParse(undefined).success;
    return { name, in: where, required, ...(description !== undefined && { description }), schema: fieldSchema };
  });
}

/** Named schemas as components; references between them by name. */
function jsonSchemas(named: Map<string, z.ZodType>, io: "input" | "output"): Record<string, Json> {
  const registry = z.registry<{ id: string }>();
  for (const [id, schema] of named) registry.add(schema, { id });
  const { schemas } = z.toJSONSchema(registry, { io, uri: (id) => `#/components/schemas/${id}` });
  return Object.fromEntries(Object.entries(schemas).map(([id, schema]) => [id, withoutDialect(schema)]));
}

/** OpenAPI 3.1's schema dialect is the default: no $schema, and no $id (its fragment would be invalid). */
function withoutDialect(schema: object): Json {
  const { $schema: _dialect, $id: _id, ...rest } = schema as Json;
  return rest;
}
