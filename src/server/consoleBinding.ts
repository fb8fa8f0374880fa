import type { Keepwarm } from "../keepwarm.js";

export const CONSOLE_CHANNEL_ID = "console";

/** The local stand-in channel: watches every account and gets a daily digest at 09:00 local time. */
export async function ensureConsoleBinding(kw: Keepwarm) {
  return kw.db.channelBinding.upsert({
    where: { platform_channelId: { platform: "console", channelId: CONSOLE_CHANNEL_ID } },
    create: {
      platform: "console",
      channelId: CONSOLE_CHANNEL_ID,
      channelName: "console",
      scope: "all",
      rules: [],
      digestCadence: "daily",
      timeZone: kw.config.defaultTimeZone,
    },
    update: {},
  });
}
