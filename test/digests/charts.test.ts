// The digest's charts drawn: words and numbers for every platform, PNGs that decode to the size they
// claim, within what chat platforms accept (≤ 1024×1024, < 1 MB), and no chart when there is nothing to show.
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { DIGEST_CHARTS, renderDigestCharts } from "../../src/digests/charts/index.js";
import { MAX_SIDE, renderPng } from "../../src/digests/charts/render.js";
import type { DigestTrends } from "../../src/digests/trends.js";
import { renderForTerminal } from "../../src/messages/terminal.js";

const TRENDS: DigestTrends = {
  weeks: ["2026-10-05", "2026-10-12", "2026-10-19", "2026-10-26", "2026-11-02", "2026-11-09", "2026-11-16", "2026-11-23"].map((weekStart, i) => ({ weekStart, open: 10 + i, cleared: i % 3 })),
  months: [
    { month: "2026-11", renewals: 2, annualValue: 120_000, withoutValue: 0 },
    { month: "2026-12", renewals: 0, annualValue: 0, withoutValue: 0 },
    { month: "2027-01", renewals: 5, annualValue: 1_250_000, withoutValue: 1 },
    { month: "2027-02", renewals: 1, annualValue: 9_000, withoutValue: 0 },
    { month: "2027-03", renewals: 0, annualValue: 0, withoutValue: 0 },
    { month: "2027-04", renewals: 3, annualValue: 300_000, withoutValue: 0 },
  ],
  bands: { healthy: 31, watch: 9, atRisk: 4 },
};

const darkPixels = (png: PNG) => {
  let n = 0;
  for (let i = 0; i < png.data.length; i += 4) if (png.data[i] + png.data[i + 1] + png.data[i + 2] < 200) n++;
  return n;
};

describe("the digest's charts", () => {
  it("are drawn as PNGs of the size they claim, within chat platforms' limits", async () => {
    const charts = await renderDigestCharts(TRENDS);
    expect(charts.map((c) => [c.key, c.kind])).toEqual([["nudges-by-week", "groupedBars"], ["health-bands", "bars"], ["renewals-by-month", "bars"]]);
    for (const chart of charts) {
      const png = PNG.sync.read(chart.png.data);
      expect([png.width, png.height], chart.key).toEqual([chart.png.width, chart.png.height]);
      expect(Math.max(png.width, png.height)).toBeLessThanOrEqual(MAX_SIDE);
      expect(png.width).toBeGreaterThan(400); // a readable size, not a thumbnail
      expect(chart.png.data.length).toBeLessThan(1_000_000);
      expect(darkPixels(png), `${chart.key}: the bundled font drew the labels`).toBeGreaterThan(500);
    }
  });

  it("say in words what they show, and carry the numbers for platforms that draw charts themselves", async () => {
    const [weeks, bands, renewals] = await renderDigestCharts(TRENDS);
    expect(weeks.alt).toBe(
      "Open and cleared nudges, last 8 weeks, by week starting: 5 Oct 10 open, 0 cleared; 12 Oct 11 open, 1 cleared; 19 Oct 12 open, 2 cleared; " +
        "26 Oct 13 open, 0 cleared; 2 Nov 14 open, 1 cleared; 9 Nov 15 open, 2 cleared; 16 Nov 16 open, 0 cleared; 23 Nov 17 open, 1 cleared.",
    );
    expect(weeks.series.map((s) => [s.name, s.tone, s.points.at(-1)])).toEqual([
      ["Open at week's end", "warning", { x: "23 Nov", y: 17 }],
      ["Cleared in the week", "good", { x: "23 Nov", y: 1 }],
    ]);
    expect(renewals.alt).toContain("Jan 2027 5 renewals, $1.3M (+1 without a value); Feb 2027 1 renewal, $9K;");
    expect(bands.alt).toBe("Accounts by health (44 scored): healthy 31, watch 9, at risk 4.");
    expect(bands.series[0].points).toEqual([{ x: "Healthy", y: 31 }, { x: "Watch", y: 9 }, { x: "At risk", y: 4 }]);
    // The console stand-in shows no pictures: it prints what they say.
    expect(renderForTerminal({ summary: "s", blocks: [{ type: "header", text: "Digest" }], visibility: "channel", charts: [weeks, renewals] }, false)).toBe(`Digest\n📊 ${weeks.alt}\n📊 ${renewals.alt}`);
    expect(renewals.series[0].points.map((p) => [p.x, p.y])).toEqual([
      ["Nov 2026 ($120K)", 2], ["Dec 2026 ($0)", 0], ["Jan 2027 ($1.3M)", 5], ["Feb 2027 ($9K)", 1], ["Mar 2027 ($0)", 0], ["Apr 2027 ($300K)", 3],
    ]);
  });

  it("leave out a chart with nothing to show", async () => {
    const unscored = { healthy: 0, watch: 0, atRisk: 0 };
    const quiet: DigestTrends = { weeks: TRENDS.weeks.map((w) => ({ ...w, open: 0, cleared: 0 })), months: TRENDS.months, bands: unscored };
    expect((await renderDigestCharts(quiet)).map((c) => c.key)).toEqual(["renewals-by-month"]);
    const none: DigestTrends = { weeks: quiet.weeks, months: TRENDS.months.map((m) => ({ ...m, renewals: 0, annualValue: 0 })), bands: unscored };
    expect(await renderDigestCharts(none)).toEqual([]);
    expect(DIGEST_CHARTS.map((c) => c.key)).toEqual(["nudges-by-week", "health-bands", "renewals-by-month"]);
  });

  it("scales a drawing larger than 1024 px down to 1024 on its longer side", async () => {
    const png = await renderPng({ width: 1600, height: 300, data: { values: [{ a: "x", b: 1 }] }, mark: "bar", encoding: { x: { field: "a", type: "nominal" }, y: { field: "b", type: "quantitative" } } });
    expect(png.width).toBe(MAX_SIDE);
    expect(png.height).toBeLessThan(MAX_SIDE);
    expect(PNG.sync.read(png.data).width).toBe(MAX_SIDE);
  });
});
