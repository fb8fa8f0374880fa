/**
 * `keepwarm sync hubspot`: the companies, then each engagement type, read through the CRM search
 * (modified since --since, oldest first, 100 a page), with the owners read once. HubSpot's search
 * stops at 10,000 results per query, so past that the same search starts again from the last
 * modification time seen, skipping the objects at that time it has already read.
 */
import type { Backfill, BackfillContext, BackfillPage } from "../connector.js";
import { SEARCH_LIMIT } from "./api.js";
import { companyProperties, ENGAGEMENT_TYPES, engagementProperties, type EngagementType, type Owner } from "./objects.js";
import type { HubspotSettings } from "./settings.js";
import { snapshotEvent, type Snapshot } from "./stored.js";

/** `skip`: objects at exactly `from` that the page before a restart had already read. */
type Cursor = { from: number; after: string | null; skip?: string[] };
const PAGE = 100;

export const hubspotBackfill: Backfill<HubspotSettings> = {
  phases: ["companies", ...ENGAGEMENT_TYPES.map((e) => e.name)],
  async *pages(phase, cursor, ctx): AsyncIterable<BackfillPage> {
    const api = ctx.settings.api("backfill");
    const owners = await ctx.once("owners", () => api.owners());
    const ownerOf = (id: string | null | undefined): Owner | null => (id ? owners.get(id) ?? null : null);
    const isCompanies = phase === "companies";
    const properties = isCompanies ? companyProperties(ctx.config.hubspot) : engagementProperties(phase as EngagementType);
    let at: Cursor = cursor ? (JSON.parse(cursor) as Cursor) : { from: ctx.since?.getTime() ?? 0, after: null };
    for (;;) {
      const found = await api.searchModifiedSince(phase, at.from, properties, at.after);
      const skip = new Set(at.skip ?? []);
      const page = { ...found, results: found.results.filter((o) => !skip.has(o.id)) };
      const companiesOf = isCompanies || page.results.length === 0 ? new Map<string, string[]>() : await api.companiesOf(phase, page.results.map((o) => o.id));
      const snapshots: Snapshot[] = page.results.map((o) => {
        const modifiedAt = modified(o.properties.hs_lastmodifieddate, o.updatedAt);
        return isCompanies
          ? { object: "company", facts: { company: o, owner: ownerOf(o.properties.hubspot_owner_id) }, modifiedAt }
          : { object: "engagement", facts: { engagement: o, type: phase as EngagementType, companyIds: companiesOf.get(o.id) ?? [], owner: ownerOf(o.properties.hubspot_owner_id) }, modifiedAt };
      });
      const seen = Number(at.after ?? 0) + found.results.length;
      const next = nextCursor(at, page.after, seen, found.total, snapshots, ctx);
      yield { events: snapshots.map(snapshotEvent), cursor: next && JSON.stringify(next), remaining: Math.max(0, page.total - seen) };
      if (!next) return;
      at = next;
    }
  },
};

/**
 * Where the next page starts: HubSpot's `after`, or, once the search's result cap is reached (no
 * further page though the total says more match), the same search from the last modification time
 * seen, skipping what was read at that time.
 */
function nextCursor(at: Cursor, after: string | null, seen: number, total: number, page: Snapshot[], ctx: BackfillContext<HubspotSettings>): Cursor | null {
  if (after && Number(after) < SEARCH_LIMIT) return { from: at.from, after };
  if (seen >= total || page.length === 0) return null;
  const last = Date.parse(page[page.length - 1].modifiedAt);
  const atLast = page.filter((s) => Date.parse(s.modifiedAt) === last).map((s) => (s.object === "company" ? s.facts.company.id : s.facts.engagement.id));
  if (last > at.from) return { from: last, after: null, skip: atLast };
  // More than a whole capped search modified in the same millisecond: step past it rather than loop (logged: some may be missed).
  ctx.log.warn({ from: at.from }, "HubSpot search: more objects than one search returns share one modification time; continuing after it");
  return { from: at.from + 1, after: null };
}

function modified(property: string | null | undefined, updatedAt: string | undefined): string {
  const ms = property && /^\d+$/.test(property) ? Number(property) : Date.parse(property ?? updatedAt ?? "");
  return new Date(Number.isFinite(ms) ? ms : 0).toISOString();
}
