import type { ComplaintSeverity } from "../domain/complaints.js";
import { AppError } from "../domain/errors.js";
import type { Actor } from "../domain/people.js";
import type { Db, Tx } from "../store/client.js";
import { insertTouchpoint } from "./touchpoints.js";

export interface ComplaintInput {
  accountId: string;
  severity: ComplaintSeverity;
  summary: string;
  openedAt: Date;
  source: string;
  externalId?: string | null;
  openedById?: string | null;
}

export async function openComplaint(db: Db, input: ComplaintInput): Promise<{ id: number; duplicate: boolean }> {
  if (input.externalId) {
    const existing = await db.complaint.findUnique({ where: { externalId: input.externalId }, select: { id: true } });
    if (existing) return { id: existing.id, duplicate: true };
  }
  return { id: await db.$transaction((tx) => createComplaintIn(tx, input)), duplicate: false };
}

/**
 * Writes a new complaint inside the caller's transaction; returns its id. Callers look for an
 * existing one (externalId) before the transaction: on SQLite, a transaction that reads before it
 * writes cannot wait out another process's write, and fails with SQLITE_BUSY instead.
 */
export async function createComplaintIn(tx: Tx, input: ComplaintInput): Promise<number> {
  const created = await tx.complaint.create({
    data: {
      accountId: input.accountId,
      severity: input.severity,
      summary: input.summary,
      openedAt: input.openedAt,
      source: input.source,
      externalId: input.externalId ?? null,
      openedById: input.openedById ?? null,
    },
    select: { id: true },
  });
  await tx.account.updateMany({
    where: { id: input.accountId, OR: [{ lastComplaintAt: null }, { lastComplaintAt: { lt: input.openedAt } }] },
    data: { lastComplaintAt: input.openedAt },
  });
  return created.id;
}

export interface ComplaintRef {
  id: number;
  accountId: string;
  summary: string;
  firstResponseAt: Date | null;
  resolvedAt: Date | null;
}

/**
 * The first response to a complaint. It is contact with the customer, so it is also recorded as a
 * touchpoint. Answering twice keeps the first answer's time (the deadline was met or missed then).
 */
export function answerComplaint(db: Db, complaint: ComplaintRef, actor: Actor, note: string | null, at: Date, source: string): Promise<{ alreadyAnswered: boolean }> {
  if (complaint.resolvedAt) return Promise.reject(new AppError("conflict", `Complaint #${complaint.id} is already resolved.`));
  return db.$transaction((tx) => answerComplaintIn(tx, complaint, actor, note, at, source));
}

/**
 * answerComplaint inside the caller's transaction. A feed that may deliver the same answer twice
 * passes the touchpoint's idempotency key (the helpdesk's comment id), and checks it first.
 */
export async function answerComplaintIn(
  tx: Tx,
  complaint: ComplaintRef,
  actor: Actor,
  note: string | null,
  at: Date,
  source: string,
  idempotencyKey: string | null = null,
): Promise<{ alreadyAnswered: boolean }> {
  const updated = await tx.complaint.updateMany({
    where: { id: complaint.id, firstResponseAt: null },
    data: { firstResponseAt: at, firstResponseById: actor.personId, firstResponseNote: note },
  });
  // A further answer is still contact with the customer, so it is logged either way.
  await insertTouchpoint(tx, {
    accountId: complaint.accountId,
    kind: "message",
    occurredAt: at,
    summary: `Answered complaint #${complaint.id}${note ? `: ${note}` : ""}`,
    source,
    idempotencyKey,
    by: { personId: actor.personId, name: actor.name },
  });
  return { alreadyAnswered: updated.count === 0 };
}

export function resolveComplaint(
  db: Db,
  complaint: ComplaintRef,
  actor: Actor,
  resolution: string | null,
  at: Date,
): Promise<{ alreadyResolved: boolean }> {
  return db.$transaction((tx) => resolveComplaintIn(tx, complaint, actor, resolution, at));
}

/** resolveComplaint inside the caller's transaction. */
export async function resolveComplaintIn(
  tx: Tx,
  complaint: ComplaintRef,
  actor: Actor,
  resolution: string | null,
  at: Date,
): Promise<{ alreadyResolved: boolean }> {
  const updated = await tx.complaint.updateMany({
    where: { id: complaint.id, resolvedAt: null },
    data: { resolvedAt: at, resolvedById: actor.personId, resolution },
  });
  // Resolving implies someone responded; keep the first-response time if there was one.
  await tx.complaint.updateMany({
    where: { id: complaint.id, firstResponseAt: null },
    data: { firstResponseAt: at, firstResponseById: actor.personId },
  });
  return { alreadyResolved: updated.count === 0 };
}

/** A resolved complaint open again (the helpdesk reopened the ticket): its response clock is as it was. */
export async function reopenComplaintIn(tx: Tx, complaintId: number): Promise<boolean> {
  const { count } = await tx.complaint.updateMany({ where: { id: complaintId, resolvedAt: { not: null } }, data: { resolvedAt: null, resolvedById: null, resolution: null } });
  return count === 1;
}

/** A new severity (the helpdesk changed the ticket's priority): the response deadline follows it. */
export async function setComplaintSeverityIn(tx: Tx, complaintId: number, severity: ComplaintSeverity): Promise<boolean> {
  const { count } = await tx.complaint.updateMany({ where: { id: complaintId, severity: { not: severity } }, data: { severity } });
  return count === 1;
}
