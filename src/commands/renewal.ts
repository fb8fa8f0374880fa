import { AppError } from "../domain/errors.js";
import { requireOwnerOrManager, takeAccount } from "./accountArg.js";
import type { CommandSpec } from "./context.js";
import { formatLocal, parseCalendarDate } from "./dates.js";
import { clearedNote, confirmation } from "./validate.js";

const usage = "renewal <account> <YYYY-MM-DD | none>";
const isDateWord = (w: string) => w === "none" || /^\d{4}-\d{1,2}-\d{1,2}$/.test(w);

export const renewalCommand: CommandSpec = {
  name: "renewal", usage, minRole: "rep",
  summary: "Set (or clear with none) an account's renewal date; renewal nudges follow it.",
  examples: ['renewal "Acme Corp" 2027-03-31', "renewal Globex none"],
  async run(tokens, ctx) {
    const { account, rest } = await takeAccount(ctx.db, tokens, usage, { isKeyword: isDateWord });
    if (rest.length === 0) throw new AppError("usage", "The renewal date is missing.", [usage]);
    if (rest.length > 1) throw new AppError("usage", `Unexpected words after the date: "${rest.slice(1).map((t) => t.value).join(" ")}".`, [usage]);
    const typed = rest[0].value.toLowerCase();
    const date = typed === "none" ? null : parseCalendarDate(typed);
    if (typed !== "none" && !date) throw new AppError("invalid_argument", `"${rest[0].value}" is not a date; renewal dates look like 2027-03-31.`, [usage]);
    await requireOwnerOrManager(ctx.db, ctx.actor, account, "set its renewal date");
    await ctx.db.account.update({ where: { id: account.id }, data: { renewalDate: date ? date.toISODate() : null } });
    const cleared = await ctx.rescan([account.id]);
    const text = date ? `**${account.name}** renews on **${formatLocal(date.toJSDate(), "UTC")}**.` : `Cleared **${account.name}**'s renewal date.`;
    return { reply: confirmation(text, [clearedNote(cleared)]) };
  },
};
