import { DateTime } from "luxon";
import { AppError } from "../domain/errors.js";

const DATE_HINT = "Dates look like 2026-11-20, today or yesterday.";

/**
 * When something happened, from what a person typed, in their time zone: an ISO date (taken at
 * local noon, so the calendar day is right wherever it is read), today (now), yesterday, or "3d ago".
 */
export function parsePastDate(text: string, now: Date, zone: string): Date {
  const t = text.trim().toLowerCase();
  const local = DateTime.fromJSDate(now, { zone });
  if (t === "today" || t === "now") return now;
  if (t === "yesterday") return local.minus({ days: 1 }).set({ hour: 12, minute: 0, second: 0, millisecond: 0 }).toJSDate();
  const ago = /^(\d{1,3})\s*(d|days?)(\s+ago)?$/.exec(t);
  if (ago) return local.minus({ days: Number(ago[1]) }).set({ hour: 12, minute: 0, second: 0, millisecond: 0 }).toJSDate();
  const day = parseCalendarDate(t, zone);
  if (!day) throw new AppError("invalid_argument", `"${text}" is not a date I understand.`, [DATE_HINT]);
  return day.hasSame(local, "day") ? now : day.set({ hour: 12 }).toJSDate();
}

/** A strict YYYY-MM-DD (2026-02-30 is rejected, 2028-02-29 accepted). */
export function parseCalendarDate(text: string, zone = "UTC"): DateTime | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text.trim())) return null;
  const d = DateTime.fromISO(text.trim(), { zone });
  return d.isValid ? d.startOf("day") : null;
}

const MAX_SNOOZE_DAYS = 365;
const UNIT: Record<string, "minutes" | "hours" | "days" | "weeks"> = { m: "minutes", min: "minutes", mins: "minutes", minute: "minutes", minutes: "minutes", h: "hours", hour: "hours", hours: "hours", d: "days", day: "days", days: "days", w: "weeks", week: "weeks", weeks: "weeks" };
const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/**
 * Until when to snooze: a duration (2h, 1d, 1 week), tomorrow, a weekday (the next one, 9:00
 * local), "next week" (Monday 9:00) or a date (9:00 local that day).
 */
export function parseSnoozeUntil(text: string, now: Date, zone: string): Date {
  const t = text.trim().toLowerCase();
  const local = DateTime.fromJSDate(now, { zone });
  const morning = (d: DateTime) => d.set({ hour: 9, minute: 0, second: 0, millisecond: 0 });
  let until: DateTime | null = null;
  const duration = /^(\d{1,4})\s*([a-z]+)$/.exec(t);
  if (duration && UNIT[duration[2]]) until = local.plus({ [UNIT[duration[2]]]: Number(duration[1]) });
  else if (t === "tomorrow") until = morning(local.plus({ days: 1 }));
  else if (t === "next week") until = morning(local.plus({ weeks: 1 }).startOf("week"));
  else if (WEEKDAYS.includes(t)) {
    const target = WEEKDAYS.indexOf(t) + 1;
    const ahead = ((target - local.weekday + 7) % 7) || 7;
    until = morning(local.plus({ days: ahead }));
  } else {
    const day = parseCalendarDate(t, zone);
    if (day) until = morning(day);
  }
  if (!until) throw new AppError("invalid_argument", `"${text}" is not a snooze I understand.`, ["Snooze for 2h, 1d, 1w, until tomorrow, monday, next week, or a date like 2026-12-01."]);
  if (until.toMillis() <= now.getTime()) throw new AppError("invalid_argument", `${until.toISODate()} is in the past; a snooze must end in the future.`);
  if (until.diff(local, "days").days > MAX_SNOOZE_DAYS) throw new AppError("invalid_argument", `Snoozes are limited to ${MAX_SNOOZE_DAYS} days.`);
  return until.toJSDate();
}

/** How many of the words say until when: two for "next week" or "2 days", else one. */
export function snoozeWordCount(words: string[]): 1 | 2 {
  if (words.length < 2) return 1;
  const [first, second] = [words[0].trim().toLowerCase(), words[1].trim().toLowerCase()];
  if (first === "next" && second === "week") return 2;
  return /^\d{1,4}$/.test(first) && UNIT[second] ? 2 : 1;
}

/** "9:00" or "09:00" → "09:00" (24-hour wall-clock time as HH:MM); null when it is not one. */
export function parseClockTime(text: string | undefined): string | null {
  const m = text?.match(/^([01]?\d|2[0-3]):([0-5]\d)$/);
  return m ? `${m[1].padStart(2, "0")}:${m[2]}` : null;
}

export function formatLocal(date: Date, zone: string, withTime = false): string {
  const d = DateTime.fromJSDate(date, { zone });
  return withTime ? d.toFormat("d LLL yyyy, HH:mm") : d.toFormat("d LLL yyyy");
}
