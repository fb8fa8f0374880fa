/**
 * What a HubSpot inbox row holds: a webhook event (ids only; read.ts reads the objects), or a
 * snapshot that `keepwarm sync hubspot` read itself (the object with its associations and owner).
 */
import { z } from "zod";
import type { ReceivedEvent } from "../connector.js";
import { hubspotEventSchema, type HubspotEvent, type HubspotEventKind } from "./events.js";
import { engagementType, type CompanyFacts, type EngagementFacts } from "./objects.js";

export type Snapshot = { object: "company"; facts: CompanyFacts; modifiedAt: string } | { object: "engagement"; facts: EngagementFacts; modifiedAt: string };

export type StoredHubspot = { snapshot: null; event: HubspotEvent; kind: HubspotEventKind } | { snapshot: Snapshot };

const snapshotSchema = z.object({
  snapshot: z.looseObject({ object: z.enum(["company", "engagement"]), facts: z.looseObject({}), modifiedAt: z.iso.datetime() }),
});
const webhookSchema = z.object({ event: hubspotEventSchema, kind: z.looseObject({ type: z.string() }) });

export function parseStored(payload: unknown): StoredHubspot {
  const snapshot = snapshotSchema.safeParse(payload);
  if (snapshot.success) return { snapshot: snapshot.data.snapshot as unknown as Snapshot };
  const { event, kind } = webhookSchema.parse(payload);
  return { snapshot: null, event, kind: kind as unknown as HubspotEventKind };
}

/** An object a sync read, as an inbox event: keyed by the object and its modification time, so a re-run stores nothing new. */
export function snapshotEvent(snapshot: Snapshot): ReceivedEvent {
  const about =
    snapshot.object === "company"
      ? { what: "company", id: snapshot.facts.company.id, name: snapshot.facts.company.properties.name, companyId: snapshot.facts.company.id }
      : { what: engagementType(snapshot.facts.type).name.replace(/s$/, ""), id: snapshot.facts.engagement.id, name: null, companyId: snapshot.facts.companyIds[0] ?? null };
  const { what, id, name } = about;
  return {
    idempotencyKey: `snapshot:${what}:${id}:${snapshot.modifiedAt}`,
    type: `${snapshot.object}.snapshot`,
    accountSourceId: about.companyId,
    summary: `${what} ${id}${name ? ` “${name}”` : ""} (sync)`,
    occurredAt: new Date(snapshot.modifiedAt),
    payload: { snapshot },
  };
}
