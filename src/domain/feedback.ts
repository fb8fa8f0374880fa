/**
 * Feedback scales and what a score on them means. NPS asks "how likely are you to recommend us"
 * (0–10: 0–6 detractor, 7–8 passive, 9–10 promoter); CSAT asks "how satisfied are you" (1–5: 1–2
 * dissatisfied, counted as detractors; 5 delighted, counted as promoters).
 */
export const FEEDBACK_SCALES = ["nps", "csat"] as const;
export type FeedbackScale = (typeof FEEDBACK_SCALES)[number];

export const SCALE_RANGE: Record<FeedbackScale, { min: number; max: number }> = {
  nps: { min: 0, max: 10 },
  csat: { min: 1, max: 5 },
};

export type FeedbackClass = "detractor" | "passive" | "promoter";

export function feedbackClass(scale: FeedbackScale, score: number): FeedbackClass {
  if (scale === "nps") return score <= 6 ? "detractor" : score >= 9 ? "promoter" : "passive";
  return score <= 2 ? "detractor" : score >= 5 ? "promoter" : "passive";
}

/** The score as a share of its scale, 0 (worst) … 1 (best): how health reads feedback on either scale. */
export function feedbackShare(scale: FeedbackScale, score: number): number {
  const { min, max } = SCALE_RANGE[scale];
  return Math.min(1, Math.max(0, (score - min) / (max - min)));
}

/** Why a score does not fit its scale, or null. */
export function scoreProblem(scale: FeedbackScale, score: number): string | null {
  const { min, max } = SCALE_RANGE[scale];
  if (!Number.isInteger(score) || score < min || score > max) return `a ${scale.toUpperCase()} score is a whole number from ${min} to ${max}`;
  return null;
}

/** "NPS 4 (detractor)". */
export function describeScore(scale: FeedbackScale, score: number): string {
  return `${scale.toUpperCase()} ${score} (${feedbackClass(scale, score)})`;
}
