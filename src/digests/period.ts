import { DateTime } from "luxon";
import { inZone } from "../rules/time.js";

export type DigestCadence = "daily" | "weekly";

export interface DigestPeriod {
  start: Date;
  end: Date;
}

/**
 * The period a digest sent at `now` covers: the whole local days before today (one for daily, seven
 * for weekly), ending at local midnight. Deterministic for a given day, so the period's end can key
 * the outbox row that delivers it.
 */
export function digestPeriod(cadence: DigestCadence, now: Date, zone: string): DigestPeriod {
  const end = inZone(now, zone).startOf("day");
  const start = end.minus({ days: cadence === "daily" ? 1 : 7 });
  return { start: start.toJSDate(), end: end.toJSDate() };
}

export interface DigestSchedule {
  digestCadence: string;
  digestTime: string;
  digestWeekday: number;
  timeZone: string;
  lastDigestAt: Date | null;
  createdAt: Date;
}

/**
 * The latest scheduled digest moment at or before `now` (local HH:MM, on the weekday for weekly
 * digests). Built from the local calendar date, so each local day has exactly one such moment: a
 * time the clocks skip (spring forward) becomes the same wall time shifted by the gap, and a time that
 * happens twice (fall back) is the later one, so a digest is never due twice in one local day.
 */
export function lastScheduledAt(schedule: DigestSchedule, now: Date): Date | null {
  if (schedule.digestCadence !== "daily" && schedule.digestCadence !== "weekly") return null;
  const [hour, minute] = schedule.digestTime.split(":").map(Number);
  const zone = schedule.timeZone;
  const local = inZone(now, zone);
  const at = (day: DateTime) => DateTime.fromObject({ year: day.year, month: day.month, day: day.day, hour, minute }, { zone });
  const weekly = schedule.digestCadence === "weekly";
  const day = weekly ? local.minus({ days: (local.weekday - schedule.digestWeekday + 7) % 7 }) : local;
  const candidate = at(day);
  return (candidate > local ? at(day.minus({ days: weekly ? 7 : 1 })) : candidate).toJSDate();
}

/**
 * Whether a channel's digest is due: its latest scheduled moment has passed and no digest went out
 * since. A channel bound after that moment waits for the next one; a server that was down sends the
 * latest missed digest once, late, rather than never.
 */
export function isDigestDue(schedule: DigestSchedule, now: Date): { due: boolean; scheduledAt: Date | null } {
  const scheduledAt = lastScheduledAt(schedule, now);
  if (!scheduledAt) return { due: false, scheduledAt };
  const since = schedule.lastDigestAt ?? schedule.createdAt;
  return { due: since < scheduledAt, scheduledAt };
}

export function formatPeriod(period: DigestPeriod, zone: string): string {
  const start = DateTime.fromJSDate(period.start, { zone });
  const lastDay = DateTime.fromJSDate(new Date(period.end.getTime() - 1), { zone });
  if (start.hasSame(lastDay, "day")) return start.toFormat("ccc d LLL yyyy");
  return `${start.toFormat("ccc d LLL")} – ${lastDay.toFormat("ccc d LLL yyyy")}`;
}
