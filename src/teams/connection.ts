// botbuilder's CloudAdapter, authenticated from the environment. Without MICROSOFT_APP_ID it runs as
// the Bot Framework documents for local use (Emulator mode): inbound requests are not authenticated
// and outbound calls carry no token.
import { CloudAdapter, ConfigurationBotFrameworkAuthentication } from "botbuilder";
import { ConfigError, type Env } from "../config/env.js";
import type { Logger } from "../logging.js";

export interface TeamsConnection {
  adapter: CloudAdapter;
  appId: string;
  localMode: boolean;
}

export function connectTeams(env: Env, log: Logger): TeamsConnection {
  const appId = env.MICROSOFT_APP_ID ?? "";
  if (appId) requireCredentials(env);
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: appId,
    MicrosoftAppPassword: env.MICROSOFT_APP_PASSWORD ?? "",
    // Local (emulator) mode has no app registration; botbuilder only accepts an empty id as MultiTenant.
    MicrosoftAppType: appId ? env.MICROSOFT_APP_TYPE : "MultiTenant",
    MicrosoftAppTenantId: env.MICROSOFT_APP_TENANT_ID ?? "",
  });
  const adapter = new CloudAdapter(auth);
  adapter.onTurnError = async (context, error) => {
    log.error({ platform: "teams", activity: context.activity?.type, conversation: context.activity?.conversation?.conversationType, err: error }, "Teams turn failed");
    if (context.activity?.type === "message") await context.sendActivity("Sorry, something went wrong on my side. Please try again in a moment.").catch(() => undefined);
  };
  return { adapter, appId, localMode: appId === "" };
}

/** Fails at start, naming the variable, rather than at the first message. */
function requireCredentials(env: Env): void {
  if (env.MICROSOFT_APP_TYPE !== "UserAssignedMSI" && !env.MICROSOFT_APP_PASSWORD) {
    throw new ConfigError("MICROSOFT_APP_PASSWORD is required with MICROSOFT_APP_ID (the client secret of the bot's app registration).");
  }
  if (env.MICROSOFT_APP_TYPE !== "MultiTenant" && !env.MICROSOFT_APP_TENANT_ID) {
    throw new ConfigError(`MICROSOFT_APP_TENANT_ID is required when MICROSOFT_APP_TYPE=${env.MICROSOFT_APP_TYPE}.`);
  }
}
