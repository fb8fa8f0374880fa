import { uniqueBy } from "../collections.js";
import type { Tx } from "../store/client.js";

export type DeliveryKind = "nudge.post" | "nudge.update" | "nudge.escalate" | "digest";

export interface NewDelivery {
  kind: DeliveryKind;
  bindingId: string;
  nudgeIds: number[];
  /** Unique: enqueueing the same thing twice (a retry, a second replica) is a no-op. */
  dedupeKey: string;
  payload?: { [key: string]: string | number | boolean | null };
  notBefore: Date;
}

export const deliveryKeys = {
  post: (nudgeId: number, bindingId: string, version: number) => `post:${nudgeId}:${bindingId}:v${version}`,
  update: (nudgeId: number, bindingId: string, version: number) => `update:${nudgeId}:${bindingId}:v${version}`,
  escalate: (nudgeId: number, bindingId: string) => `escalate:${nudgeId}:${bindingId}`,
  digest: (bindingId: string, periodEnd: Date) => `digest:${bindingId}:${periodEnd.toISOString()}`,
};

/** Inserts outbox rows inside the caller's transaction, skipping ones already queued. */
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
