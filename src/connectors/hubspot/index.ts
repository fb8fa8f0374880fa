/**
 * HubSpot: a private app (or a public app) whose webhooks post company, deal and engagement events,
 * signed with the app's client secret; what the events name is read through the CRM API with the
 * private app's access token. Companies become accounts linked by company id. See the README,
 * "Connect HubSpot"; `keepwarm sync hubspot` backfills what happened before (./sync.ts).
 */
import type { Env } from "../../config/env.js";
import { defineConnector, type Reception } from "../connector.js";
import { parseJsonBody } from "../payload.js";
import { applyHubspotEvent } from "./apply.js";
import { applyEngagementEvents } from "./engagements.js";
import { hubspotBodySchema, kindOf, receivedEvent } from "./events.js";
import { readForEvents, type HubspotReads } from "./read.js";
import { hubspotSettings, type HubspotSettings } from "./settings.js";
import { signatureProblem } from "./signature.js";
import { hubspotBackfill } from "./sync.js";

export const hubspot = defineConnector<HubspotSettings, HubspotReads>({
  source: "hubspot",
  path: "/connectors/hubspot",
  variables: ["HUBSPOT_CLIENT_SECRET", "HUBSPOT_ACCESS_TOKEN"],
  settings: (env: Env) => hubspotSettings(env),
  receive(request, settings, now): Reception {
    const problem = signatureProblem(request, settings.secret, now);
    if (problem) return { ok: false, status: 401, reason: problem };
    const parsed = parseJsonBody(request.rawBody, hubspotBodySchema);
    if (!parsed.ok) return parsed;
    // Subscriptions Keepwarm does not read (contacts, tickets…) are acknowledged, not kept.
    const events = parsed.data.flatMap((event) => {
      const kind = kindOf(event);
      return kind ? [receivedEvent(event, kind)] : [];
    });
    return { ok: true, events };
  },
  prepare: readForEvents,
  apply: applyHubspotEvent,
  applyMany: applyEngagementEvents,
  backfill: hubspotBackfill,
});
