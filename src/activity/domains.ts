/**
 * An account's domains (acme.com, acme.co.uk): how an email's customer side, or a CRM's company
 * domain, finds its account. A domain belongs to one account; one given twice is a conflict naming
 * the account that has it. Domains are stored as typed in a browser's address bar would reduce them
 * to: lower-case, without a scheme, path, port or leading "www.".
 */
import { z } from "zod";
import { AppError } from "../domain/errors.js";
import { EMAIL_SOURCE } from "../domain/sources.js";
import type { Db, Tx } from "../store/client.js";

const DOMAIN = /^(?=.{4,253}$)(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;

/** "https://www.Acme.com/about" → "acme.com"; null when what remains is not a domain name. */
export function normalizeDomain(text: string): string | null {
  const bare = text.trim().toLowerCase().replace(/^[a-z][a-z0-9+.-]*:\/\//, "").replace(/^[^@/]*@/, "").split(/[/?#:]/)[0].replace(/^www\./, "").replace(/\.$/, "");
  return DOMAIN.test(bare) ? bare : null;
}

/** What is said of text that is not a domain name. */
export const notADomain = (text: string) => `"${text}" is not a domain name (like acme.com)`;

/** A domain as the API and the CSV take it, normalized; an address or a URL is reduced to its domain. */
export const domainSchema = z
  .string()
  .max(300)
  .transform((text, ctx) => {
    const domain = normalizeDomain(text);
    if (!domain) ctx.addIssue({ code: "custom", message: notADomain(text) });
    return domain ?? "";
  });

/**
 * Adds a domain to an account (added: false when it had it already) and releases the mail that waited
 * for an account with that domain or one under it (the inbox worker applies it). A domain of another
 * account is a conflict.
 */
export async function addDomain(db: Db | Tx, account: { id: string; name: string }, domain: string, source: string, now: Date): Promise<{ added: boolean; released: number }> {
  const taken = await db.accountDomain.findUnique({ where: { domain }, select: { accountId: true, account: { select: { name: true } } } });
  if (taken && taken.accountId !== account.id) {
    throw new AppError("conflict", `${account.name}: the domain ${domain} belongs to ${taken.account.name}.`, [`\`unlink "${taken.account.name}" domain ${domain}\` first if it belongs here.`]);
  }
  if (taken) return { added: false, released: 0 };
  await db.accountDomain.create({ data: { domain, accountId: account.id, source } });
  const waiting = await db.inboundEvent.updateMany({
    where: { source: EMAIL_SOURCE, status: "unmatched", OR: [{ accountSourceId: domain }, { accountSourceId: { endsWith: `.${domain}` } }] },
    data: { status: "pending", nextAttemptAt: now },
  });
  return { added: true, released: waiting.count };
}

/** Removes a domain from an account; false when the account did not have it. */
export async function removeDomain(db: Db | Tx, accountId: string, domain: string): Promise<boolean> {
  return (await db.accountDomain.deleteMany({ where: { domain, accountId } })).count > 0;
}

/**
 * Makes an account's domains exactly these (the API's and the CSV's `domains`), or, with `onlyFrom`,
 * replaces only the domains that source set (HubSpot's company domain leaves the others alone).
 */
export async function setDomains(tx: Tx, account: { id: string; name: string }, domains: readonly string[], source: string, now: Date, onlyFrom?: string): Promise<void> {
  const wanted = new Set(domains);
  await tx.accountDomain.deleteMany({ where: { accountId: account.id, domain: { notIn: [...wanted] }, ...(onlyFrom && { source: onlyFrom }) } });
  for (const domain of wanted) await addDomain(tx, account, domain, source, now);
}

export async function domainsOf(db: Db | Tx, accountId: string): Promise<string[]> {
  return (await db.accountDomain.findMany({ where: { accountId }, orderBy: { domain: "asc" }, select: { domain: true } })).map((d) => d.domain);
}

/** The accounts these domains belong to, each trying its parents too (mail.acme.com → acme.com), in one read; null where none. */
export async function accountsOfDomains(db: Db | Tx, domains: readonly string[]): Promise<Map<string, string | null>> {
  const parentsOf = (domain: string) => {
    const labels = domain.split(".");
    return labels.slice(0, -1).map((_, i) => labels.slice(i).join("."));
  };
  const wanted = [...new Set(domains.flatMap(parentsOf))];
  const found = wanted.length ? await db.accountDomain.findMany({ where: { domain: { in: wanted } }, select: { domain: true, accountId: true } }) : [];
  const owner = new Map(found.map((f) => [f.domain, f.accountId]));
  // The most specific match wins: a subsidiary's own domain before its parent's.
  return new Map(domains.map((d) => [d, parentsOf(d).map((c) => owner.get(c)).find((id) => id !== undefined) ?? null]));
}
