import { addDomain, normalizeDomain, notADomain, removeDomain } from "../activity/domains.js";
import { linkAccount, unlinkAccount } from "../activity/links.js";
import { AppError } from "../domain/errors.js";
import { LINK_SOURCES, type LinkSource } from "../domain/sources.js";
import { takeAccount } from "./accountArg.js";
import type { CommandContext, CommandSpec } from "./context.js";
import { linkHere, unlinkHere } from "./linkHere.js";
import { confirmation, oneOf } from "./validate.js";

const linkUsage = "link <account> <hubspot | salesforce | zendesk | crm | domain> <id or domain> · link <account> here";
const unlinkUsage = "unlink <account> <hubspot | salesforce | zendesk | crm | domain | here> [domain]";
/**
 * The CRM id is the account's externalId (the API's and the CSV's); a domain is one of the account's
 * domains (src/activity/domains.ts: how mail finds it); "here" is the channel typed in, as the account's
 * shared channel (src/commands/linkHere.ts); the others are links a connector reads.
 */
const SOURCE_WORDS = [...LINK_SOURCES, "crm", "domain", "here"] as const;
const isSourceWord = (w: string) => (SOURCE_WORDS as readonly string[]).includes(w);
const TITLES: Record<(typeof SOURCE_WORDS)[number], string> = { hubspot: "HubSpot company", salesforce: "Salesforce account", zendesk: "Zendesk organization", crm: "CRM id", domain: "domain", here: "shared channel" };

export const linkCommand: CommandSpec = {
  name: "link", usage: linkUsage, minRole: "manager",
  summary: "Link an account to its id in HubSpot, Salesforce or Zendesk (or set its CRM id, or add one of its domains): the connectors' events for that id then reach it, waiting ones at once. `here`, typed in the customer's shared channel, makes its messages count as contact.",
  examples: ["link \"Acme Corp\" zendesk 8447346622462", "link Globex hubspot 9876543210", "link Initech crm SF-0042", "link \"Acme Corp\" domain acme.com", "link \"Acme Corp\" here"],
  async run(tokens, ctx) {
    const { account, source, id } = await readLink(tokens, ctx, linkUsage, true);
    if (source === "here") return linkHere(ctx, account);
    if (source === "crm") return { reply: confirmation(await setCrmId(ctx, account, id!)) };
    if (source === "domain") {
      const domain = domainOf(id!, linkUsage);
      const { added, released } = await addDomain(ctx.db, account, domain, ctx.source, ctx.now);
      const applied = released ? await ctx.applyInbound() : null;
      const text = added ? `**${account.name}** has the domain ${domain}.` : `**${account.name}** already has the domain ${domain}.`;
      return { reply: confirmation(text, [applied ? `${released} waiting email${released === 1 ? "" : "s"} logged now.` : ""]) };
    }
    const { changed, replaced, released: waiting } = await linkAccount(ctx.db, account.id, source, id!, ctx.now);
    const applied = waiting ? await ctx.applyInbound() : null;
    const was = replaced ? ` (it was ${replaced})` : "";
    const text = changed ? `Linked **${account.name}** to ${TITLES[source]} ${id}${was}.` : `**${account.name}** is already linked to ${TITLES[source]} ${id}.`;
    return { reply: confirmation(text, [applied ? `${waiting} waiting ${source} event${waiting === 1 ? "" : "s"} applied now.` : ""]) };
  },
};

export const unlinkCommand: CommandSpec = {
  name: "unlink", usage: unlinkUsage, minRole: "manager",
  summary: "Remove an account's link to HubSpot, Salesforce or Zendesk (or its CRM id); new events for that id then wait as unmatched. `here`: this channel is no longer its shared channel.",
  examples: ["unlink \"Acme Corp\" zendesk", "unlink \"Acme Corp\" here"],
  async run(tokens, ctx) {
    const { account, source, id } = await readLink(tokens, ctx, unlinkUsage, "domain");
    if (source === "here") return unlinkHere(ctx, account);
    if (source === "domain") {
      const domain = domainOf(id!, unlinkUsage);
      const removed = await removeDomain(ctx.db, account.id, domain);
      return { reply: confirmation(removed ? `Removed the domain ${domain} from **${account.name}**.` : `**${account.name}** does not have the domain ${domain}.`) };
    }
    if (source === "crm") {
      await ctx.db.account.update({ where: { id: account.id }, data: { externalId: null } });
      return { reply: confirmation(`Cleared **${account.name}**'s CRM id.`) };
    }
    const removed = await unlinkAccount(ctx.db, account.id, source);
    return { reply: confirmation(removed ? `Unlinked **${account.name}** from ${TITLES[source]} ${removed}.` : `**${account.name}** was not linked to ${source}.`) };
  },
};

/** withIdFor: the id is required (link, except after `here`), or only after this word (unlink … domain acme.com). */
async function readLink(tokens: Parameters<CommandSpec["run"]>[0], ctx: CommandContext, usage: string, withIdFor: true | "domain") {
  const { account, rest } = await takeAccount(ctx.db, tokens, usage, { isKeyword: isSourceWord });
  const word = rest[0]?.value.toLowerCase();
  if (!word) throw new AppError("usage", "Which system? Name it after the account.", [usage]);
  if (!isSourceWord(word)) throw new AppError("usage", `"${rest[0].value}" is not a system to link: use ${oneOf(SOURCE_WORDS)}.`, [usage]);
  const withId = (withIdFor === true && word !== "here") || word === withIdFor;
  const id = rest[1]?.value.trim();
  if (withId && !id) throw new AppError("usage", `The ${TITLES[word as (typeof SOURCE_WORDS)[number]]} is missing.`, [usage]);
  if (rest.length > (withId ? 2 : 1)) throw new AppError("usage", `Unexpected words: "${rest.slice(withId ? 2 : 1).map((t) => t.value).join(" ")}".`, [usage]);
  if (id && id.length > 200) throw new AppError("invalid_argument", "That id is too long (200 characters at most).", [usage]);
  return { account, source: word as LinkSource | "crm" | "domain" | "here", id: id ?? null };
}

function domainOf(text: string, usage: string): string {
  const domain = normalizeDomain(text);
  if (!domain) throw new AppError("invalid_argument", `${notADomain(text)}.`, [usage]);
  return domain;
}

async function setCrmId(ctx: CommandContext, account: { id: string; name: string }, id: string): Promise<string> {
  const taken = await ctx.db.account.findUnique({ where: { externalId: id }, select: { id: true, name: true } });
  if (taken && taken.id !== account.id) throw new AppError("conflict", `CRM id ${id} already belongs to ${taken.name}.`);
  await ctx.db.account.update({ where: { id: account.id }, data: { externalId: id } });
  return `**${account.name}** has CRM id ${id}.`;
}

