/** Customer lifecycle stages, in the order a healthy relationship moves through them. */
export const STAGES = ["awareness", "consideration", "purchase", "onboarding", "retention", "advocacy", "exit"] as const;
export type Stage = (typeof STAGES)[number];

export type StageMoveKind = "initial" | "forward" | "backward" | "exit" | "win_back" | "same";

/**
 * Classifies a move. Leaving exit is a win-back whatever the target; entering exit is an exit;
 * otherwise the stage order decides.
 */
export function classifyStageMove(from: Stage | null, to: Stage): StageMoveKind {
  if (from === null) return "initial";
  if (from === to) return "same";
  if (from === "exit") return "win_back";
  if (to === "exit") return "exit";
  return STAGES.indexOf(to) > STAGES.indexOf(from) ? "forward" : "backward";
}

/** Backward moves and exits must say why; a win-back is worth a note but not forced. */
export function stageMoveNeedsReason(kind: StageMoveKind): boolean {
  return kind === "backward" || kind === "exit";
}

export function nextStage(stage: Stage): Stage | null {
  const i = STAGES.indexOf(stage);
  return i >= 0 && i < STAGES.indexOf("advocacy") ? STAGES[i + 1] : null;
}
