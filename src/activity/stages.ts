import { AppError } from "../domain/errors.js";
import type { Actor } from "../domain/people.js";
import { classifyStageMove, stageMoveNeedsReason, type Stage, type StageMoveKind } from "../domain/stages.js";
import type { Db, Tx } from "../store/client.js";

export interface StageChangeResult {
  from: Stage;
  to: Stage;
  kind: StageMoveKind;
}

/**
 * Moves an account to a stage and records who, when and why. Backward moves and exits need a
 * reason; leaving exit is recorded as a win-back. The update is conditional on the stage read, so
 * two people moving the same account at once cannot both record a move from the same stage.
 */
export async function changeStage(
  db: Db,
  account: { id: string; name: string; stage: Stage },
  to: Stage,
  actor: Actor,
  reason: string | null,
  at: Date,
): Promise<StageChangeResult> {
  const kind = classifyStageMove(account.stage, to);
  if (kind === "same") throw new AppError("conflict", `${account.name} is already in ${to}.`);
  if (stageMoveNeedsReason(kind) && !reason?.trim()) {
    const what = kind === "exit" ? "Moving an account to exit" : `Moving back from ${account.stage} to ${to}`;
    throw new AppError("usage", `${what} needs a reason.`, [`stage "${account.name}" ${to} <reason>`]);
  }
  await db.$transaction((tx) => recordStageMoveIn(tx, account, to, kind, actor, reason, at));
  return { from: account.stage, to, kind };
}

/** The move itself, in the caller's transaction (a connector applying a CRM's stage); the caller has classified it. */
export async function recordStageMoveIn(tx: Tx, account: { id: string; name: string; stage: Stage }, to: Stage, kind: StageMoveKind, actor: Actor, reason: string | null, at: Date): Promise<void> {
  const moved = await tx.account.updateMany({
    where: { id: account.id, stage: account.stage },
    data: { stage: to, stageSince: at },
  });
  if (moved.count === 0) throw new AppError("conflict", `${account.name} changed stage meanwhile; look again with \`account\`.`);
  await tx.stageChange.create({
    data: { accountId: account.id, fromStage: account.stage, toStage: to, byId: actor.personId, byName: actor.name, at, reason: reason?.trim() || null, kind },
  });
}
