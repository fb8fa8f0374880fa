/**
 * A Salesforce Account is the customer's account record. One Keepwarm has not seen yet is linked to
 * an unlinked account of the same name (imported before the connector) or else created, in the first
 * stage its Type maps to (connectors.salesforce.accountTypes; a type mapped to null, such as a
 * partner, is not tracked). From then on its name, annual value (valueField) and renewal date
 * (renewalDateField) follow Salesforce, each only forward in Salesforce's time. Its stage stays with
 * people, who say why they move it.
 */
import { calendarDate } from "../../activity/accounts.js";
import { findOrCreateLinkedAccountIn, updateCrmAccountIn, type CrmAccountFields } from "../../activity/crmAccounts.js";
import { accountOfSourceId } from "../../activity/links.js";
import { retryOnWriteRace } from "../../store/errors.js";
import type { ApplyContext, ApplyOutcome } from "../connector.js";
import { advanceWatermark } from "../watermarks.js";
import { SALESFORCE } from "./linked.js";
import { mapped, SOURCE, type SalesforceAccount } from "./objects.js";

export async function applyAccount(account: SalesforceAccount, ctx: ApplyContext): Promise<ApplyOutcome> {
  const stage = mapped(ctx.config.salesforce.accountTypes, account.Type);
  const { fields, notes } = fieldsOf(account, ctx);
  const at = account.LastModifiedDate;
  // Another replica may create and link the same account meanwhile: look again, then it is linked.
  return retryOnWriteRace<ApplyOutcome>(async () => {
    let accountId = await accountOfSourceId(ctx.db, SOURCE, account.Id);
    if (!accountId && stage === null) {
      return { status: "applied", outcome: `account ${account.Id} is not tracked: its Type ${account.Type} maps to no stage (connectors.salesforce.accountTypes)`, accountIds: [] };
    }
    const changes = await ctx.db.$transaction(async (tx) => {
      const done: string[] = [];
      if (!accountId) {
        const input = { source: SOURCE, sourceId: account.Id, name: account.Name, stage: stage ?? "awareness", at, timeZone: ctx.defaultTimeZone, byName: SALESFORCE.name } as const;
        const found = await findOrCreateLinkedAccountIn(tx, input, ctx.now);
        accountId = found.id;
        done.push(found.created ? `created account ${found.name} (${input.stage})` : `linked ${found.name}`);
      }
      const fresh: CrmAccountFields = {};
      for (const field of Object.keys(fields) as (keyof CrmAccountFields)[]) {
        if (await advanceWatermark(tx, SOURCE, `account:${account.Id}`, field, at)) Object.assign(fresh, { [field]: fields[field] });
      }
      return [...done, ...(await updateCrmAccountIn(tx, accountId, fresh))];
    });
    changes.push(...notes);
    return { status: "applied", outcome: changes.length ? changes.join("; ") : "nothing new for this account", accountIds: [accountId!] };
  });
}

/** The account's fields this notification sends, read as Keepwarm's; a value that cannot be read is noted and left alone. */
function fieldsOf(account: SalesforceAccount, ctx: ApplyContext): { fields: CrmAccountFields; notes: string[] } {
  const { valueField, renewalDateField } = ctx.config.salesforce;
  const fields: CrmAccountFields = { name: account.Name };
  const notes: string[] = [];
  const sent = (field: string | null): field is string => field !== null && Object.hasOwn(account, field);
  const textOf = (field: string) => (typeof account[field] === "string" ? (account[field] as string).trim() : "");
  if (sent(valueField)) {
    const value = Number(textOf(valueField));
    if (!textOf(valueField)) fields.annualValue = null;
    else if (Number.isFinite(value) && value >= 0) fields.annualValue = value;
    else notes.push(`${valueField} “${textOf(valueField)}” is not an amount: annual value left as it was`);
  }
  if (sent(renewalDateField)) {
    const date = calendarDate.safeParse(textOf(renewalDateField).slice(0, 10));
    if (!textOf(renewalDateField)) fields.renewalDate = null;
    else if (date.success) fields.renewalDate = date.data;
    else notes.push(`${renewalDateField} “${textOf(renewalDateField)}” is not a date: renewal date left as it was`);
  }
  return { fields, notes };
}
