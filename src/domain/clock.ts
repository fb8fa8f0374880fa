/** A few minutes of slack for clocks that disagree: a moment later than now by more is a typo, or a wrong clock. */
const FUTURE_TOLERANCE_MS = 5 * 60_000;

/** Whether `at` lies beyond now and the slack. */
export function isInTheFuture(at: Date, now: Date): boolean {
  return at.getTime() > now.getTime() + FUTURE_TOLERANCE_MS;
}
