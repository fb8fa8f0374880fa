/**
 * What Keepwarm keeps of a message (the inbox event's payload): who, when, the subject and a short
 * snippet. Never the body, never attachments.
 */
import { z } from "zod";

export const SNIPPET_CHARS = 140;

export const emailPayloadSchema = z.object({
  messageId: z.string().min(1),
  subject: z.string(),
  snippet: z.string().max(SNIPPET_CHARS + 1),
  direction: z.enum(["inbound", "outbound"]),
  occurredAt: z.iso.datetime(),
  /** Our person the touch is by: the sender (outbound), or the one who passed the customer's mail on (inbound). */
  rep: z.object({ personId: z.string(), name: z.string() }),
  /** The customer side: whom we wrote to, or who wrote to us. */
  customers: z.array(z.object({ address: z.string(), name: z.string().nullable() })).min(1),
  /** An account a person picked for it (the buttons of the "which account?" message). */
  filedTo: z.string().optional(),
});

export type EmailPayload = z.infer<typeof emailPayloadSchema>;
