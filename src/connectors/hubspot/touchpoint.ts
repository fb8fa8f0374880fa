/**
 * Which engagements are contact, and the touchpoint each one is: a completed call, a sent or received
 * email, a meeting that took place (one in the future waits until then), a note (internal: recorded,
 * never contact). Calls that did not connect, bounced emails and cancelled meetings are not touchpoints.
 */
import type { TouchpointDirection, TouchpointKind } from "../../domain/touchpoints.js";
import { type EngagementFacts, engagementType } from "./objects.js";

const NOT_CONTACT: Record<string, ReadonlySet<string>> = {
  calls: new Set(["BUSY", "CANCELED", "FAILED", "NO_ANSWER", "QUEUED", "RINGING", "CONNECTING", "CALLING_CRM_USER", "IN_PROGRESS"]),
  emails: new Set(["BOUNCED", "FAILED", "SCHEDULED", "SENDING"]),
  meetings: new Set(["CANCELED", "NO_SHOW", "RESCHEDULED"]),
};

export type EngagementTouchpoint =
  | { skip: string; later?: undefined; input?: undefined }
  | { skip?: undefined; later: Date; input?: undefined }
  | { skip?: undefined; later?: undefined; input: { kind: TouchpointKind; direction: TouchpointDirection; occurredAt: Date; summary: string | null } };

export function touchpointOf(facts: EngagementFacts, now: Date): EngagementTouchpoint {
  const type = engagementType(facts.type);
  const p = facts.engagement.properties;
  const status = type.status ? p[type.status]?.toUpperCase() : undefined;
  if (status && NOT_CONTACT[type.name]?.has(status)) return { skip: `not a touchpoint (${status.toLowerCase().replace(/_/g, " ")})` };
  const at = instant(p.hs_meeting_start_time) ?? instant(p.hs_timestamp) ?? instant(facts.engagement.updatedAt);
  if (!at) return { skip: "has no time in HubSpot" };
  if (at.getTime() > now.getTime() + 5 * 60_000) return { later: at };
  const title = p[type.title]?.trim();
  return { input: { kind: type.kind, direction: directionOf(type.name, p), occurredAt: at, summary: title ? plainText(title).slice(0, 500) : null } };
}

/** An incoming email or an inbound call is the customer reaching out; a note is internal; the rest is ours. */
function directionOf(type: string, p: Record<string, string | null | undefined>): TouchpointDirection {
  if (type === "notes") return "internal";
  if (type === "emails" && p.hs_email_direction === "INCOMING_EMAIL") return "inbound";
  if (type === "calls" && p.hs_call_direction?.toUpperCase() === "INBOUND") return "inbound";
  return "outbound";
}

/** Epoch milliseconds (HubSpot's datetime properties) or an ISO date-time. */
function instant(value: string | null | undefined): Date | null {
  if (!value) return null;
  const date = /^\d+$/.test(value) ? new Date(Number(value)) : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** Note bodies are HTML; a summary line wants their text. */
function plainText(html: string): string {
  return html.replace(/<[^>]*>/g, " ").replace(/&nbsp;/g, " ").replace(/&amp;/g, "&").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/\s+/g, " ").trim();
}
