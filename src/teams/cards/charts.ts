// A message's charts as Adaptive Card chart elements (Chart.VerticalBar, Chart.VerticalBar.Grouped;
// card 1.5, as Teams documents them), each with its PNG as the fallback Image: Teams desktop and web
// draw the chart, iOS and other hosts that do not know Chart.* show the picture.
import type { MessageChart } from "../../messages/model.js";
import type { CardElement } from "./types.js";

export function chartElement(chart: MessageChart): CardElement {
  const common = { title: chart.title, xAxisTitle: chart.xTitle, yAxisTitle: chart.yTitle, fallback: chartImage(chart), spacing: "Medium" };
  if (chart.kind === "bars") {
    const [series] = chart.series;
    return { type: "Chart.VerticalBar", ...common, showBarValues: true, ...(series.tone && { color: series.tone }), data: series.points.map((p) => ({ x: p.x, y: p.y })) };
  }
  return {
    type: "Chart.VerticalBar.Grouped",
    ...common,
    data: chart.series.map((s) => ({ legend: s.name, ...(s.tone && { color: s.tone }), values: s.points.map((p) => ({ x: p.x, y: p.y })) })),
  };
}

/** The PNG inline (Teams: at most 1024×1024 and 1 MB, which the chart renderer guarantees), at its own size. */
export function chartImage(chart: MessageChart): CardElement {
  return {
    type: "Image",
    url: `data:image/png;base64,${chart.png.data.toString("base64")}`,
    altText: chart.alt,
    width: `${chart.png.width}px`,
    height: `${chart.png.height}px`,
  };
}
