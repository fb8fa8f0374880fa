import type { Logger } from "pino";
import { z } from "zod";
import { deliveryKeys, enqueueDeliveries } from "../delivery/outbox.js";
import { buildDigest } from "../digests/model.js";
import { digestMessage } from "../digests/message.js";
import { digestPeriod, isDigestDue } from "../digests/period.js";
import type { Message } from "../messages/model.js";
import type { Db } from "../store/client.js";

const digestPayload = z.object({ cadence: z.enum(["daily", "weekly"]), periodStart: z.iso.datetime(), periodEnd: z.iso.datetime() });

/**
 * Enqueues a digest for every channel whose local digest time has come. The outbox row's key names
 * the channel and the period, so a second replica or a restart cannot enqueue the same digest twice.
 */
export async function enqueueDueDigests(db: Db, now: Date, log: Logger): Promise<number> {
  const bindings = await db.channelBinding.findMany({ where: { digestCadence: { in: ["daily", "weekly"] } } });
  let queued = 0;
  for (const b of bindings) {
    const { due, scheduledAt } = isDigestDue(b, now);
    if (!due || !scheduledAt) continue;
    const cadence = b.digestCadence as "daily" | "weekly";
    // The period belongs to the scheduled moment, not to when we got to it: a digest sent late (the
    // server was down past local midnight) still covers its own days and keeps its own outbox key.
    const period = digestPeriod(cadence, scheduledAt, b.timeZone);
    queued += await db.$transaction(async (tx) => {
      const marked = await tx.channelBinding.updateMany({ where: { id: b.id, lastDigestAt: b.lastDigestAt }, data: { lastDigestAt: now } });
      if (marked.count === 0) return 0;
      return enqueueDeliveries(tx, [
        {
          kind: "digest",
          bindingId: b.id,
          nudgeIds: [],
          dedupeKey: deliveryKeys.digest(b.id, period.end),
          payload: { cadence, periodStart: period.start.toISOString(), periodEnd: period.end.toISOString() },
          notBefore: now,
        },
      ]);
    });
  }
  if (queued) log.info({ digests: queued }, "digests queued");
  return queued;
}

/** Builds the digest a queued row asks for, as of sending time, for the channel's scope. */
export async function renderBindingDigest(db: Db, bindingId: string, payload: unknown, now: Date): Promise<Message | null> {
  const binding = await db.channelBinding.findUnique({ where: { id: bindingId } });
  if (!binding) return null;
  const p = digestPayload.parse(payload);
  const model = await buildDigest(db, {
    scope: { scope: binding.scope, scopeValue: binding.scopeValue, rules: binding.rules },
    periodStart: new Date(p.periodStart),
    periodEnd: new Date(p.periodEnd),
    now,
    timeZone: binding.timeZone,
  });
  return digestMessage(model, { channelLabel: binding.channelName ?? binding.channelId, timeZone: binding.timeZone, cadence: p.cadence, bindingId: binding.id });
}
