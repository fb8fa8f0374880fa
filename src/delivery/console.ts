import type { Logger } from "pino";
import { renderForTerminal } from "../messages/terminal.js";
import type { Db } from "../store/client.js";
import type { ChannelNotifier } from "./notifier.js";

/** Stands in for Slack and Teams until one is configured, so the whole loop is visible locally. */
export function consoleNotifier(log: Logger, write: (text: string) => void = (t) => process.stdout.write(`${t}\n`)): ChannelNotifier {
  let counter = 0;
  const show = (heading: string, text: string) => write(`\n── ${heading} ${"─".repeat(Math.max(0, 60 - heading.length))}\n${text}`);
  return {
    async post(target, message) {
      const messageRef = `console-${++counter}`;
      show(`posted to ${target.channelId} (${messageRef})`, renderForTerminal(message));
      log.info({ channel: target.channelId, messageRef, nudges: message.nudgeIds }, "console delivery");
      return { messageRef };
    },
    async update(target, messageRef, message) {
      show(`updated ${messageRef} in ${target.channelId}`, renderForTerminal(message));
    },
    async reply(target, parentRef, message) {
      const messageRef = `console-${++counter}`;
      show(`reply to ${parentRef} in ${target.channelId}`, renderForTerminal(message));
      return { messageRef };
    },
  };
}

export const CONSOLE_CHANNEL_ID = "console";

/** The local stand-in channel: watches every account and gets a daily digest at 09:00 local time. */
export async function ensureConsoleBinding(db: Db, timeZone: string) {
  return db.channelBinding.upsert({
    where: { platform_channelId: { platform: "console", channelId: CONSOLE_CHANNEL_ID } },
    create: { platform: "console", channelId: CONSOLE_CHANNEL_ID, channelName: "console", scope: "all", rules: [], digestCadence: "daily", timeZone },
    update: {},
  });
}
