/**
 * Before a pass of webhook events is applied, everything it needs from HubSpot is read in a few
 * batch calls: the companies (100 per call), each engagement type's objects and their company
 * associations, the deals' companies, and the owners named. A webhook body of 100 call creations is
 * then two calls, not two hundred.
 */
import type { ApplyContext, StoredEvent } from "../connector.js";
import type { HubSpotApi } from "./api.js";
import { parseStored } from "./stored.js";
import { type CompanyFacts, companyProperties, ENGAGEMENT_TYPES, type EngagementFacts, engagementProperties, type EngagementType, type Owner } from "./objects.js";
import type { HubspotSettings } from "./settings.js";

export interface HubspotReads {
  companies: Map<string, CompanyFacts>;
  /** By `<type>:<id>`. */
  engagements: Map<string, EngagementFacts>;
  dealCompanies: Map<string, string[]>;
  owners: Map<string, Owner | null>;
}

export const engagementKey = (type: EngagementType, id: string) => `${type}:${id}`;

export async function readForEvents(events: StoredEvent[], ctx: ApplyContext<HubspotSettings>): Promise<HubspotReads> {
  const api = ctx.settings.api();
  const reads: HubspotReads = { companies: new Map(), engagements: new Map(), dealCompanies: new Map(), owners: new Map() };
  const companyIds: string[] = [];
  const dealIds: string[] = [];
  const ownerIds: string[] = [];
  const byType = new Map<EngagementType, string[]>();
  for (const stored of events) {
    const parsed = parseStored(stored.payload);
    if (parsed.snapshot) continue; // a sync's event carries what was read
    const { event, kind } = parsed;
    if (kind.type === "company.creation" || kind.type === "company.propertyChange") companyIds.push(event.objectId);
    if (kind.type === "company.propertyChange" && kind.property === "hubspot_owner_id" && kind.value) ownerIds.push(kind.value);
    if (kind.type === "deal.propertyChange") dealIds.push(event.objectId);
    if (kind.type === "engagement.creation") byType.set(kind.engagement, [...(byType.get(kind.engagement) ?? []), event.objectId]);
  }

  const companies = companyIds.length ? await api.batchRead("companies", companyIds, companyProperties(ctx.config.hubspot)) : new Map();
  for (const company of companies.values()) ownerIds.push(company.properties.hubspot_owner_id ?? "");
  if (dealIds.length) reads.dealCompanies = await api.companiesOf("deals", dealIds);
  const engagementReads: { type: EngagementType; objects: Map<string, EngagementFacts["engagement"]>; companies: Map<string, string[]> }[] = [];
  for (const { name } of ENGAGEMENT_TYPES) {
    const ids = byType.get(name);
    if (!ids) continue;
    const objects = await api.batchRead(name, ids, engagementProperties(name));
    const companiesOf = await api.companiesOf(name, [...objects.keys()]);
    for (const o of objects.values()) ownerIds.push(o.properties.hubspot_owner_id ?? "");
    engagementReads.push({ type: name, objects, companies: companiesOf });
  }

  reads.owners = await readOwners(api, ownerIds);
  const ownerOf = (id: string | null | undefined) => (id ? reads.owners.get(id) ?? null : null);
  for (const company of companies.values()) reads.companies.set(company.id, { company, owner: ownerOf(company.properties.hubspot_owner_id) });
  for (const { type, objects, companies: companiesOf } of engagementReads) {
    for (const engagement of objects.values()) {
      reads.engagements.set(engagementKey(type, engagement.id), { engagement, type, companyIds: companiesOf.get(engagement.id) ?? [], owner: ownerOf(engagement.properties.hubspot_owner_id) });
    }
  }
  return reads;
}

/** Owners one by one (HubSpot has no batch read for them); a pass names few. */
export async function readOwners(api: HubSpotApi, ids: string[]): Promise<Map<string, Owner | null>> {
  const owners = new Map<string, Owner | null>();
  for (const id of new Set(ids.filter(Boolean))) owners.set(id, await api.owner(id));
  return owners;
}
