/**
 * A Salesforce outbound message: a SOAP 1.1 request whose body is
 *
 *   <notifications xmlns="http://soap.sforce.com/2005/09/outbound">
 *     <OrganizationId>, <ActionId>, <SessionId> (xsi:nil unless the message sends one), <EnterpriseUrl>, <PartnerUrl>,
 *     1 to 100 × <Notification><Id>04l…</Id><sObject xsi:type="sf:Account"><sf:Id>…</sf:Id>…</sObject></Notification>
 *
 * read with fast-xml-parser, namespace prefixes dropped (soapenv:Envelope → Envelope, sf:Name → Name).
 * An outbound message carries no signature: it is ours when its OrganizationId is SALESFORCE_ORG_ID
 * (compared on the first 15 characters, in constant time). Salesforce sends it again until it gets
 * ACK back. The SessionId (a live Salesforce session, when the message is set up to send one) is
 * never kept.
 */
import { timingSafeEqual } from "node:crypto";
import { XMLParser } from "fast-xml-parser";
import { z } from "zod";
import { canonicalSourceId, isSalesforceId } from "../../domain/sources.js";
import type { PayloadIssue } from "../connector.js";
import { payloadIssues } from "../payload.js";

const NOTIFICATION_PATH = "Envelope.Body.notifications.Notification";

const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@_",
  removeNSPrefix: true,
  parseTagValue: false, // ids, amounts and dates stay text: the schemas read them
  parseAttributeValue: false,
  htmlEntities: true, // numeric character references (&#233;) besides &amp; &lt; …
  isArray: (_name, path, _leaf, isAttribute) => !isAttribute && path === NOTIFICATION_PATH,
});

/** What Salesforce documents as the listener's acknowledgement: without it, it retries for 24 hours. */
export const ACK = {
  contentType: "text/xml; charset=utf-8",
  body:
    '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/"><soapenv:Body>' +
    '<notificationsResponse xmlns="http://soap.sforce.com/2005/09/outbound"><Ack>true</Ack></notificationsResponse>' +
    "</soapenv:Body></soapenv:Envelope>",
};

const notAnOutboundMessage = { error: "expected a Salesforce outbound message: soapenv:Envelope / soapenv:Body / notifications" };
const shapeSchema = z.object({ Envelope: z.object({ Body: z.object({ notifications: z.looseObject({}, notAnOutboundMessage) }, notAnOutboundMessage) }, notAnOutboundMessage) });

const nil = z.object({ "@_nil": z.literal("true") });
const notificationsSchema = z.object({
  OrganizationId: z.string(),
  ActionId: z.string().min(1),
  SessionId: z.union([z.string(), nil]).optional(),
  EnterpriseUrl: z.string(),
  PartnerUrl: z.string(),
  Notification: z
    .array(z.object({ Id: z.string().min(1), sObject: z.looseObject({ "@_type": z.string().min(1, "expected xsi:type=\"sf:<object>\"") }) }))
    .min(1, "expected at least one Notification")
    .max(100, "an outbound message holds at most 100 notifications"),
});

/** One notification as read: its id (the same on every retry), the record's type and its fields' text (null for xsi:nil). */
export interface Notification {
  id: string;
  object: string;
  fields: Record<string, unknown>;
}

export type ReadEnvelope =
  | { ok: true; notifications: Notification[] }
  | { ok: false; status: 401; reason: string }
  | { ok: false; status: 400; issues: PayloadIssue[] };

/** Reads a request body: 400 when it is not an outbound message, 401 when it is another organization's. */
export function readEnvelope(rawBody: Buffer, organizationId: string): ReadEnvelope {
  let document: unknown;
  try {
    document = parser.parse(rawBody.toString("utf8"), true);
  } catch (err) {
    return { ok: false, status: 400, issues: [{ path: [], message: `not well-formed XML: ${(err as Error).message}` }] };
  }
  const shape = shapeSchema.safeParse(document);
  if (!shape.success) return { ok: false, status: 400, issues: payloadIssues(shape.error) };
  const body = shape.data.Envelope.Body.notifications;
  const problem = organizationProblem(body.OrganizationId, organizationId);
  if (problem) return { ok: false, status: 401, reason: problem };
  const parsed = notificationsSchema.safeParse(body);
  if (!parsed.success) return { ok: false, status: 400, issues: issuesAt(["Envelope", "Body", "notifications"], parsed.error) };
  const notifications = parsed.data.Notification.map(({ Id, sObject }) => ({ id: Id, object: sObject["@_type"].split(":").pop()!, fields: fieldsOf(sObject) }));
  return { ok: true, notifications };
}

/** Null when the message is from our organization; else why not (logged: the id it named, never ours). */
function organizationProblem(given: unknown, ours: string): string | null {
  if (typeof given !== "string" || !isSalesforceId(given)) return "no Salesforce OrganizationId in the message";
  const theirs = canonicalSourceId("salesforce", given);
  const [a, b] = [Buffer.from(theirs), Buffer.from(ours)];
  return a.length === b.length && timingSafeEqual(a, b) ? null : `OrganizationId ${theirs} is not SALESFORCE_ORG_ID`;
}

/** An sObject's fields: text, or null for xsi:nil; its own attributes (xsi:type) left out. */
function fieldsOf(sObject: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(sObject).filter(([name]) => !name.startsWith("@_")).map(([name, value]) => [name, fieldValue(value)]));
}

function fieldValue(value: unknown): unknown {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return value;
  const element = value as Record<string, unknown>;
  if (element["@_nil"] === "true") return null;
  if ("#text" in element) return element["#text"];
  return Object.keys(element).every((k) => k.startsWith("@_")) ? "" : value;
}

/** The zod issues of a part of the document, with their paths from its root. */
export function issuesAt(prefix: (string | number)[], error: z.ZodError): PayloadIssue[] {
  return payloadIssues(error).map((issue) => ({ ...issue, path: [...prefix, ...issue.path] }));
}
