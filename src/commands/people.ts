import { z } from "zod";
import { AppError } from "../domain/errors.js";
import { ROLES } from "../domain/people.js";
import { linkChatIdentity } from "../people/chatActors.js";
import { findPerson } from "../people/findPerson.js";
import type { CommandSpec } from "./context.js";
import { confirmation, oneOf, validateArgs } from "./validate.js";

const iamUsage = "iam <your work email>";
const roleUsage = "role <person> <viewer | rep | manager | admin> [reports-to <person>]";

export const iamCommand: CommandSpec = {
  name: "iam", usage: iamUsage, minRole: "viewer",
  summary: "Link your chat account to your Keepwarm person (the one that owns your accounts), by email.",
  examples: ["iam leo@example.com"],
  async run(tokens, ctx) {
    const email = validateArgs(z.email("that is not an email address"), tokens[0]?.value ?? "", iamUsage);
    if (tokens.length > 1) throw new AppError("usage", "Just the email, please.", [iamUsage]);
    if (ctx.actor.platform === "console" || !ctx.actor.platformUserId) throw new AppError("usage", "`iam` links a Slack or Teams user; on the terminal set KEEPWARM_USER instead.");
    const result = await linkChatIdentity(ctx.db, ctx.actor.platform, ctx.actor.platformUserId, email);
    switch (result.status) {
      case "unknown_email":
        throw new AppError("not_found", `Nobody in Keepwarm has the email ${email}.`, ["Accounts name their owner by email (CSV or API import); ask an admin."]);
      case "taken":
        throw new AppError("conflict", `${email} is already linked to another ${ctx.actor.platform} user.`, ["If that is wrong, an admin can fix it."]);
      case "already":
        return { reply: confirmation(`You are already ${result.person.name}.`) };
      case "linked":
        return { reply: confirmation(`Hello ${result.person.name}: you're linked. Nudges for your accounts will mention you.`) };
    }
  },
};

export const roleCommand: CommandSpec = {
  name: "role", usage: roleUsage, minRole: "admin",
  summary: "Set someone's role (and optionally their manager, who is mentioned when their nudges escalate).",
  examples: ["role @leo manager", "role sofia@example.com rep reports-to @amara"],
  async run(tokens, ctx) {
    if (tokens.length !== 2 && tokens.length !== 4) throw new AppError("usage", "Name the person and the role.", [roleUsage]);
    const person = await findPerson(ctx.db, tokens[0].value, roleUsage);
    const role = tokens[1].value.toLowerCase();
    if (!(ROLES as readonly string[]).includes(role)) throw new AppError("usage", `"${tokens[1].value}" is not a role: ${oneOf(ROLES)}.`, [roleUsage]);
    let managerId: string | undefined;
    if (tokens.length === 4) {
      if (tokens[2].value.toLowerCase() !== "reports-to") throw new AppError("usage", `Expected "reports-to", not "${tokens[2].value}".`, [roleUsage]);
      const manager = await findPerson(ctx.db, tokens[3].value, roleUsage);
      if (manager.id === person.id) throw new AppError("invalid_argument", "Nobody reports to themselves.", [roleUsage]);
      managerId = manager.id;
    }
    await ctx.db.person.update({ where: { id: person.id }, data: { role: role as (typeof ROLES)[number], ...(managerId && { managerId }) } });
    return { reply: confirmation(`${person.name} is now ${role}${managerId ? " with a new manager" : ""}.`) };
  },
};
