import type { Logger } from "pino";
import { chunk, groupBy } from "../collections.js";
import type { Message } from "../messages/model.js";
import { escalationMessage, nudgeMessage } from "../messages/nudgeCard.js";
import { loadNudgeViews } from "../nudges/views.js";
import type { Db } from "../store/client.js";
import { claimDelivery, countDueElsewhere, findDueDeliveries, markFailed, markRetry, markSent, postponeDeliveries, type DueDelivery } from "./claim.js";
import { DeliveryError, type ChannelNotifier, type ChannelTarget } from "./notifier.js";
import { deliveryKeys, enqueueDeliveries } from "./outbox.js";

export interface DeliveryDeps {
  db: Db;
  notifiers: Partial<Record<ChannelTarget["platform"], ChannelNotifier>>;
  log: Logger;
  workerId: string;
  /** More pending posts than this for one channel go out as grouped messages. */
  groupAbove: number;
  /** Spacing between two messages to the same channel (platform rate limits). */
  perChannelIntervalMs: number;
  renderDigest(bindingId: string, payload: unknown, now: Date): Promise<Message | null>;
}

export interface DrainResult {
  sent: number;
  retried: number;
  failed: number;
  skipped: number;
}

const GROUP_SIZE = 10;
const BATCH = 200;

/** Drains what is due: claim, render the nudges' current state, send, record where each one is shown. */
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

class ChannelSender {
  private lastSendAt = 0;
  /** Set by a transient failure: nothing more goes to this channel in this pass (until = the platform's Retry-After). */
  private halted: { until: Date | null } | null = null;
  constructor(
    private deps: DeliveryDeps,
    private notifier: ChannelNotifier,
    private target: ChannelTarget,
    private now: Date,
    private result: DrainResult,
  ) {}

  /** New posts first (grouped when there are many), then updates, escalations and digests. */
  async drain(rows: DueDelivery[]): Promise<void> {
    const posts = rows.filter((r) => r.kind === "nudge.post");
    const units = [
      ...(posts.length > this.deps.groupAbove ? chunk(posts, GROUP_SIZE) : posts.map((p) => [p])),
      ...rows.filter((r) => r.kind !== "nudge.post").map((r) => [r]),
    ];
    for (const [i, unit] of units.entries()) {
      if (this.halted) {
        // Rate limited: the rest waits as long as the platform asked. Otherwise it is tried next pass.
        if (this.halted.until) this.result.retried += await postponeDeliveries(this.deps.db, units.slice(i).flat().map((r) => r.id), this.halted.until);
        return;
      }
      await (unit[0].kind === "nudge.post" ? this.post(unit) : this.other(unit[0]));
    }
  }

  async post(rows: DueDelivery[]): Promise<void> {
    const claimed = await this.claim(rows);
    if (!claimed.length) return;
    await this.attempt(claimed, async () => {
      // Rows tried before may already be out (alone or in a group posted before a crash): find those first.
      const pending: DueDelivery[] = [];
      for (const row of claimed) {
        const earlier = await this.findEarlierPost(row);
        if (earlier) await this.recordShown(await this.openViews(row.nudgeIds as number[]), earlier, "posted");
        else pending.push(row);
      }
      if (!pending.length) return;
      const views = await this.openViews(pending.flatMap((r) => r.nudgeIds as number[]));
      if (!views.length) return; // acknowledged, snoozed or resolved before it went out: nothing to say
      const keys = pending.map((r) => r.dedupeKey);
      const sent = await this.paced(() => this.notifier.post(this.target, { ...nudgeMessage(views, this.now), deliveryKey: keys[0], deliveryKeys: keys }));
      await this.recordShown(views.map((v) => ({ id: v.id, version: v.version })), sent.messageRef, "posted");
    });
  }

  private async openViews(nudgeIds: number[]) {
    return (await loadNudgeViews(this.deps.db, nudgeIds)).filter((v) => v.status === "open");
  }

  private async findEarlierPost(row: DueDelivery): Promise<string | null> {
    const triedBefore = row.attempts > 1; // the claim counted this attempt
    return triedBefore && this.notifier.findPosted ? this.notifier.findPosted(this.target, row.dedupeKey) : null;
  }

