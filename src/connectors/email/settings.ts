import { readFileSync } from "node:fs";
import type { Env } from "../../config/env.js";

export interface EmailSettings {
  port: number;
  host: string;
  /** PEM key and certificate for STARTTLS, read at start; null: no STARTTLS offered. */
  tls: { key: Buffer; cert: Buffer } | null;
  /** Mail only after AUTH with a Keepwarm API token. */
  requireAuth: boolean;
  maxBytes: number;
}

export const EMAIL_VARIABLES = ["SMTP_PORT"] as const;

/** Email capture is on when SMTP_PORT is set. */
export function emailSettings(env: Env): EmailSettings | null {
  if (env.SMTP_PORT === undefined) return null;
  const tls = env.SMTP_TLS_KEY && env.SMTP_TLS_CERT ? { key: readFileSync(env.SMTP_TLS_KEY), cert: readFileSync(env.SMTP_TLS_CERT) } : null;
  return { port: env.SMTP_PORT, host: env.SMTP_HOST ?? "0.0.0.0", tls, requireAuth: env.SMTP_REQUIRE_AUTH, maxBytes: env.SMTP_MAX_BYTES };
}
