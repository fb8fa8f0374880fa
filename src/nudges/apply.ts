import { chunk, uniqueBy } from "../collections.js";
import { nudgeEscalationDelivery } from "../delivery/kinds/nudgeEscalation.js";
import { notBeforeFor, planPosts, type PostIntent, type PostPolicy } from "../delivery/postPlan.js";
import { nudgeUpdateDelivery } from "../delivery/kinds/nudgeUpdate.js";
import { enqueueDeliveries, type NewDelivery } from "../delivery/outbox.js";
import { bindingsForNudge, type RoutedAccount, type Route } from "../delivery/routing.js";
import type { NudgeCandidate } from "../domain/snapshot.js";
import type { Tx } from "../store/client.js";
import { suppressedByWords } from "./inhibition.js";
import type { NudgeChange } from "./plan.js";

export interface ApplyContext {
  now: Date;
  accounts: Map<string, RoutedAccount>;
  bindings: Route[];
  posts: PostPolicy;
}

export interface ApplyCounts {
  raised: number;
  severityUp: number;
  snoozeEnded: number;
  escalated: number;
  resolved: number;
  /** New nudge posts the noise budget held back for the digest. */
  held: number;
  deliveries: number;
}

/**
 * Persists one page's decisions in the caller's transaction. Every state change is conditional
 * on the version the scan read, so an acknowledgement landing mid-scan is never overwritten: the
 * change is skipped and the next scan decides again.
 */
export async function applyDecisions(tx: Tx, decisions: NudgeChange[], ctx: ApplyContext): Promise<ApplyCounts> {
  const counts: ApplyCounts = { raised: 0, severityUp: 0, snoozeEnded: 0, escalated: 0, resolved: 0, held: 0, deliveries: 0 };
  const deliveries: NewDelivery[] = [];
  const posts: PostIntent[] = [];
  const events: { nudgeId: number; type: string; detail: string | null }[] = [];
  const changedIds: { id: number; version: number }[] = [];

  const raises = decisions.flatMap((d) => (d.kind === "raise" ? [d.candidate] : []));
  const raisedIdByKey = new Map<string, number>();
  for (const { id, version, candidate, reopened } of await createOrReopen(tx, raises, ctx.now)) {
    counts.raised++;
    raisedIdByKey.set(candidate.dedupeKey, id);
    events.push({ nudgeId: id, type: reopened ? "reopened" : "raised", detail: candidate.reason });
    posts.push(...postsFor(id, version, candidate, ctx, true));
  }

  for (const d of decisions) {
    if (d.kind === "raise") continue;
    const { nudge } = d;
    const version = nudge.version + 1;
    const where = { id: nudge.id, version: nudge.version };
    if (d.kind === "resolve") {
      // A suppressor raised in this same page has its number by now.
      const why = d.reason === "suppressed" ? suppressedByWords({ rule: d.by.rule, nudgeId: d.by.nudgeId ?? raisedIdByKey.get(d.by.dedupeKey) ?? null }) : "condition cleared";
      const resolution = why.charAt(0).toUpperCase() + why.slice(1);
      const ok = await tx.nudge.updateMany({ where, data: { status: "resolved", resolvedAt: ctx.now, resolution, version } });
      if (ok.count) (counts.resolved++, events.push({ nudgeId: nudge.id, type: "resolved", detail: why }), changedIds.push({ id: nudge.id, version }));
    } else if (d.kind === "escalate") {
      const ok = await tx.nudge.updateMany({ where, data: { escalatedAt: ctx.now, version } });
      if (!ok.count) continue;
      counts.escalated++;
      events.push({ nudgeId: nudge.id, type: "escalated", detail: null });
      changedIds.push({ id: nudge.id, version });
      const account = ctx.accounts.get(nudge.accountId);
      for (const b of account ? bindingsForNudge({ rule: nudge.rule, ...account }, ctx.bindings) : []) {
        deliveries.push(nudgeEscalationDelivery(nudge.id, b.id, notBeforeFor(b, nudge.severity, ctx.posts, ctx.now)));
      }
    } else {
      const c = d.candidate;
      const data = { severity: c.severity, reason: c.reason, facts: c.facts, status: "open" as const, snoozedUntil: null, raisedAt: ctx.now, version };
      const ok = await tx.nudge.updateMany({ where, data });
      if (!ok.count) continue;
      if (d.kind === "severity_up") {
        counts.severityUp++;
        events.push({ nudgeId: nudge.id, type: "severity_up", detail: `${nudge.severity} → ${c.severity}: ${c.reason}` });
        changedIds.push({ id: nudge.id, version });
      } else {
        counts.snoozeEnded++;
        events.push({ nudgeId: nudge.id, type: "reopened", detail: "snooze ended" });
        posts.push(...postsFor(nudge.id, version, c, ctx, false)); // a fresh message: people should notice it again
      }
    }
  }

  const planned = await planPosts(tx, posts, ctx.posts, ctx.now);
  counts.held = planned.held;
  deliveries.push(...planned.deliveries, ...(await updatesForShownMessages(tx, changedIds, ctx)));
  if (events.length) await tx.nudgeEvent.createMany({ data: events.map((e) => ({ ...e, at: ctx.now })) });
  // One key once (enqueueDeliveries keeps the first of a key within a call), then slices small enough for its id lists.
  const unique = uniqueBy(deliveries, (d) => d.dedupeKey);
  for (const slice of chunk(unique, SLICE)) counts.deliveries += await enqueueDeliveries(tx, slice);
  return counts;
}

