// The OpenAPI document of /api/v1: valid OpenAPI 3.1 (by an OpenAPI validator), describing exactly
// the routes the router serves, and true to what the server accepts and answers (checked with a
// JSON Schema validator against real requests through the real server).
import { Validator } from "@seriousme/openapi-schema-validator";
import { Ajv2020 } from "ajv/dist/2020.js";
import addFormats from "ajv-formats";
import { beforeEach, describe, expect, it } from "vitest";
import { startApi, TOKEN } from "../fixtures/ingestApi.js";
import { perTest } from "../fixtures/perTest.js";

type Json = Record<string, any>;

const api = perTest(() => startApi("sqlite"));
let doc: Json;
beforeEach(async () => {
  const res = await fetch(`${api.server.url}/api/v1/openapi.json`); // no token
  expect(res.status).toBe(200);
  expect(res.headers.get("content-type")).toContain("application/json");
  doc = (await res.json()) as Json;
});

/** A JSON Schema validator that knows the document's components, to check bodies against its schemas. */
function schemaValidator(document: Json) {
  // strictRequired off: "exactly one of account or accountExternalId" is oneOf [{ required: [account] }, …], valid JSON Schema that this lint flags.
  const ajv = new Ajv2020({ strict: true, strictRequired: false, allErrors: true });
  addFormats.default(ajv);
  ajv.addVocabulary(["components"]);
  ajv.addSchema({ $id: "keepwarm:openapi", components: document.components });
  return (schema: Json, value: unknown) => {
    const validate = ajv.compile(resolveRefs(schema));
    return { valid: validate(value) as boolean, errors: validate.errors };
  };
}

/** Local refs (#/components/…) made absolute, so they resolve inside the document added to ajv. */
const resolveRefs = (schema: Json): Json => JSON.parse(JSON.stringify(schema).replaceAll('"$ref":"#/', '"$ref":"keepwarm:openapi#/'));

/** The schema the document gives for one response. */
function responseSchema(document: Json, path: string, method: string, status: number): Json {
  let response = document.paths[path]?.[method]?.responses?.[String(status)];
  expect(response, `${method.toUpperCase()} ${path} ${status} is documented`).toBeDefined();
  if (response.$ref) response = document.components.responses[response.$ref.split("/").pop()];
  return response.content["application/json"].schema;
}

describe("GET /api/v1/openapi.json", () => {
  it("is a valid OpenAPI 3.1 document, served without a token", async () => {
    const validator = new Validator();
    const result = await validator.validate(doc);
    expect(result.errors).toBeUndefined();
    expect(result.valid).toBe(true);
    expect(validator.version).toBe("3.1");
    expect(doc.paths["/openapi.json"].get.security).toEqual([]);
    expect(doc.security).toEqual([{ bearerAuth: [] }]);
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: "http", scheme: "bearer" });
  });

  it("describes every route the router serves, and nothing else", () => {
    const served = api.h.kw
      .ingestApi()
      .stack.flatMap((layer) => (layer.route ? layer.route.stack.map((l) => `${l.method.toUpperCase()} ${layer.route!.path.replace(/:(\w+)/g, "{$1}")}`) : []));
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops as Json).map((method) => `${method.toUpperCase()} ${path}`));
    expect(new Set(served).size).toBe(served.length);
    expect(documented.sort()).toEqual(served.sort());
    expect(documented).toEqual(expect.arrayContaining(["POST /accounts", "POST /touchpoints", "POST /complaints", "POST /renewals", "GET /accounts/{ref}", "GET /openapi.json"]));
  });

  it("every documented operation is served (none falls through to the catch-all 404)", async () => {
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const method of Object.keys(ops as Json)) {
        const url = `${api.server.url}/api/v1${path.replace("{ref}", "nobody")}`;
        const res = await fetch(url, { method, headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json" }, body: method === "post" ? "{}" : undefined });
        const body = (await res.json()) as Json;
        expect(body.error, `${method} ${path}`).not.toBe("not_found");
      }
    }
  });
});

