/**
 * Moments sent by CRMs, helpdesks and spreadsheets: an ISO date-time with an offset is an instant;
 * a bare calendar date is read in the account's time zone.
 */
import { DateTime } from "luxon";
import { AppError } from "../domain/errors.js";
import { isInTheFuture } from "../domain/clock.js";

/**
 * A bare date "YYYY-MM-DD" means noon on that day in `zone` (the middle of the day, so day counts
 * stay right whichever way the zone leans). Noon of today may still be ahead: then it means now.
 */
export function resolveMoment(value: string, zone: string, now: Date): Date {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return new Date(value);
  const noon = DateTime.fromISO(value, { zone }).set({ hour: 12 });
  if (!noon.isValid) throw new AppError("invalid_argument", `Cannot read ${value} in time zone "${zone}".`);
  const today = DateTime.fromJSDate(now, { zone }).toISODate();
  if (value === today && noon.toMillis() > now.getTime()) return now;
  return noon.toJSDate();
}

/** Rejects moments later than now (plus a few minutes of clock skew): they are typos. */
export function assertNotFuture(what: string, field: string, at: Date, now: Date): void {
  // Checked here as well as where a touchpoint is written, so a batch is rejected before any item is written.
  if (!isInTheFuture(at, now)) return;
  throw new AppError("invalid_argument", `${what} cannot be in the future.`, [
    `${field} is ${at.toISOString()}, but it is now ${now.toISOString()}. Send when it happened.`,
  ]);
}

/** Rejects a later step (answered, resolved) dated before the step it follows (opened). */
export function assertNotBefore(field: string, at: Date, earlierField: string, earlier: Date): void {
  if (at.getTime() >= earlier.getTime()) return;
  throw new AppError("invalid_argument", `${field} (${at.toISOString()}) is before ${earlierField} (${earlier.toISOString()}).`);
}
