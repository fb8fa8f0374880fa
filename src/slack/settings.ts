import { z } from "zod";
import { ConfigError, type Env } from "../config/env.js";

export const SLACK_EVENTS_PATH = "/slack/events";

const settingsSchema = z
  .object({
    SLACK_BOT_TOKEN: z.string({ error: "is required: the Bot User OAuth Token (xoxb-…) from OAuth & Permissions" }).startsWith("xoxb-", "must be a bot token (xoxb-…) from OAuth & Permissions"),
    SLACK_SIGNING_SECRET: z.string().min(1).optional(),
    SLACK_APP_TOKEN: z.string().startsWith("xapp-", "must be an app-level token (xapp-…) with connections:write").optional(),
    /** Tests point the Web API at a loopback fake; Slack's own when absent. */
    SLACK_API_URL: z
      .url({ protocol: /^https?$/ })
      .transform((u) => (u.endsWith("/") ? u : `${u}/`))
      .optional(),
  })
  .refine((s) => s.SLACK_SIGNING_SECRET || s.SLACK_APP_TOKEN, {
    path: ["SLACK_SIGNING_SECRET"],
    message: "is required to verify requests on /slack/events (or set SLACK_APP_TOKEN for Socket Mode)",
  });

export type SlackSettings = z.infer<typeof settingsSchema>;

/**
 * The Slack settings, or null when none is set (Slack is then off). Some but not all of them is a
 * mistake worth stopping for, with the variable named.
 */
export function readSlackSettings(env: Env): SlackSettings | null {
  const source = { SLACK_BOT_TOKEN: env.SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET: env.SLACK_SIGNING_SECRET, SLACK_APP_TOKEN: env.SLACK_APP_TOKEN, SLACK_API_URL: env.SLACK_API_URL };
  if (!source.SLACK_BOT_TOKEN && !source.SLACK_SIGNING_SECRET && !source.SLACK_APP_TOKEN) return null;
  const parsed = settingsSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid Slack settings:\n${lines.join("\n")}`);
  }
  return parsed.data;
}
