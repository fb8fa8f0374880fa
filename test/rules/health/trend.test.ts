import { describe, expect, it } from "vitest";
import { appendTrend, formatTrend, parseTrend, trendPeak } from "../../../src/rules/health/index.js";

const trend = parseTrend("2026-03-01:80,2026-03-05:90,2026-03-08:90,2026-03-10:70,2026-03-15:60");

describe("trendPeak", () => {
  it.each([
    { day: "2026-03-15", days: 14, peak: { day: "2026-03-08", score: 90 }, note: "the latest of two equal best scores" },
    { day: "2026-03-15", days: 5, peak: { day: "2026-03-10", score: 70 }, note: "only the window's days" },
    { day: "2026-03-15", days: 4, peak: null, note: "nothing in the 4 days before" },
    { day: "2026-03-10", days: 9, peak: { day: "2026-03-08", score: 90 }, note: "the day itself is left out" },
    { day: "2026-03-15", days: 10, peak: { day: "2026-03-08", score: 90 }, note: "exactly `days` before is in" },
    { day: "2026-03-11", days: 10, peak: { day: "2026-03-08", score: 90 }, note: "10 days back reaches 1 Mar" },
    { day: "2026-03-06", days: 5, peak: { day: "2026-03-05", score: 90 }, note: "5 days back from 6 Mar" },
    { day: "2026-03-02", days: 1, peak: { day: "2026-03-01", score: 80 }, note: "yesterday" },
  ])("$note", ({ day, days, peak }) => {
    expect(trendPeak(trend, day, days)).toEqual(peak);
  });
});

describe("appendTrend", () => {
  it("replaces a same-day point and keeps the `keepDays` days up to the new one", () => {
    expect(appendTrend(trend, { day: "2026-03-15", score: 55 }, 15)).toEqual(parseTrend("2026-03-01:80,2026-03-05:90,2026-03-08:90,2026-03-10:70,2026-03-15:55"));
    expect(appendTrend(trend, { day: "2026-03-16", score: 50 }, 15).map((p) => p.day)).toEqual(["2026-03-05", "2026-03-08", "2026-03-10", "2026-03-15", "2026-03-16"]);
    expect(appendTrend(trend, { day: "2026-03-16", score: 50 }, 1)).toEqual([{ day: "2026-03-16", score: 50 }]);
    expect(appendTrend([], { day: "2026-03-16", score: 50 }, 15)).toEqual([{ day: "2026-03-16", score: 50 }]);
  });
});

describe("the stored form", () => {
  it("round-trips", () => {
    const text = "2026-03-01:80,2026-03-05:90,2026-03-08:90,2026-03-10:70,2026-03-15:60";
    expect(formatTrend(parseTrend(text))).toBe(text);
    expect(formatTrend([])).toBe("");
  });

  it("reads what it can, in day order, the last of a day winning", () => {
    expect(parseTrend("")).toEqual([]);
    expect(parseTrend(null)).toEqual([]);
    expect(parseTrend("2026-03-05:90, 2026-03-01:80,2026-03-05:91")).toEqual([{ day: "2026-03-01", score: 80 }, { day: "2026-03-05", score: 91 }]);
    expect(parseTrend("2026-02-30:50,2026-03-01:101,junk,2026-03-02:-1,2026-03-03:7.5,2026-03-04:0")).toEqual([{ day: "2026-03-04", score: 0 }]);
  });
});
