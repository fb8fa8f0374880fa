// The digest's charts, listed once. A chart is one file here (its draft: words, numbers, vega-lite
// spec) reading the trend numbers of src/digests/trends.ts; a new one is one more file, its numbers
// in trends.ts, and an entry in this list.
import type { MessageChart } from "../../messages/model.js";
import type { DigestTrends } from "../trends.js";
import type { DigestChart } from "./chart.js";
import { healthBandsChart } from "./healthBands.js";
import { nudgesByWeekChart } from "./nudgesByWeek.js";
import { renderPng } from "./render.js";
import { renewalsByMonthChart } from "./renewalsByMonth.js";

export const DIGEST_CHARTS: readonly DigestChart[] = [nudgesByWeekChart, healthBandsChart, renewalsByMonthChart];

/** Every chart that has something to show, drawn as a PNG. */
export async function renderDigestCharts(trends: DigestTrends): Promise<MessageChart[]> {
  const drafts = DIGEST_CHARTS.map((chart) => chart.draw(trends)).filter((d) => d !== null);
  return Promise.all(drafts.map(async ({ spec, ...chart }) => ({ ...chart, png: await renderPng(spec) })));
}
