/**
 * nudge.rollup: the nudges the noise budget held back in a channel that has no digest, posted the
 * next morning as one message (the channel's digest carries them where there is one). Nudges
 * acknowledged, snoozed or resolved meanwhile are left out; nothing left, nothing posted.
 */
import { z } from "zod";
import { nudgeListBlocks } from "../../messages/nudgeCard.js";
import { loadNudgeViews } from "../../messages/nudgeView.js";
import type { Block } from "../../messages/model.js";
import { defineDeliveryKind, sendOnce, type NewDelivery } from "../kind.js";
import { heldNudgesOf, markDigested } from "../../digests/heldNudges.js";
import { recordShown } from "./nudgeUpdate.js";

export const heldRollup = defineDeliveryKind({
  key: "nudge.rollup",
  payload: z.null(),
  async send(ctx, [row]) {
    const ids = await heldNudgesOf(ctx.db, ctx.target.bindingId);
    const views = (await loadNudgeViews(ctx.db, ids)).filter((v) => v.status === "open");
    if (views.length) {
      const blocks: Block[] = [
        { type: "header", text: `${views.length} more ${views.length === 1 ? "nudge" : "nudges"} from yesterday` },
        { type: "context", text: "Held back to keep this channel quiet (the noise budget of new nudges per owner a day); here they are, so none is lost." },
        ...nudgeListBlocks(views, ctx.now),
      ];
      const summary = `${views.length} held-back nudges: ${views.map((v) => v.account.name).join(", ")}`;
      const ref = await sendOnce(ctx, row, { summary, blocks, visibility: "channel", nudgeIds: views.map((v) => v.id) }, (m) => ctx.post(m));
      await recordShown(ctx, views, ref, "posted");
    }
    await markDigested(ctx.db, ctx.target.bindingId, ids, ctx.now);
  },
});

/** One roll-up per channel and day the budget held something back. */
export function heldRollupDelivery(bindingId: string, day: string, notBefore: Date): NewDelivery {
  return { kind: heldRollup.key, bindingId, nudgeIds: [], dedupeKey: `rollup:${bindingId}:${day}`, payload: undefined, notBefore };
}
