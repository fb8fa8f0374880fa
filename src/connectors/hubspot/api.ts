/**
 * The HubSpot CRM API calls Keepwarm makes, with a private app's access token: batch reads of
 * objects (100 per call), batch reads of their company associations (v4), owners, and the search
 * that `keepwarm sync hubspot` pages through. HubSpot's limits are honoured: a 429 waits as long as
 * Retry-After or the rate-limit window says, and when X-HubSpot-RateLimit-Remaining reaches 0 the
 * next call waits for the window first, instead of spending a request on a refusal.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { CrmObject, Owner } from "./objects.js";

export class HubSpotApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

export interface HubSpotApiOptions {
  baseUrl: string;
  token: string;
  /** How many times a 429 or 5xx is retried before the call fails (the inbox then retries the events with backoff). */
  retries?: number;
  /** The longest single wait; a longer Retry-After fails the call rather than hold a webhook pass. */
  maxWaitMs?: number;
}

const BATCH = 100;
/** HubSpot's search pages stop at 10,000 results; past that the sync searches again from the last time seen. */
export const SEARCH_LIMIT = 10_000;

export interface SearchPage {
  total: number;
  results: CrmObject[];
  after: string | null;
}

/** How long an owner read is trusted (an owner's email rarely changes; a new rep is a new id). */
const OWNER_TTL_MS = 10 * 60_000;

export class HubSpotApi {
  private pausedUntil = 0;
  private readonly ownerCache = new Map<string, { owner: Owner | null; until: number }>();
  private readonly retries: number;
  private readonly maxWaitMs: number;

  constructor(private readonly options: HubSpotApiOptions) {
    this.retries = options.retries ?? 2;
    this.maxWaitMs = options.maxWaitMs ?? 10_000;
  }

  /** Objects by id, in calls of 100; an id HubSpot no longer has (deleted, merged) is absent from the map. */
  async batchRead(objectType: string, ids: string[], properties: string[]): Promise<Map<string, CrmObject>> {
    const found = new Map<string, CrmObject>();
    for (const chunk of chunks(unique(ids))) {
      const body = await this.call<{ results: CrmObject[] }>("POST", `/crm/v3/objects/${objectType}/batch/read`, { properties, inputs: chunk.map((id) => ({ id })) });
      for (const o of body.results) found.set(String(o.id), { ...o, id: String(o.id) });
    }
    return found;
  }

  /** The companies each object is associated with, the primary one first. */
  async companiesOf(objectType: string, ids: string[]): Promise<Map<string, string[]>> {
    const found = new Map<string, string[]>();
    type Result = { from: { id: string }; to: { toObjectId: number | string; associationTypes?: { label?: string | null }[] }[] };
    for (const chunk of chunks(unique(ids))) {
      const body = await this.call<{ results: Result[] }>("POST", `/crm/v4/associations/${objectType}/companies/batch/read`, { inputs: chunk.map((id) => ({ id })) });
      for (const r of body.results) {
        const primary = (t: Result["to"][number]) => (t.associationTypes ?? []).some((a) => a.label === "Primary");
        const sorted = [...r.to].sort((a, b) => Number(primary(b)) - Number(primary(a)));
        found.set(String(r.from.id), sorted.map((t) => String(t.toObjectId)));
      }
    }
    return found;
  }

  /**
   * One owner, or null when HubSpot has none by that id (deactivated owners are looked up archived too).
   * Remembered for OWNER_TTL_MS: HubSpot has no batch read for owners, a portal has few, and a
   * webhook body of 100 calls would otherwise cost a request per rep on every pass.
   */
  async owner(id: string): Promise<Owner | null> {
    const known = this.ownerCache.get(id);
    if (known && known.until > Date.now()) return known.owner;
    let owner: Owner | null;
    try {
      owner = normalOwner(await this.call<Owner>("GET", `/crm/v3/owners/${encodeURIComponent(id)}?idProperty=id`));
    } catch (err) {
      if (!(err instanceof HubSpotApiError && err.status === 404)) throw err;
      owner = null;
    }
    this.ownerCache.set(id, { owner, until: Date.now() + OWNER_TTL_MS });
    return owner;
  }

