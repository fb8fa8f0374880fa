#!/usr/bin/env node
// `npm run db:migration -- <name>`: authors the next migration for BOTH providers from prisma/models.prisma,
// without `prisma migrate dev` (its shadow database does not work with the WASM schema engine).
//
// For SQLite (a temp-file database) and PostgreSQL (a scratch database this script creates on
// TEST_PG_ADMIN_URL and always drops): replay the committed migrations (`migrate reset`), introspect
// (`db pull --print` + fix-pulled-enums), diff against the generated schema (`migrate diff --script`;
// `--from-empty` when there are no migrations yet). Writes
//   prisma/sqlite/migrations/<ts>_<name>/migration.sql and prisma/postgres/migrations/<ts>_<name>/migration.sql
// with the same timestamp, or nothing: "No schema changes" when neither differs, an error when only one does.
import { execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import pg from "pg";
import { fixPulledEnums } from "./fix-pulled-enums.mjs";

const run = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const prismaCli = createRequire(import.meta.url).resolve("prisma/build/index.js");
const PG_ADMIN_URL = process.env.TEST_PG_ADMIN_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres";
const PROVIDERS = [
  { kind: "sqlite", provider: "sqlite" },
  { kind: "postgres", provider: "postgresql" },
];

class UsageError extends Error {}

const running = new Set(); // Prisma CLI processes, ended on Ctrl-C before the scratch database is dropped

/** Runs the Prisma CLI against one database (prisma.config.ts picks schema and migrations from the URL). */
async function prisma(args, url) {
  const pending = run(process.execPath, [prismaCli, ...args], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    maxBuffer: 1 << 26,
  });
  running.add(pending.child);
  try {
    return await pending;
  } catch (err) {
    throw new Error(`prisma ${args.join(" ")} failed (DATABASE_URL=${url}):\n${err.stderr || err.stdout || err.message}`);
  } finally {
    running.delete(pending.child);
  }
}

const statements = (sql) => sql.split("\n").filter((l) => l.trim() !== "" && !l.trim().startsWith("--"));
const committedMigrations = (dir) =>
  existsSync(dir) ? readdirSync(dir, { withFileTypes: true }).filter((d) => d.isDirectory() && existsSync(path.join(dir, d.name, "migration.sql"))).map((d) => d.name).sort() : [];

/** The SQL that takes a database with the committed migrations of `kind` to its schema. */
async function diffFor(kind, url, tmp) {
  const dir = path.join(repoRoot, "prisma", kind);
  const schema = path.join(dir, "schema.prisma");
  let from = ["--from-empty"];
  if (committedMigrations(path.join(dir, "migrations")).length > 0) {
    await prisma(["migrate", "reset", "--force", "--skip-generate", "--skip-seed"], url); // 1. replay committed migrations
    const { stdout } = await prisma(["db", "pull", "--print"], url); // 2. introspect
    const start = stdout.search(/^generator /m);
    if (start < 0) throw new Error(`prisma db pull --print printed no schema for ${kind}:\n${stdout}`);
    const base = path.join(tmp, `${kind}-base.prisma`);
    writeFileSync(base, fixPulledEnums(stdout.slice(start)));
    from = ["--from-schema-datamodel", base];
  }
  const { stdout } = await prisma(["migrate", "diff", ...from, "--to-schema-datamodel", schema, "--script"], url); // 3. diff
  return stdout.replace(/\n+$/, "");
}

