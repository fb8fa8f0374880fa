/**
 * The noise budget: at most `postsPerOwnerPerDay` new nudges of one owner's accounts posted in one
 * channel on one of the channel's local days, the most urgent first; the rest are held
 * (HeldNudge) for the channel's next digest, or, where the channel has none, its roll-up the next
 * morning. Never lost: a held nudge stays open, listed in `nudges`, the App Home and `why`.
 *
 * The day's count is one row per channel, owner and day, moved with one upsert per group in the
 * transaction that raises the nudges; the row lock makes replicas raising at once share one budget.
 */
import type { NudgeSeverity } from "../domain/nudges.js";
import type { Tx } from "../store/client.js";
import { localDate } from "../rules/time.js";

export interface BudgetPolicy {
  /** null: no budget. */
  postsPerOwnerPerDay: number | null;
  /** Severities posted whatever the day's count (they still count). */
  budgetExempt: readonly NudgeSeverity[];
}

export interface BudgetedPost {
  nudgeId: number;
  severity: NudgeSeverity;
  bindingId: string;
  ownerId: string | null;
  timeZone: string;
}

const URGENCY: Record<NudgeSeverity, number> = { critical: 0, warning: 1, info: 2 };
const NO_OWNER = "-";

/** Splits new posts into those the budget lets out and those it holds, spending the budget. */
export async function spendBudget<P extends BudgetedPost>(tx: Tx, posts: readonly P[], policy: BudgetPolicy, now: Date): Promise<{ post: P[]; hold: P[] }> {
  const limit = policy.postsPerOwnerPerDay;
  if (limit === null || posts.length === 0) return { post: [...posts], hold: [] };
  const groups = new Map<string, { bindingId: string; ownerKey: string; day: string; posts: P[] }>();
  for (const p of posts) {
    const ownerKey = p.ownerId ?? NO_OWNER;
    const day = localDate(now, p.timeZone);
    const key = `${p.bindingId}\u001f${ownerKey}\u001f${day}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { bindingId: p.bindingId, ownerKey, day, posts: [] }));
    group.posts.push(p);
  }
  const post: P[] = [];
  const hold: P[] = [];
  for (const g of groups.values()) {
    const ordered = [...g.posts].sort((a, b) => URGENCY[a.severity] - URGENCY[b.severity] || a.nudgeId - b.nudgeId);
    const { used } = await tx.postBudget.upsert({
      where: { bindingId_ownerKey_day: { bindingId: g.bindingId, ownerKey: g.ownerKey, day: g.day } },
      create: { bindingId: g.bindingId, ownerKey: g.ownerKey, day: g.day, used: ordered.length },
      update: { used: { increment: ordered.length } },
      select: { used: true },
    });
    let room = Math.max(0, limit - (used - ordered.length));
    for (const p of ordered) {
      if (room > 0) (room--, post.push(p));
      else if (policy.budgetExempt.includes(p.severity)) post.push(p);
      else hold.push(p);
    }
  }
  return { post, hold };
}

/** Files held nudges for their channels' next digest or roll-up (a nudge held twice in one channel is one row). */
export async function holdForDigest(tx: Tx, held: readonly BudgetedPost[], now: Date): Promise<void> {
  for (const h of held) {
    await tx.heldNudge.upsert({
      where: { nudgeId_bindingId: { nudgeId: h.nudgeId, bindingId: h.bindingId } },
      create: { nudgeId: h.nudgeId, bindingId: h.bindingId, heldAt: now },
      update: { heldAt: now, digestedAt: null },
    });
  }
}
