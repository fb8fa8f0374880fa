/**
 * The Salesforce records Keepwarm reads from an outbound message: Account, Task and Case, with the
 * fields the outbound message was set up to send (any others are kept and ignored). Every value
 * arrives as text: ids of 15 or 18 characters (kept as their first 15: canonicalSourceId), date-times
 * as 2026-11-25T14:00:00.000Z, dates as 2026-11-25, booleans as true/false, an empty field as
 * xsi:nil (null here) or an empty element.
 */
import { z } from "zod";
import { calendarDate } from "../../activity/accounts.js";
import { canonicalSourceId, isSalesforceId } from "../../domain/sources.js";

export const SOURCE = "salesforce";
export const OBJECTS = ["Account", "Task", "Case"] as const;
export type SalesforceObject = (typeof OBJECTS)[number];

const blankIsNull = (v: unknown) => (v === "" ? null : v);
const optional = <T extends z.ZodType>(schema: T) => z.preprocess(blankIsNull, schema.nullish().transform((v) => v ?? null));

export const salesforceId = z.string().refine(isSalesforceId, "expected a 15- or 18-character Salesforce id").transform((id) => canonicalSourceId(SOURCE, id));
export const instant = z.iso.datetime({ offset: true, error: "expected a date-time (2026-11-25T14:00:00.000Z)" }).transform((v) => new Date(v));
const text = optional(z.string().trim());
const flag = optional(z.enum(["true", "false", "1", "0"], { error: "expected true or false" }).transform((v) => v === "true" || v === "1"));

/** Every record carries its id and when it was last changed: the watermark its fields move by. */
const record = { Id: salesforceId, LastModifiedDate: instant };

export const accountSchema = z.looseObject({ ...record, Name: z.string().trim().min(1, "an Account needs its Name"), Type: text });

export const taskSchema = z.looseObject({
  ...record,
  /** The task's account (Salesforce fills it from WhatId or the contact in WhoId). */
  AccountId: optional(salesforceId),
  WhatId: optional(salesforceId),
  Subject: text,
  Status: text,
  IsClosed: flag,
  Type: text,
  TaskSubtype: text,
  /** A call's direction: Inbound, Outbound or Internal (sent when the outbound message includes it). */
  CallType: text,
  ActivityDate: optional(calendarDate),
  CompletedDateTime: optional(instant),
});

export const caseSchema = z.looseObject({
  ...record,
  AccountId: optional(salesforceId),
  CaseNumber: text,
  Subject: text,
  Priority: text,
  Status: text,
  IsClosed: flag,
  CreatedDate: optional(instant),
  ClosedDate: optional(instant),
});

export type SalesforceAccount = z.output<typeof accountSchema>;
export type SalesforceTask = z.output<typeof taskSchema>;
export type SalesforceCase = z.output<typeof caseSchema>;

/** A notification's record read as its object's; also what a stored notification is read back with. */
export const recordSchema = z.discriminatedUnion("object", [
  z.object({ object: z.literal("Account"), sObject: accountSchema }),
  z.object({ object: z.literal("Task"), sObject: taskSchema }),
  z.object({ object: z.literal("Case"), sObject: caseSchema }),
]);
export type SalesforceRecord = z.output<typeof recordSchema>;

/** What one notification stores in the inbox: its record's fields as Salesforce sent them (text, or null). */
export interface StoredNotification {
  notificationId: string;
  object: SalesforceObject;
  sObject: Record<string, unknown>;
}

/** Account ids begin with the key prefix 001: a task's WhatId names its account when it does. */
const isAccountId = (id: string | null): id is string => !!id && id.startsWith("001");

/** A task's account: its AccountId, else its WhatId when that is an account. */
export const taskAccountId = (task: SalesforceTask): string | null => task.AccountId ?? (isAccountId(task.WhatId) ? task.WhatId : null);

/** The Salesforce account a record is about, when it names one. */
export function accountIdOf(record: SalesforceRecord): string | null {
  if (record.object === "Account") return record.sObject.Id;
  if (record.object === "Case") return record.sObject.AccountId;
  return taskAccountId(record.sObject);
}

export const taskKey = (taskId: string) => `salesforce:task:${taskId}`;
export const caseKey = (caseId: string) => `salesforce:case:${caseId}`;

/** The record in a line a person reads in `keepwarm connectors unmatched`. */
export function summaryOf(record: SalesforceRecord): string {
  const account = accountIdOf(record);
  const on = account ? ` · account ${account}` : " · no account";
  if (record.object === "Account") {
    const a = record.sObject;
    return `account ${a.Id} “${a.Name}”${a.Type ? ` (${a.Type})` : ""}`;
  }
  if (record.object === "Task") {
    const t = record.sObject;
    const state = [t.Type ?? t.TaskSubtype, t.Status].filter(Boolean).join(", ");
    return `task ${t.Id}${t.Subject ? ` “${t.Subject}”` : ""}${state ? ` (${state})` : ""}${on}`;
  }
  const c = record.sObject;
  const state = [c.Priority, c.Status].filter(Boolean).join(", ");
  return `case ${c.CaseNumber ?? c.Id}${c.Subject ? ` “${c.Subject}”` : ""}${state ? ` (${state})` : ""}${on}`;
}

/** A configured map's value for a Salesforce picklist value: exact first, then ignoring case; undefined when it has none. */
export function mapped<V>(map: Record<string, V | null>, value: string | null): V | null | undefined {
  if (!value) return undefined;
  if (Object.hasOwn(map, value)) return map[value];
  const key = Object.keys(map).find((k) => k.toLowerCase() === value.toLowerCase());
  return key === undefined ? undefined : map[key];
}
