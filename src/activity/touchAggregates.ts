/**
 * What the rules read of an account's touchpoints besides its last customer touch, kept on the
 * account row so the scan needs no aggregate query: the latest inbound and outbound touch, our
 * outbound touches since their latest inbound one (how many, since when), the contact of the latest
 * touch that named one and the latest touch with anybody else.
 *
 * Recomputed from the touchpoints (not moved forward) in the transaction of every touchpoint write,
 * so a backdated or out-of-order touch leaves the same columns as the touches in order would. One
 * statement for any number of accounts; its subqueries read the (accountId, occurredAt) index.
 */
import type { Tx } from "../store/client.js";
import type { PlainTx } from "../store/plainTransaction.js";
import { rawStatement } from "../store/prismaValues.js";
import { inJsonArray } from "../store/rows.js";

const OF_ACCOUNT = `t."accountId" = "Account"."id"`;
const CUSTOMER_FACING = `t."direction" <> 'internal'`;
const UNANSWERED = `${OF_ACCOUNT} AND t."direction" = 'outbound' AND NOT EXISTS (
  SELECT 1 FROM "Touchpoint" i WHERE i."accountId" = t."accountId" AND i."direction" = 'inbound' AND i."occurredAt" >= t."occurredAt")`;
const MAIN_CONTACT = `(SELECT m."contactName" FROM "Touchpoint" m WHERE m."accountId" = "Account"."id" AND m."direction" <> 'internal'
  AND m."contactName" IS NOT NULL ORDER BY m."occurredAt" DESC, m."id" DESC LIMIT 1)`;

/** The SET clause: no parameters, every value correlated to the row it updates. */
export const SET_TOUCH_AGGREGATES = `
  "lastInboundAt" = (SELECT MAX(t."occurredAt") FROM "Touchpoint" t WHERE ${OF_ACCOUNT} AND t."direction" = 'inbound'),
  "lastOutboundAt" = (SELECT MAX(t."occurredAt") FROM "Touchpoint" t WHERE ${OF_ACCOUNT} AND t."direction" = 'outbound'),
  "unansweredOutbound" = (SELECT COUNT(*) FROM "Touchpoint" t WHERE ${UNANSWERED}),
  "unansweredSince" = (SELECT MIN(t."occurredAt") FROM "Touchpoint" t WHERE ${UNANSWERED}),
  "mainContact" = ${MAIN_CONTACT},
  "otherContactAt" = (SELECT MAX(t."occurredAt") FROM "Touchpoint" t WHERE ${OF_ACCOUNT} AND ${CUSTOMER_FACING}
    AND t."contactName" IS NOT NULL AND lower(t."contactName") <> lower(${MAIN_CONTACT}))`;

/** In a plain transaction (many accounts at once). */
export async function refreshTouchAggregates(tx: PlainTx, accountIds: readonly string[]): Promise<void> {
  if (accountIds.length === 0) return;
  await tx.execute(`UPDATE "Account" SET ${SET_TOUCH_AGGREGATES} WHERE "id" ${inJsonArray(tx.dialect)}`, [JSON.stringify([...new Set(accountIds)])]);
}

/** In a Prisma transaction (one touch); Prisma numbers the placeholder for either database. */
export async function refreshTouchAggregatesOf(tx: Tx, accountId: string): Promise<void> {
  await tx.$executeRaw(rawStatement(`UPDATE "Account" SET ${SET_TOUCH_AGGREGATES} WHERE "id" = ?`, accountId));
}
