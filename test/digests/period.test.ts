import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { digestPeriod, formatPeriod, isDigestDue, lastScheduledAt, type DigestSchedule } from "../../src/digests/period.js";

const NY = "America/New_York";
const TOKYO = "Asia/Tokyo";
const iso = (d: Date | null) => d?.toISOString() ?? null;
const schedule = (s: Partial<DigestSchedule>): DigestSchedule => ({
  digestCadence: "daily",
  digestTime: "09:00",
  digestWeekday: 1,
  timeZone: "UTC",
  lastDigestAt: null,
  createdAt: new Date("2020-01-01T00:00:00Z"),
  ...s,
});

describe("digestPeriod: the whole local days before the day of `at`", () => {
  it.each([
    ["daily", "2026-11-25T15:00:00Z", "UTC", "2026-11-24T00:00:00.000Z", "2026-11-25T00:00:00.000Z", 24],
    ["daily", "2026-11-25T15:00:00Z", NY, "2026-11-24T05:00:00.000Z", "2026-11-25T05:00:00.000Z", 24],
    ["daily", "2026-11-25T15:00:00Z", TOKYO, "2026-11-24T15:00:00.000Z", "2026-11-25T15:00:00.000Z", 24], // already the 26th in Tokyo
    ["daily", "2026-11-25T14:59:59Z", TOKYO, "2026-11-23T15:00:00.000Z", "2026-11-24T15:00:00.000Z", 24],
    ["weekly", "2026-11-25T15:00:00Z", NY, "2026-11-18T05:00:00.000Z", "2026-11-25T05:00:00.000Z", 168],
    ["daily", "2026-11-02T14:00:00Z", NY, "2026-11-01T04:00:00.000Z", "2026-11-02T05:00:00.000Z", 25], // fall back: a 25-hour day
    ["daily", "2026-03-09T13:00:00Z", NY, "2026-03-08T05:00:00.000Z", "2026-03-09T04:00:00.000Z", 23], // spring forward: 23 hours
    ["weekly", "2026-11-02T14:00:00Z", NY, "2026-10-26T04:00:00.000Z", "2026-11-02T05:00:00.000Z", 169],
  ] as const)("%s at %s in %s covers %s … %s (%i h)", (cadence, at, zone, start, end, hours) => {
    const p = digestPeriod(cadence, new Date(at), zone);
    expect([iso(p.start), iso(p.end)]).toEqual([start, end]);
    expect((p.end.getTime() - p.start.getTime()) / 3_600_000).toBe(hours);
  });

  it("is the same for every moment of a local day (it keys the outbox row)", () => {
    const a = digestPeriod("daily", new Date("2026-11-25T05:00:00Z"), NY); // local midnight
    const b = digestPeriod("daily", new Date("2026-11-26T04:59:59Z"), NY); // one second before the next
    expect(iso(a.end)).toBe(iso(b.end));
    expect(iso(digestPeriod("daily", new Date("2026-11-26T05:00:00Z"), NY).end)).not.toBe(iso(a.end));
  });

  it("formats one day or a range in the channel's zone", () => {
    expect(formatPeriod(digestPeriod("daily", new Date("2026-11-25T15:00:00Z"), NY), NY)).toBe("Tue 24 Nov 2026");
    expect(formatPeriod(digestPeriod("weekly", new Date("2026-11-25T15:00:00Z"), NY), NY)).toBe("Wed 18 Nov – Tue 24 Nov 2026");
    expect(formatPeriod(digestPeriod("daily", new Date("2026-11-02T14:00:00Z"), NY), NY)).toBe("Sun 1 Nov 2026");
  });
});

