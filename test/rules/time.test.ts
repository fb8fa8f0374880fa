// The cached offset arithmetic behind localDate/startOfLocalDay must agree with luxon everywhere,
// transition days included.
import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { dayNumber, localDate, startOfLocalDay } from "../../src/rules/time.js";

const startOfLocalDate = (iso: string, zone: string) => startOfLocalDay(dayNumber(iso), zone);

const ZONES = ["America/New_York", "Europe/London", "Australia/Lord_Howe", "Asia/Kathmandu", "America/Santiago", "Asia/Tokyo", "Pacific/Chatham", "UTC"];

describe("localDate and startOfLocalDay agree with luxon", () => {
  it.each(ZONES)("every 7 minutes through 2026 in %s, transition days included", (zone) => {
    const from = Date.UTC(2026, 0, 1);
    const to = Date.UTC(2027, 0, 1);
    let checked = 0;
    for (let t = from; t < to; t += 7 * 60_000) {
      const expected = DateTime.fromMillis(t, { zone }).toFormat("yyyy-MM-dd");
      if (localDate(new Date(t), zone) !== expected) throw new Error(`${zone} at ${new Date(t).toISOString()}: ${localDate(new Date(t), zone)} ≠ ${expected}`);
      checked++;
    }
    expect(checked).toBeGreaterThan(70_000);
    for (let d = DateTime.fromISO("2026-01-01", { zone: "UTC" }); d.year === 2026; d = d.plus({ days: 1 })) {
      const iso = d.toISODate()!;
      expect(startOfLocalDate(iso, zone).getTime(), `${zone} ${iso}`).toBe(DateTime.fromISO(iso, { zone }).startOf("day").toMillis());
    }
  });

  it("an unknown zone is an error, not UTC", () => {
    expect(() => localDate(new Date(), "Mars/Olympus")).toThrow(RangeError);
    expect(() => startOfLocalDate("2026-01-01", "Mars/Olympus")).toThrow(RangeError);
  });
});

describe("calendar-date arithmetic", () => {
  it("agrees with Date for every day from 1600 to 2400", async () => {
    const { addDaysToDate, calendarDay, daysBetweenDates } = await import("../../src/rules/time.js");
    const isCalendarDate = (value: string) => calendarDay(value) !== null;
    const start = new Date(0);
    start.setUTCFullYear(1600, 0, 1);
    let iso = "1600-01-01";
    for (let i = 0; i < 292_000; i += 1) {
      const expected = new Date(start.getTime() + i * 86_400_000).toISOString().slice(0, 10);
      if (iso !== expected) throw new Error(`day ${i}: ${iso} ≠ ${expected}`);
      if (!isCalendarDate(iso)) throw new Error(`day ${i}: ${iso} is not taken for a calendar date`);
      iso = addDaysToDate(iso, 1);
    }
    expect(daysBetweenDates("1600-01-01", iso)).toBe(292_000);
    expect(daysBetweenDates("2026-03-01", "2026-02-28")).toBe(-1);
    expect([isCalendarDate("2028-02-29"), isCalendarDate("2027-02-29"), isCalendarDate("2026-13-01"), isCalendarDate("2026-00-10"), isCalendarDate("2026-1-01")]).toEqual([true, false, false, false, false]);
    expect(["2026-04-31", "2026-06-31", "2026-09-31", "2026-11-31", "2026-01-32", "2026-02-00", "2100-02-29"].filter(isCalendarDate)).toEqual([]);
    expect(["2000-02-29", "2026-12-31", "2026-01-31"].every(isCalendarDate)).toBe(true);
  });
});
