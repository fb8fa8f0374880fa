// A loopback fake of the HubSpot CRM API calls Keepwarm makes: batch reads of objects, v4 batch reads
// of company associations, owners (one and paged), and the search the sync pages through (filter
// hs_lastmodifieddate GTE, ascending, `after` offsets, capped like HubSpot's at 10,000 — or lower, to
// test what happens past the cap). It checks the bearer token, records every request, sends HubSpot's
// rate-limit headers, and can be scripted to refuse (429) or to hang.
import http from "node:http";
import type { AddressInfo } from "node:net";

export const HUBSPOT_TOKEN = "pat-na1-11111111-2222-3333-4444-555555555555";

export interface FakeObject {
  id: string;
  properties: Record<string, string | null>;
  /** Company ids, the primary first. */
  companies?: string[];
}

export interface FakeOwner {
  id: string;
  email: string | null;
  firstName?: string;
  lastName?: string;
}

export interface HubRequest {
  method: string;
  path: string;
  body: Record<string, unknown> | null;
}

type Answer = { status: number; headers?: Record<string, string>; json: unknown };
/** Return an answer to send instead, or undefined to let the fake answer. */
type Script = (req: HubRequest) => Answer | undefined | Promise<Answer | undefined>;

export interface FakeHubSpot {
  url: string;
  requests: HubRequest[];
  objects: Map<string, Map<string, FakeObject>>;
  owners: Map<string, FakeOwner>;
  /** Adds (or replaces) objects of a type ("companies", "calls", "deals"…). */
  put(type: string, ...objects: FakeObject[]): void;
  script(script: Script | null): void;
  /** Requests whose path starts with this. */
  requestsTo(prefix: string): HubRequest[];
  /** Search results per query stop here (HubSpot: 10,000). */
  searchCap: number;
  close(): Promise<void>;
}

