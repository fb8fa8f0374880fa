import { execFile } from "node:child_process";
import { readdirSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { databaseKind } from "./client.js";

const run = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/**
 * Applies the committed migrations for the database DATABASE_URL names (`prisma migrate deploy`).
 * Prisma's migration engine is only reachable through its CLI; it ships in our dependencies.
 */
export async function migrateDatabase(url: string): Promise<string> {
  const prismaCli = createRequire(import.meta.url).resolve("prisma/build/index.js");
  const { stdout } = await run(process.execPath, [prismaCli, "migrate", "deploy"], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    maxBuffer: 10 * 1024 * 1024,
  });
  return stdout;
}

/** How many committed migrations the database has not applied yet (all of them for a new database). */
export async function pendingMigrations(db: { $queryRawUnsafe<T>(q: string): Promise<T> }, url: string): Promise<number> {
  const dir = path.join(repoRoot, "prisma", databaseKind(url), "migrations");
  const committed = readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory()).length;
  try {
    const rows = await db.$queryRawUnsafe<{ n: number | bigint }[]>("SELECT COUNT(*) AS n FROM _prisma_migrations WHERE finished_at IS NOT NULL");
    return committed - Number(rows[0].n);
  } catch {
    return committed; // no migrations table yet
  }
}
