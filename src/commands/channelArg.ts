import { AppError } from "../domain/errors.js";
import type { CommandContext } from "./context.js";

/**
 * The channel a channel command (watch, unwatch, digest, settings) was typed in, and what it is bound
 * to when it is; from the terminal, a usage error.
 */
export async function currentChannel(ctx: CommandContext, command: string) {
  const channel = ctx.channel;
  if (!channel) {
    throw new AppError("usage", `\`${command}\` works in a Slack or Teams channel: it sets up the channel you type it in.`, [
      "From the terminal, `keepwarm digest --channel <id>` prints a bound channel's digest.",
    ]);
  }
  const binding = await ctx.db.channelBinding.findUnique({ where: { platform_channelId: { platform: channel.platform, channelId: channel.channelId } } });
  return { channel, binding };
}
