import type { Env } from "../../config/env.js";
import { HubSpotApi, type HubSpotApiOptions } from "./api.js";

export interface HubspotSettings {
  /** The app's client secret: what webhook signatures are keyed with. */
  secret: string;
  /** The CRM API client, with the private app's access token (one per pass: its pacing is per client). */
  api(): HubSpotApi;
}

/** Configured when both the client secret (webhooks) and the access token (reads) are set. */
export function hubspotSettings(env: Env, options: Partial<HubSpotApiOptions> = {}): HubspotSettings | null {
  const secret = env.HUBSPOT_CLIENT_SECRET;
  const token = env.HUBSPOT_ACCESS_TOKEN;
  if (!secret || !token) return null;
  let api: HubSpotApi | undefined;
  return { secret, api: () => (api ??= new HubSpotApi({ baseUrl: env.HUBSPOT_API_URL, token, ...options })) };
}