/**
 * Prisma refuses a statement with more bound values than the database takes (999 on SQLite) when it
 * cannot split it itself, so lists of keys go to the database in slices.
 */
const SLICE = 500;

async function inSlices<T, R>(items: T[], query: (slice: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (const slice of chunk(items, SLICE)) out.push(...(await query(slice)));
  return out;
}

async function createOrReopen(tx: Tx, candidates: NudgeCandidate[], now: Date) {
  if (candidates.length === 0) return [];
  // A resolved nudge whose condition came back in the same episode (same key) is reopened, not duplicated.
  const resolved = await inSlices(candidates, (slice) =>
    tx.nudge.findMany({
      where: { dedupeKey: { in: slice.map((c) => c.dedupeKey) }, status: "resolved" },
      select: { id: true, dedupeKey: true, version: true },
    }),
  );
  const resolvedByKey = new Map(resolved.map((n) => [n.dedupeKey, n]));
  const out: { id: number; version: number; candidate: NudgeCandidate; reopened: boolean }[] = [];
  const fresh = candidates.filter((c) => !resolvedByKey.has(c.dedupeKey));
  if (fresh.length) {
    const created = await tx.nudge.createManyAndReturn({
      data: fresh.map((c) => ({
        dedupeKey: c.dedupeKey,
        rule: c.rule,
        accountId: c.accountId,
        subject: c.subject,
        severity: c.severity,
        reason: c.reason,
        facts: c.facts,
        conditionSince: c.since,
        firstRaisedAt: now,
        raisedAt: now,
      })),
      select: { id: true, dedupeKey: true, version: true },
    });
    const byKey = new Map(fresh.map((c) => [c.dedupeKey, c]));
    for (const n of created) out.push({ id: n.id, version: n.version, candidate: byKey.get(n.dedupeKey)!, reopened: false });
  }
  for (const c of candidates) {
    const old = resolvedByKey.get(c.dedupeKey);
    if (!old) continue;
    const version = old.version + 1;
    const ok = await tx.nudge.updateMany({
      where: { id: old.id, version: old.version },
      data: { status: "open", severity: c.severity, reason: c.reason, facts: c.facts, raisedAt: now, resolvedAt: null, resolution: null, snoozedUntil: null, escalatedAt: null, version },
    });
    if (ok.count) out.push({ id: old.id, version, candidate: c, reopened: true });
  }
  return out;
}

function postsFor(nudgeId: number, version: number, c: NudgeCandidate, ctx: ApplyContext, isNew: boolean): PostIntent[] {
  const account = ctx.accounts.get(c.accountId);
  if (!account) return [];
  return bindingsForNudge({ rule: c.rule, ...account }, ctx.bindings).map((route) => ({ nudgeId, version, severity: c.severity, ownerId: account.ownerId, route, isNew }));
}

/** Every message already showing a changed nudge gets an update, wherever it is. */
export async function updatesForShownMessages(
  tx: Tx,
  changed: { id: number; version: number }[],
  ctx: Pick<ApplyContext, "bindings" | "now">,
): Promise<NewDelivery[]> {
  if (changed.length === 0) return [];
  const shown = await inSlices(changed, (slice) =>
    tx.nudgeMessage.findMany({
      where: { nudgeId: { in: slice.map((c) => c.id) } },
      select: { nudgeId: true, platform: true, channelId: true },
    }),
  );
  const versions = new Map(changed.map((c) => [c.id, c.version]));
  const bindingByChannel = new Map(ctx.bindings.map((b) => [`${b.platform}:${b.channelId}`, b]));
  return shown.flatMap((m) => {
    const b = bindingByChannel.get(`${m.platform}:${m.channelId}`);
    const version = versions.get(m.nudgeId)!;
    return b ? [nudgeUpdateDelivery(m.nudgeId, b.id, version, ctx.now)] : [];
  });
}

