/** The outbox: rows to send, inserted in the same transaction as the change they announce. */
import { uniqueBy } from "../collections.js";
import type { Tx } from "../store/client.js";
import type { NewDelivery } from "./kind.js";

export type { NewDelivery } from "./kind.js";

/** Inserts outbox rows inside the caller's transaction, skipping ones already queued (the first of a key wins). */
export async function enqueueDeliveries(tx: Tx, rows: NewDelivery[]): Promise<number> {
  if (rows.length === 0) return 0;
  const keys = rows.map((r) => r.dedupeKey);
  const existing = new Set(
    (await tx.delivery.findMany({ where: { dedupeKey: { in: keys } }, select: { dedupeKey: true } })).map((d) => d.dedupeKey),
  );
  const fresh = uniqueBy(rows.filter((r) => !existing.has(r.dedupeKey)), (r) => r.dedupeKey);
  if (fresh.length === 0) return 0;
  await tx.delivery.createMany({
    data: fresh.map((r) => ({
      kind: r.kind,
      bindingId: r.bindingId,
      nudgeIds: r.nudgeIds,
      dedupeKey: r.dedupeKey,
      payload: r.payload ?? undefined,
      nextAttemptAt: r.notBefore,
    })),
  });
  return fresh.length;
}
