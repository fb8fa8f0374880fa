/**
 * email.unmatched: tells the rep that a message they sent Keepwarm matched no account, with buttons
 * to pick one, in their direct chat with the bot. Once per message.
 */
import { z } from "zod";
import type { WaitingEmail } from "../../domain/waitingEmail.js";
import { unmatchedEmailMessage } from "../../messages/unmatchedEmail.js";
import { defineDeliveryKind, sendOnce, type NewDelivery } from "../kind.js";

const schema: z.ZodType<WaitingEmail> = z.object({
  eventId: z.string(),
  subject: z.string(),
  customer: z.string(),
  direction: z.enum(["inbound", "outbound"]),
  domain: z.string(),
  freeMail: z.boolean(),
  candidates: z.array(z.object({ id: z.string(), name: z.string() })).max(5),
});

export const unmatchedEmail = defineDeliveryKind({
  key: "email.unmatched",
  payload: schema,
  async send(ctx, [row]) {
    const waiting = await ctx.db.inboundEvent.findUnique({ where: { id: row.payload.eventId }, select: { status: true } });
    if (waiting?.status !== "unmatched") return; // filed meanwhile (a link, another person's pick)
    await sendOnce(ctx, row, unmatchedEmailMessage(row.payload), (m) => ctx.post(m));
  },
});

export function unmatchedEmailDelivery(bindingId: string, mail: WaitingEmail, notBefore: Date): NewDelivery {
  return { kind: unmatchedEmail.key, bindingId, nudgeIds: [], dedupeKey: `email-unmatched:${mail.eventId}`, payload: { ...mail }, notBefore };
}
