import { z } from "zod";
import { contactsOf, saveContacts, type ContactView } from "../activity/contacts.js";
import { nameKey } from "../activity/names.js";
import { CONTACT_ROLES, contactRoleOf, roleLabel } from "../domain/contacts.js";
import { message, type Block } from "../messages/model.js";
import { takeAccount } from "./accountArg.js";
import type { CommandSpec } from "./context.js";
import { formatLocal } from "./dates.js";
import { joinWords, takeOptions, type Token } from "./tokens.js";
import { argProblems, clearedNote, confirmation, oneOf, validateArgs } from "./validate.js";

const usage = "contact <account> [name] [role] [--email E] [--title T] [--phone P]";
const ROLE_WORDS = CONTACT_ROLES.map((r) => r.replace("_", "-"));

const args = z.object({
  name: z
    .string({ error: "the contact's name is missing" })
    .max(200, "the name is too long (200 characters at most)")
    .refine((n) => nameKey(n) !== "", "the name needs a letter or a digit"),
  role: z
    .string()
    .optional()
    .transform((word, ctx) => {
      if (word === undefined) return undefined;
      const role = contactRoleOf(word);
      if (!role) ctx.addIssue({ code: "custom", message: `"${word}" is not a contact role; use ${oneOf(ROLE_WORDS)}` });
      return role ?? undefined;
    }),
  email: z.email({ error: (i) => `"${String(i.input)}" is not an email address` }).optional(),
  title: z.string().max(200, "the title is too long (200 characters at most)").optional(),
  phone: z.string().max(50, "the phone number is too long (50 characters at most)").optional(),
});

export const contactCommand: CommandSpec = {
  name: "contact", usage, minRole: "rep",
  aliases: ["contacts"],
  summary: `Add or update a contact at an account, with their role (${oneOf(ROLE_WORDS)}); without a name, list the account's contacts and when each was last in touch.`,
  examples: ['contact "Acme Corp" "Peter Gibbons" champion --title "VP Engineering"', "contact Globex Bill decision-maker --email bill@globex.example", "contact Initech"],
  async run(tokens, ctx) {
    const { rest, options } = takeOptions(tokens, ["email", "title", "phone"]);
    const argsOf = (r: Token[]) => ({ ...nameAndRole(r), ...options });
    const listing = (r: Token[]) => r.length === 0 && Object.keys(options).length === 0;
    const { account, rest: afterAccount } = await takeAccount(ctx.db, rest, usage, { alsoCheck: (r) => (listing(r) ? [] : argProblems(args, argsOf(r))) });
    if (listing(afterAccount)) {
      const contacts = await contactsOf(ctx.db, account.id);
      const day = (d: Date) => formatLocal(d, ctx.timeZone);
      const blocks = contacts.length ? contactBlocks(`Contacts at ${account.name}`, contacts, day) : [{ type: "text" as const, text: `No contacts at **${account.name}** yet.` }];
      return { reply: message(`${account.name}: ${contacts.length === 1 ? "1 contact" : `${contacts.length} contacts`}`, blocks) };
    }
    const a = validateArgs(args, argsOf(afterAccount), usage);
    const [saved] = await saveContacts(ctx.db, [{ accountId: account.id, ...a }], ctx.source);
    const cleared = await ctx.rescan([account.id]);
    const details = [a.role && roleLabel(a.role), a.title && `title ${a.title}`, a.email, a.phone].filter(Boolean);
    const said = saved.status === "created" ? `Added **${a.name}** to **${account.name}**` : `Updated **${a.name}** at **${account.name}**`;
    return { reply: confirmation(`${said}${details.length ? `: ${details.join(", ")}` : "."}`, [clearedNote(cleared)]) };
  },
};

/**
 * A quoted name is followed by the role; in an unquoted run of words the role is the last one or
 * two words when they are a role ("decision maker"), and the rest is the name.
 */
function nameAndRole(rest: Token[]): { name?: string; role?: string } {
  if (rest.length === 0) return {};
  if (rest[0].quoted) return { name: rest[0].value, ...(rest.length > 1 && { role: joinWords(rest.slice(1)) }) };
  for (const n of [2, 1]) {
    const tail = rest.slice(-n);
    if (rest.length > n && tail.every((t) => !t.quoted) && contactRoleOf(joinWords(tail))) return { name: joinWords(rest.slice(0, -n)), role: joinWords(tail) };
  }
  return { name: joinWords(rest) };
}

/** "• Peter Gibbons (champion, VP Engineering): 3 touches, last 20 Nov 2026", and who alone has been in touch. */
export function contactBlocks(heading: string, contacts: ContactView[], day: (d: Date) => string): Block[] {
  const line = (c: ContactView) => {
    const about = [roleLabel(c.role), c.title].filter(Boolean).join(", ");
    const touches = c.lastTouchAt ? `${c.touches === 1 ? "1 touch" : `${c.touches} touches`}, last ${day(c.lastTouchAt)}` : "never in touch";
    return `• ${c.name} (${about}): ${touches}`;
  };
  const inTouch = contacts.filter((c) => c.touches > 0);
  return [
    { type: "text", text: `**${heading}**\n${contacts.map(line).join("\n")}` },
    ...(inTouch.length === 1 ? [{ type: "context" as const, text: `Only ${inTouch[0].name} has been in touch.` }] : []),
  ];
}
