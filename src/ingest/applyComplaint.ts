/**
 * Complaints from a helpdesk: opened once per ticket (externalId), and moved along when the ticket
 * arrives again with its first response or resolution.
 */
import { answerComplaint, openComplaint, resolveComplaint } from "../activity/complaints.js";
import type { ComplaintSeverity } from "../domain/complaints.js";
import type { Db } from "../store/client.js";
import { applyItem, feedActor, isUniqueViolation, type ApplyResult, type IngestContext, type Ingester, type Lookups } from "./apply.js";
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
    const opened = await open(db, p, ctx);
    const progressed = p.firstResponseAt || p.resolvedAt ? await progress(db, opened.id, p, ctx) : false;
    const status = !opened.duplicate ? "created" : progressed ? "updated" : "duplicate";
    return { status, id: opened.id, accountId: p.accountId };
  },
};

async function open(db: Db, p: PreparedComplaint, ctx: IngestContext): Promise<{ id: number; duplicate: boolean }> {
  const input = { accountId: p.accountId, severity: p.severity, summary: p.summary, openedAt: p.openedAt, externalId: p.externalId, source: ctx.source };
  try {
    return await openComplaint(db, input);
  } catch (err) {
    // The same ticket sent twice at once: the other request won the unique index.
    if (!p.externalId || !isUniqueViolation(err)) throw err;
    const existing = await db.complaint.findUnique({ where: { externalId: p.externalId }, select: { id: true } });
    if (!existing) throw err;
    return { id: existing.id, duplicate: true };
  }
}

/** Records what the ticket says happened since; true when anything changed. */
async function progress(db: Db, id: number, p: PreparedComplaint, ctx: IngestContext): Promise<boolean> {
  const complaint = await db.complaint.findUnique({
    where: { id },
    select: { id: true, accountId: true, summary: true, firstResponseAt: true, resolvedAt: true },
  });
  if (!complaint) return false;
  let changed = false;
  // Answering is contact with the customer (a touchpoint); only the first answer counts.
  if (p.firstResponseAt && !complaint.firstResponseAt && !complaint.resolvedAt) {
    const answered = await answerComplaint(db, complaint, feedActor(ctx), null, p.firstResponseAt, ctx.source);
    changed ||= !answered.alreadyAnswered;
  }
  if (p.resolvedAt && !complaint.resolvedAt) {
    const resolved = await resolveComplaint(db, complaint, feedActor(ctx), null, p.resolvedAt);
    changed ||= !resolved.alreadyResolved;
  }
  return changed;
}

export const applyComplaint = (db: Db, item: IngestComplaint, ctx: IngestContext, lookups?: Lookups): Promise<ApplyResult> =>
  applyItem(complaintIngester, db, item, ctx, lookups);
