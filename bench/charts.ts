// The digest's charts: the time to draw both (vega-lite → vega SVG → resvg PNG) for one digest, from
// fixed trend numbers (the queries behind them are timed with the digest, not here). The first
// drawing pays for compiling and font loading; the median is what a digest costs after that.
import { renderDigestCharts } from "../src/digests/charts/index.js";
import type { DigestTrends } from "../src/digests/trends.js";

export interface ChartsResult {
  runs: number;
  firstMs: number;
  medianMs: number;
  minMs: number;
  maxMs: number;
  bytes: number[];
  keys: string[];
}

const TRENDS: DigestTrends = {
  weeks: Array.from({ length: 8 }, (_, i) => ({ weekStart: `2026-${i < 4 ? "10" : "11"}-${String(5 + (i % 4) * 7).padStart(2, "0")}`, open: 40 + 3 * i, cleared: 12 + (i % 4) * 5 })),
  months: Array.from({ length: 6 }, (_, i) => ({ month: `2027-0${i + 1}`, renewals: 5 + ((i * 7) % 11), annualValue: 250_000 * (i + 1), withoutValue: i % 2 })),
  bands: { healthy: 640, watch: 210, atRisk: 55 },
};

export async function runChartsBench(runs: number): Promise<ChartsResult> {
  const time = async () => {
    const started = performance.now();
    const charts = await renderDigestCharts(TRENDS);
    return { ms: performance.now() - started, bytes: charts.map((c) => c.png.data.length), keys: charts.map((c) => c.key) };
  };
  const first = await time();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push((await time()).ms);
  times.sort((a, b) => a - b);
  return { runs, firstMs: first.ms, medianMs: times[Math.floor(times.length / 2)], minMs: times[0], maxMs: times.at(-1)!, bytes: first.bytes, keys: first.keys };
}

export function chartsReport(r: ChartsResult): string {
  const f = (ms: number) => ms.toFixed(0);
  return [
    `digest charts (${r.keys.length} PNGs: ${r.keys.join(", ")}; ${r.bytes.map((b) => `${(b / 1024).toFixed(0)} KB`).join(" + ")})`,
    `chart rendering per digest: ${f(r.medianMs)} ms median (${f(r.minMs)}–${f(r.maxMs)}) of ${r.runs} runs; the first in the process ${f(r.firstMs)} ms`,
  ].join("\n");
}
