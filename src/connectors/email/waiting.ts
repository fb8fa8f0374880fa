/**
 * Mail that waits for an account: what its sender is told (with the accounts it most likely belongs
 * to), and filing it under the account they pick.
 */
import { addDomain } from "../../activity/domains.js";
import { searchAccounts } from "../../activity/searchAccounts.js";
import { AppError } from "../../domain/errors.js";
import { EMAIL_SOURCE } from "../../domain/sources.js";
import type { WaitingEmail } from "../../domain/waitingEmail.js";
import type { Db } from "../../store/client.js";
import { isFreeMail } from "./directory.js";
import { emailPayloadSchema } from "./payload.js";

/** A waiting email, and the person to ask about it. */
export interface UnmatchedEmailNotice extends WaitingEmail {
  personId: string;
}

const CANDIDATES = 3;

/** For each of these events that is waiting mail: its sender, and the accounts named like its domain (acme.com → Acme Corp), or the sender's own. */
export async function unmatchedEmailNotices(db: Db, eventIds: string[]): Promise<UnmatchedEmailNotice[]> {
  const events = await db.inboundEvent.findMany({ where: { id: { in: eventIds }, source: EMAIL_SOURCE, status: "unmatched" }, select: { id: true, accountSourceId: true, payload: true } });
  const notices: UnmatchedEmailNotice[] = [];
  for (const event of events) {
    const mail = emailPayloadSchema.safeParse(event.payload);
    if (!mail.success || !event.accountSourceId) continue;
    const domain = event.accountSourceId;
    const freeMail = isFreeMail(domain);
    const named = freeMail ? [] : await searchAccounts(db, domain.split(".")[0], CANDIDATES);
    const own = named.length >= CANDIDATES ? [] : await db.account.findMany({ where: { ownerId: mail.data.rep.personId, id: { notIn: named.map((a) => a.id) } }, orderBy: { lastCustomerTouchAt: "desc" }, take: CANDIDATES - named.length, select: { id: true, name: true } });
    const { subject, direction, customers, rep } = mail.data;
    notices.push({ personId: rep.personId, eventId: event.id, subject, customer: customers[0].address, direction, domain, freeMail, candidates: [...named, ...own].map((a) => ({ id: a.id, name: a.name })) });
  }
  return notices;
}

export interface FiledEmail {
  subject: string;
  account: { id: string; name: string };
  /** The account was given the message's domain (not a free-mail one, nobody else's). */
  domainAdded: string | null;
}

/** Files a waiting message under an account its sender picked, and gives the account the domain so the next mail finds it. */
export async function fileWaitingEmail(db: Db, eventId: string, accountId: string, actorPersonId: string | null, now: Date): Promise<FiledEmail> {
  const event = await db.inboundEvent.findUnique({ where: { id: eventId }, select: { source: true, status: true, accountSourceId: true, payload: true } });
  const mail = event?.source === EMAIL_SOURCE ? emailPayloadSchema.safeParse(event.payload) : null;
  if (!event || !mail?.success) throw new AppError("not_found", "That email is no longer waiting.");
  if (mail.data.rep.personId !== actorPersonId) throw new AppError("forbidden", `Only ${mail.data.rep.name}, who sent it, can file this email.`);
  const account = await db.account.findUnique({ where: { id: accountId }, select: { id: true, name: true } });
  if (!account) throw new AppError("not_found", "That account no longer exists.");
  if (event.status !== "unmatched") throw new AppError("conflict", `“${mail.data.subject}” is filed already.`);
  await db.inboundEvent.updateMany({ where: { id: eventId, status: "unmatched" }, data: { payload: { ...mail.data, filedTo: account.id }, status: "pending", nextAttemptAt: now } });
  const domain = event.accountSourceId;
  let domainAdded: string | null = null;
  if (domain && !isFreeMail(domain)) {
    try {
      if ((await addDomain(db, account, domain, EMAIL_SOURCE, now)).added) domainAdded = domain;
    } catch (err) {
      if (!(err instanceof AppError && err.code === "conflict")) throw err; // the domain is another account's: this message alone is filed
    }
  }
  return { subject: mail.data.subject, account, domainAdded };
}
