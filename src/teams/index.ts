import type { Keepwarm } from "../keepwarm.js";
import type { ChatAdapter } from "../server/adapters.js";

/** The Teams adapter, or null when it is not available. */
export async function createTeamsAdapter(kw: Keepwarm): Promise<ChatAdapter | null> {
  kw.log.info("Teams adapter not built yet");
  return null;
}
