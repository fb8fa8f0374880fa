/** The nudges that are not resolved, as the scan and the planner read them. */
import { rowReader, type Db } from "../store/client.js";
import { inJsonArray, selectOf, selectSql, storedTime, type RowReader } from "../store/rows.js";
import type { ActiveNudge } from "./plan.js";

const ACTIVE_NUDGE_COLUMNS = ["id", "dedupeKey", "rule", "accountId", "severity", "status", "snoozedUntil", "raisedAt", "escalatedAt", "version"] as const;
const activeNudgeColumns = selectOf(ACTIVE_NUDGE_COLUMNS);

export async function loadActiveNudges(db: Db, accountIds: string[]): Promise<ActiveNudge[]> {
  return db.nudge.findMany({
    where: { accountId: { in: accountIds }, status: { not: "resolved" } },
    select: activeNudgeColumns,
  }) as Promise<ActiveNudge[]>;
}

/** The active nudges of the accounts with ids from `firstId` to `lastId`: one index range, whatever the page size. */
export async function loadActiveNudgesOfRange(db: Db, firstId: string, lastId: string): Promise<ActiveNudge[]> {
  return (await readActiveNudgeRows(db, firstId, lastId)).map(activeNudgeOf);
}

// Plain SQL through the driver, like the page's other reads (src/nudges/snapshots.ts); rows stay as
// read until their account is evaluated (the memo hashes them as they are).
export const NUDGE_ACCOUNT_ID = ACTIVE_NUDGE_COLUMNS.indexOf("accountId");
const ACTIVE_NUDGE_ROWS_OF_RANGE = selectSql(ACTIVE_NUDGE_COLUMNS, `FROM "Nudge" WHERE "accountId" >= ? AND "accountId" <= ? AND "status" <> 'resolved'`);

export function readActiveNudgeRows(db: Db, firstId: string, lastId: string): Promise<unknown[][]> {
  return rowReader(db).all(ACTIVE_NUDGE_ROWS_OF_RANGE, [firstId, lastId]);
}

// The same by account id list (one JSON parameter, inJsonArray), for the rescan of chosen accounts.
const activeNudgesOf = (d: RowReader["dialect"]) => selectSql(ACTIVE_NUDGE_COLUMNS, `FROM "Nudge" WHERE "accountId" ${inJsonArray(d)} AND "status" <> 'resolved'`);
const ACTIVE_NUDGES_OF = { sqlite: activeNudgesOf("sqlite"), postgres: activeNudgesOf("postgres") };

/** loadActiveNudges through the driver, for the rescan of chosen accounts. */
export async function readActiveNudgesOf(db: Db, accountIds: readonly string[]): Promise<ActiveNudge[]> {
  const reader = rowReader(db);
  return (await reader.all(ACTIVE_NUDGES_OF[reader.dialect], [JSON.stringify(accountIds)])).map(activeNudgeOf);
}

export function activeNudgeOf(v: unknown[]): ActiveNudge {
  return {
    id: v[0] as number,
    dedupeKey: v[1] as string,
    rule: v[2] as string,
    accountId: v[3] as string,
    severity: v[4] as ActiveNudge["severity"],
    status: v[5] as ActiveNudge["status"],
    snoozedUntil: storedTime(v[6]),
    raisedAt: storedTime(v[7])!,
    escalatedAt: storedTime(v[8]),
    version: v[9] as number,
  };
}
