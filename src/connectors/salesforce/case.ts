/**
 * A Salesforce Case as a complaint on its account. Every notification brings the complaint up to the
 * case as it stood then: opened if Keepwarm has not seen the case yet (at its CreatedDate), its
 * severity follows the Priority (connectors.salesforce.casePriority), closed (IsClosed, or Status
 * Closed) resolves it at its ClosedDate and open again reopens it, and the date-time in
 * connectors.salesforce.caseFirstResponseField, when configured, is its first response. Priority and
 * status move only forward in Salesforce's time (watermarks), so an older notification arriving late
 * reopens nothing and restores no older priority.
 */
import { answerComplaintIn, createComplaintIn, reopenComplaintIn, resolveComplaintIn, setComplaintSeverityIn, type ComplaintRef } from "../../activity/complaints.js";
import type { Tx } from "../../store/client.js";
import type { ApplyContext, ApplyOutcome } from "../connector.js";
import { advanceWatermark } from "../watermarks.js";
import { linkedAccount, SALESFORCE } from "./linked.js";
import { caseKey, instant, mapped, SOURCE, type SalesforceCase } from "./objects.js";

const COMPLAINT = { id: true, accountId: true, summary: true, firstResponseAt: true, resolvedAt: true } as const;

export async function applyCase(record: SalesforceCase, ctx: ApplyContext): Promise<ApplyOutcome> {
  const account = await linkedAccount(ctx, record.AccountId, `case ${record.CaseNumber ?? record.Id}`);
  if ("waits" in account) return account.waits;
  // Read before the transaction (SQLite cannot wait out another writer once a transaction has read).
  const existing = await ctx.db.complaint.findUnique({ where: { externalId: caseKey(record.Id) }, select: COMPLAINT });
  const changes = await ctx.db.$transaction((tx) => bringUpToDate(tx, account.accountId, existing, record, ctx));
  return { status: "applied", outcome: changes.length ? changes.join("; ") : "nothing new for this case", accountIds: [account.accountId] };
}

async function bringUpToDate(tx: Tx, accountId: string, existing: ComplaintRef | null, record: SalesforceCase, ctx: ApplyContext): Promise<string[]> {
  const at = record.LastModifiedDate;
  const objectKey = `case:${record.Id}`;
  const severity = mapped(ctx.config.salesforce.casePriority, record.Priority) ?? null;
  const changes: string[] = [];
  let complaint = existing;
  if (!complaint) {
    const summary = (record.Subject || `Salesforce case ${record.CaseNumber ?? record.Id}`).slice(0, 2000);
    const id = await createComplaintIn(tx, { accountId, severity: severity ?? "medium", summary, openedAt: record.CreatedDate ?? at, source: SOURCE, externalId: caseKey(record.Id) });
    complaint = { id, accountId, summary, firstResponseAt: null, resolvedAt: null };
    changes.push(`opened complaint #${id} for case ${record.CaseNumber ?? record.Id}`);
  }
  if (severity && (await advanceWatermark(tx, SOURCE, objectKey, "priority", at)) && (await setComplaintSeverityIn(tx, complaint.id, severity))) {
    changes.push(`severity ${severity} (priority ${record.Priority})`);
  }
  // The first response before the status: resolving an unanswered complaint would take the close as its answer.
  changes.push(await firstResponse(tx, complaint, record, ctx));
  const closed = record.IsClosed ?? (record.Status ? record.Status.toLowerCase() === "closed" : null);
  if (closed !== null && (await advanceWatermark(tx, SOURCE, objectKey, "status", at))) {
    if (closed && !(await resolveComplaintIn(tx, complaint, SALESFORCE, `${record.Status ?? "Closed"} in Salesforce`, record.ClosedDate ?? at)).alreadyResolved) changes.push(`resolved (${record.Status ?? "closed"})`);
    if (!closed && (await reopenComplaintIn(tx, complaint.id))) changes.push(`reopened (${record.Status ?? "open"})`);
  }
  return changes.filter(Boolean);
}

/** The configured first-response field's date-time: the complaint's first response (and contact with the customer), once. */
async function firstResponse(tx: Tx, complaint: ComplaintRef, record: SalesforceCase, ctx: ApplyContext): Promise<string> {
  const field = ctx.config.salesforce.caseFirstResponseField;
  const value = field ? record[field] : null;
  if (typeof value !== "string" || !value) return "";
  const answered = instant.safeParse(value);
  if (!answered.success) return `${field} “${value}” is not a date-time: no first response taken from it`;
  const key = `${caseKey(record.Id)}:first-response`;
  if (await tx.touchpoint.findUnique({ where: { idempotencyKey: key }, select: { id: true } })) return "";
  const { alreadyAnswered } = await answerComplaintIn(tx, complaint, SALESFORCE, null, answered.data, SOURCE, key);
  return alreadyAnswered ? "" : `first response at ${answered.data.toISOString()}`;
}
