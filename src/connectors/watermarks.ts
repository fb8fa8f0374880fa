/**
 * Vendors deliver out of order (HubSpot says so; Zendesk and Salesforce retry late), so a change to a
 * field is applied only when it is newer than the latest change already applied to that field of that
 * object. The check and the move are one conditional write, so two replicas cannot both win.
 */
import type { LinkSource } from "../domain/sources.js";
import type { Tx } from "../store/client.js";

/**
 * Moves the watermark of `field` on `objectKey` to `at` if `at` is later than it; true when it moved
 * (apply the change), false when a change at least as recent was applied already (skip it).
 */
export async function advanceWatermark(tx: Tx, source: LinkSource, objectKey: string, field: string, at: Date): Promise<boolean> {
  const moved = await tx.sourceWatermark.updateMany({ where: { source, objectKey, field, at: { lt: at } }, data: { at } });
  if (moved.count === 1) return true;
  const existing = await tx.sourceWatermark.findUnique({ where: { source_objectKey_field: { source, objectKey, field } }, select: { at: true } });
  if (existing) return false;
  // Two writers creating the same watermark at once: the loser's unique violation fails its
  // transaction (PostgreSQL aborts it), and the inbox worker retries the event, which then compares.
  await tx.sourceWatermark.create({ data: { source, objectKey, field, at } });
  return true;
}
