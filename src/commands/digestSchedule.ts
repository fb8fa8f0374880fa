import { isValidTimeZone } from "../rules/time.js";
import { AppError } from "../domain/errors.js";
import { roleAtLeast } from "../domain/people.js";
import { currentChannel } from "./channelArg.js";
import { parseClockTime } from "./dates.js";
import type { CommandSpec } from "./context.js";
import { confirmation } from "./validate.js";

const usage = "digest off | daily HH:MM [time zone] | weekly [weekday] HH:MM [time zone]";
const WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];

/** "Friday" for ISO weekday 5. */
export const weekdayName = (isoWeekday: number) => cap(WEEKDAYS[isoWeekday - 1]);

export const digestCommand: CommandSpec = {
  name: "digest", usage, minRole: "rep",
  summary: "Schedule this channel's manager digest at a local time (IANA time zone, e.g. Europe/Paris), or turn it off.",
  examples: ["digest daily 09:00", "digest weekly monday 08:30 America/New_York", "digest off"],
  async run(tokens, ctx) {
    const { binding } = await currentChannel(ctx, "digest");
    if (!binding) throw new AppError("not_found", "This channel is not watching any accounts yet.", ["`watch all` (or `watch mine`) first, then `digest daily 09:00`."]);
    const own = binding.scope === "owner" && binding.scopeValue === ctx.actor.personId;
    if (!own && !roleAtLeast(ctx.actor.role, "manager")) throw new AppError("forbidden", `Only managers and admins set a team channel's digest; you are ${ctx.actor.role}.`);

    const words = tokens.map((t) => t.value);
    const cadence = words.shift()?.toLowerCase();
    if (cadence === "off") {
      if (words.length) throw new AppError("usage", `Unexpected words after "off": ${words.join(" ")}.`, [usage]);
      await ctx.db.channelBinding.update({ where: { id: binding.id }, data: { digestCadence: "off" } });
      return { reply: confirmation("No more digests in this channel.") };
    }
    if (cadence !== "daily" && cadence !== "weekly") throw new AppError("usage", cadence ? `"${cadence}" is not daily, weekly or off.` : "Daily, weekly or off?", [usage]);
    let weekday = binding.digestWeekday;
    if (cadence === "weekly" && words[0] && !/^\d/.test(words[0])) {
      const index = WEEKDAYS.findIndex((d) => d.startsWith(words[0].toLowerCase()) && words[0].length >= 3);
      if (index < 0) throw new AppError("usage", `"${words[0]}" is not a weekday.`, [usage]);
      weekday = index + 1;
      words.shift();
    }
    const time = words.shift();
    const digestTime = parseClockTime(time);
    if (!digestTime) throw new AppError("usage", time ? `"${time}" is not a time; write it as HH:MM, e.g. 09:00.` : "At what time? Write it as HH:MM, e.g. 09:00.", [usage]);
    const zone = words.shift() ?? binding.timeZone;
    if (!isValidTimeZone(zone)) throw new AppError("invalid_argument", `"${zone}" is not an IANA time zone (like Europe/Paris or America/New_York).`, [usage]);
    if (words.length) throw new AppError("usage", `Unexpected words: ${words.join(" ")}.`, [usage]);

    await ctx.db.channelBinding.update({
      where: { id: binding.id },
      // A new schedule counts from now: no digest for a moment that passed before it was set.
      data: { digestCadence: cadence, digestTime, digestWeekday: weekday, timeZone: zone, lastDigestAt: ctx.now },
    });
    const when = cadence === "daily" ? `every day at ${digestTime}` : `every ${weekdayName(weekday)} at ${digestTime}`;
    return { reply: confirmation(`This channel gets a ${cadence} digest ${when} (${zone}).`) };
  },
};

const cap = (s: string) => s[0].toUpperCase() + s.slice(1);
