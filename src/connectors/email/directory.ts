/**
 * Who is "us" when reading a message: the people Keepwarm knows (by their lower-case email) and the
 * domains their addresses are at (colleagues not yet known are ours too), except free-mail domains,
 * which say nothing about a company.
 */
import type { Db } from "../../store/client.js";

export interface KnownPerson {
  id: string;
  name: string;
}

export interface Directory {
  person(address: string): KnownPerson | null;
  isOurs(address: string): boolean;
}

const FREE_MAIL = new Set([
  "gmail.com", "googlemail.com", "outlook.com", "hotmail.com", "live.com", "msn.com", "yahoo.com", "ymail.com", "icloud.com", "me.com", "mac.com",
  "aol.com", "proton.me", "protonmail.com", "gmx.com", "gmx.net", "gmx.de", "web.de", "mail.com", "zoho.com", "yandex.com", "fastmail.com",
]);

export const isFreeMail = (domain: string) => FREE_MAIL.has(domain);

export const domainOfAddress = (address: string) => address.slice(address.lastIndexOf("@") + 1).toLowerCase();

export async function loadDirectory(db: Db): Promise<Directory> {
  const people = await db.person.findMany({ where: { email: { not: null } }, select: { id: true, name: true, email: true } });
  const byAddress = new Map(people.map((p) => [p.email!.toLowerCase(), { id: p.id, name: p.name }]));
  const ourDomains = new Set([...byAddress.keys()].map(domainOfAddress).filter((d) => !isFreeMail(d)));
  return {
    person: (address) => byAddress.get(address.toLowerCase()) ?? null,
    isOurs: (address) => byAddress.has(address.toLowerCase()) || ourDomains.has(domainOfAddress(address)),
  };
}

/**
 * The directory, read again when older than `ttlMs` (people change rarely, every message needs it),
 * and at once for an address it does not know (a person added a moment ago can send right away;
 * unknown senders make it read at most once a second).
 */
export function directoryCache(db: Db, ttlMs = 30_000) {
  let cached: { directory: Directory; at: number } | null = null;
  const age = () => (cached ? Date.now() - cached.at : Infinity);
  const read = async () => (cached = { directory: await loadDirectory(db), at: Date.now() }).directory;
  return {
    async lookUp(address: string): Promise<{ directory: Directory; person: KnownPerson | null }> {
      let directory = age() < ttlMs ? cached!.directory : await read();
      if (!directory.person(address) && age() >= 1000) directory = await read();
      return { directory, person: directory.person(address) };
    },
  };
}
