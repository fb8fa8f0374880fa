// Quiet hours on the local clock: when a post due at a given instant may go out, in two zones and
// across both DST changes of 2026 in each (New York: 8 Mar, 1 Nov; Berlin: 29 Mar, 25 Oct).
import { describe, expect, it } from "vitest";
import { quietUntil, type QuietHours } from "../../src/delivery/quietHours.js";

const NIGHTS_AND_WEEKENDS: QuietHours = { start: "19:00", end: "08:00", weekends: true };
const NIGHTS: QuietHours = { start: "19:00", end: "08:00", weekends: false };
const EARLY_MORNING: QuietHours = { start: "00:30", end: "02:30", weekends: false };
const LUNCH: QuietHours = { start: "12:00", end: "13:00", weekends: true };

const NY = "America/New_York";
const BER = "Europe/Berlin";

describe("quietUntil", () => {
  it.each([
    // [case, quiet hours, zone, due (UTC), may go out (UTC) or null for at once]
    ["a working-day afternoon goes out at once", NIGHTS_AND_WEEKENDS, NY, "2026-11-24T18:00:00Z", null],
    ["the last minute before the stretch goes out", NIGHTS, NY, "2026-11-24T23:59:59Z", null], // 18:59:59 EST
    ["the stretch's first instant waits for the morning", NIGHTS, NY, "2026-11-25T00:00:00Z", "2026-11-25T13:00:00Z"], // 19:00 → 08:00 EST
    ["after midnight, inside the stretch, waits for the same morning", NIGHTS, NY, "2026-11-25T10:00:00Z", "2026-11-25T13:00:00Z"], // 05:00
    ["the stretch's end is working time", NIGHTS, NY, "2026-11-25T13:00:00Z", null],
    ["Friday night waits for Monday with weekends quiet", NIGHTS_AND_WEEKENDS, NY, "2026-11-28T01:00:00Z", "2026-11-30T13:00:00Z"], // Fri 20:00 EST
    ["Friday night waits for Saturday 08:00 without", NIGHTS, NY, "2026-11-28T01:00:00Z", "2026-11-28T13:00:00Z"],
    ["New York, Friday night before the fall-back weekend: Monday 08:00 EST, an hour later in UTC than the Friday's 08:00 EDT", NIGHTS_AND_WEEKENDS, NY, "2026-10-31T00:00:00Z", "2026-11-02T13:00:00Z"],
    ["New York, Friday night before the spring-forward weekend: Monday 08:00 EDT", NIGHTS_AND_WEEKENDS, NY, "2026-03-07T01:00:00Z", "2026-03-09T12:00:00Z"],
    ["New York, the spring-forward night: 02:30 does not exist, so the period starts at the jump (03:00 EDT)", EARLY_MORNING, NY, "2026-03-08T06:00:00Z", "2026-03-08T07:00:00Z"], // 01:00 EST
    ["New York, the fall-back night: the first 02:30 after the repeated hour", EARLY_MORNING, NY, "2026-11-01T05:00:00Z", "2026-11-01T07:30:00Z"], // 01:00 EDT → 02:30 EST
    ["Berlin, Friday night before the spring-forward weekend: Monday 08:00 CEST", NIGHTS_AND_WEEKENDS, BER, "2026-03-27T20:00:00Z", "2026-03-30T06:00:00Z"], // Fri 21:00 CET
    ["Berlin, Friday night before the fall-back weekend: Monday 08:00 CET", NIGHTS_AND_WEEKENDS, BER, "2026-10-23T18:00:00Z", "2026-10-26T07:00:00Z"], // Fri 20:00 CEST
    ["Berlin, the spring-forward night: the jump from 02:00 to 03:00 CEST", EARLY_MORNING, BER, "2026-03-29T00:00:00Z", "2026-03-29T01:00:00Z"], // 01:00 CET
    ["Berlin, the fall-back night: 02:30 CEST comes once before the repeat", EARLY_MORNING, BER, "2026-10-24T23:00:00Z", "2026-10-25T00:30:00Z"], // 01:00 CEST
    ["a weekend lunch waits for Monday's start (midnight), not the lunch's end", LUNCH, BER, "2026-11-28T11:30:00Z", "2026-11-29T23:00:00Z"], // Sat 12:30 CET → Mon 00:00
    ["a weekday lunch waits for 13:00", LUNCH, BER, "2026-11-25T11:30:00Z", "2026-11-25T12:00:00Z"],
  ])("%s", (_case, quiet, zone, due, expected) => {
    const until = quietUntil(quiet, zone, new Date(due));
    expect(until?.toISOString() ?? null).toBe(expected === null ? null : new Date(expected).toISOString());
  });

  it("every held post goes out at a working instant: never earlier than due, never inside quiet hours (a year of hourly checks, both zones)", () => {
    for (const zone of [NY, BER]) {
      for (let t = Date.parse("2026-01-01T00:00:00Z"); t < Date.parse("2027-01-01T00:00:00Z"); t += 3_600_000 + 7 * 60_000) {
        const until = quietUntil(NIGHTS_AND_WEEKENDS, zone, new Date(t));
        if (until === null) continue;
        expect(until.getTime()).toBeGreaterThan(t);
        expect(quietUntil(NIGHTS_AND_WEEKENDS, zone, until), `${zone} ${new Date(t).toISOString()} → ${until.toISOString()}`).toBeNull();
        expect(quietUntil(NIGHTS_AND_WEEKENDS, zone, new Date(until.getTime() - 60_000))).not.toBeNull();
      }
    }
  });
});
