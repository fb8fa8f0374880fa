// `link <account> here` / `unlink <account> here`: the conversation the command is typed in becomes
// (or stops being) the account's shared channel, whose messages are touchpoints.
import type { AccountMatch } from "../activity/findAccount.js";
import { linkSharedChannel, unlinkSharedChannel } from "../activity/sharedChannels.js";
import { AppError } from "../domain/errors.js";
import type { ChannelRef, CommandContext, CommandReply } from "./context.js";
import { confirmation } from "./validate.js";

export async function linkHere(ctx: CommandContext, account: AccountMatch): Promise<CommandReply> {
  const channel = sharedConversation(ctx, "link");
  const linked = await linkSharedChannel(ctx.db, {
    platform: channel.platform, channelId: channel.channelId, teamId: channel.teamId ?? null, accountId: account.id, linkedById: ctx.actor.personId,
  });
  if (!linked) return { reply: confirmation(`This channel is already **${account.name}**'s shared channel.`) };
  return {
    reply: confirmation(`This channel is now **${account.name}**'s shared channel.`, [
      "Messages here count as contact: the customer's as inbound, ours as outbound, at most one touchpoint each way an hour (by default). No message text is kept.",
      channel.platform === "slack"
        ? "I only see messages in channels I'm in: `/invite @Keepwarm` if I'm not."
        : "I see messages that don't mention me only with the app's permission to read them here (asked for when the current app package is added).",
    ]),
  };
}

export async function unlinkHere(ctx: CommandContext, account: AccountMatch): Promise<CommandReply> {
  const channel = sharedConversation(ctx, "unlink");
  const removed = await unlinkSharedChannel(ctx.db, channel, account.id);
  return { reply: confirmation(removed ? `This channel is no longer **${account.name}**'s shared channel.` : `This channel is not **${account.name}**'s shared channel.`) };
}

/** The Slack channel, Teams channel or group chat the command was typed in; a personal chat or the terminal is a usage error. */
function sharedConversation(ctx: CommandContext, command: "link" | "unlink"): ChannelRef {
  if (ctx.channel && !ctx.channel.direct) return ctx.channel;
  const where = ctx.channel || ctx.directChannel ? "A direct message is not shared with a customer" : "The terminal has no channel";
  throw new AppError("usage", `${where}: type \`${command} <account> here\` in the customer's shared channel (a Slack Connect channel, or a Teams channel or group chat with their people).`, [
    `${command} "Acme Corp" here`,
  ]);
}
