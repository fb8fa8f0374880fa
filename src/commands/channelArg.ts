import { AppError } from "../domain/errors.js";
import type { ChannelRef, CommandContext } from "./context.js";

export function requireChannel(ctx: CommandContext, command: string): ChannelRef {
  if (!ctx.channel) {
    throw new AppError("usage", `\`${command}\` works in a Slack or Teams channel: it sets up the channel you type it in.`, [
      "From the terminal, `keepwarm digest --channel <id>` prints a bound channel's digest.",
    ]);
  }
  return ctx.channel;
}

export async function findBinding(ctx: CommandContext, channel: ChannelRef) {
  return ctx.db.channelBinding.findUnique({ where: { platform_channelId: { platform: channel.platform, channelId: channel.channelId } } });
}
