/**
 * HubSpot webhook bodies: an array of up to 100 events, each naming an object by id only (what
 * changed is read through the CRM API, src/connectors/hubspot/read.ts). The subscription type is
 * `subscriptionType` (`eventType` in some documentation); generic subscriptions ("object.creation")
 * carry the object type in `objectTypeId`.
 */
import { z } from "zod";
import type { ReceivedEvent } from "../connector.js";
import { ENGAGEMENT_TYPES, type EngagementType } from "./objects.js";

const id = z.union([z.number().int(), z.string().regex(/^\d+$/, "expected a numeric id")]).transform(String);

export const hubspotEventSchema = z
  .looseObject({
    eventId: z.union([z.number(), z.string()]).transform(String),
    subscriptionId: z.union([z.number(), z.string()]).nullish(),
    portalId: z.union([z.number(), z.string()]).nullish(),
    occurredAt: z.number().int().positive(),
    subscriptionType: z.string().min(1).optional(),
    eventType: z.string().min(1).optional(),
    attemptNumber: z.number().int().nonnegative().default(0),
    objectId: id,
    objectTypeId: z.string().nullish(),
    propertyName: z.string().nullish(),
    propertyValue: z.string().nullish(),
    changeSource: z.string().nullish(),
  })
  .refine((e) => e.subscriptionType ?? e.eventType, { message: "expected subscriptionType (or eventType)", path: ["subscriptionType"] });

export const hubspotBodySchema = z.array(hubspotEventSchema).min(1, "expected at least one event").max(100, "HubSpot sends at most 100 events per request");
export type HubspotEvent = z.infer<typeof hubspotEventSchema>;

/** What Keepwarm reads of an event, under one name whichever way it was subscribed. */
export type HubspotEventKind =
  | { type: "company.creation" }
  | { type: "company.propertyChange"; property: string; value: string | null }
  | { type: "deal.propertyChange"; property: string; value: string | null }
  | { type: "engagement.creation"; engagement: EngagementType };

const COMPANY = "0-2";
const DEAL = "0-3";

/** The kind of a webhook event Keepwarm handles, else null (acknowledged, not kept). */
export function kindOf(event: HubspotEvent): HubspotEventKind | null {
  const type = (event.subscriptionType ?? event.eventType)!;
  const [object, action] = type.split(".");
  const objectType = object === "object" ? event.objectTypeId : object === "company" ? COMPANY : object === "deal" ? DEAL : null;
  const property = event.propertyName ?? null;
  if (objectType === COMPANY && action === "creation") return { type: "company.creation" };
  if (objectType === COMPANY && action === "propertyChange" && property) return { type: "company.propertyChange", property, value: event.propertyValue ?? null };
  if (objectType === DEAL && action === "propertyChange" && property === "dealstage") return { type: "deal.propertyChange", property, value: event.propertyValue ?? null };
  const engagement = ENGAGEMENT_TYPES.find((e) => e.typeId === objectType);
  if (engagement && action === "creation") return { type: "engagement.creation", engagement: engagement.name };
  return null;
}

/** The inbox row of a handled event. HubSpot's eventId alone is not guaranteed unique; with the object, property and time it is. */
export function receivedEvent(event: HubspotEvent, kind: HubspotEventKind): ReceivedEvent {
  const what = kind.type === "engagement.creation" ? kind.engagement.replace(/s$/, "") : kind.type.split(".")[0];
  const change = "property" in kind ? ` · ${kind.property} → ${kind.value ?? "(empty)"}` : " created";
  return {
    idempotencyKey: [kind.type, event.objectId, "property" in kind ? kind.property : "", event.occurredAt, event.eventId].join(":"),
    type: kind.type,
    accountSourceId: kind.type.startsWith("company.") ? event.objectId : null,
    summary: `${what} ${event.objectId}${change}`,
    occurredAt: new Date(event.occurredAt),
    payload: { event, kind },
  };
}
