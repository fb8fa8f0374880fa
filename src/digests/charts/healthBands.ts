// Watched accounts by health band (the scan's latest score for each): how many are healthy, worth
// watching, at risk. One bar per band, in the band's colour in the PNG.
import type { HealthBandCounts } from "../trends.js";
import { PLOT, TONE_COLOURS, type DigestChart } from "./chart.js";

const BANDS: { key: keyof HealthBandCounts; label: string; tone: keyof typeof TONE_COLOURS }[] = [
  { key: "healthy", label: "Healthy", tone: "good" },
  { key: "watch", label: "Watch", tone: "warning" },
  { key: "atRisk", label: "At risk", tone: "attention" },
];

export const healthBandsChart: DigestChart = {
  key: "health-bands",
  draw({ bands }) {
    const total = bands.healthy + bands.watch + bands.atRisk;
    if (total === 0) return null;
    const title = `Accounts by health (${total} scored)`;
    const alt = `${title}: ${BANDS.map((b) => `${b.label.toLowerCase()} ${bands[b.key]}`).join(", ")}.`;
    const series = [{ name: "Accounts", tone: "neutral" as const, points: BANDS.map((b) => ({ x: b.label, y: bands[b.key] })) }];
    return {
      key: this.key,
      title,
      alt,
      kind: "bars",
      xTitle: "Health band",
      yTitle: "Accounts",
      series,
      spec: {
        title,
        ...PLOT,
        data: { values: BANDS.map((b) => ({ band: b.label, accounts: bands[b.key] })) },
        encoding: {
          x: { field: "band", type: "ordinal", sort: null, title: "Health band", axis: { labelAngle: 0 } },
          y: { field: "accounts", type: "quantitative", title: "Accounts", axis: { tickMinStep: 1 }, scale: { domainMax: Math.ceil(Math.max(bands.healthy, bands.watch, bands.atRisk) * 1.2) } },
        },
        layer: [
          { mark: { type: "bar", tooltip: false }, encoding: { color: { field: "band", type: "nominal", scale: { domain: BANDS.map((b) => b.label), range: BANDS.map((b) => TONE_COLOURS[b.tone]) }, legend: null } } },
          { mark: { type: "text", dy: -6, fontWeight: "bold" }, encoding: { text: { field: "accounts" } } },
        ],
      },
    };
  },
};
