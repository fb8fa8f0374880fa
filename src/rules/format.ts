/**
 * Wording helpers for the rules' explanations and reasons. Month and weekday names here are our own
 * tables rather than Intl's, so a reason (stored on the nudge, shown in every copy of it) reads the
 * same whatever the host's ICU data ("Sep" vs "Sept"). Messages format their other dates with luxon.
 */
import { DateTime } from "luxon";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
/** Indexed by ISO weekday: 1 = Monday … 7 = Sunday. */
const WEEKDAYS = ["", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/** "1 day", "47 days", "0 days"; pass the plural when it is not unit + "s". */
export function plural(count: number, unit: string, unitPlural = `${unit}s`): string {
  return `${count} ${Math.abs(count) === 1 ? unit : unitPlural}`;
}

/** "today", "1 day ago", "12 days ago". */
export function daysAgo(days: number): string {
  return days === 0 ? "today" : `${plural(days, "day")} ago`;
}

/** "$120,000": our own grouping, so a stored reason reads the same whatever the host's locale data. */
export function formatMoney(value: number): string {
  return `$${String(Math.round(value)).replace(/\B(?=(\d{3})+(?!\d))/g, ",")}`;
}

/** "31 Jan 2027" for the calendar date "2027-01-31". */
export function formatCalendarDate(isoDate: string): string {
  return `${Number(isoDate.slice(8, 10))} ${MONTHS[Number(isoDate.slice(5, 7)) - 1]} ${isoDate.slice(0, 4)}`;
}

/** "Mon 3 Feb 2025 16:00": an instant as the account's people read it on their wall clock. */
export function formatLocalDateTime(instant: Date, zone: string): string {
  const local = DateTime.fromJSDate(instant, { zone });
  return `${WEEKDAYS[local.weekday]} ${local.day} ${MONTHS[local.month - 1]} ${local.year} ${local.toFormat("HH:mm")}`;
}

/** "Mon–Fri" for a run of consecutive ISO weekdays, otherwise "Mon, Wed, Sat". */
export function formatWeekdays(isoWeekdays: readonly number[]): string {
  const days = [...new Set(isoWeekdays)].sort((a, b) => a - b);
  const consecutive = days.every((day, i) => i === 0 || day === days[i - 1] + 1);
  if (consecutive && days.length > 2) return `${WEEKDAYS[days[0]]}–${WEEKDAYS[days[days.length - 1]]}`;
  return days.map((day) => WEEKDAYS[day]).join(", ");
}

/** Keeps free text (a complaint summary) short enough to sit inside one sentence. */
export function truncate(text: string, maxLength: number): string {
  const clean = text.replace(/\s+/g, " ").trim();
  return clean.length <= maxLength ? clean : `${clean.slice(0, maxLength - 1).trimEnd()}…`;
}
