import type { NudgeSeverity, NudgeStatus } from "../domain/nudges.js";
import type { Stage } from "../domain/stages.js";
import type { FactValue } from "../domain/snapshot.js";
import type { Db } from "../store/client.js";

export interface PersonView {
  id: string;
  name: string;
  slackUserId: string | null;
  teamsUserId: string | null;
}

/** Everything a renderer needs to show a nudge, loaded in one query. */
export interface NudgeView {
  id: number;
  rule: string;
  severity: NudgeSeverity;
  status: NudgeStatus;
  reason: string;
  facts: Record<string, FactValue>;
  raisedAt: Date;
  snoozedUntil: Date | null;
  escalatedAt: Date | null;
  actedByName: string | null;
  actedAt: Date | null;
  actionNote: string | null;
  resolvedAt: Date | null;
  resolution: string | null;
  version: number;
  account: {
    id: string;
    name: string;
    stage: Stage;
    renewalDate: string | null;
    lastCustomerTouchAt: Date | null;
    timeZone: string;
    segment: string | null;
    owner: (PersonView & { manager: PersonView | null }) | null;
  };
}

const person = { id: true, name: true, slackUserId: true, teamsUserId: true } as const;

export async function loadNudgeViews(db: Db, ids: number[]): Promise<NudgeView[]> {
  if (ids.length === 0) return [];
  const rows = await db.nudge.findMany({
    where: { id: { in: ids } },
    select: {
      id: true, rule: true, severity: true, status: true, reason: true, facts: true, raisedAt: true, snoozedUntil: true,
      escalatedAt: true, actedByName: true, actedAt: true, actionNote: true, resolvedAt: true, resolution: true, version: true,
      account: {
        select: {
          id: true, name: true, stage: true, renewalDate: true, lastCustomerTouchAt: true, timeZone: true, segment: true,
          owner: { select: { ...person, manager: { select: person } } },
        },
      },
    },
  });
  const order = new Map(ids.map((id, i) => [id, i]));
  return (rows as unknown as NudgeView[]).sort((a, b) => order.get(a.id)! - order.get(b.id)!);
}
