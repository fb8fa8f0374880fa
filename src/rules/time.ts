/**
 * Calendar and business-hours arithmetic in an account's time zone.
 *
 * Day counts compare local calendar dates, never elapsed milliseconds / 24h: a touch at 23:30 and one
 * at 08:00 on the same local day count the same, and a 23- or 25-hour DST day is still one day.
 * An unknown zone throws a RangeError: silently reading it as UTC would move every deadline.
 */
import { DateTime, IANAZone } from "luxon";
import type { Policy } from "./policy.js";

export type BusinessHours = NonNullable<Policy["complaints"]["businessHours"]>;

const MS_PER_DAY = 86_400_000;
const MS_PER_HOUR = 3_600_000;
/** About a century of days: only a business-hours setting with no open hour at all gets this far. */
const MAX_DAYS_SCANNED = 36_600;

/** Whether `zone` is an IANA time zone this runtime knows ("Europe/Paris", "UTC"). */
export function isValidTimeZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

export function inZone(instant: Date, zone: string): DateTime {
  const local = DateTime.fromJSDate(instant, { zone });
  if (!local.isValid) throw new RangeError(`Cannot read an instant in time zone "${zone}": ${local.invalidExplanation}`);
  return local;
}

/** The calendar date "YYYY-MM-DD" on the wall clock of `zone` at `instant`. */
export function localDate(instant: Date, zone: string): string {
  return formatDay(localDay(instant, zone));
}

/** The local calendar date of `instant` in `zone` as a day number (days since 1970-01-01). */
export function localDay(instant: Date, zone: string): number {
  const t = instant.getTime();
  return Math.floor((t + offsetMinutes(zone, t) * 60_000) / MS_PER_DAY);
}

// The scan asks these questions for every account, and luxon answers each with Intl formatting
// (microseconds apiece). Offsets change at most a couple of times a year, so they are cached per
// UTC day: a day whose first and last instants share an offset has it throughout (no zone has two
// transitions in one day); the rare transition day is computed exactly. Both caches are bounded.
const CACHE_LIMIT = 20_000;
const dayOffsets = new Map<string, Map<number, number | null>>();
const dayStarts = new Map<string, Map<number, Date>>();

function zoneOf(zone: string): IANAZone {
  const z = IANAZone.create(zone);
  if (!z.isValid) throw new RangeError(`Cannot read an instant in time zone "${zone}": unknown IANA zone`);
  return z;
}

function cacheFor<K, V>(caches: Map<string, Map<K, V>>, zone: string): Map<K, V> {
  let cache = caches.get(zone);
  if (!cache) caches.set(zone, (cache = new Map()));
  else if (cache.size >= CACHE_LIMIT) cache.clear();
  return cache;
}

function offsetMinutes(zone: string, t: number): number {
  if (zone === "UTC") return 0;
  const day = Math.floor(t / MS_PER_DAY);
  const cache = cacheFor(dayOffsets, zone);
  let offset = cache.get(day);
  if (offset === undefined) {
    const z = zoneOf(zone);
    const first = z.offset(day * MS_PER_DAY);
    offset = first === z.offset((day + 1) * MS_PER_DAY - 1) ? first : null;
    cache.set(day, offset);
  }
  return offset ?? zoneOf(zone).offset(t);
}

/** The day number of a real calendar date written "YYYY-MM-DD"; null for anything else ("2027-02-29", "2026-1-01"). */
export function calendarDay(value: string): number | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
  const y = Number(value.slice(0, 4));
  const m = Number(value.slice(5, 7));
  const d = Number(value.slice(8, 10));
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return civilDay(y, m, d);
}

function daysInMonth(y: number, m: number): number {
  if (m !== 2) return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
  return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28;
}

/** Whole calendar days from `from` to `to` (both "YYYY-MM-DD"); negative when `to` is earlier. */
export function daysBetweenDates(from: string, to: string): number {
  return dayNumber(to) - dayNumber(from);
}

export function addDaysToDate(isoDate: string, days: number): string {
  return formatDay(dayNumber(isoDate) + days);
}

/** Calendar days between the local dates of two instants, e.g. Nov 1 23:30 → Dec 1 08:00 is 30. */
export function calendarDaysSince(start: Date, now: Date, zone: string): number {
  return localDay(now, zone) - localDay(start, zone);
}

/** The instant the local calendar day `day` (a day number, see localDay) begins (the first valid wall-clock time if midnight is skipped). */
export function startOfLocalDay(day: number, zone: string): Date {
  const cache = cacheFor(dayStarts, zone);
  let start = cache.get(day);
  if (start === undefined) {
    const isoDate = formatDay(day);
    const local = DateTime.fromISO(isoDate, { zone }).startOf("day");
    if (!local.isValid) throw new RangeError(`Cannot read ${isoDate} in time zone "${zone}": ${local.invalidExplanation}`);
    start = local.toJSDate();
    cache.set(day, start);
  }
  // Shared between callers: the rules treat instants as values and never mutate them.
  return start;
}

/** The instant the local day `days` calendar days after the local date of `start` begins. */
export function startOfDayAfter(start: Date, days: number, zone: string): Date {
  return startOfLocalDay(localDay(start, zone) + days, zone);
}

/**
 * When a response clock of `hours` started at `start` runs out. Without business hours every hour
 * counts; with them, only time inside [start, end) on the listed ISO weekdays, on the zone's wall clock.
 */
export function addResponseHours(start: Date, hours: number, businessHours: BusinessHours | null, zone: string): Date {
  if (!businessHours) return new Date(start.getTime() + hours * MS_PER_HOUR);
  let remaining = hours * MS_PER_HOUR;
  let day = inZone(start, zone).startOf("day");
  for (let scanned = 0; scanned < MAX_DAYS_SCANNED; scanned++) {
    if (businessHours.days.includes(day.weekday)) {
      const opens = Math.max(start.getTime(), atWallClock(day, businessHours.start).toMillis());
      const closes = atWallClock(day, businessHours.end).toMillis();
      if (opens < closes) {
        if (remaining <= closes - opens) return new Date(opens + remaining);
        remaining -= closes - opens;
      }
    }
    day = day.plus({ days: 1 }).startOf("day");
  }
  throw new RangeError("Business hours never open: check complaints.businessHours in the policy");
}

function atWallClock(day: DateTime, hhmm: string): DateTime {
  const [hour, minute] = hhmm.split(":").map(Number);
  return day.set({ hour, minute, second: 0, millisecond: 0 });
}

// Calendar arithmetic on day numbers (days since 1970-01-01), with Howard Hinnant's civil-date
// algorithms: integer math, no Date objects, which the scan would otherwise create by the million.

/** The day number of "YYYY-MM-DD" (a date like 2026-02-30 rolls over, as Date.UTC would). */
export function dayNumber(isoDate: string): number {
  return civilDay(Number(isoDate.slice(0, 4)), Number(isoDate.slice(5, 7)), Number(isoDate.slice(8, 10)));
}

function civilDay(year: number, m: number, d: number): number {
  const y = year - (m <= 2 ? 1 : 0);
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** "YYYY-MM-DD" of a day number. */
export function formatDay(dayNum: number): string {
  const z = dayNum + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp + (mp < 10 ? 3 : -9);
  const y = yoe + era * 400 + (m <= 2 ? 1 : 0);
  return `${String(y).padStart(4, "0")}-${m < 10 ? "0" : ""}${m}-${d < 10 ? "0" : ""}${d}`;
}
