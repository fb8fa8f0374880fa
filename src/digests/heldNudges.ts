/**
 * The nudges the noise budget held back from a channel (src/delivery/noiseBudget.ts files them):
 * what its next digest, or its roll-up, lists; marked once shown there.
 */
import type { Db, Tx } from "../store/client.js";

/** The held nudges of a channel not yet shown in a digest or roll-up, still open, oldest first. */
export async function heldNudgesOf(db: Db | Tx, bindingId: string): Promise<number[]> {
  const rows = await db.heldNudge.findMany({
    where: { bindingId, digestedAt: null, nudge: { status: "open" } },
    orderBy: { heldAt: "asc" },
    select: { nudgeId: true },
  });
  return rows.map((r) => r.nudgeId);
}

/** After a digest or roll-up showed them. */
export async function markDigested(db: Db | Tx, bindingId: string, nudgeIds: readonly number[], now: Date): Promise<void> {
  if (nudgeIds.length === 0) return;
  await db.heldNudge.updateMany({ where: { bindingId, nudgeId: { in: [...nudgeIds] }, digestedAt: null }, data: { digestedAt: now } });
}
