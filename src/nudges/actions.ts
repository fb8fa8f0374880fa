import { enqueueDeliveries } from "../delivery/outbox.js";
import { AppError } from "../domain/errors.js";
import type { Actor } from "../domain/people.js";
import type { Db } from "../store/client.js";
import { updatesForShownMessages } from "./apply.js";
import { loadBindings } from "../delivery/routing.js";

export type NudgeAction = { type: "acknowledge"; note?: string | null } | { type: "snooze"; until: Date; note?: string | null };

export interface NudgeActionResult {
  nudgeId: number;
  /** False when the click was a repeat (already acknowledged, same snooze): nothing changed. */
  changed: boolean;
  status: string;
  actedByName: string | null;
  actedAt: Date | null;
  snoozedUntil: Date | null;
}

type NudgeState = { id: number; status: string; version: number; snoozedUntil: Date | null; actedByName: string | null; actedAt: Date | null };

/**
 * Acknowledge or snooze, idempotently: the update is conditional on the version read, so a double
 * click or two people clicking at once produce one state change and one event. Every message
 * showing the nudge (any channel, any platform) is queued for an update.
 */
export async function actOnNudge(db: Db, nudgeId: number, action: NudgeAction, actor: Actor, now: Date): Promise<NudgeActionResult> {
  if (action.type === "snooze" && action.until.getTime() <= now.getTime()) {
    throw new AppError("invalid_argument", "A snooze must end in the future.", ["snooze <nudge> 1d | 1w | 2026-12-01"]);
  }
  // A scan may bump the version between our read and our write; then read again and retry.
  for (let attempt = 0; attempt < 3; attempt++) {
    const nudge = await readNudge(db, nudgeId);
    if (nudge.status === "resolved") throw new AppError("conflict", `Nudge #${nudgeId} is already resolved; nothing to do.`);
    if (isRepeat(nudge, action)) return result(nudge, false);
    if (await applyAction(db, nudge, action, actor, now)) return result(await readNudge(db, nudgeId), true);
  }
  return result(await readNudge(db, nudgeId), false);
}

async function readNudge(db: Db, nudgeId: number): Promise<NudgeState> {
  const nudge = await db.nudge.findUnique({
    where: { id: nudgeId },
    select: { id: true, status: true, version: true, snoozedUntil: true, actedByName: true, actedAt: true },
  });
  if (!nudge) throw new AppError("unknown_nudge", `There is no nudge #${nudgeId}.`, ["`nudges` lists the open ones."]);
  return nudge;
}

function isRepeat(nudge: NudgeState, action: NudgeAction): boolean {
  if (action.type === "acknowledge") return nudge.status === "acknowledged";
  return nudge.status === "snoozed" && nudge.snoozedUntil?.getTime() === action.until.getTime();
}

async function applyAction(db: Db, nudge: NudgeState, action: NudgeAction, actor: Actor, now: Date): Promise<boolean> {
  const version = nudge.version + 1;
  const data = action.type === "acknowledge" ? { status: "acknowledged" as const, snoozedUntil: null } : { status: "snoozed" as const, snoozedUntil: action.until };
  return db.$transaction(async (tx) => {
    const ok = await tx.nudge.updateMany({
      where: { id: nudge.id, version: nudge.version },
      data: { ...data, actedById: actor.personId, actedByName: actor.name, actedAt: now, actionNote: action.note ?? null, version },
    });
    if (ok.count === 0) return false;
    await tx.nudgeEvent.create({
      data: {
        nudgeId: nudge.id,
        at: now,
        type: action.type === "acknowledge" ? "acknowledged" : "snoozed",
        byId: actor.personId,
        byName: actor.name,
        detail: action.type === "snooze" ? `until ${action.until.toISOString()}${action.note ? `: ${action.note}` : ""}` : (action.note ?? null),
      },
    });
    const bindings = await loadBindings(tx);
    await enqueueDeliveries(tx, await updatesForShownMessages(tx, [{ id: nudge.id, version }], { bindings, now }));
    return true;
  });
}

function result(n: NudgeState, changed: boolean): NudgeActionResult {
  return { nudgeId: n.id, changed, status: n.status, actedByName: n.actedByName, actedAt: n.actedAt, snoozedUntil: n.snoozedUntil };
}
