/**
 * An account's domains (acme.com, acme.co.uk): how an email's customer side, or a CRM's company
 * domain, finds its account. A domain belongs to one account; one given twice is a conflict naming
 * the account that has it. Domains are stored as typed in a browser's address bar would reduce them
 * to: lower-case, without a scheme, path, port or leading "www.".
 */
import { z } from "zod";
import { AppError } from "../domain/errors.js";
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

/** Adds a domain to an account; false when it had it already. A domain of another account is a conflict. */
export async function addDomain(db: Db | Tx, account: { id: string; name: string }, domain: string, source: string): Promise<boolean> {
  const taken = await db.accountDomain.findUnique({ where: { domain }, select: { accountId: true, account: { select: { name: true } } } });
  if (taken && taken.accountId !== account.id) {
    throw new AppError("conflict", `${account.name}: the domain ${domain} belongs to ${taken.account.name}.`, [`\`unlink "${taken.account.name}" domain ${domain}\` first if it belongs here.`]);
  }
  if (taken) return false;
  await db.accountDomain.create({ data: { domain, accountId: account.id, source } });
  return true;
}

/** Removes a domain from an account; false when the account did not have it. */
export async function removeDomain(db: Db | Tx, accountId: string, domain: string): Promise<boolean> {
  return (await db.accountDomain.deleteMany({ where: { domain, accountId } })).count > 0;
}

/**
 * Makes an account's domains exactly these (the API's and the CSV's `domains`), or, with `onlyFrom`,
 * replaces only the domains that source set (HubSpot's company domain leaves the others alone).
 */
export async function setDomains(tx: Tx, account: { id: string; name: string }, domains: readonly string[], source: string, onlyFrom?: string): Promise<void> {
  const wanted = new Set(domains);
  await tx.accountDomain.deleteMany({ where: { accountId: account.id, domain: { notIn: [...wanted] }, ...(onlyFrom && { source: onlyFrom }) } });
  for (const domain of wanted) await addDomain(tx, account, domain, source);
}

export async function domainsOf(db: Db | Tx, accountId: string): Promise<string[]> {
  return (await db.accountDomain.findMany({ where: { accountId }, orderBy: { domain: "asc" }, select: { domain: true } })).map((d) => d.domain);
}

/** The account a domain belongs to, trying its parents too (mail.acme.com → acme.com), or null. */
export async function accountOfDomain(db: Db | Tx, domain: string): Promise<string | null> {
  const labels = domain.split(".");
  const candidates = labels.slice(0, -1).map((_, i) => labels.slice(i).join("."));
  const found = await db.accountDomain.findMany({ where: { domain: { in: candidates } }, select: { domain: true, accountId: true } });
  // The most specific match wins: a subsidiary's own domain before its parent's.
  for (const candidate of candidates) {
    const hit = found.find((f) => f.domain === candidate);
    if (hit) return hit.accountId;
  }
  return null;
}
