/**
 * Where a steady-state scan spends its time: the scan's own page loop (runScan in src/nudges/scan.ts),
 * replayed with a stopwatch around each part. Reads use the scan's functions (Prisma), rules and
 * planning the same pure functions; in steady state there is nothing to apply, so nothing is written.
 */
import { groupBy } from "../src/collections.js";
import { loadBindings } from "../src/delivery/routing.js";
import type { NudgeCandidate } from "../src/domain/snapshot.js";
import { loadActiveNudgesOfRange } from "../src/nudges/activeNudges.js";
import { changesOf, planNudges } from "../src/nudges/plan.js";
import { DEFAULT_PAGE_SIZE } from "../src/nudges/scan.js";
import { loadSnapshotPage } from "../src/nudges/snapshots.js";
import { evaluateAccount } from "../src/rules/index.js";
import type { Policy } from "../src/rules/policy.js";
import type { Db } from "../src/store/client.js";

export interface Anatomy { readsMs: number; rulesMs: number; planMs: number; decisions: number }

export async function scanAnatomy(db: Db, policy: Policy, now: Date): Promise<Anatomy> {
  const a: Anatomy = { readsMs: 0, rulesMs: 0, planMs: 0, decisions: 0 };
  let t = performance.now();
  await loadBindings(db);
  a.readsMs += performance.now() - t;
  let afterId: string | null = null;
  for (;;) {
    t = performance.now();
    const page = await loadSnapshotPage(db, { afterId, size: DEFAULT_PAGE_SIZE });
    a.readsMs += performance.now() - t;
    if (page.length === 0) break;
    afterId = page[page.length - 1].id;
    t = performance.now();
    const candidates: NudgeCandidate[] = [];
    for (const account of page) for (const v of evaluateAccount(account, policy, now)) candidates.push(...v.candidates);
    a.rulesMs += performance.now() - t;
    t = performance.now();
    const active = await loadActiveNudgesOfRange(db, page[0].id, page[page.length - 1].id);
    a.readsMs += performance.now() - t;
    t = performance.now();
    // Per account, as the scan plans (src/nudges/evaluate.ts); the count is of the changes it would apply.
    const candidatesOf = groupBy(candidates, (c) => c.accountId);
    const activeOf = groupBy(active, (n) => n.accountId);
    for (const account of page) a.decisions += changesOf(planNudges(candidatesOf.get(account.id) ?? [], activeOf.get(account.id) ?? [], policy, now)).length;
    a.planMs += performance.now() - t;
    if (page.length < DEFAULT_PAGE_SIZE) break;
  }
  return a;
}