describe("lastScheduledAt", () => {
  it.each([
    // [what, schedule, now, expected]
    ["daily NY, a minute early: yesterday's", { timeZone: NY }, "2026-11-25T13:59:00Z", "2026-11-24T14:00:00.000Z"],
    ["daily NY, on the minute: today's", { timeZone: NY }, "2026-11-25T14:00:00Z", "2026-11-25T14:00:00.000Z"],
    ["daily Tokyo 09:00 is midnight UTC", { timeZone: TOKYO }, "2026-11-25T23:59:59Z", "2026-11-25T00:00:00.000Z"],
    ["daily Tokyo, next local day", { timeZone: TOKYO }, "2026-11-26T00:00:00Z", "2026-11-26T00:00:00.000Z"],
    ["weekly Monday NY, on a Wednesday", { timeZone: NY, digestCadence: "weekly", digestTime: "08:00" }, "2026-11-25T15:00:00Z", "2026-11-23T13:00:00.000Z"],
    ["weekly Monday NY, Monday before the time", { timeZone: NY, digestCadence: "weekly", digestTime: "08:00" }, "2026-11-30T12:59:00Z", "2026-11-23T13:00:00.000Z"],
    ["weekly Monday NY, Monday at the time", { timeZone: NY, digestCadence: "weekly", digestTime: "08:00" }, "2026-11-30T13:00:00Z", "2026-11-30T13:00:00.000Z"],
    ["weekly Sunday Tokyo, Saturday night UTC is Sunday morning there", { timeZone: TOKYO, digestCadence: "weekly", digestWeekday: 7 }, "2026-11-29T00:00:00Z", "2026-11-29T00:00:00.000Z"],
    ["weekly Sunday Tokyo, a second earlier", { timeZone: TOKYO, digestCadence: "weekly", digestWeekday: 7 }, "2026-11-28T23:59:59Z", "2026-11-22T00:00:00.000Z"],
    ["fall back: 09:00 EDT the day before", { timeZone: NY }, "2026-11-01T13:30:00Z", "2026-10-31T13:00:00.000Z"],
    ["fall back: 09:00 EST on the day", { timeZone: NY }, "2026-11-01T14:00:00Z", "2026-11-01T14:00:00.000Z"],
    ["fall back: 01:30 happens twice; the first one is not it", { timeZone: NY, digestTime: "01:30" }, "2026-11-01T05:30:00Z", "2026-10-31T05:30:00.000Z"],
    ["fall back: 01:30 happens twice; the second one is", { timeZone: NY, digestTime: "01:30" }, "2026-11-01T06:30:00Z", "2026-11-01T06:30:00.000Z"],
    ["fall back: 01:30, later that day", { timeZone: NY, digestTime: "01:30" }, "2026-11-01T20:00:00Z", "2026-11-01T06:30:00.000Z"],
    ["spring forward: 02:30 does not exist; not yet at 03:00", { timeZone: NY, digestTime: "02:30" }, "2026-03-08T07:00:00Z", "2026-03-07T07:30:00.000Z"],
    ["spring forward: 02:30 becomes 03:30 EDT", { timeZone: NY, digestTime: "02:30" }, "2026-03-08T07:30:00Z", "2026-03-08T07:30:00.000Z"],
    ["spring forward: the next day is 02:30 EDT again", { timeZone: NY, digestTime: "02:30" }, "2026-03-09T06:30:00Z", "2026-03-09T06:30:00.000Z"],
  ] as const)("%s", (_what, s, now, expected) => {
    expect(iso(lastScheduledAt(schedule(s), new Date(now)))).toBe(expected);
  });

  it("is null when digests are off", () => {
    expect(lastScheduledAt(schedule({ digestCadence: "off" }), new Date())).toBeNull();
  });
});

describe("isDigestDue", () => {
  const now = new Date("2026-11-25T14:05:00Z"); // 09:05 in New York
  it.each([
    ["bound before today's time, never sent", { createdAt: new Date("2026-11-25T13:00:00Z") }, true],
    ["bound after today's time: waits for tomorrow", { createdAt: new Date("2026-11-25T14:01:00Z") }, false],
    ["bound exactly at the time", { createdAt: new Date("2026-11-25T14:00:00Z") }, false],
    ["today's sent", { lastDigestAt: new Date("2026-11-25T14:00:00Z") }, false],
    ["yesterday's sent", { lastDigestAt: new Date("2026-11-24T14:00:00Z") }, true],
    ["a schedule set (lastDigestAt) a millisecond before the time", { lastDigestAt: new Date("2026-11-25T13:59:59.999Z") }, true],
  ] as const)("%s → %s", (_what, s, due) => {
    const r = isDigestDue(schedule({ timeZone: NY, ...s }), now);
    expect(r.due).toBe(due);
    expect(iso(r.scheduledAt)).toBe("2026-11-25T14:00:00.000Z");
  });

  /** Every 5 minutes over several days, sending whenever due: when did digests go out? */
  function sweep(s: Partial<DigestSchedule>, fromIso: string, toIso: string): string[] {
    let state = schedule({ createdAt: new Date(fromIso), ...s });
    const sent: string[] = [];
    for (let t = new Date(fromIso).getTime(); t <= new Date(toIso).getTime(); t += 5 * 60_000) {
      const now = new Date(t);
      if (isDigestDue(state, now).due) {
        sent.push(DateTime.fromJSDate(now, { zone: state.timeZone }).toFormat("ccc yyyy-MM-dd HH:mm ZZZZ"));
        state = { ...state, lastDigestAt: now };
      }
    }
    return sent;
  }

  it.each([
    ["NY 09:00 across fall back", { timeZone: NY }, ["Sat 2026-10-31 09:00 EDT", "Sun 2026-11-01 09:00 EST", "Mon 2026-11-02 09:00 EST"]],
    ["NY 01:30 across fall back (01:30 happens twice)", { timeZone: NY, digestTime: "01:30" }, ["Sat 2026-10-31 01:30 EDT", "Sun 2026-11-01 01:30 EST", "Mon 2026-11-02 01:30 EST"]],
    ["Tokyo 09:00 (no DST) across the same days", { timeZone: TOKYO }, ["Sat 2026-10-31 09:00 GMT+9", "Sun 2026-11-01 09:00 GMT+9", "Mon 2026-11-02 09:00 GMT+9", "Tue 2026-11-03 09:00 GMT+9"]],
    ["NY weekly Monday 08:00", { timeZone: NY, digestCadence: "weekly", digestTime: "08:00" }, ["Mon 2026-11-02 08:00 EST"]],
  ])("%s: once per local day, at its local time", (_what, s, expected) => {
    expect(sweep(s, "2026-10-30T16:00:00Z", "2026-11-03T03:00:00Z")).toEqual(expected);
  });

  it("NY 02:30 across spring forward (02:30 does not exist that day): once, at 03:30 EDT", () => {
    expect(sweep({ timeZone: NY, digestTime: "02:30" }, "2026-03-07T00:00:00Z", "2026-03-09T23:00:00Z")).toEqual([
      "Sat 2026-03-07 02:30 EST",
      "Sun 2026-03-08 03:30 EDT",
      "Mon 2026-03-09 02:30 EDT",
    ]);
  });
});
