/**
 * Complaints from a helpdesk: opened once per ticket (externalId), and moved along when the ticket
 * arrives again with its first response or resolution.
 */
import { answerComplaintIn, createComplaintIn, resolveComplaintIn, type ComplaintRef } from "../activity/complaints.js";
import type { ComplaintSeverity } from "../domain/complaints.js";
import type { Db, Tx } from "../store/client.js";
import { isUniqueViolation } from "../store/errors.js";
import { feedActor, type ApplyResult, type IngestContext, type Ingester } from "./ingester.js";
import type { IngestComplaint } from "./schemas.js";
import { assertNotBefore, assertNotFuture, resolveMoment } from "./times.js";

export interface PreparedComplaint {
  accountId: string;
  severity: ComplaintSeverity;
  summary: string;
  openedAt: Date;
  externalId: string | null;
  firstResponseAt: Date | null;
  resolvedAt: Date | null;
}

export const complaintIngester: Ingester<IngestComplaint, PreparedComplaint> = {
  async prepare(_db, item, ctx, lookups) {
    const account = await lookups.account(item);
    const at = (value: string | null | undefined) => (value ? resolveMoment(value, account.timeZone, ctx.now) : null);
    const openedAt = at(item.openedAt) ?? ctx.now;
    const firstResponseAt = at(item.firstResponseAt);
    const resolvedAt = at(item.resolvedAt);
    assertNotFuture("A complaint", "openedAt", openedAt, ctx.now);
    if (firstResponseAt) {
      assertNotFuture("A first response", "firstResponseAt", firstResponseAt, ctx.now);
      assertNotBefore("firstResponseAt", firstResponseAt, "openedAt", openedAt);
    }
    if (resolvedAt) {
      assertNotFuture("A resolution", "resolvedAt", resolvedAt, ctx.now);
      assertNotBefore("resolvedAt", resolvedAt, "openedAt", openedAt);
      if (firstResponseAt) assertNotBefore("resolvedAt", resolvedAt, "firstResponseAt", firstResponseAt);
    }
    return {
      accountId: account.id,
      severity: item.severity,
      summary: item.summary,
      openedAt,
      externalId: item.externalId ?? null,
      firstResponseAt,
      resolvedAt,
    };
  },

  async write(db, p, ctx) {
    try {
      return await openAndProgress(db, p, ctx);
    } catch (err) {
      // The same ticket sent twice at once: the other request won the unique index, and now this one finds it.
      if (!p.externalId || !isUniqueViolation(err)) throw err;
      return openAndProgress(db, p, ctx);
    }
  },
};

/**
 * Opening the complaint and recording its response and resolution are one transaction, so a crash
 * in between leaves nothing half-written. What is already recorded is read before it: on SQLite a
 * transaction that reads first cannot wait out another process's write (SQLITE_BUSY).
 */
async function openAndProgress(db: Db, p: PreparedComplaint, ctx: IngestContext): Promise<ApplyResult> {
  const recorded = p.externalId
    ? await db.complaint.findUnique({ where: { externalId: p.externalId }, select: { id: true, accountId: true, summary: true, firstResponseAt: true, resolvedAt: true } })
    : null;
  return db.$transaction(async (tx) => {
    const input = { accountId: p.accountId, severity: p.severity, summary: p.summary, openedAt: p.openedAt, externalId: p.externalId, source: ctx.source };
    const complaint = recorded ?? { id: await createComplaintIn(tx, input), accountId: p.accountId, summary: p.summary, firstResponseAt: null, resolvedAt: null };
    const progressed = p.firstResponseAt || p.resolvedAt ? await progress(tx, complaint, p, ctx) : false;
    const status = !recorded ? "created" : progressed ? "updated" : "duplicate";
    return { status, id: complaint.id, accountId: p.accountId };
  });
}

/** Records what the ticket says happened since; true when anything changed. */
async function progress(tx: Tx, complaint: ComplaintRef, p: PreparedComplaint, ctx: IngestContext): Promise<boolean> {
  let changed = false;
  // Answering is contact with the customer (a touchpoint); only the first answer counts.
  if (p.firstResponseAt && !complaint.firstResponseAt && !complaint.resolvedAt) {
    const answered = await answerComplaintIn(tx, complaint, feedActor(ctx), null, p.firstResponseAt, ctx.source);
    changed ||= !answered.alreadyAnswered;
  }
  if (p.resolvedAt && !complaint.resolvedAt) {
    const resolved = await resolveComplaintIn(tx, complaint, feedActor(ctx), null, p.resolvedAt);
    changed ||= !resolved.alreadyResolved;
  }
  return changed;
}
