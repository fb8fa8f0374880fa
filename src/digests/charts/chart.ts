import type { TopLevelSpec } from "vega-lite";
import type { MessageChart } from "../../messages/model.js";
import type { DigestTrends } from "../trends.js";

/** A chart before it is drawn: what every platform gets, and the vega-lite spec its PNG is drawn from. */
export interface ChartDraft extends Omit<MessageChart, "png"> {
  spec: TopLevelSpec;
}

/**
 * One of a digest's charts: from the digest's trend numbers to a draft, or null when there is
 * nothing to show (every value zero), so an empty chart never goes out.
 */
export interface DigestChart {
  key: string;
  draw(trends: DigestTrends): ChartDraft | null;
}

/** The colours the PNGs use for the neutral tones (close to Teams' own). */
export const TONE_COLOURS = { good: "#2e8540", warning: "#e07b00", attention: "#c4314b", neutral: "#6b7a8f" } as const;

/** Fixed plot size: with axes, title and legend the PNG stays well under 1024×1024. */
export const PLOT = { width: 560, height: 220 } as const;
