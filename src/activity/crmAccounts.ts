/**
 * Accounts a CRM's feed brings (a Salesforce account, a HubSpot company): the CRM's record is the
 * account, so one Keepwarm has not seen yet is linked to an unlinked account of the same name (one
 * imported before the connector), else created; and later changes of its fields are written here.
 */
import type { LinkSource } from "../domain/sources.js";
import type { Stage } from "../domain/stages.js";
import type { Tx } from "../store/client.js";
import { linkAccount } from "./links.js";
import { nameKey } from "./names.js";

export interface CrmAccountInput {
  source: LinkSource;
  sourceId: string;
  name: string;
  /** A new account's first stage, recorded in its history as set by `byName` at `at`. */
  stage: Stage;
  at: Date;
  timeZone: string;
  byName: string;
}

/** The account for a CRM record no account is linked to yet, linked to it; created when no unlinked account has its name. */
export async function findOrCreateLinkedAccountIn(tx: Tx, input: CrmAccountInput, now: Date): Promise<{ id: string; name: string; created: boolean }> {
  const key = nameKey(input.name);
  const existing = await tx.account.findFirst({ where: { nameKey: key, links: { none: { source: input.source } } }, orderBy: { createdAt: "asc" }, select: { id: true, name: true } });
  const account = existing
    ? { ...existing, created: false }
    : {
        ...(await tx.account.create({
          data: {
            name: input.name, nameKey: key, stage: input.stage, stageSince: input.at, timeZone: input.timeZone, createdAt: now,
            stageChanges: { create: { fromStage: null, toStage: input.stage, at: input.at, kind: "initial", byName: input.byName } },
          },
          select: { id: true, name: true },
        })),
        created: true,
      };
  await linkAccount(tx, account.id, input.source, input.sourceId, now);
  return account;
}

export interface CrmAccountFields {
  name?: string;
  annualValue?: number | null;
  renewalDate?: string | null;
}

/** Writes the fields given that differ from the account's; returns what changed, in words ("renamed to …"). */
export async function updateCrmAccountIn(tx: Tx, accountId: string, fields: CrmAccountFields): Promise<string[]> {
  const current = await tx.account.findUniqueOrThrow({ where: { id: accountId }, select: { name: true, annualValue: true, renewalDate: true } });
  const changes: string[] = [];
  const data: { name?: string; nameKey?: string; annualValue?: number | null; renewalDate?: string | null } = {};
  if (fields.name !== undefined && fields.name !== current.name) {
    Object.assign(data, { name: fields.name, nameKey: nameKey(fields.name) });
    changes.push(`renamed to ${fields.name}`);
  }
  if (fields.annualValue !== undefined && fields.annualValue !== current.annualValue) {
    data.annualValue = fields.annualValue;
    changes.push(fields.annualValue === null ? "annual value cleared" : `annual value ${fields.annualValue}`);
  }
  if (fields.renewalDate !== undefined && fields.renewalDate !== current.renewalDate) {
    data.renewalDate = fields.renewalDate;
    changes.push(fields.renewalDate ? `renewal ${fields.renewalDate}` : "renewal date cleared");
  }
  if (changes.length) await tx.account.update({ where: { id: accountId }, data });
  return changes;
}
