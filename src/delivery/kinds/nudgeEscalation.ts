/**
 * nudge.escalate: an open nudge nobody acknowledged in time. A reply under the nudge's message
 * mentioning the owner's manager (edits notify nobody), or a post of its own where the nudge was
 * never shown. Once per nudge and channel.
 */
import { z } from "zod";
import { escalationMessage } from "../../messages/nudgeCard.js";
import { loadNudgeViews } from "../../messages/nudgeView.js";
import { defineDeliveryKind, sendOnce, type NewDelivery } from "../kind.js";

export const nudgeEscalation = defineDeliveryKind({
  key: "nudge.escalate",
  payload: z.null(),
  async send(ctx, [row]) {
    const { db, target } = ctx;
    const nudgeId = row.nudgeIds[0];
    const [view] = await loadNudgeViews(db, [nudgeId]);
    if (!view || view.status !== "open") return; // acknowledged or resolved meanwhile
    const shown = await db.nudgeMessage.findUnique({ where: { nudgeId_platform_channelId: { nudgeId, platform: target.platform, channelId: target.channelId } } });
    await sendOnce(ctx, row, escalationMessage(view, ctx.now), (m) => (shown ? ctx.reply(shown.messageRef, m) : ctx.post(m)));
  },
});

export function nudgeEscalationDelivery(nudgeId: number, bindingId: string, notBefore: Date): NewDelivery {
  return { kind: nudgeEscalation.key, bindingId, nudgeIds: [nudgeId], dedupeKey: `escalate:${nudgeId}:${bindingId}`, notBefore };
}
