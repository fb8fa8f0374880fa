import { DateTime } from "luxon";
import { AppError } from "../domain/errors.js";
import { actOnNudge } from "../nudges/actions.js";
import type { CommandSpec } from "./context.js";
import { parseSnoozeUntil, snoozeWordCount } from "./dates.js";
import { takeNudgeId } from "./nudgeArg.js";
import { joinWords } from "./tokens.js";
import { confirmation } from "./validate.js";

const ackUsage = "ack <nudge> [note]";
const snoozeUsage = "snooze <nudge> <2h | 1d | 2 days | 1w | tomorrow | monday | next week | YYYY-MM-DD> [reason]";

export const ackCommand: CommandSpec = {
  name: "ack", usage: ackUsage, minRole: "rep",
  aliases: ["acknowledge"],
  summary: "Acknowledge a nudge: you're on it. It stops escalating and every copy of it shows who took it.",
  examples: ["ack 42", "ack #42 calling them tomorrow"],
  async run(tokens, ctx) {
    const { nudgeId, rest } = takeNudgeId(tokens, ackUsage);
    const result = await actOnNudge(ctx.db, nudgeId, { type: "acknowledge", note: joinWords(rest) || null }, ctx.actor, ctx.now);
    const text = result.changed ? `Acknowledged nudge **#${nudgeId}**.` : `Nudge **#${nudgeId}** was already acknowledged by ${result.actedByName ?? "someone"}.`;
    return { reply: confirmation(text) };
  },
};

export const snoozeCommand: CommandSpec = {
  name: "snooze", usage: snoozeUsage, minRole: "rep",
  summary: "Hide a nudge until a time; it comes back then if the condition still holds.",
  examples: ["snooze 42 1w", "snooze #42 2026-12-01 waiting for their budget cycle", "snooze 42 monday"],
  async run(tokens, ctx) {
    const { nudgeId, rest } = takeNudgeId(tokens, snoozeUsage);
    if (!rest[0]) throw new AppError("usage", "Until when? The snooze duration or date is missing.", [snoozeUsage]);
    const used = snoozeWordCount(rest.map((t) => t.value));
    const until = parseSnoozeUntil(joinWords(rest.slice(0, used)), ctx.now, ctx.timeZone);
    const result = await actOnNudge(ctx.db, nudgeId, { type: "snooze", until, note: joinWords(rest.slice(used)) || null }, ctx.actor, ctx.now);
    return { reply: snoozedReply(nudgeId, result.changed, until, ctx.timeZone) };
  },
};

/** What a snooze tells the person who asked for it (the command and the snooze form). */
export function snoozedReply(nudgeId: number, changed: boolean, until: Date, zone: string) {
  const when = DateTime.fromJSDate(until, { zone }).toFormat("ccc d LLL yyyy, HH:mm");
  return confirmation(changed ? `Snoozed nudge **#${nudgeId}** until ${when}.` : `Nudge **#${nudgeId}** is already snoozed until ${when}.`);
}
