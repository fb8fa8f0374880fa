/**
 * Zendesk: a webhook (Admin Center → Apps and integrations → Webhooks) subscribed to ticket events,
 * signed with its signing secret. Tickets become complaints on the account linked to the ticket's
 * organization (`link <account> zendesk <organization id>`). See the README, "Connect Zendesk".
 */
import type { Env } from "../../config/env.js";
import { defineConnector, type Reception } from "../connector.js";
import { parseJsonBody } from "../payload.js";
import { applyZendeskEvent } from "./apply.js";
import { handledType, zendeskEventSchema } from "./events.js";
import { signatureProblem } from "./signature.js";

export interface ZendeskSettings {
  secret: string;
}

export const zendesk = defineConnector<ZendeskSettings>({
  source: "zendesk",
  path: "/connectors/zendesk",
  variables: ["ZENDESK_WEBHOOK_SECRET"],
  settings: (env: Env) => (env.ZENDESK_WEBHOOK_SECRET ? { secret: env.ZENDESK_WEBHOOK_SECRET } : null),
  receive(request, settings, now): Reception {
    const problem = signatureProblem(request, settings.secret, now);
    if (problem) return { ok: false, status: 401, reason: problem };
    const parsed = parseJsonBody(request.rawBody, zendeskEventSchema);
    if (!parsed.ok) return parsed;
    const event = parsed.data;
    const type = handledType(event.type);
    // The webhook may be subscribed to more than Keepwarm reads: those are acknowledged, not kept.
    if (!type) return { ok: true, events: [] };
    const ticket = event.detail;
    return {
      ok: true,
      events: [
        {
          idempotencyKey: event.id,
          type,
          accountSourceId: ticket.organization_id,
          summary: `${type.replace("ticket.", "ticket ")} · #${ticket.id}${ticket.subject ? ` “${ticket.subject}”` : ""}${ticket.organization_id ? ` · organization ${ticket.organization_id}` : " · no organization"}`,
          occurredAt: new Date(event.time),
          payload: parsed.json as object,
        },
      ],
    };
  },
  apply: applyZendeskEvent,
});
