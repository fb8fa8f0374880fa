/**
 * Who may call the ingestion API: managed tokens (`keepwarm token create|list|revoke`), of which the
 * database keeps only the SHA-256 hash, and the shared secret in KEEPWARM_API_TOKEN. A revoked token
 * stays listed, by its name, so the record of what called the API stays readable.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { AppError } from "../domain/errors.js";
import type { Logger } from "../logging.js";
import type { Db } from "../store/client.js";
import { isUniqueViolation } from "../store/errors.js";
import { closest } from "./issues.js";

/** Managed tokens start with it, so a person (or a secret scanner) recognises one. */
export const TOKEN_PREFIX = "kw_";
/** lastUsedAt is written at most this often per token, not on every request. */
export const LAST_USED_RESOLUTION_MS = 60_000;

/** Not starting with a dash, so `keepwarm token revoke <name>` never reads a name as an option. */
export const tokenNameSchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{0,63}$/, "use 1–64 lowercase letters, digits and dashes, starting with a letter or digit (e.g. hubspot-backfill)");

export interface ApiTokenInfo {
  name: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

export interface CreatedApiToken extends ApiTokenInfo {
  /** The token itself: shown once, never stored. */
  token: string;
}

export interface RevokedApiToken extends ApiTokenInfo {
  /** It was revoked before this call; nothing changed. */
  alreadyRevoked: boolean;
}

/** Which credential a request presented; null when it presented none that is valid. */
export type TokenMatch = { source: "env" } | { source: "managed"; name: string } | null;

const INFO = { name: true, createdAt: true, lastUsedAt: true, revokedAt: true } as const;

export const hashToken = (token: string): string => createHash("sha256").update(token, "utf8").digest("hex");

export async function createApiToken(db: Db, name: string, now: Date): Promise<CreatedApiToken> {
  const parsed = tokenNameSchema.safeParse(name);
  if (!parsed.success) throw new AppError("invalid_argument", `"${name}" is not a token name: ${parsed.error.issues[0].message}.`);
  const existing = await db.apiToken.findUnique({ where: { name }, select: INFO });
  if (existing) throw nameTaken(existing);
  const token = `${TOKEN_PREFIX}${randomBytes(32).toString("base64url")}`;
  try {
    const created = await db.apiToken.create({ data: { name, hash: hashToken(token), createdAt: now }, select: INFO });
    return { ...created, token };
  } catch (err) {
    // Another `token create` with the same name got there first.
    const winner = isUniqueViolation(err) ? await db.apiToken.findUnique({ where: { name }, select: INFO }) : null;
    throw winner ? nameTaken(winner) : err;
  }
}

function nameTaken(token: ApiTokenInfo): AppError {
  if (token.revokedAt) {
    return new AppError("conflict", `An API token named "${token.name}" existed and was revoked on ${token.revokedAt.toISOString()}.`, [
      "Names are not reused, so the list keeps telling tokens apart: pick another name.",
    ]);
  }
  return new AppError("conflict", `An API token named "${token.name}" already exists (created ${token.createdAt.toISOString()}).`, [
    `Pick another name. To replace it: create the new one, switch the sender over, then \`keepwarm token revoke ${token.name}\`.`,
  ]);
}

/** Every token, active and revoked, oldest first. */
export function listApiTokens(db: Db): Promise<ApiTokenInfo[]> {
  return db.apiToken.findMany({ select: INFO, orderBy: [{ createdAt: "asc" }, { name: "asc" }] });
}

export async function revokeApiToken(db: Db, name: string, now: Date): Promise<RevokedApiToken> {
  const revoked = await db.apiToken.updateMany({ where: { name, revokedAt: null }, data: { revokedAt: now } });
  const token = await db.apiToken.findUnique({ where: { name }, select: INFO });
  if (token) return { ...token, alreadyRevoked: revoked.count === 0 };
  const names = (await db.apiToken.findMany({ select: { name: true } })).map((t) => t.name);
  const meant = closest(name, names);
  throw new AppError("not_found", `No API token is named "${name}".`, [meant ? `Did you mean "${meant}"?` : "`keepwarm token list` shows them."]);
}

/** How many managed tokens can be used now (for the start-up log line). */
export function countActiveApiTokens(db: Db): Promise<number> {
  return db.apiToken.count({ where: { revokedAt: null } });
}

export interface VerifierOptions {
  /** KEEPWARM_API_TOKEN, when set. */
  envToken?: string;
  now: () => Date;
  logger: Logger;
}

/**
 * Checks a presented bearer token: the environment's by constant-time comparison of hashes, a
 * managed one by its hash (looked up in the database on every request, so a revocation from the CLI
 * holds at once, on every replica).
 */
export function apiTokenVerifier(db: Db, opts: VerifierOptions): (presented: string) => Promise<TokenMatch> {
  const envHash = opts.envToken ? sha256(opts.envToken) : null;
  return async (presented) => {
    if (envHash && timingSafeEqual(sha256(presented), envHash)) return { source: "env" };
    if (!presented.startsWith(TOKEN_PREFIX)) return null;
    const token = await db.apiToken.findUnique({ where: { hash: hashToken(presented) }, select: { id: true, name: true, lastUsedAt: true, revokedAt: true } });
    if (!token) return null;
    if (token.revokedAt) {
      opts.logger.warn({ token: token.name, revokedAt: token.revokedAt }, "a revoked API token was presented");
      return null;
    }
    await noteUse(db, token, opts);
    return { source: "managed", name: token.name };
  };
}

/** Moves lastUsedAt when it is older than the resolution; conditional, so replicas agree too. */
async function noteUse(db: Db, token: { id: string; name: string; lastUsedAt: Date | null }, opts: VerifierOptions): Promise<void> {
  const now = opts.now();
  const stale = new Date(now.getTime() - LAST_USED_RESOLUTION_MS);
  if (token.lastUsedAt && token.lastUsedAt > stale) return;
  try {
    await db.apiToken.updateMany({ where: { id: token.id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lte: stale } }] }, data: { lastUsedAt: now } });
  } catch (err) {
    // Bookkeeping: the request itself is authorised either way.
    opts.logger.warn({ err, token: token.name }, "could not record an API token's last use");
  }
}

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest();
