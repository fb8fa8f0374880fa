/**
 * The CSV's own reference columns, resolved into what the schemas take before a row is validated:
 *
 * - `owner` (accounts): an email is the owner's email (owner_email: a new one creates a rep); a name
 *   is the person Keepwarm knows by that name (ignoring case), taken by their email. A name nobody
 *   has, or several people have, is a problem with the row: a CRM's owner name is not an identity.
 * - `account_external_id.<source>` (touchpoints, complaints): the account linked to that id in the
 *   source (a Salesforce Task's AccountId), as `link` or an `external_id.<source>` column set it.
 *
 * Answers are remembered for the import, failures too.
 */
import { z } from "zod";
import { accountOfSourceId } from "../activity/links.js";
import { isLinkSource, type LinkSource } from "../domain/sources.js";
import type { Db } from "../store/client.js";
import type { ResolvedAccount } from "./accountRef.js";
import type { PayloadIssue } from "./issues.js";

export interface ResolvedRefs {
  issues: PayloadIssue[];
  /** The account the row names by a linked id: the ingester takes it instead of looking one up. */
  account?: ResolvedAccount;
}

export type CsvRefs = (item: Record<string, unknown>) => Promise<ResolvedRefs>;

type Answer<T> = { ok: T } | { problem: string };

export function csvRefs(db: Db): CsvRefs {
  const owners = remembered((name: string) => ownerByName(db, name));
  const accounts = remembered((key: string) => linkedAccount(db, key.slice(0, key.indexOf(":")) as LinkSource, key.slice(key.indexOf(":") + 1)));
  return async (item) => {
    const issues: PayloadIssue[] = [];
    const owner = take(item, "owner");
    if (typeof owner === "string") {
      const problem = ownerProblem(owner);
      const email = problem ? { problem } : owner.includes("@") ? { ok: owner } : await owners(owner);
      if ("problem" in email) issues.push({ path: ["owner"], message: email.problem });
      else if (item.ownerEmail !== undefined) issues.push({ path: ["owner"], message: "give owner or owner_email, not both" });
      else item.ownerEmail = email.ok;
    }
    const links = Object.entries((take(item, "accountLinks") ?? {}) as Record<string, string>).filter(([source]) => isLinkSource(source));
    if (links.length === 0) return { issues };
    const [source, id] = links[0];
    const rejected = (message: string): ResolvedRefs => {
      // The row is rejected for its link: a stand-in keeps the schema from also saying the reference is missing.
      if (item.account === undefined && item.accountExternalId === undefined) item.account = `${source} id ${id}`;
      return { issues: [...issues, { path: ["accountLinks", source], message }] };
    };
    if (links.length > 1 || item.account !== undefined || item.accountExternalId !== undefined) {
      return rejected("give one account reference: account, account_external_id or one account_external_id.<source>");
    }
    const account = await accounts(`${source}:${id}`);
    if ("problem" in account) return rejected(account.problem);
    item.account = account.ok.name; // the schema wants a reference; the ingester is given the account itself
    return { issues, account: account.ok };
  };
}

/** What is wrong with an owner as written (an email must be one; a name is looked up later), or null. */
export function ownerProblem(owner: string): string | null {
  return !owner.includes("@") || z.email().safeParse(owner).success ? null : "not an email address";
}

function take(item: Record<string, unknown>, key: string): unknown {
  const value = item[key];
  delete item[key];
  return value;
}

function remembered<T>(find: (key: string) => Promise<Answer<T>>): (key: string) => Promise<Answer<T>> {
  const answers = new Map<string, Promise<Answer<T>>>();
  return (key) => {
    let answer = answers.get(key);
    if (!answer) answers.set(key, (answer = find(key)));
    return answer;
  };
}

const nameKey = (name: string) => name.trim().toLowerCase().replace(/\s+/g, " ");

async function ownerByName(db: Db, name: string): Promise<Answer<string>> {
  // People are few: compared here, ignoring case, which SQLite's = and PostgreSQL's = do not.
  const people = await db.person.findMany({ select: { name: true, email: true } });
  const named = people.filter((p) => nameKey(p.name) === nameKey(name));
  if (named.length > 1) return { problem: `${named.length} people are called "${named[0].name}": give the owner's email` };
  const [person] = named;
  if (person?.email) return { ok: person.email };
  if (person) return { problem: `${person.name} has no email in Keepwarm: give the owner's email` };
  return { problem: `nobody called "${name}" in Keepwarm: owners are matched by email, or by the name of someone Keepwarm knows (import an email column as owner, or leave owners out with --map owner=)` };
}

async function linkedAccount(db: Db, source: LinkSource, id: string): Promise<Answer<ResolvedAccount>> {
  const accountId = await accountOfSourceId(db, source, id);
  const account = accountId && (await db.account.findUnique({ where: { id: accountId }, select: { id: true, name: true, timeZone: true } }));
  if (account) return { ok: account };
  return { problem: `no account is linked to ${source} id ${id}: import the accounts first (with their external_id.${source}), or \`link <account> ${source} ${id}\`` };
}
