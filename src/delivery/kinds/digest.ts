/**
 * digest: a channel's manager digest for one period, built as of sending time for what the channel
 * watches then, with the nudges the noise budget held back from it since the last one. The key
 * names the channel and the period's end, so a second replica or a restart cannot queue the same
 * digest twice. The post carries the digest's charts; the platform shows them
 * (Slack: uploaded into the thread, a failed upload logged, never failing the once-only post).
 */
import { z } from "zod";
import { bindingDigest } from "../../digests/channelDigest.js";
import type { DigestCadence, DigestPeriod } from "../../digests/period.js";
import { defineDeliveryKind, sendOnce, type NewDelivery } from "../kind.js";
import { heldNudgesOf, markDigested } from "../../digests/heldNudges.js";

export const digest = defineDeliveryKind({
  key: "digest",
  payload: z.object({ cadence: z.enum(["daily", "weekly"]), periodStart: z.iso.datetime(), periodEnd: z.iso.datetime() }),
  async send(ctx, [row]) {
    const { cadence, periodStart, periodEnd } = row.payload;
    const period = { start: new Date(periodStart), end: new Date(periodEnd) };
    const heldNudgeIds = await heldNudgesOf(ctx.db, ctx.target.bindingId);
    const message = await bindingDigest(ctx.db, ctx.target.bindingId, { cadence, period, now: ctx.now, charts: ctx.policy.health, heldNudgeIds });
    if (!message) return; // the channel was unbound meanwhile
    await sendOnce(ctx, row, message, (m) => ctx.post(m));
    await markDigested(ctx.db, ctx.target.bindingId, heldNudgeIds, ctx.now);
  },
});

export function digestDelivery(bindingId: string, cadence: DigestCadence, period: DigestPeriod, notBefore: Date): NewDelivery {
  return {
    kind: digest.key,
    bindingId,
    nudgeIds: [],
    dedupeKey: `digest:${bindingId}:${period.end.toISOString()}`,
    payload: { cadence, periodStart: period.start.toISOString(), periodEnd: period.end.toISOString() },
    notBefore,
  };
}
