import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import cron from "node-cron";
import { z } from "zod";
import { policySchema, type Policy } from "../rules/index.js";
import { isValidTimeZone } from "../rules/time.js";
import { connectorsSchema } from "./connectors.js";
import { ConfigError } from "./env.js";

export type { ConnectorsConfig } from "./connectors.js";

const cronExpression = z.string().refine((e) => cron.validate(e), "not a valid cron expression");

export const configFileSchema = z
  .object({
    $schema: z.string().optional(),
    policy: policySchema.prefault({}),
    schedules: z
      .object({
        /** How often the nudge scan runs. */
        scan: cronExpression.default("*/15 * * * *"),
        /** How often the delivery outbox is drained. */
        deliver: cronExpression.default("* * * * *"),
        /** How often channel digest schedules are checked (each channel has its own local time). */
        digests: cronExpression.default("* * * * *"),
        /** How often the connectors' inbox is drained (also at once after each webhook); seconds allowed. */
        inbox: cronExpression.default("*/15 * * * * *"),
      })
      .strict()
      .prefault({}),
    delivery: z
      .object({
        /** More new nudges than this for one channel in one pass arrive as one grouped message. */
        groupAbove: z.number().int().min(1).default(3),
        /** Messages per second per channel (Slack allows about one). */
        perChannelPerSecond: z.number().positive().default(1),
      })
      .strict()
      .prefault({}),
    people: z
      .object({
        /** The role a chat user gets the first time they use Keepwarm. */
        defaultRole: z.enum(["viewer", "rep", "manager", "admin"]).default("rep"),
        /** Emails of people who are admins from their first use (so someone can hand out roles). */
        admins: z.array(z.email()).default([]),
      })
      .strict()
      .prefault({}),
    connectors: connectorsSchema.prefault({}),
    sharedChannels: z
      .object({
        /** At most one touchpoint per direction per account in each window of this many minutes (counted from midnight UTC: the default is each clock hour). */
        windowMinutes: z.number().int().min(1).max(1440).default(60),
      })
      .strict()
      .prefault({}),
    /** Time zone for accounts and channels that do not name one. */
    defaultTimeZone: z.string().default("UTC"),
  })
  .strict()
  .superRefine((c, ctx) => {
    if (!isValidTimeZone(c.defaultTimeZone)) {
      ctx.addIssue({ code: "custom", path: ["defaultTimeZone"], message: `unknown IANA time zone "${c.defaultTimeZone}"` });
    }
  });

export type ConfigFile = z.infer<typeof configFileSchema>;
export type AppConfig = ConfigFile & { source: string };
export { type Policy };

export const DEFAULT_CONFIG_FILE = "keepwarm.config.json";

/** Reads keepwarm.config.json (or the given path); defaults when absent; names the field when wrong. */
export function loadConfigFile(explicitPath: string | undefined, cwd = process.cwd()): AppConfig {
  const file = path.resolve(cwd, explicitPath ?? DEFAULT_CONFIG_FILE);
  if (!existsSync(file)) {
    if (explicitPath) throw new ConfigError(`Config file not found: ${file}`);
    return { ...configFileSchema.parse({}), source: "defaults (no keepwarm.config.json)" };
  }
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, "utf8"));
  } catch (err) {
    throw new ConfigError(`${file} is not valid JSON: ${(err as Error).message}`);
  }
  return { ...parseConfig(raw, file), source: file };
}

export function parseConfig(raw: unknown, label = "config"): ConfigFile {
  const parsed = configFileSchema.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.length ? i.path.join(".") : "(top level)"}: ${i.message}`);
    throw new ConfigError(`Invalid ${label}:\n${lines.join("\n")}`);
  }
  return parsed.data;
}