describe("the document is true to the server", () => {
  it.each([
    ["accounts", { name: "Acme Corp", externalId: "crm-1", externalIds: { zendesk: "8447346622462", hubspot: null } }, true],
    ["accounts", { items: [{ name: "Acme Corp" }, { name: "Globex", stage: "onboarding", annualValue: 1200.5 }] }, true],
    ["accounts", { name: "Acme Corp", externalIds: { zendsk: "1" } }, false],
    ["accounts", { name: "Acme Corp", externalIds: { zendesk: 8447346622462 } }, false],
    ["accounts", { name: "Acme Corp", stage: "lost" }, false],
    ["accounts", { items: [] }, false],
    ["accounts", { items: [{ name: "Acme Corp" }], source: "crm" }, false],
    ["touchpoints", { account: "Acme Corp", kind: "call", occurredAt: "2026-11-20T14:30:00Z", idempotencyKey: "k-1" }, true],
    ["touchpoints", { accountExternalId: "crm-1", kind: "note", occurredAt: "2026-11-20" }, true],
    ["touchpoints", { account: "Acme Corp", accountExternalId: "crm-1", kind: "call", occurredAt: "2026-11-20" }, false],
    ["touchpoints", { kind: "call", occurredAt: "2026-11-20" }, false],
    ["touchpoints", { account: "Acme Corp", kind: "fax", occurredAt: "2026-11-20" }, false],
    ["touchpoints", { account: "Acme Corp", kind: "call", occurredAt: "2026-11-20", summry: "typo" }, false],
    ["complaints", { accountExternalId: "crm-1", summary: "Invoices are wrong", severity: "high", externalId: "zd-1" }, true],
    ["complaints", { accountExternalId: "crm-1" }, false],
    ["renewals", { account: "Acme Corp", renewalDate: null }, true],
    ["renewals", { account: "Acme Corp" }, false],
  ])("POST /%s %j: valid by the document exactly when the server accepts it", async (route, body, valid) => {
    const check = schemaValidator(doc);
    const documented = check(doc.paths[`/${route}`].post.requestBody.content["application/json"].schema, body);
    expect(documented.valid, JSON.stringify(documented.errors)).toBe(valid);
    const r = await api.call(route, body);
    expect(r.status === 400, JSON.stringify(r.body)).toBe(!valid);
  });

  it("answers with the documented schema, status by status", async () => {
    const check = schemaValidator(doc);
    const expectDocumented = (path: string, method: string, r: { status: number; body: unknown }) => {
      const result = check(responseSchema(doc, path, method, r.status), r.body);
      expect(result.valid, `${method} ${path} ${r.status}: ${JSON.stringify(result.errors)} for ${JSON.stringify(r.body)}`).toBe(true);
    };
    const acme = { name: "Acme Corp", externalId: "crm-1", ownerEmail: "rita@example.com", externalIds: { zendesk: "8447346622462" } };
    const created = await api.call("accounts", acme);
    expect(created.status).toBe(201);
    expectDocumented("/accounts", "post", created);
    expectDocumented("/accounts", "post", await api.call("accounts", acme)); // 200
    const conflict = await api.call("accounts", { name: "Globex", externalIds: { zendesk: "8447346622462" } });
    expect(conflict.status).toBe(422);
    expectDocumented("/accounts", "post", conflict);
    const complaint = await api.call("complaints", { account: "Acme Corp", summary: "Down", externalId: "zd-7" });
    expect(complaint.body.results[0].id).toEqual(expect.any(Number));
    expectDocumented("/complaints", "post", complaint);

    const unknown = await api.call("touchpoints", { items: [{ account: "Acme Crop", kind: "call", occurredAt: "2026-11-20" }] });
    expect(unknown).toMatchObject({ status: 422, body: { index: 0 } });
    expectDocumented("/touchpoints", "post", unknown);
    expectDocumented("/touchpoints", "post", await api.call("touchpoints", { kind: "fax" })); // 400 invalid_payload
    expectDocumented("/touchpoints", "post", await api.call("touchpoints", "{oops")); // 400 invalid_json
    expectDocumented("/touchpoints", "post", await api.call("touchpoints", {}, { authorization: "Bearer wrong" })); // 401
    const tooLarge = await api.call("touchpoints", { account: "Acme Corp", kind: "call", occurredAt: "2026-11-20", summary: "x".repeat(1_100_000) });
    expect(tooLarge.status).toBe(413);
    expectDocumented("/touchpoints", "post", tooLarge);

    for (const ref of ["crm-1", "Acme%20Corp", "8447346622462?source=zendesk"]) {
      const found = await api.call(`accounts/${ref}`);
      expect(found.status).toBe(200);
      expectDocumented("/accounts/{ref}", "get", found);
    }
    for (const ref of ["Acme%20Crop", "1?source=zendesk"]) {
      const missing = await api.call(`accounts/${ref}`);
      expect(missing.status).toBe(404);
      expectDocumented("/accounts/{ref}", "get", missing);
    }
    expectDocumented("/accounts/{ref}", "get", await api.call("accounts/crm-1?source=zendsk")); // 400
    expectDocumented("/openapi.json", "get", { status: 200, body: doc });
  });
});
