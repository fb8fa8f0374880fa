/**
 * The HubSpot CRM objects Keepwarm reads, the properties it asks for, and the shapes it applies:
 * an object as read (by a webhook's batch read or by `keepwarm sync hubspot`) with its company
 * associations and its owner resolved, so applying needs no further call to HubSpot.
 */
import type { ConnectorsConfig } from "../../config/file.js";
import type { TouchpointKind } from "../../domain/touchpoints.js";

/** Engagements, by CRM object type (the API path) and type id (a generic webhook's objectTypeId). */
export const ENGAGEMENT_TYPES = [
  { name: "calls", typeId: "0-48", kind: "call", title: "hs_call_title", status: "hs_call_status", extra: ["hs_call_direction", "hs_call_body"] },
  { name: "emails", typeId: "0-49", kind: "email", title: "hs_email_subject", status: "hs_email_status", extra: ["hs_email_direction"] },
  { name: "meetings", typeId: "0-47", kind: "meeting", title: "hs_meeting_title", status: "hs_meeting_outcome", extra: ["hs_meeting_start_time"] },
  // Notes are internal: recorded, but they are not contact with the customer (src/domain/touchpoints.ts).
  { name: "notes", typeId: "0-46", kind: "note", title: "hs_note_body", status: null, extra: [] },
] as const satisfies readonly { name: string; typeId: string; kind: TouchpointKind; title: string; status: string | null; extra: readonly string[] }[];
export type EngagementType = (typeof ENGAGEMENT_TYPES)[number]["name"];
export const engagementType = (name: EngagementType) => ENGAGEMENT_TYPES.find((e) => e.name === name)!;

export function engagementProperties(name: EngagementType): string[] {
  const e = engagementType(name);
  return ["hs_timestamp", "hubspot_owner_id", "hs_lastmodifieddate", e.title, ...(e.status ? [e.status] : []), ...e.extra];
}

/** The company properties Keepwarm keeps in step with an account. */
export function companyProperties(config: ConnectorsConfig["hubspot"]): string[] {
  return ["name", "domain", "lifecyclestage", "hs_lifecyclestage_customer_date", "hubspot_owner_id", "hs_lastmodifieddate", ...[config.valueProperty, config.renewalDateProperty].filter((p): p is string => !!p)];
}

export interface CrmObject {
  id: string;
  properties: Record<string, string | null | undefined>;
  updatedAt?: string;
}

export interface Owner {
  id: string;
  email: string | null;
  firstName?: string | null;
  lastName?: string | null;
}

export const ownerName = (o: Owner) => [o.firstName, o.lastName].filter(Boolean).join(" ").trim() || o.email || `HubSpot owner ${o.id}`;

/** A company as read, with its owner. */
export interface CompanyFacts {
  company: CrmObject;
  owner: Owner | null;
}

/** An engagement as read, with the companies it is associated with (the primary first) and its owner. */
export interface EngagementFacts {
  engagement: CrmObject;
  type: EngagementType;
  companyIds: string[];
  owner: Owner | null;
}
