import { describeQuietHours, storedQuietHours, type QuietHours } from "../delivery/quietHours.js";
import { AppError } from "../domain/errors.js";
import { roleAtLeast } from "../domain/people.js";
import { isValidTimeZone } from "../rules/time.js";
import { SQL_NULL } from "../store/prismaValues.js";
import { currentChannel } from "./channelArg.js";
import type { CommandContext, CommandSpec } from "./context.js";
import { parseClockTime } from "./dates.js";
import { confirmation } from "./validate.js";

const usage = "quiet [me] HH:MM-HH:MM [time zone] [weekends] | quiet [me] off | quiet [me]";

/**
 * Quiet hours for the channel it is typed in, or with `me` for the person (their accounts' nudges
 * in channels of their own): nudges due then wait for the next working period; the policy's
 * `posting.quietLetsThrough` severities (critical, by default) go out at once.
 */
export const quietCommand: CommandSpec = {
  name: "quiet", usage, minRole: "rep",
  summary: "Quiet hours: nudges due in them wait until the next working period (HH:MM-HH:MM, optionally a time zone and weekends); `me` sets your own.",
  examples: ["quiet 19:00-08:00 weekends", "quiet me 18:30-08:00 Europe/Berlin weekends", "quiet off", "quiet me"],
  async run(tokens, ctx) {
    const words = tokens.map((t) => t.value);
    const forMe = words[0]?.toLowerCase() === "me";
    if (forMe) words.shift();
    const target = forMe ? await personTarget(ctx) : await channelTarget(ctx);
    if (words.length === 0) {
      const hours = target.hours;
      return { reply: confirmation(hours ? `Quiet hours ${target.label}: ${describeQuietHours(hours, target.zone)}.` : `No quiet hours ${target.label}: nudges go out when they are due.`, [`Set them with \`${forMe ? "quiet me" : "quiet"} 19:00-08:00 weekends\`.`]) };
    }
    if (words.length === 1 && words[0].toLowerCase() === "off") {
      await target.save(null, target.zone);
      return { reply: confirmation(`No more quiet hours ${target.label}: nudges go out when they are due.`) };
    }
    const { hours, zone } = readQuietHours(words, target.zone);
    await target.save(hours, zone);
    return {
      reply: confirmation(`Quiet hours ${target.label}: ${describeQuietHours(hours, zone)}. Nudges due then wait for the next working period; ${letsThrough(ctx)}.`),
    };
  },
};

interface Target {
  label: string;
  hours: QuietHours | null;
  zone: string;
  save(hours: QuietHours | null, zone: string): Promise<void>;
}

async function personTarget(ctx: CommandContext): Promise<Target> {
  const personId = ctx.actor.personId;
  if (!personId) throw new AppError("usage", "I don't know who you are yet: say `iam <your work email>` first.");
  const person = await ctx.db.person.findUniqueOrThrow({ where: { id: personId }, select: { quietHours: true, timeZone: true } });
  return {
    label: "for you",
    hours: storedQuietHours(person.quietHours),
    zone: person.timeZone ?? ctx.timeZone,
    save: async (hours, zone) => void (await ctx.db.person.update({ where: { id: personId }, data: { quietHours: hours ?? SQL_NULL, timeZone: zone } })),
  };
}

async function channelTarget(ctx: CommandContext): Promise<Target> {
  const { binding } = await currentChannel(ctx, "quiet");
  if (!binding) throw new AppError("not_found", "This channel is not watching any accounts yet.", ["`watch all` (or `watch mine`) first; `quiet me …` sets your own quiet hours anywhere."]);
  const own = binding.scope === "owner" && binding.scopeValue === ctx.actor.personId;
  return {
    label: "in this channel",
    hours: storedQuietHours(binding.quietHours),
    zone: binding.timeZone,
    save: async (hours, zone) => {
      if (!own && !roleAtLeast(ctx.actor.role, "manager")) throw new AppError("forbidden", `Only managers and admins set a team channel's quiet hours; you are ${ctx.actor.role}. \`quiet me …\` sets your own.`);
      await ctx.db.channelBinding.update({ where: { id: binding.id }, data: { quietHours: hours ?? SQL_NULL, timeZone: zone } });
    },
  };
}

/** Reads "19:00-08:00 [zone] [weekends]", naming every problem at once. */
function readQuietHours(words: string[], defaultZone: string): { hours: QuietHours; zone: string } {
  const problems: string[] = [];
  const range = words.shift()!;
  const [start, end, ...extra] = range.split(/[-–]/).map(parseClockTime);
  const isRange = start && end && extra.length === 0;
  if (!isRange) problems.push(`"${range}" is not a range of times; write it as HH:MM-HH:MM, e.g. 19:00-08:00`);
  if (isRange && start === end) problems.push("the quiet hours start and end at the same time; give a stretch of the day");
  let weekends = false;
  let zone = defaultZone;
  for (const word of words) {
    if (word.toLowerCase() === "weekends" || word.toLowerCase() === "weekend") weekends = true;
    else if (word.includes("/") || word.toUpperCase() === "UTC") {
      if (isValidTimeZone(word)) zone = word;
      else problems.push(`"${word}" is not an IANA time zone (like Europe/Paris or America/New_York)`);
    } else problems.push(`"${word}" is neither a time zone nor "weekends"`);
  }
  if (problems.length) throw new AppError("usage", `Quiet hours not set: ${problems.join("; ")}.`, [usage]);
  return { hours: { start: start!, end: end!, weekends }, zone };
}

function letsThrough(ctx: CommandContext): string {
  const through = ctx.policy.posting.quietLetsThrough;
  return through.length ? `${through.join(" and ")} nudges still go out at once` : "every nudge waits";
}
