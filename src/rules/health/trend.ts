/**
 * The daily health trend the scan keeps per account, oldest first, stored as
 * "YYYY-MM-DD:score,YYYY-MM-DD:score". Days are local dates in the account's zone.
 */
import type { HealthPoint } from "../../domain/snapshot.js";
import { calendarDay, dayNumber } from "../time.js";

/** The best score in the `days` days before `day` (not counting `day`), the latest such day on a tie; null when none is stored. */
export function trendPeak(trend: readonly HealthPoint[], day: string, days: number): HealthPoint | null {
  const end = dayNumber(day);
  let peak: HealthPoint | null = null;
  for (const point of trend) {
    const d = dayNumber(point.day);
    if (d >= end || d < end - days) continue;
    if (!peak || point.score > peak.score || (point.score === peak.score && point.day > peak.day)) peak = point;
  }
  return peak;
}

/** The trend with `point` in place of any point of its day, keeping only the `keepDays` days up to it. */
export function appendTrend(trend: readonly HealthPoint[], point: HealthPoint, keepDays: number): HealthPoint[] {
  const first = dayNumber(point.day) - keepDays + 1;
  const kept = trend.filter((p) => p.day !== point.day && dayNumber(p.day) >= first);
  return [...kept, point].sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
}

/** Reads the stored form; an entry that is not "real date:whole score" is skipped rather than failing the scan. */
export function parseTrend(text: string | null): HealthPoint[] {
  const byDay = new Map<string, number>();
  for (const entry of (text ?? "").split(",")) {
    const match = /^(\d{4}-\d{2}-\d{2}):(\d{1,3})$/.exec(entry.trim());
    if (!match || calendarDay(match[1]) === null || Number(match[2]) > 100) continue;
    byDay.set(match[1], Number(match[2]));
  }
  return [...byDay].map(([day, score]) => ({ day, score })).sort((a, b) => (a.day < b.day ? -1 : 1));
}

export function formatTrend(points: readonly HealthPoint[]): string {
  return points.map((p) => `${p.day}:${p.score}`).join(",");
}
