/**
 * A stored Salesforce notification applied to Keepwarm. Each one carries its record as it stood at its
 * LastModifiedDate, and every field moves only forward in that time (watermarks per record and
 * field), so a notification delivered late, or again, changes nothing:
 *   an Account → its Keepwarm account (account.ts), a completed Task → a touchpoint (task.ts), a Case
 *   → a complaint (case.ts), each on the account linked to the record's Salesforce account.
 */
import type { ApplyContext, ApplyOutcome, StoredEvent } from "../connector.js";
import { applyAccount } from "./account.js";
import { applyCase } from "./case.js";
import { recordSchema } from "./objects.js";
import { applyTask } from "./task.js";

export function applySalesforceEvent(stored: StoredEvent, ctx: ApplyContext): Promise<ApplyOutcome> {
  const record = recordSchema.parse(stored.payload);
  if (record.object === "Account") return applyAccount(record.sObject, ctx);
  if (record.object === "Task") return applyTask(record.sObject, ctx);
  return applyCase(record.sObject, ctx);
}