  /** Every owner, paged. */
  async owners(): Promise<Map<string, Owner>> {
    const all = new Map<string, Owner>();
    let after: string | undefined;
    do {
      const page = await this.call<{ results: Owner[]; paging?: { next?: { after: string } } }>("GET", `/crm/v3/owners?limit=100${after ? `&after=${encodeURIComponent(after)}` : ""}`);
      for (const o of page.results) all.set(String(o.id), normalOwner(o));
      after = page.paging?.next?.after;
    } while (after);
    return all;
  }

  /** One page of objects modified at or after `fromMs`, oldest first. */
  async searchModifiedSince(objectType: string, fromMs: number, properties: string[], after: string | null): Promise<SearchPage> {
    const body = await this.call<{ total: number; results: CrmObject[]; paging?: { next?: { after: string } } }>("POST", `/crm/v3/objects/${objectType}/search`, {
      filterGroups: [{ filters: [{ propertyName: "hs_lastmodifieddate", operator: "GTE", value: String(fromMs) }] }],
      sorts: [{ propertyName: "hs_lastmodifieddate", direction: "ASCENDING" }],
      properties,
      limit: BATCH,
      ...(after && { after }),
    });
    return { total: body.total, results: body.results.map((o) => ({ ...o, id: String(o.id) })), after: body.paging?.next?.after ?? null };
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      const pause = this.pausedUntil - Date.now();
      if (pause > 0) await sleep(pause);
      let res: Response;
      try {
        res = await fetch(`${this.options.baseUrl.replace(/\/$/, "")}${path}`, {
          method,
          headers: { authorization: `Bearer ${this.options.token}`, accept: "application/json", ...(body !== undefined && { "content-type": "application/json" }) },
          body: body === undefined ? undefined : JSON.stringify(body),
        });
      } catch (err) {
        if (attempt >= this.retries) throw new HubSpotApiError(`HubSpot could not be reached: ${(err as Error).message}`, 0);
        await sleep(backoff(attempt));
        continue;
      }
      this.notePace(res.headers);
      if (res.ok) return (await res.json()) as T;
      const text = await res.text();
      const retryable = res.status === 429 || res.status >= 500;
      if (retryable && attempt < this.retries) {
        const wait = waitFor(res, attempt);
        if (wait <= this.maxWaitMs) {
          await sleep(wait);
          continue;
        }
      }
      throw new HubSpotApiError(describe(res.status, method, path, text), res.status);
    }
  }

  /** When the window's requests are spent, the next call waits for the window to pass. */
  private notePace(headers: Headers): void {
    const remaining = Number(headers.get("x-hubspot-ratelimit-remaining"));
    const interval = Number(headers.get("x-hubspot-ratelimit-interval-milliseconds"));
    if (headers.has("x-hubspot-ratelimit-remaining") && remaining <= 0 && interval > 0) this.pausedUntil = Date.now() + interval;
  }
}

function waitFor(res: Response, attempt: number): number {
  const retryAfter = res.headers.get("retry-after");
  if (retryAfter && Number.isFinite(Number(retryAfter))) return Number(retryAfter) * 1000;
  const interval = Number(res.headers.get("x-hubspot-ratelimit-interval-milliseconds"));
  if (res.status === 429 && interval > 0) return interval;
  return backoff(attempt);
}

const backoff = (attempt: number) => Math.min(8_000, 250 * 2 ** attempt);

function describe(status: number, method: string, path: string, text: string): string {
  let message = text.slice(0, 300);
  try {
    message = (JSON.parse(text) as { message?: string }).message ?? message;
  } catch {
    // not JSON: the text is the message
  }
  const hint = status === 401 || status === 403 ? " (check HUBSPOT_ACCESS_TOKEN and the private app's scopes)" : "";
  return `HubSpot answered ${status} to ${method} ${path.split("?")[0]}${hint}: ${message}`;
}

function normalOwner(o: Owner): Owner {
  return { id: String(o.id), email: o.email ? o.email.trim().toLowerCase() : null, firstName: o.firstName ?? null, lastName: o.lastName ?? null };
}

const unique = (ids: string[]) => [...new Set(ids)];

function chunks<T>(items: T[]): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += BATCH) out.push(items.slice(i, i + BATCH));
  return out;
}
