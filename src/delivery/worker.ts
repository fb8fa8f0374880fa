/**
 * Drains the outbox: the rows due for each bound channel, parsed by their kind's schema, claimed,
 * sent by their kind (src/delivery/kinds/), then marked sent, retried with backoff, or failed. The
 * worker knows nothing kind-specific beyond what a kind declares (groupable, its payload schema).
 */
import type { Logger } from "pino";
import { z } from "zod";
import { chunk, groupBy } from "../collections.js";
import type { Db } from "../store/client.js";
import { claimDelivery, countDueElsewhere, findDueDeliveries, markFailed, markRetry, markSent, postponeDeliveries, type DueDelivery } from "./claim.js";
import type { ClaimedDelivery, DeliveryKind, SendContext } from "./kind.js";
import type { Policy } from "../rules/policy.js";
import { deliveryKind } from "./kinds/index.js";
import { DeliveryError, type ChannelNotifier, type ChannelTarget } from "./notifier.js";

export interface DeliveryDeps {
  db: Db;
  notifiers: Partial<Record<ChannelTarget["platform"], ChannelNotifier>>;
  log: Logger;
  workerId: string;
  /** More due rows of a groupable kind than this for one channel go out as grouped messages. */
  groupAbove: number;
  /** Spacing between two messages to the same channel (platform rate limits). */
  perChannelIntervalMs: number;
  /** What the messages sent read of it (a digest's health bands). */
  policy: Policy;
}

export interface DrainResult {
  sent: number;
  retried: number;
  failed: number;
  skipped: number;
}

const BATCH = 200;
const nudgeIdList = z.array(z.number().int());

/** Drains what is due: claim, render the current state, send, record where each nudge is shown. */
export async function drainOutbox(deps: DeliveryDeps, now: Date): Promise<DrainResult> {
  const result: DrainResult = { sent: 0, retried: 0, failed: 0, skipped: 0 };
  // Only rows this replica can send: a backlog for a platform configured elsewhere must not fill every batch.
  const platforms = (Object.keys(deps.notifiers) as ChannelTarget["platform"][]).filter((p) => deps.notifiers[p]);
  const due = await findDueDeliveries(deps.db, now, BATCH, platforms);
  for (const [bindingId, rows] of groupBy(due, (d) => d.bindingId)) {
    const binding = await deps.db.channelBinding.findUnique({ where: { id: bindingId } });
    if (!binding) continue; // cascade-deleted with its binding
    const target: ChannelTarget = { bindingId, platform: binding.platform, channelId: binding.channelId, teamId: binding.teamId, conversationRef: binding.conversationRef };
    await new ChannelSender(deps, deps.notifiers[binding.platform]!, target, now, result).drain(rows);
  }
  result.skipped = await countDueElsewhere(deps.db, now, platforms); // left for a replica that has that platform
  if (result.sent + result.failed + result.retried > 0) deps.log.info({ delivery: result }, "outbox drained");
  return result;
}

/** A row ready to claim: its kind known and its stored values read by the kind's schema. */
interface Readable {
  kind: DeliveryKind;
  row: DueDelivery;
  nudgeIds: number[];
  payload: unknown;
}

class ChannelSender {
  private lastSendAt = 0;
  /** Set by a transient failure: nothing more goes to this channel in this pass (until = the platform's Retry-After). */
  private halted: { until: Date | null } | null = null;
  private readonly context: SendContext;

  constructor(
    private deps: DeliveryDeps,
    notifier: ChannelNotifier,
    private target: ChannelTarget,
    private now: Date,
    private result: DrainResult,
  ) {
    this.context = {
      db: deps.db,
      target,
      now,
      policy: deps.policy,
      post: (message) => this.paced(() => notifier.post(target, message)),
      update: (ref, message) => this.paced(() => notifier.update(target, ref, message)),
      reply: (ref, message) => this.paced(() => notifier.reply(target, ref, message)),
      findEarlierPost: async (row) => (row.attempts > 1 && notifier.findPosted ? notifier.findPosted(target, row.dedupeKey) : null),
    };
  }

