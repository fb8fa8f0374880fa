/**
 * The Zendesk webhook events Keepwarm reads (one event per request). Every ticket event carries the
 * ticket as it stands at the event's time (`detail`); ids arrive as strings (some payloads use
 * numbers) and enumerated values upper-case ("URGENT", "SOLVED").
 */
import { z } from "zod";

const id = z.union([z.string().min(1), z.number()]).transform(String);
/** Zendesk writes "0" or null for "no organization". */
const optionalId = z.union([z.string(), z.number()]).nullish().transform((v) => (v === null || v === undefined || String(v) === "0" || String(v) === "" ? null : String(v)));
const lowerCase = z.string().nullish().transform((v) => (v ? v.toLowerCase() : null));
const instant = z.iso.datetime({ offset: true });

export const HANDLED = ["ticket.created", "ticket.comment_added", "ticket.status_changed", "ticket.priority_changed"] as const;
export type HandledType = (typeof HANDLED)[number];

export const zendeskEventSchema = z.object({
  type: z.string().regex(/^zen:event-type:[a-z_]+\.[a-z_]+$/, "expected zen:event-type:<domain>.<event>"),
  id: z.string().min(1),
  time: instant,
  subject: z.string(),
  detail: z.looseObject({
    id,
    organization_id: optionalId,
    subject: z.string().nullish(),
    priority: lowerCase,
    status: lowerCase,
    created_at: instant.nullish(),
  }),
  event: z.looseObject({}).default({}),
});
export type ZendeskEvent = z.infer<typeof zendeskEventSchema>;

/** What a comment_added event says about its comment. */
export const commentSchema = z.looseObject({
  comment: z.looseObject({
    id,
    is_public: z.boolean(),
    body: z.string().nullish(),
    author: z.looseObject({ id: id.nullish(), is_staff: z.boolean(), name: z.string().nullish() }),
  }),
});

/** "zen:event-type:ticket.created" → "ticket.created" when Keepwarm reads it, else null. */
export function handledType(type: string): HandledType | null {
  const short = type.replace(/^zen:event-type:/, "");
  return (HANDLED as readonly string[]).includes(short) ? (short as HandledType) : null;
}
