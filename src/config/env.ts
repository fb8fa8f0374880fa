// The one place process.env is read. Everything else receives an Env.
import path from "node:path";
import { z } from "zod";
import { isSalesforceId } from "../domain/sources.js";
import { DEFAULT_DATABASE_URL, databaseKind } from "../store/client.js";

const optionalString = z
  .string()
  .optional()
  .transform((v) => (v && v.trim() !== "" ? v.trim() : undefined));

export const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .default(DEFAULT_DATABASE_URL)
    .refine((u) => /^(file:|postgres(ql)?:\/\/)/.test(u), "must start with file: (SQLite) or postgresql://"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  KEEPWARM_CONFIG: optionalString,
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** A shared secret the ingestion API accepts (Authorization: Bearer …), besides the managed tokens (`keepwarm token create`). */
  KEEPWARM_API_TOKEN: optionalString,
  /** Who the CLI acts as: an email or name of a Person; defaults to a local admin. */
  KEEPWARM_USER: optionalString,
  SLACK_SIGNING_SECRET: optionalString,
  SLACK_BOT_TOKEN: optionalString,
  SLACK_APP_TOKEN: optionalString,
  SLACK_API_URL: optionalString,
  MICROSOFT_APP_ID: optionalString,
  MICROSOFT_APP_PASSWORD: optionalString,
  // Azure has created only single-tenant and managed-identity bots since July 2025.
  MICROSOFT_APP_TYPE: z.enum(["MultiTenant", "SingleTenant", "UserAssignedMSI"]).default("SingleTenant"),
  MICROSOFT_APP_TENANT_ID: optionalString,
  /** Where vendors reach this server (https://keepwarm.example.com): the URL HubSpot signs. */
  KEEPWARM_PUBLIC_URL: z
    .url({ protocol: /^https?$/ })
    .optional()
    .or(z.literal("").transform(() => undefined)),
  /** Zendesk → Admin Center → Webhooks → the webhook → Signing secret: turns on POST /connectors/zendesk. */
  ZENDESK_WEBHOOK_SECRET: optionalString,
  /** HubSpot app → Auth → Client secret: verifies POST /connectors/hubspot (signatures v1, v2, v3). */
  HUBSPOT_CLIENT_SECRET: optionalString,
  /** A private app's (or the app's) access token: reads companies, owners and engagements. */
  HUBSPOT_ACCESS_TOKEN: optionalString,
  HUBSPOT_API_URL: z.url({ protocol: /^https?$/ }).default("https://api.hubapi.com"),
  /** Salesforce → Setup → Company Information → Salesforce.com Organization ID (15 or 18 characters). */
  /** Turns on email capture: the port Keepwarm's SMTP listener takes mail on (25 behind an MX record, or 2525 behind a forward rule). */
  SMTP_PORT: z.coerce.number().int().min(0).max(65535).optional().or(z.literal("").transform(() => undefined)),
  /** The address the SMTP listener binds to (default every interface). */
  SMTP_HOST: optionalString,
  /** PEM files for STARTTLS; both or neither. */
  SMTP_TLS_KEY: optionalString,
  SMTP_TLS_CERT: optionalString,
  /** "true": mail is taken only after AUTH with a token from `keepwarm token create` (any user name, the token as password). */
  SMTP_REQUIRE_AUTH: z.enum(["true", "false"]).default("false").transform((v) => v === "true"),
  /** The largest message taken, in bytes; larger ones get 552. */
  SMTP_MAX_BYTES: z.coerce.number().int().min(1024).default(10 * 1024 * 1024),
  SALESFORCE_ORG_ID: optionalString.refine((v) => v === undefined || isSalesforceId(v), "expected the 15- or 18-character Organization ID (Setup → Company Information)"),
});

export type Env = z.infer<typeof envSchema>;

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ConfigError";
  }
}

/**
 * The process environment with `defaults` under it and `overrides` over it, validated.
 * (The CLI logs only warnings unless LOG_LEVEL says otherwise; the demo names its own database.)
 */
export function readProcessEnv(defaults: Record<string, string> = {}, overrides: Record<string, string> = {}): Env {
  return loadEnv({ ...defaults, ...process.env, ...overrides });
}

/** Parses the environment, failing with the variable's name. Relative SQLite paths become absolute. */
export function loadEnv(source: Record<string, string | undefined> = process.env, cwd = process.cwd()): Env {
  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new ConfigError(`Invalid environment:\n${lines.join("\n")}`);
  }
  const env = parsed.data;
  if (Boolean(env.SMTP_TLS_KEY) !== Boolean(env.SMTP_TLS_CERT)) throw new ConfigError("Invalid environment:\n  SMTP_TLS_KEY and SMTP_TLS_CERT: set both (STARTTLS) or neither");
  if (databaseKind(env.DATABASE_URL) === "sqlite") {
    const file = env.DATABASE_URL.replace(/^file:/, "");
    if (file !== ":memory:") env.DATABASE_URL = `file:${path.resolve(cwd, file)}`;
  }
  return env;
}
