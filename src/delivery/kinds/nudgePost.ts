/**
 * nudge.post: a new or reopened nudge posted to a bound channel. Many due for one channel at once
 * go out as grouped messages; each message carries every row's key, so a retry after a lost
 * response neither doubles nor drops a nudge.
 */
import { z } from "zod";
import { nudgeMessage } from "../../messages/nudgeCard.js";
import { compactIn } from "../compactNudges.js";
import { loadNudgeViews } from "../../messages/nudgeView.js";
import type { Db } from "../../store/client.js";
import { defineDeliveryKind, type ClaimedDelivery, type NewDelivery } from "../kind.js";
import { recordShown } from "./nudgeUpdate.js";

export const nudgePost = defineDeliveryKind({
  key: "nudge.post",
  payload: z.null(),
  groupUpTo: 10,
  async send(ctx, rows) {
    // Rows tried before may already be out (alone or in a group posted before a crash): find those first.
    const pending: ClaimedDelivery<null>[] = [];
    for (const row of rows) {
      const earlier = await ctx.findEarlierPost(row);
      if (earlier) await recordShown(ctx, await openViews(ctx.db, row.nudgeIds), earlier, "posted");
      else pending.push(row);
    }
    if (!pending.length) return;
    const views = await openViews(ctx.db, pending.flatMap((r) => r.nudgeIds));
    if (!views.length) return; // acknowledged, snoozed or resolved before it went out: nothing to say
    const keys = pending.map((r) => r.dedupeKey);
    const compact = await compactIn(ctx.db, { bindingId: ctx.target.bindingId });
    const sent = await ctx.post({ ...nudgeMessage(views, ctx.now, { compact }), deliveryKey: keys[0], deliveryKeys: keys });
    await recordShown(ctx, views, sent.messageRef, "posted");
  },
});

/** The post of nudge `nudgeId` (at `version`) to a bound channel: a nudge re-posted at a later version is a new post. */
export function nudgePostDelivery(nudgeId: number, bindingId: string, version: number, notBefore: Date): NewDelivery {
  return { kind: nudgePost.key, bindingId, nudgeIds: [nudgeId], dedupeKey: `post:${nudgeId}:${bindingId}:v${version}`, notBefore };
}

async function openViews(db: Db, nudgeIds: number[]) {
  return (await loadNudgeViews(db, nudgeIds)).filter((v) => v.status === "open");
}
