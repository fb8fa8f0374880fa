/**
 * A completed Salesforce Task (Status Completed, or IsClosed) whose Type, else TaskSubtype, is in
 * connectors.salesforce.taskTypes is a touchpoint on its account: at CompletedDateTime, else its
 * ActivityDate (midday UTC), else when it was last modified (never later than that), noted with its
 * Subject, inbound when its CallType says so (else outbound); once, keyed by the task's id, so a
 * redelivery or a later edit of the task adds nothing. The task's owner is a Salesforce user
 * Keepwarm cannot match to a person yet, so the touchpoint names no one.
 */
import { insertTouchpoint } from "../../activity/touchpoints.js";
import type { TouchpointKind } from "../../domain/touchpoints.js";
import type { ApplyContext, ApplyOutcome } from "../connector.js";
import { linkedAccount } from "./linked.js";
import { mapped, SOURCE, taskAccountId, taskKey, type SalesforceTask } from "./objects.js";

export async function applyTask(task: SalesforceTask, ctx: ApplyContext): Promise<ApplyOutcome> {
  const what = `task ${task.Id}`;
  if (!(task.IsClosed === true || task.Status?.toLowerCase() === "completed")) {
    return { status: "applied", outcome: `${what} is not completed (${task.Status ?? "no status"}): not a touchpoint yet`, accountIds: [] };
  }
  const kind = kindOf(task, ctx.config.salesforce.taskTypes);
  if (!kind) return { status: "applied", outcome: `${what}: type ${task.Type ?? task.TaskSubtype ?? "(none)"} is not a touchpoint (connectors.salesforce.taskTypes)`, accountIds: [] };
  const account = await linkedAccount(ctx, taskAccountId(task), what);
  if ("waits" in account) return account.waits;
  const key = taskKey(task.Id);
  if (await ctx.db.touchpoint.findUnique({ where: { idempotencyKey: key }, select: { id: true } })) return { status: "applied", outcome: `${what} was logged already`, accountIds: [] };
  const occurredAt = whenDone(task);
  const summary = task.Subject?.slice(0, 2000) ?? null;
  const direction = task.CallType?.toLowerCase() === "inbound" ? "inbound" : "outbound";
  await ctx.db.$transaction((tx) => insertTouchpoint(tx, { accountId: account.accountId, kind, direction, occurredAt, summary, source: SOURCE, idempotencyKey: key, by: { personId: null, name: null } }));
  return { status: "applied", outcome: `${kind} logged (${what})`, accountIds: [account.accountId] };
}

/** Its Type's kind; a type the map does not know falls back to the TaskSubtype's (a logged call's subtype is Call); null: not a touchpoint. */
function kindOf(task: SalesforceTask, types: Record<string, TouchpointKind | null>): TouchpointKind | null {
  const byType = mapped(types, task.Type);
  return byType === undefined ? (mapped(types, task.TaskSubtype) ?? null) : byType;
}

function whenDone(task: SalesforceTask): Date {
  const modified = task.LastModifiedDate;
  const done = task.CompletedDateTime ?? (task.ActivityDate ? new Date(`${task.ActivityDate}T12:00:00Z`) : modified);
  return done.getTime() > modified.getTime() ? modified : done;
}