  /** Grouped kinds first (in runs when there are many), then everything else in the order it fell due. */
  async drain(rows: DueDelivery[]): Promise<void> {
    const readable = (await Promise.all(rows.map((r) => this.read(r)))).filter((r) => r !== null);
    const units: Readable[][] = [];
    for (const [kind, ofKind] of groupBy(readable.filter((r) => r.kind.groupUpTo), (r) => r.kind)) {
      units.push(...(ofKind.length > this.deps.groupAbove ? chunk(ofKind, kind.groupUpTo!) : ofKind.map((r) => [r])));
    }
    units.push(...readable.filter((r) => !r.kind.groupUpTo).map((r) => [r]));
    for (const [i, unit] of units.entries()) {
      if (this.halted) {
        // Rate limited: the rest waits as long as the platform asked. Otherwise it is tried next pass.
        if (this.halted.until) this.result.retried += await postponeDeliveries(this.deps.db, units.slice(i).flat().map((r) => r.row.id), this.halted.until);
        return;
      }
      await this.send(unit);
    }
  }

  /**
   * A row of a kind this replica does not know stays pending for one that does (a rolling deploy);
   * a row its kind cannot read can never be sent, so it fails, logged.
   */
  private async read(row: DueDelivery): Promise<Readable | null> {
    const kind = deliveryKind(row.kind);
    if (!kind) {
      this.deps.log.warn({ delivery: row.id, kind: row.kind }, "delivery of a kind this version does not know; left for one that does");
      return null;
    }
    const payload = kind.payload.safeParse(row.payload);
    const nudgeIds = nudgeIdList.safeParse(row.nudgeIds);
    if (payload.success && nudgeIds.success) return { kind, row, nudgeIds: nudgeIds.data, payload: payload.data };
    const error = `unreadable ${row.kind} delivery: ${(payload.error ?? nudgeIds.error)!.issues.map((i) => `${i.path.join(".") || "value"}: ${i.message}`).join("; ")}`;
    await markFailed(this.deps.db, [row.id], error);
    this.result.failed++;
    this.deps.log.error({ delivery: row.id, err: error }, "delivery failed permanently");
    return null;
  }

  private async send(unit: Readable[]): Promise<void> {
    const claimed: ClaimedDelivery[] = [];
    for (const r of unit) {
      if (await claimDelivery(this.deps.db, r.row, this.deps.workerId, this.now)) {
        claimed.push({ id: r.row.id, dedupeKey: r.row.dedupeKey, bindingId: r.row.bindingId, nudgeIds: r.nudgeIds, payload: r.payload, attempts: r.row.attempts + 1 });
      }
    }
    if (claimed.length) await this.attempt(claimed, () => unit[0].kind.send(this.context, claimed));
  }

  private async attempt(rows: ClaimedDelivery[], work: () => Promise<void>): Promise<void> {
    const ids = rows.map((r) => r.id);
    try {
      await work();
      await markSent(this.deps.db, ids, this.now);
      this.result.sent += rows.length;
    } catch (err) {
      const e = err instanceof DeliveryError ? err : new DeliveryError((err as Error).message);
      const context = { deliveries: ids, channel: this.target.channelId, platform: this.target.platform, err: e.message };
      if (e.options.permanent) {
        await markFailed(this.deps.db, ids, e.message);
        this.result.failed += rows.length;
        this.deps.log.error(context, "delivery failed permanently");
      } else {
        await markRetry(this.deps.db, ids, Math.max(...rows.map((r) => r.attempts)), e.message, this.now, e.options.retryAfterMs);
        this.result.retried += rows.length;
        const { retryAfterMs } = e.options;
        this.halted = { until: retryAfterMs === undefined ? null : new Date(this.now.getTime() + retryAfterMs) };
        this.deps.log.warn(context, "delivery will be retried");
      }
    }
  }

  /** Keeps messages to one channel apart; the gap is per drain pass. */
  private async paced<T>(send: () => Promise<T>): Promise<T> {
    const wait = this.lastSendAt + this.deps.perChannelIntervalMs - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    try {
      return await send();
    } finally {
      this.lastSendAt = Date.now();
    }
  }
}
