/**
 * nudge.update: a message already showing a nudge is edited to show it as it stands now (who
 * acknowledged or snoozed it, resolved, louder). Queued for every message showing a changed nudge,
 * on any platform; also where each nudge is shown is recorded here.
 */
import { z } from "zod";
import { nudgeMessage } from "../../messages/nudgeCard.js";
import { compactIn } from "../compactNudges.js";
import { loadNudgeViews } from "../../messages/nudgeView.js";
import type { Db } from "../../store/client.js";
import { defineDeliveryKind, type NewDelivery, type SendContext } from "../kind.js";
import type { ChannelTarget } from "../notifier.js";
import { enqueueDeliveries } from "../outbox.js";

export const nudgeUpdate = defineDeliveryKind({
  key: "nudge.update",
  payload: z.null(),
  async send(ctx, [row]) {
    const { db, target } = ctx;
    const shown = await db.nudgeMessage.findUnique({
      where: { nudgeId_platform_channelId: { nudgeId: row.nudgeIds[0], platform: target.platform, channelId: target.channelId } },
    });
    if (!shown) return; // not posted yet: the pending post will show the current state
    const views = await loadNudgeViews(db, z.array(z.number().int()).parse(shown.shownNudgeIds));
    if (!views.length) return;
    const compact = await compactIn(db, { bindingId: target.bindingId });
    await ctx.update(shown.messageRef, { ...nudgeMessage(views, ctx.now, { compact }), visibility: "channel" });
    await recordShown(ctx, views, shown.messageRef, "updated");
  },
});

/** The update of the message showing `nudgeId` in a bound channel, for the nudge's version `version`. */
export function nudgeUpdateDelivery(nudgeId: number, bindingId: string, version: number, notBefore: Date): NewDelivery {
  return { kind: nudgeUpdate.key, bindingId, nudgeIds: [nudgeId], dedupeKey: `update:${nudgeId}:${bindingId}:v${version}`, notBefore };
}

/**
 * Records where each nudge is shown; a nudge that changed while we rendered gets a follow-up update.
 * After an update, only nudges whose message this still is are touched: one re-posted since (its
 * snooze ended) is shown in its newer message, and its updates must keep going there.
 */
export async function recordShown(
  ctx: Pick<SendContext, "db" | "target" | "now">,
  rendered: readonly { id: number; version: number }[],
  messageRef: string,
  how: "posted" | "updated",
): Promise<void> {
  const { db, target, now } = ctx;
  await db.$transaction(async (tx) => {
    const here = await markShown(tx, target, rendered, messageRef, how);
    const current = await tx.nudge.findMany({ where: { id: { in: here.map((r) => r.id) } }, select: { id: true, version: true } });
    const stale = current.filter((c) => c.version > here.find((r) => r.id === c.id)!.version);
    await enqueueDeliveries(tx, stale.map((c) => nudgeUpdateDelivery(c.id, target.bindingId, c.version, now)));
  });
}

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

async function markShown(tx: Tx, target: ChannelTarget, rendered: readonly { id: number; version: number }[], messageRef: string, how: "posted" | "updated") {
  const { platform, channelId } = target;
  const shownNudgeIds = rendered.map((r) => r.id);
  const here: { id: number; version: number }[] = [];
  for (const r of rendered) {
    if (how === "posted") {
      const key = { nudgeId_platform_channelId: { nudgeId: r.id, platform, channelId } };
      await tx.nudgeMessage.upsert({ where: key, create: { nudgeId: r.id, platform, channelId, messageRef, version: r.version, shownNudgeIds }, update: { messageRef, version: r.version, shownNudgeIds } });
      here.push(r);
    } else if ((await tx.nudgeMessage.updateMany({ where: { nudgeId: r.id, platform, channelId, messageRef }, data: { version: r.version } })).count) {
      here.push(r);
    }
  }
  return here;
}
