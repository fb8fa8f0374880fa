// Microsoft Teams, as a thin adapter over the core: botbuilder (end-of-life upstream; its successor is
// the Microsoft 365 Agents SDK) is imported only in this folder, so replacing it is a one-folder job.
import express from "express";
import type { Env } from "../config/env.js";
import type { Keepwarm } from "../keepwarm.js";
import type { ChatAdapter } from "../chatAdapter.js";
import { KeepwarmTeamsBot } from "./bot.js";
import { connectTeams } from "./connection.js";
import { teamsNotifier } from "./notifier.js";

export const TEAMS_MESSAGES_PATH = "/api/messages";

/** The Teams adapter: always mounted; without MICROSOFT_APP_ID it runs in local (Emulator) mode. */
export async function createTeamsAdapter(kw: Keepwarm, env: Env): Promise<ChatAdapter> {
  const { adapter, appId, localMode } = connectTeams(env, kw.log);
  const bot = new KeepwarmTeamsBot(kw, env.MICROSOFT_APP_TENANT_ID ?? null);
  if (localMode) {
    kw.log.info(`Teams in local mode: MICROSOFT_APP_ID is empty, so ${TEAMS_MESSAGES_PATH} accepts unauthenticated activities (Bot Framework Emulator, tests); set it to connect to Teams`);
  } else {
    kw.log.info({ appType: env.MICROSOFT_APP_TYPE }, `Teams bot ${appId} listening on ${TEAMS_MESSAGES_PATH}`);
  }
  return {
    platform: "teams",
    localMode,
    notifier: teamsNotifier(adapter, appId),
    mount(app) {
      // JSON parsing on this route only: Slack verifies signatures over the raw body of its own routes.
      app.post(TEAMS_MESSAGES_PATH, express.json({ limit: "1mb" }), async (req, res, next) => {
        try {
          await adapter.process(req, res, (context) => bot.run(context));
        } catch (err) {
          next(err);
        }
      });
    },
  };
}