function withDatabase(url, database) {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

function timestamp(d = new Date()) {
  return d.toISOString().replace(/[-:T]/g, "").slice(0, 14); // YYYYMMDDHHMMSS, UTC, like prisma migrate dev
}

async function main() {
  const args = process.argv.slice(2);
  if (args.length !== 1 || args[0] === "-h" || args[0] === "--help") throw new UsageError("usage: npm run db:migration -- <name>   (lowercase letters, digits and underscores, e.g. add_owner_email)");
  const name = args[0];
  if (!/^[a-z0-9_]+$/.test(name)) throw new UsageError(`invalid migration name ${JSON.stringify(name)}: use lowercase letters, digits and underscores only (e.g. add_owner_email)`);

  process.chdir(repoRoot);
  await run(process.execPath, [path.join(repoRoot, "scripts/gen-schemas.mjs")], { cwd: repoRoot }); // regenerate both provider schemas

  const tmp = mkdtempSync(path.join(tmpdir(), "keepwarm-migration-"));
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  const scratch = `keepwarm_migration_${process.pid}_${Date.now().toString(36)}`;
  let created = false;
  let cleaning;
  // once, whichever comes first: the end of the run, a failure or Ctrl-C
  const cleanup = () =>
    (cleaning ??= (async () => {
      if (created) await admin.query(`DROP DATABASE IF EXISTS "${scratch}" WITH (FORCE)`).catch((err) => console.error(`could not drop the scratch database ${scratch}: ${err.message}`));
      await admin.end().catch(() => undefined);
      rmSync(tmp, { recursive: true, force: true });
    })());
  const onSignal = (signal) => {
    console.error(`\n${signal}: dropping the scratch database`);
    for (const child of running) child.kill("SIGTERM");
    void cleanup().finally(() => process.exit(130));
  };
  process.once("SIGINT", onSignal);
  process.once("SIGTERM", onSignal);

  const sql = {};
  try {
    try {
      await admin.connect();
    } catch (err) {
      throw new Error(`PostgreSQL is needed for the postgres migration at ${PG_ADMIN_URL} (${err.message}); set TEST_PG_ADMIN_URL or start it: pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start`);
    }
    await admin.query(`CREATE DATABASE "${scratch}"`);
    created = true;
    const urls = { sqlite: `file:${path.join(tmp, "base.db")}`, postgres: withDatabase(PG_ADMIN_URL, scratch) };
    const results = await Promise.allSettled(PROVIDERS.map(({ kind }) => diffFor(kind, urls[kind], tmp)));
    const failures = results.filter((r) => r.status === "rejected").map((r) => r.reason.message);
    if (failures.length) throw new Error(failures.join("\n\n"));
    PROVIDERS.forEach(({ kind }, i) => (sql[kind] = results[i].value));
  } finally {
    await cleanup();
    process.off("SIGINT", onSignal);
    process.off("SIGTERM", onSignal);
  }

  const changed = PROVIDERS.filter(({ kind }) => statements(sql[kind]).length > 0);
  if (changed.length === 0) {
    console.log("No schema changes: the committed sqlite and postgres migrations already produce prisma/models.prisma. Nothing written.");
    return;
  }
  if (changed.length !== PROVIDERS.length) {
    const [only] = changed;
    const other = PROVIDERS.find((p) => p !== only);
    throw new Error(
      `Only the ${only.kind} schema differs from its committed migrations; the ${other.kind} migrations already match it. ` +
        `The two migration folders are out of lockstep (a migration committed for one provider only?). Nothing written.\n` +
        `${only.kind} diff:\n${sql[only.kind]}`,
    );
  }

  const folder = `${timestamp()}_${name}`;
  for (const { kind } of PROVIDERS) {
    const dir = path.join("prisma", kind, "migrations");
    const existing = committedMigrations(dir);
    const twin = existing.find((m) => m.replace(/^\d+_/, "") === name);
    if (twin) throw new Error(`${dir}/${twin} already has the name ${name}: pick another. Nothing written.`);
    const later = existing.find((m) => m >= folder);
    if (later) throw new Error(`${dir}/${later} sorts after the new ${folder} (clock behind?): Prisma applies migrations in name order. Nothing written.`);
  }
  const written = [];
  try {
    for (const { kind, provider } of PROVIDERS) {
      const dir = path.join("prisma", kind, "migrations");
      mkdirSync(path.join(dir, folder), { recursive: true });
      written.push(path.join(dir, folder));
      writeFileSync(path.join(dir, folder, "migration.sql"), `${sql[kind]}\n`);
      const lock = path.join(dir, "migration_lock.toml");
      if (!existsSync(lock)) writeFileSync(lock, `# Please do not edit this file manually\nprovider = "${provider}"\n`);
    }
  } catch (err) {
    for (const dir of written) rmSync(dir, { recursive: true, force: true });
    throw err;
  }
  for (const dir of written) console.log(`Created ${dir}/migration.sql`);
  console.log("Review both, then `npm run db:generate` to refresh the clients.");
}

main().catch((err) => {
  console.error(err instanceof UsageError ? err.message : `error: ${err.message}`);
  process.exit(err instanceof UsageError ? 2 : 1);
});
