/**
 * A Zendesk ticket as a complaint on the account linked to its organization. Every event carries the
 * ticket as it stood then, so each one brings the complaint up to that state: it is opened if Keepwarm
 * has not seen the ticket yet (whichever event comes first), its severity follows the priority, and
 * solved or closed resolves it (reopened when the ticket is). A staff member's first public comment is
 * the first response. Priority and status move only forward in Zendesk's time (watermarks), so an
 * event delivered late changes nothing.
 */
import { answerComplaintIn, createComplaintIn, reopenComplaintIn, resolveComplaintIn, setComplaintSeverityIn, type ComplaintRef } from "../../activity/complaints.js";
import { accountOfSourceId } from "../../activity/links.js";
import type { ComplaintSeverity } from "../../domain/complaints.js";
import type { Actor } from "../../domain/people.js";
import type { Tx } from "../../store/client.js";
import type { ApplyContext, ApplyOutcome, StoredEvent } from "../connector.js";
import { advanceWatermark } from "../watermarks.js";
import { commentSchema, handledType, zendeskEventSchema, type ZendeskEvent } from "./events.js";

const SOURCE = "zendesk";
const RESOLVED = new Set(["solved", "closed", "deleted", "archived", "scrubbed"]);
const OPEN = new Set(["new", "open", "pending", "hold"]);
const PRIORITIES = ["low", "normal", "high", "urgent"] as const;

export const complaintKey = (ticketId: string) => `zendesk:ticket:${ticketId}`;

export async function applyZendeskEvent(stored: StoredEvent, ctx: ApplyContext): Promise<ApplyOutcome> {
  const event = zendeskEventSchema.parse(stored.payload);
  const organization = event.detail.organization_id;
  if (!organization) return { status: "unmatched", outcome: "the ticket has no organization in Zendesk, so no account can be found for it" };
  const accountId = await accountOfSourceId(ctx.db, SOURCE, organization);
  if (!accountId) return { status: "unmatched", outcome: `no account is linked to Zendesk organization ${organization}: \`link <account> zendesk ${organization}\`` };
  // Read before the transaction (SQLite cannot wait out another writer once a transaction has read).
  const existing = await ctx.db.complaint.findUnique({ where: { externalId: complaintKey(event.detail.id) }, select: COMPLAINT });
  const changes = await ctx.db.$transaction((tx) => bringUpToDate(tx, accountId, existing, event, ctx));
  return { status: "applied", outcome: changes.length ? changes.join("; ") : "nothing new for this ticket", accountIds: [accountId] };
}

const COMPLAINT = { id: true, accountId: true, summary: true, firstResponseAt: true, resolvedAt: true } as const;

async function bringUpToDate(tx: Tx, accountId: string, existing: ComplaintRef | null, event: ZendeskEvent, ctx: ApplyContext): Promise<string[]> {
  const at = new Date(event.time);
  const ticket = event.detail;
  const objectKey = `ticket:${ticket.id}`;
  const changes: string[] = [];
  let complaint = existing;
  if (!complaint) {
    const summary = (ticket.subject?.trim() || `Zendesk ticket #${ticket.id}`).slice(0, 2000);
    const id = await createComplaintIn(tx, { accountId, severity: severityOf(ticket.priority, ctx) ?? "medium", summary, openedAt: ticket.created_at ? new Date(ticket.created_at) : at, source: SOURCE, externalId: complaintKey(ticket.id) });
    complaint = { id, accountId, summary, firstResponseAt: null, resolvedAt: null };
    changes.push(`opened complaint #${id} for ticket #${ticket.id}`);
  }
  const type = handledType(event.type);
  const priority = type === "ticket.priority_changed" ? lower(event.event.current) ?? ticket.priority : ticket.priority;
  const status = type === "ticket.status_changed" ? lower(event.event.current) ?? ticket.status : ticket.status;
  const severity = severityOf(priority, ctx);
  if (severity && (await advanceWatermark(tx, SOURCE, objectKey, "priority", at)) && (await setComplaintSeverityIn(tx, complaint.id, severity))) {
    changes.push(`severity ${severity} (priority ${priority})`);
  }
  if (status && (await advanceWatermark(tx, SOURCE, objectKey, "status", at))) {
    if (RESOLVED.has(status) && !(await resolveComplaintIn(tx, complaint, feedActor(), `${status} in Zendesk`, at)).alreadyResolved) changes.push(`resolved (${status})`);
    if (OPEN.has(status) && (await reopenComplaintIn(tx, complaint.id))) changes.push(`reopened (${status})`);
  }
  if (type === "ticket.comment_added") changes.push(await firstResponse(tx, complaint, event, at));
  return changes.filter(Boolean);
}

/** A staff member's public comment answers the customer (and is contact); anything else is not a response. */
async function firstResponse(tx: Tx, complaint: ComplaintRef, event: ZendeskEvent, at: Date): Promise<string> {
  const { comment } = commentSchema.parse(event.event);
  if (!comment.is_public || !comment.author.is_staff) return "";
  const key = `zendesk:comment:${comment.id}`;
  if (await tx.touchpoint.findUnique({ where: { idempotencyKey: key }, select: { id: true } })) return "";
  const author: Actor = { personId: null, name: comment.author.name?.trim() || "Zendesk agent", role: "admin", platform: "console" };
  const { alreadyAnswered } = await answerComplaintIn(tx, complaint, author, null, at, SOURCE, key);
  return alreadyAnswered ? `a further staff reply by ${author.name}` : `first response by ${author.name}`;
}

function severityOf(priority: string | null, ctx: ApplyContext): ComplaintSeverity | null {
  return priority && (PRIORITIES as readonly string[]).includes(priority) ? ctx.config.zendesk.severity[priority as (typeof PRIORITIES)[number]] : null;
}

function lower(value: unknown): string | null {
  return typeof value === "string" && value ? value.toLowerCase() : null;
}

function feedActor(): Actor {
  return { personId: null, name: "Zendesk", role: "admin", platform: "console" };
}
