import type { Keepwarm } from "../keepwarm.js";
import type { ChatAdapter } from "../server/adapters.js";

/** The Slack adapter, or null (with one log line) when Slack is not configured. */
export async function createSlackAdapter(kw: Keepwarm): Promise<ChatAdapter | null> {
  kw.log.info("Slack disabled: set SLACK_SIGNING_SECRET and SLACK_BOT_TOKEN to enable it");
  return null;
}
