/**
 * Quiet hours: a daily stretch (19:00–08:00, may cross midnight) and, optionally, whole weekends,
 * on the wall clock of a zone. A nudge post due inside them waits for the start of the next working
 * period, found on the local clock so a DST change moves it with the clock, not by an hour.
 */
import { DateTime } from "luxon";
import { z } from "zod";
import { hhmm } from "../rules/policy.js";

/** As stored on a channel binding or a person (Json column). */
export const quietHoursSchema = z.object({ start: hhmm, end: hhmm, weekends: z.boolean() });
export type QuietHours = z.infer<typeof quietHoursSchema>;

/** The stored value, or null when unset or unreadable (an unreadable value holds nothing back). */
export function storedQuietHours(value: unknown): QuietHours | null {
  const parsed = quietHoursSchema.safeParse(value);
  return parsed.success ? parsed.data : null;
}

const minutesOf = (hm: string) => Number(hm.slice(0, 2)) * 60 + Number(hm.slice(3, 5));
const isWeekend = (t: DateTime) => t.weekday >= 6;

/** Whether `t` (local) is inside the daily stretch. */
function inStretch(q: QuietHours, t: DateTime): boolean {
  const m = t.hour * 60 + t.minute;
  const start = minutesOf(q.start);
  const end = minutesOf(q.end);
  return start <= end ? m >= start && m < end : m >= start || m < end;
}

/**
 * The first instant on t's local date whose wall clock reads hh:mm or later: hh:mm itself, or, when a
 * DST change skips it (02:30 on a spring-forward night), the moment the clock jumps past it.
 */
function at(t: DateTime, hm: string): DateTime {
  const [hour, minute] = [Number(hm.slice(0, 2)), Number(hm.slice(3, 5))];
  const wanted = t.set({ hour, minute, second: 0, millisecond: 0 });
  if (wanted.hour === hour && wanted.minute === minute) return wanted;
  // Skipped: luxon moved it forward by the gap. Find the jump: the first instant reading hh:mm or later.
  const reads = (x: DateTime) => x.hour * 60 + x.minute >= hour * 60 + minute;
  let lo = wanted.minus({ hours: 3 }).toMillis();
  let hi = wanted.toMillis();
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (reads(DateTime.fromMillis(mid, { zone: t.zone }))) hi = mid;
    else lo = mid;
  }
  return DateTime.fromMillis(hi, { zone: t.zone });
}

/**
 * When a post due at `now` may go out: null when now is not quiet, else the start of the next
 * working period (the stretch's end on a working day, or the first working day's start).
 */
export function quietUntil(q: QuietHours, zone: string, now: Date): Date | null {
  const local = DateTime.fromJSDate(now, { zone });
  if (!local.isValid) return null;
  let t: DateTime = local;
  let moved = false;
  // Each step leaves a weekend or a stretch; a week of steps covers every arrangement.
  for (let step = 0; step < 16; step++) {
    if (q.weekends && isWeekend(t)) {
      t = t.plus({ days: 1 }).startOf("day");
    } else if (inStretch(q, t)) {
      const endToday = at(t, q.end);
      t = endToday > t ? endToday : at(t.plus({ days: 1 }).startOf("day"), q.end);
    } else {
      return moved ? t.toJSDate() : null;
    }
    moved = true;
  }
  return moved ? t.toJSDate() : null;
}

/** "19:00–08:00 and weekends (Europe/Berlin)". */
export function describeQuietHours(q: QuietHours, zone: string): string {
  return `${q.start}–${q.end}${q.weekends ? " and weekends" : ""} (${zone})`;
}
