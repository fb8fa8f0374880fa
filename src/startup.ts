// Start-up for the two entry points (the server, src/server/main.ts, and the CLI, src/cli/main.ts):
// the environment and the policy file validated, the database opened and migrated, a Keepwarm.
import { loadConfigFile } from "./config/file.js";
import { ConfigError, readProcessEnv, type Env } from "./config/env.js";
import { Keepwarm } from "./keepwarm.js";
import { createLogger } from "./logging.js";
import { openDb } from "./store/client.js";
import { migrateDatabase, pendingMigrations } from "./store/migrate.js";

export interface StartupOptions {
  /** Overrides DATABASE_URL (the demo uses its own file). */
  databaseUrl?: string;
  clock?: () => Date;
  /** The server logs at LOG_LEVEL (default info), pretty on a terminal; the CLI only warns unless told otherwise. */
  server?: boolean;
  /** The environment, when the caller has read it already (the server hands it to the chat adapters too). */
  env?: Env;
}

/**
 * Environment and config file, validated; the database opened and migrated if it is new or behind
 * (the embedded SQLite default needs no set-up at all).
 */
export async function openKeepwarm(opts: StartupOptions = {}): Promise<Keepwarm> {
  const env: Env = opts.env ?? readProcessEnv(opts.server ? {} : { LOG_LEVEL: "warn" }, opts.databaseUrl ? { DATABASE_URL: opts.databaseUrl } : {});
  const config = loadConfigFile(env.KEEPWARM_CONFIG);
  const log = createLogger(env.LOG_LEVEL, opts.server ? undefined : false);
  let db = await openDb(env.DATABASE_URL);
  if ((await pendingMigrations(db, env.DATABASE_URL)) > 0) {
    // Prisma's migration engine runs in a child process; our open SQLite connection would make it wait on the file lock.
    await db.$disconnect();
    await migrateDatabase(env.DATABASE_URL);
    db = await openDb(env.DATABASE_URL);
  }
  return Keepwarm.open({ env, config, log, db, clock: opts.clock });
}

/** Turns expected failures into one readable line and an exit code; the unexpected keep their stack. */
export function exitOnError(err: unknown): never {
  if (err instanceof ConfigError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(78); // EX_CONFIG
  }
  process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
  process.exit(1);
}
