import { AppError } from "../domain/errors.js";
import { defaultDirection, directionProblem, isCustomerFacing, type TouchpointDirection, type TouchpointKind } from "../domain/touchpoints.js";
import type { Db, Tx } from "../store/client.js";
import { ensureNamedContactsIn } from "./namedContacts.js";
import { refreshTouchAggregatesOf } from "./touchAggregates.js";
import { isInTheFuture } from "../domain/clock.js";

export interface TouchpointInput {
  accountId: string;
  kind: TouchpointKind;
  /** Who reached out; by default from the kind (defaultDirection). */
  direction?: TouchpointDirection;
  occurredAt: Date;
  summary?: string | null;
  contactName?: string | null;
  source: string;
  /** A retried import or webhook with the same key is recorded once. */
  idempotencyKey?: string | null;
  by: { personId: string | null; name: string | null };
}

export interface LoggedTouchpoint {
  id: string;
  duplicate: boolean;
  countsAsContact: boolean;
}

/** Records a touchpoint and keeps the account's touch columns and named contact in step, in one transaction. */
export async function logTouchpoint(db: Db, input: TouchpointInput, now: Date): Promise<LoggedTouchpoint> {
  if (isInTheFuture(input.occurredAt, now)) {
    throw new AppError("invalid_argument", "A touchpoint cannot be in the future.", ["Use --on with today or an earlier date."]);
  }
  const problem = input.direction ? directionProblem(input.kind, input.direction) : null;
  if (problem) throw new AppError("invalid_argument", `Not logged: ${problem}.`);
  if (input.idempotencyKey) {
    const existing = await db.touchpoint.findUnique({ where: { idempotencyKey: input.idempotencyKey }, select: { id: true, kind: true } });
    if (existing) return { id: existing.id, duplicate: true, countsAsContact: isCustomerFacing(existing.kind) };
  }
  return db.$transaction((tx) => insertTouchpoint(tx, input));
}

export async function insertTouchpoint(tx: Tx, input: TouchpointInput): Promise<LoggedTouchpoint> {
  const created = await tx.touchpoint.create({
    data: {
      accountId: input.accountId,
      kind: input.kind,
      direction: input.direction ?? defaultDirection(input.kind),
      occurredAt: input.occurredAt,
      summary: input.summary ?? null,
      contactName: input.contactName ?? null,
      source: input.source,
      idempotencyKey: input.idempotencyKey ?? null,
      byPersonId: input.by.personId,
      byName: input.by.name,
    },
    select: { id: true },
  });
  const countsAsContact = isCustomerFacing(input.kind);
  if (countsAsContact) {
    // Conditional update: a backdated touch never moves the clock backwards.
    await tx.account.updateMany({
      where: { id: input.accountId, OR: [{ lastCustomerTouchAt: null }, { lastCustomerTouchAt: { lt: input.occurredAt } }] },
      data: { lastCustomerTouchAt: input.occurredAt },
    });
    await refreshTouchAggregatesOf(tx, input.accountId);
    await ensureNamedContactsIn(tx, [{ accountId: input.accountId, name: input.contactName ?? null }], input.source);
  }
  return { id: created.id, duplicate: false, countsAsContact };
}
