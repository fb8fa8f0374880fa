import type { Env } from "../../config/env.js";
import { HubSpotApi, type HubSpotApiOptions } from "./api.js";

export interface HubspotSettings {
  /** The app's client secret: what webhook signatures are keyed with. */
  secret: string;
  /**
   * The CRM API client, with the private app's access token (one per settings: its pacing is per
   * client). A webhook pass gives up on a long wait (its events are retried with backoff); a
   * backfill waits HubSpot out.
   */
  api(patience?: "webhook" | "backfill"): HubSpotApi;
}

const PATIENCE: Record<"webhook" | "backfill", Partial<HubSpotApiOptions>> = {
  webhook: { retries: 2, maxWaitMs: 10_000 },
  backfill: { retries: 8, maxWaitMs: 120_000 },
};

/** Per environment (one per process): the clients, their pacing and their owner cache outlive a pass. */
const perEnv = new WeakMap<Env, HubspotSettings | null>();

/** Configured when both the client secret (webhooks) and the access token (reads) are set. */
export function hubspotSettings(env: Env): HubspotSettings | null {
  if (!perEnv.has(env)) perEnv.set(env, settingsOf(env));
  return perEnv.get(env)!;
}

function settingsOf(env: Env): HubspotSettings | null {
  const secret = env.HUBSPOT_CLIENT_SECRET;
  const token = env.HUBSPOT_ACCESS_TOKEN;
  if (!secret || !token) return null;
  const clients = new Map<string, HubSpotApi>();
  const api = (patience: "webhook" | "backfill" = "webhook") =>
    clients.get(patience) ?? clients.set(patience, new HubSpotApi({ baseUrl: env.HUBSPOT_API_URL, token, ...PATIENCE[patience] })).get(patience)!;
  return { secret, api };
}
