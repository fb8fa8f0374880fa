import type { Logger } from "pino";
import { digestDelivery } from "../delivery/kinds/digest.js";
import { enqueueDeliveries } from "../delivery/outbox.js";
import { digestPeriod, isDigestDue } from "../digests/period.js";
import type { Db } from "../store/client.js";

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
      return enqueueDeliveries(tx, [digestDelivery(b.id, cadence, period, now)]);
    });
  }
  if (queued) log.info({ digests: queued }, "digests queued");
  return queued;
}