  async other(row: DueDelivery): Promise<void> {
    const [claimed] = await this.claim([row]);
    if (!claimed) return;
    await this.attempt([claimed], async () => {
      if (row.kind === "digest") {
        const message = await this.deps.renderDigest(this.target.bindingId, row.payload, this.now);
        if (message) await this.sendOnce(claimed, message, (m) => this.notifier.post(this.target, m));
        return;
      }
      const nudgeId = (row.nudgeIds as number[])[0];
      const shown = await this.deps.db.nudgeMessage.findUnique({
        where: { nudgeId_platform_channelId: { nudgeId, platform: this.target.platform, channelId: this.target.channelId } },
      });
      if (row.kind === "nudge.escalate") {
        const [view] = await loadNudgeViews(this.deps.db, [nudgeId]);
        if (!view || view.status !== "open") return;
        const msg = escalationMessage(view, this.now);
        await this.sendOnce(claimed, msg, (m) => (shown ? this.notifier.reply(this.target, shown.messageRef, m) : this.notifier.post(this.target, m)));
        return;
      }
      if (!shown) return; // not posted yet: the pending post will show the current state
      const views = await loadNudgeViews(this.deps.db, shown.shownNudgeIds as number[]);
      if (!views.length) return;
      await this.paced(() => this.notifier.update(this.target, shown.messageRef, { ...nudgeMessage(views, this.now), visibility: "channel" }));
      await this.recordShown(views.map((v) => ({ id: v.id, version: v.version })), shown.messageRef, "updated");
    });
  }

  /**
   * Posts (or replies) once. The message carries the row's key; when an earlier attempt may have gone
   * out (a crash after claiming, a response lost to a timeout), a platform that can look the key up
   * (findPosted) says so and nothing is sent again.
   */
  private async sendOnce(row: DueDelivery, message: Message, send: (m: Message) => Promise<{ messageRef: string }>): Promise<string> {
    const existing = await this.findEarlierPost(row);
    return existing ?? (await this.paced(() => send({ ...message, deliveryKey: row.dedupeKey }))).messageRef;
  }

  private async claim(rows: DueDelivery[]): Promise<DueDelivery[]> {
    const claimed: DueDelivery[] = [];
    for (const r of rows) if (await claimDelivery(this.deps.db, r, this.deps.workerId, this.now)) claimed.push({ ...r, attempts: r.attempts + 1 });
    return claimed;
  }

  private async attempt(rows: DueDelivery[], work: () => Promise<void>): Promise<void> {
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

  /**
   * Records where each nudge is shown; a nudge that changed while we rendered gets a follow-up update.
   * After an update, only nudges whose message this still is are touched: one re-posted since (its
   * snooze ended) is shown in its newer message, and its updates must keep going there.
   */
  private async recordShown(rendered: { id: number; version: number }[], messageRef: string, how: "posted" | "updated"): Promise<void> {
    const { db } = this.deps;
    const { platform, channelId, bindingId } = this.target;
    const shownNudgeIds = rendered.map((r) => r.id);
    await db.$transaction(async (tx) => {
      const here: { id: number; version: number }[] = [];
      for (const r of rendered) {
        if (how === "posted") {
          const key = { nudgeId_platform_channelId: { nudgeId: r.id, platform, channelId } };
          await tx.nudgeMessage.upsert({ where: key, create: { nudgeId: r.id, platform, channelId, messageRef, version: r.version, shownNudgeIds }, update: { messageRef, version: r.version, shownNudgeIds } });
          here.push(r);
        } else if ((await tx.nudgeMessage.updateMany({ where: { nudgeId: r.id, platform, channelId, messageRef }, data: { version: r.version } })).count) {
          here.push(r);
        }
      }
      const current = await tx.nudge.findMany({ where: { id: { in: here.map((r) => r.id) } }, select: { id: true, version: true } });
      const stale = current.filter((c) => c.version > here.find((r) => r.id === c.id)!.version);
      await enqueueDeliveries(tx, stale.map((c) => ({ kind: "nudge.update", bindingId, nudgeIds: [c.id], dedupeKey: deliveryKeys.update(c.id, bindingId, c.version), notBefore: this.now })));
    });
  }
}
