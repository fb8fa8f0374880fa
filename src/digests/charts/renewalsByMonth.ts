// Renewals per month ahead, each bar labelled with the annual value at stake: where the money is.
import { DateTime } from "luxon";
import type { MonthRenewals } from "../trends.js";
import { PLOT, TONE_COLOURS, type DigestChart } from "./chart.js";

const compactMoney = new Intl.NumberFormat("en-US", { style: "currency", currency: "USD", notation: "compact", minimumFractionDigits: 0, maximumFractionDigits: 1 });
const monthLabel = (m: MonthRenewals) => DateTime.fromISO(`${m.month}-01`).toFormat("LLL yyyy");
const atStake = (m: MonthRenewals) => `${compactMoney.format(m.annualValue)}${m.withoutValue ? ` (+${m.withoutValue} without a value)` : ""}`;

export const renewalsByMonthChart: DigestChart = {
  key: "renewals-by-month",
  draw({ months }) {
    if (months.every((m) => m.renewals === 0)) return null;
    const title = `Renewals in the next ${months.length} months, with the annual value at stake`;
    // The value travels in the category label, so a platform drawing the bars itself (Teams) shows it too.
    const label = (m: MonthRenewals) => `${monthLabel(m)} (${compactMoney.format(m.annualValue)})`;
    const series = [{ name: "Renewals", tone: "neutral" as const, points: months.map((m) => ({ x: label(m), y: m.renewals })) }];
    const alt = `${title}: ${months.map((m) => `${monthLabel(m)} ${m.renewals} ${m.renewals === 1 ? "renewal" : "renewals"}, ${atStake(m)}`).join("; ")}.`;
    return {
      key: this.key,
      title,
      alt,
      kind: "bars",
      xTitle: "Month (annual value at stake)",
      yTitle: "Renewals",
      series,
      spec: {
        title,
        ...PLOT,
        data: { values: months.map((m) => ({ month: label(m), renewals: m.renewals, value: m.renewals ? compactMoney.format(m.annualValue) : "" })) },
        encoding: {
          x: { field: "month", type: "ordinal", sort: null, title: "Month (annual value at stake)", axis: { labelAngle: 0 } },
          // Headroom above the tallest bar for its value label.
          y: { field: "renewals", type: "quantitative", title: "Renewals", axis: { tickMinStep: 1 }, scale: { domainMax: Math.ceil(Math.max(...months.map((m) => m.renewals)) * 1.2) } },
        },
        layer: [
          { mark: { type: "bar", color: TONE_COLOURS.neutral, tooltip: false } },
          { mark: { type: "text", dy: -6, fontWeight: "bold" }, encoding: { text: { field: "value" } } },
        ],
      },
    };
  },
};
