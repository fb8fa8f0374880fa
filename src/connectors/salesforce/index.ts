/**
 * Salesforce: outbound messages (a record-triggered flow's or a workflow rule's Outbound Message
 * action) on Account, Task and Case, from the organization SALESFORCE_ORG_ID names. Accounts become
 * (or are linked to) Keepwarm accounts, completed calls, emails and meetings touchpoints, cases
 * complaints; each on the account linked to the record's Salesforce account (`link <account>
 * salesforce <account id>`). Other objects are acknowledged and not kept. See the README, "Connect
 * Salesforce".
 */
import type { Env } from "../../config/env.js";
import { canonicalSourceId } from "../../domain/sources.js";
import { defineConnector, type PayloadIssue, type ReceivedEvent, type Reception } from "../connector.js";
import { applySalesforceEvent } from "./apply.js";
import { ACK, issuesAt, readEnvelope } from "./envelope.js";
import { accountIdOf, OBJECTS, recordSchema, type SalesforceObject, type StoredNotification, summaryOf } from "./objects.js";

export interface SalesforceSettings {
  /** The organization's id, in its 15-character form. */
  organizationId: string;
}

export const salesforce = defineConnector<SalesforceSettings>({
  source: "salesforce",
  path: "/connectors/salesforce",
  variables: ["SALESFORCE_ORG_ID"],
  settings: (env: Env) => (env.SALESFORCE_ORG_ID ? { organizationId: canonicalSourceId("salesforce", env.SALESFORCE_ORG_ID) } : null),
  receive(request, settings): Reception {
    const read = readEnvelope(request.rawBody, settings.organizationId);
    if (!read.ok) return read;
    const events: ReceivedEvent[] = [];
    const issues: PayloadIssue[] = [];
    read.notifications.forEach(({ id, object, fields }, i) => {
      // An outbound message on another object (an Opportunity) is acknowledged, not kept.
      if (!isHandled(object)) return;
      const payload: StoredNotification = { notificationId: id, object, sObject: fields };
      const record = recordSchema.safeParse(payload);
      if (!record.success) return void issues.push(...issuesAt(["Envelope", "Body", "notifications", "Notification", i], record.error));
      const { data } = record;
      events.push({ idempotencyKey: id, type: object, accountSourceId: accountIdOf(data), summary: summaryOf(data), occurredAt: data.sObject.LastModifiedDate, payload });
    });
    if (issues.length) return { ok: false, status: 400, issues };
    return { ok: true, events, reply: ACK };
  },
  apply: applySalesforceEvent,
});

function isHandled(object: string): object is SalesforceObject {
  return (OBJECTS as readonly string[]).includes(object);
}
