// Open versus cleared nudges per week over the last weeks: is the team keeping up?
import { DateTime } from "luxon";
import type { WeekNudges } from "../trends.js";
import { PLOT, TONE_COLOURS, type DigestChart } from "./chart.js";

const weekLabel = (w: WeekNudges) => DateTime.fromISO(w.weekStart).toFormat("d LLL");

export const nudgesByWeekChart: DigestChart = {
  key: "nudges-by-week",
  draw({ weeks }) {
    if (weeks.every((w) => w.open === 0 && w.cleared === 0)) return null;
    const title = `Open and cleared nudges, last ${weeks.length} weeks`;
    const series = [
      { name: "Open at week's end", tone: "warning" as const, points: weeks.map((w) => ({ x: weekLabel(w), y: w.open })) },
      { name: "Cleared in the week", tone: "good" as const, points: weeks.map((w) => ({ x: weekLabel(w), y: w.cleared })) },
    ];
    const alt = `${title}, by week starting: ${weeks.map((w) => `${weekLabel(w)} ${w.open} open, ${w.cleared} cleared`).join("; ")}.`;
    return {
      key: this.key,
      title,
      alt,
      kind: "groupedBars",
      xTitle: "Week starting",
      yTitle: "Nudges",
      series,
      spec: {
        title,
        ...PLOT,
        data: { values: series.flatMap((s) => s.points.map((p) => ({ week: p.x, series: s.name, nudges: p.y }))) },
        mark: { type: "bar", tooltip: false },
        encoding: {
          x: { field: "week", type: "ordinal", sort: null, title: "Week starting", axis: { labelAngle: 0 } },
          xOffset: { field: "series", sort: null },
          y: { field: "nudges", type: "quantitative", title: "Nudges", axis: { tickMinStep: 1 } },
          color: { field: "series", sort: null, scale: { range: [TONE_COLOURS.warning, TONE_COLOURS.good] }, legend: { orient: "top", title: null } },
        },
      },
    };
  },
};
