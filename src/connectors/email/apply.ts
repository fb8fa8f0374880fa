/**
 * Stored messages as email touchpoints on each account their customer side belongs to (by the
 * addresses' domains, parents included: mail.acme.com is Acme's), or on the account a person picked.
 * One touchpoint per message and account, whatever the number of copies received. A pass's messages
 * are applied together: one read of the domains, one of the contacts, one write of the touchpoints.
 */
import { accountsOfDomains } from "../../activity/domains.js";
import { writeTouchpoints, type TouchpointToWrite } from "../../activity/writeTouchpoints.js";
import { EMAIL_SOURCE } from "../../domain/sources.js";
import type { Db } from "../../store/client.js";
import type { ApplyContext, ApplyOutcome, StoredEvent } from "../connector.js";
import { domainOfAddress } from "./directory.js";
import { emailPayloadSchema, type EmailPayload } from "./payload.js";

const emailTouchKey = (messageId: string, accountId: string) => `email:${messageId}:${accountId}`;

type Customer = EmailPayload["customers"][number];

export async function applyEmails(events: StoredEvent[], ctx: ApplyContext): Promise<Map<string, ApplyOutcome>> {
  const mails = events.map((e) => ({ event: e, mail: emailPayloadSchema.parse(e.payload) }));
  const owners = await accountsOfDomains(ctx.db, mails.flatMap(({ mail }) => mail.customers.map((c) => domainOfAddress(c.address))));
  const picked = await existingAccounts(ctx.db, mails.flatMap(({ mail }) => (mail.filedTo ? [mail.filedTo] : [])));
  const targets = mails.map(({ event, mail }) => ({ event, mail, accounts: accountsOf(mail, owners, picked) }));
  const contacts = await contactNames(ctx.db, targets.flatMap((t) => [...t.accounts.keys()]));

  const outcomes = new Map<string, ApplyOutcome>();
  const items: { eventId: string; touch: TouchpointToWrite }[] = [];
  for (const { event, mail, accounts } of targets) {
    if (accounts.size === 0) {
      const domain = event.accountSourceId ?? domainOfAddress(mail.customers[0].address);
      outcomes.set(event.id, { status: "unmatched", outcome: `no account has the domain ${domain}: \`link <account> domain ${domain}\`, or pick one in the message Keepwarm sent ${mail.rep.name}` });
      continue;
    }
    for (const [accountId, customer] of accounts) items.push({ eventId: event.id, touch: touchOf(mail, accountId, contacts.get(`${accountId} ${customer.address}`) ?? customer.name ?? customer.address) });
  }
  const written = items.length ? await writeTouchpoints(ctx.db, items.map((i) => i.touch), EMAIL_SOURCE) : [];
  const said = new Map<string, string[]>();
  written.forEach((w, i) => {
    const { eventId, touch } = items[i];
    said.set(eventId, [...(said.get(eventId) ?? []), w.status === "created" ? `logged an ${touch.direction} email on account ${w.accountId}` : `already logged on account ${w.accountId}`]);
  });
  for (const { event, accounts } of targets) {
    if (accounts.size) outcomes.set(event.id, { status: "applied", outcome: said.get(event.id)!.join("; "), accountIds: [...accounts.keys()] });
  }
  return outcomes;
}

/** One message alone: the same path as a pass's. */
export async function applyEmail(event: StoredEvent, ctx: ApplyContext): Promise<ApplyOutcome> {
  return (await applyEmails([event], ctx)).get(event.id)!;
}

/** The accounts a message is about, each with the first customer address that found it. */
function accountsOf(mail: EmailPayload, owners: Map<string, string | null>, picked: Set<string>): Map<string, Customer> {
  if (mail.filedTo && picked.has(mail.filedTo)) return new Map([[mail.filedTo, mail.customers[0]]]);
  const found = new Map<string, Customer>();
  for (const customer of mail.customers) {
    const accountId = owners.get(domainOfAddress(customer.address));
    if (accountId && !found.has(accountId)) found.set(accountId, customer);
  }
  return found;
}

async function existingAccounts(db: Db, ids: string[]): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  return new Set((await db.account.findMany({ where: { id: { in: ids } }, select: { id: true } })).map((a) => a.id));
}

/** The accounts' contacts by "<account id> <lower-case address>". */
async function contactNames(db: Db, accountIds: string[]): Promise<Map<string, string>> {
  if (accountIds.length === 0) return new Map();
  const contacts = await db.contact.findMany({ where: { accountId: { in: [...new Set(accountIds)] }, email: { not: null } }, select: { accountId: true, name: true, email: true } });
  return new Map(contacts.map((c) => [`${c.accountId} ${c.email!.trim().toLowerCase()}`, c.name]));
}

function touchOf(mail: EmailPayload, accountId: string, contactName: string): TouchpointToWrite {
  return {
    accountId,
    kind: "email",
    direction: mail.direction,
    occurredAt: new Date(mail.occurredAt),
    summary: mail.subject || "(no subject)",
    contactName,
    by: { personId: mail.rep.personId, name: mail.rep.name },
    idempotencyKey: emailTouchKey(mail.messageId, accountId),
  };
}
