/**
 * A channel's manager digest as a message: the one way a digest is built, for the scheduled
 * delivery, the "See all" of a digest cut short, and the CLI.
 */
import type { Message } from "../messages/model.js";
import type { Db } from "../store/client.js";
import { digestMessage } from "./message.js";
import { buildDigest } from "./model.js";
import { digestPeriod, type DigestCadence, type DigestPeriod } from "./period.js";
import { renderDigestCharts } from "./charts/index.js";
import { digestTrends, type HealthBands } from "./trends.js";
import { heldNudgesOf } from "./heldNudges.js";
import type { ChannelScope } from "../domain/channels.js";
import { AppError } from "../domain/errors.js";

/** What a digest is for: a bound channel, or (from the CLI) the whole portfolio. */
export interface DigestAudience extends ChannelScope {
  /** The channel binding, when there is one: a digest cut short then offers "See all". */
  bindingId?: string;
  label: string;
  timeZone: string;
}

export interface DigestOptions {
  cadence: DigestCadence;
  /** Default: the period the cadence covers as of `now` in the audience's zone. */
  period?: DigestPeriod;
  now: Date;
  /** Every list in full, for the person who asked (the "See all"). */
  full?: boolean;
  /** Draw the charts (the scheduled post: the "See all" and the terminal show none), with the health bands the policy sets. */
  charts?: HealthBands;
  /** The nudges the noise budget held back from the channel, to list (the scheduled post). */
  heldNudgeIds?: readonly number[];
}

const FULL_LIST = 200;

export async function renderDigest(db: Db, audience: DigestAudience, opts: DigestOptions): Promise<Message> {
  const { cadence, now, full } = opts;
  const period = opts.period ?? digestPeriod(cadence, now, audience.timeZone);
  const model = await buildDigest(db, {
    scope: audience,
    periodStart: period.start,
    periodEnd: period.end,
    now,
    timeZone: audience.timeZone,
    heldNudgeIds: opts.heldNudgeIds,
    ...(full && { listLimit: FULL_LIST }),
  });
  const message = digestMessage(model, { channelLabel: audience.label, timeZone: audience.timeZone, cadence, bindingId: full ? undefined : audience.bindingId });
  if (full) return { ...message, visibility: "ephemeral" };
  if (!opts.charts) return message;
  const trends = await digestTrends(db, { scope: audience, through: period.end, now, timeZone: audience.timeZone, bands: opts.charts });
  try {
    return { ...message, charts: await renderDigestCharts(trends) };
  } catch (err) {
    // The pictures illustrate the digest: one that cannot be drawn must not hold the digest back (its
    // delivery would be retried without end), so it goes out saying so.
    return { ...message, blocks: [...message.blocks, { type: "context", text: `The charts could not be drawn this time (${(err as Error).message.slice(0, 200)}).` }] };
  }
}

/** A bound channel's digest (cadence: the channel's own unless given); null when the binding is gone. */
export async function bindingDigest(db: Db, bindingId: string, opts: Omit<DigestOptions, "cadence"> & { cadence?: DigestCadence }): Promise<Message | null> {
  const binding = await db.channelBinding.findUnique({ where: { id: bindingId } });
  if (!binding) return null;
  const audience: DigestAudience = {
    bindingId: binding.id,
    label: binding.channelName ?? binding.channelId,
    timeZone: binding.timeZone,
    scope: binding.scope,
    scopeValue: binding.scopeValue,
    rules: binding.rules,
  };
  return renderDigest(db, audience, { ...opts, cadence: opts.cadence ?? (binding.digestCadence === "weekly" ? "weekly" : "daily") });
}

/**
 * A digest for the terminal: a bound channel's (by its channel id) or, without one, the whole
 * portfolio's in the default zone. `throughNow` runs the period up to now instead of the last local
 * midnight (the demo shows today's activity). An unknown channel is an AppError naming the bound ones.
 */
export async function terminalDigest(
  db: Db,
  opts: { channelId?: string; cadence: DigestCadence; throughNow?: boolean; now: Date; defaultTimeZone: string },
): Promise<Message> {
  const { channelId, cadence, now } = opts;
  const binding = channelId ? await db.channelBinding.findFirst({ where: { channelId }, select: { id: true, timeZone: true } }) : null;
  if (channelId && !binding) {
    const bound = (await db.channelBinding.findMany({ select: { channelId: true } })).map((b) => b.channelId);
    throw new AppError("not_found", `No channel binding "${channelId}".`, [`Bound channels: ${bound.join(", ") || "none"}`]);
  }
  const zone = binding?.timeZone ?? opts.defaultTimeZone;
  const { start, end } = digestPeriod(cadence, now, zone);
  const period = { start, end: opts.throughNow ? now : end };
  // What the noise budget held back is listed, not marked as shown: only a posted digest does that.
  if (binding) return (await bindingDigest(db, binding.id, { cadence, period, now, heldNudgeIds: await heldNudgesOf(db, binding.id) }))!;
  return renderDigest(db, { scope: "all", scopeValue: null, label: "whole portfolio", timeZone: zone }, { cadence, period, now });
}