export async function startFakeHubSpot(): Promise<FakeHubSpot> {
  const objects = new Map<string, Map<string, FakeObject>>();
  const owners = new Map<string, FakeOwner>();
  const requests: HubRequest[] = [];
  let script: Script | null = null;
  const of = (type: string) => objects.get(type) ?? objects.set(type, new Map()).get(type)!;
  const view = (o: FakeObject, properties: string[]) => ({
    id: o.id,
    properties: Object.fromEntries(properties.map((p) => [p, o.properties[p] ?? null])),
    createdAt: "2026-01-01T00:00:00.000Z",
    updatedAt: o.properties.hs_lastmodifieddate ? new Date(Number(o.properties.hs_lastmodifieddate)).toISOString() : "2026-01-01T00:00:00.000Z",
    archived: false,
  });

  const fake: FakeHubSpot = {
    url: "",
    requests,
    objects,
    owners,
    searchCap: 10_000,
    put: (type, ...list) => list.forEach((o) => of(type).set(o.id, o)),
    script: (s) => void (script = s),
    requestsTo: (prefix) => requests.filter((r) => r.path.startsWith(prefix)),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };

  const answer = (req: HubRequest): Answer => {
    const url = new URL(req.path, "http://fake");
    const parts = url.pathname.split("/").filter(Boolean);
    const body = req.body ?? {};
    // POST /crm/v3/objects/:type/batch/read
    if (req.method === "POST" && parts[1] === "v3" && parts[4] === "batch" && parts[5] === "read") {
      const inputs = (body.inputs as { id: string }[]) ?? [];
      if (inputs.length > 100) return { status: 400, json: { status: "error", message: "at most 100 inputs" } };
      const found = inputs.map((i) => of(parts[3]).get(String(i.id))).filter((o): o is FakeObject => !!o);
      const missing = inputs.filter((i) => !of(parts[3]).has(String(i.id))).map((i) => String(i.id));
      const json = { status: "COMPLETE", results: found.map((o) => view(o, body.properties as string[])), ...(missing.length && { numErrors: 1, errors: [{ status: "error", category: "OBJECT_NOT_FOUND", context: { ids: missing } }] }) };
      return { status: missing.length ? 207 : 200, json };
    }
    // POST /crm/v4/associations/:from/companies/batch/read
    if (req.method === "POST" && parts[1] === "v4" && parts[2] === "associations") {
      const inputs = (body.inputs as { id: string }[]) ?? [];
      const results = inputs
        .map((i) => of(parts[3]).get(String(i.id)))
        .filter((o): o is FakeObject => !!o && !!o.companies?.length)
        .map((o) => ({
          from: { id: o.id },
          to: o.companies!.map((c, n) => ({ toObjectId: Number(c), associationTypes: [{ category: "HUBSPOT_DEFINED", typeId: n === 0 ? 182 : 181, label: n === 0 ? "Primary" : null }] })),
        }));
      return { status: 200, json: { status: "COMPLETE", results } };
    }
    // GET /crm/v3/owners/:id and GET /crm/v3/owners
    if (req.method === "GET" && parts[2] === "owners") {
      if (parts[3]) {
        const owner = owners.get(parts[3]);
        return owner ? { status: 200, json: { ...owner, userId: 1, archived: false } } : { status: 404, json: { status: "error", message: "Owner not found" } };
      }
      const all = [...owners.values()];
      const start = Number(url.searchParams.get("after") ?? 0);
      const limit = Number(url.searchParams.get("limit") ?? 100);
      const page = all.slice(start, start + limit);
      return { status: 200, json: { results: page, ...(start + limit < all.length && { paging: { next: { after: String(start + limit) } } }) } };
    }
    // POST /crm/v3/objects/:type/search
    if (req.method === "POST" && parts[4] === "search") {
      const from = Number((body.filterGroups as { filters: { value: string }[] }[])[0].filters[0].value);
      const after = Number(body.after ?? 0);
      const limit = Number(body.limit ?? 10);
      const matching = [...of(parts[3]).values()]
        .filter((o) => Number(o.properties.hs_lastmodifieddate ?? 0) >= from)
        .sort((a, b) => Number(a.properties.hs_lastmodifieddate) - Number(b.properties.hs_lastmodifieddate) || Number(a.id) - Number(b.id));
      if (after >= fake.searchCap) return { status: 400, json: { status: "error", message: `paging past ${fake.searchCap} results is not supported` } };
      const page = matching.slice(after, Math.min(after + limit, fake.searchCap));
      const next = after + limit < Math.min(matching.length, fake.searchCap) ? { paging: { next: { after: String(after + limit) } } } : {};
      return { status: 200, json: { total: matching.length, results: page.map((o) => view(o, body.properties as string[])), ...next } };
    }
    return { status: 404, json: { status: "error", message: `the fake has no ${req.method} ${url.pathname}` } };
  };

  const server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", async () => {
      const recorded: HubRequest = { method: req.method!, path: req.url!, body: raw ? JSON.parse(raw) : null };
      requests.push(recorded);
      const send = (a: Answer) => {
        res.writeHead(a.status, { "content-type": "application/json", "x-hubspot-ratelimit-max": "190", "x-hubspot-ratelimit-remaining": "189", "x-hubspot-ratelimit-interval-milliseconds": "10000", ...a.headers });
        res.end(JSON.stringify(a.json));
      };
      if (req.headers.authorization !== `Bearer ${HUBSPOT_TOKEN}`) return send({ status: 401, json: { status: "error", message: "Authentication credentials not found.", category: "INVALID_AUTHENTICATION" } });
      const scripted = script ? await script(recorded) : undefined;
      send(scripted ?? answer(recorded));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  fake.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}

/** HubSpot's 429 for the ten-second window. */
export const rateLimited = (retryAfterSeconds?: number): Answer => ({
  status: 429,
  headers: { "x-hubspot-ratelimit-remaining": "0", "x-hubspot-ratelimit-interval-milliseconds": "1000", ...(retryAfterSeconds !== undefined && { "retry-after": String(retryAfterSeconds) }) },
  json: { status: "error", message: "You have reached your ten_secondly_rolling limit.", errorType: "RATE_LIMIT", policyName: "TEN_SECONDLY_ROLLING" },
});
