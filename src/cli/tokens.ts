/**
 * `keepwarm token create --name <name>`, `keepwarm token list`, `keepwarm token revoke <name>`: the
 * managed tokens of the ingestion API. Exit codes: 0 done, 2 a usage mistake or a refusal.
 */
import { Command } from "commander";
import { isAppError } from "../domain/errors.js";
import type { ApiTokenInfo } from "../ingest/apiTokens.js";
import { openKeepwarm } from "../startup.js";
import { print } from "./output.js";

type Keepwarm = Awaited<ReturnType<typeof openKeepwarm>>;

export function tokenCommand(): Command {
  const token = new Command("token")
    .description("API tokens for the ingestion API (/api/v1): create, list, revoke")
    .showHelpAfterError()
    // Commander exits 1 on a usage mistake; here every refusal is 2. Subcommands inherit this.
    .exitOverride((err) => process.exit(err.exitCode === 0 ? 0 : 2));
  token
    .command("create")
    .description("create a token and print it, once (only its hash is stored)")
    .requiredOption("--name <name>", "what it is for: lowercase letters, digits and dashes, e.g. hubspot-backfill")
    .action((opts: { name: string }) => withKeepwarm((kw) => create(kw, opts.name)));
  token.command("list").description("every token: name, created, last used, revoked").action(() => withKeepwarm(list));
  token
    .command("revoke")
    .description("revoke a token: requests with it get 401 from now on")
    .argument("<name>", "the token's name (see token list)")
    .action((name: string) => withKeepwarm((kw) => revoke(kw, name)));
  return token;
}

async function withKeepwarm(run: (kw: Keepwarm) => Promise<void>): Promise<void> {
  const kw = await openKeepwarm();
  try {
    await run(kw);
  } catch (err) {
    if (!isAppError(err)) throw err;
    print(err.message);
    for (const hint of err.hints) print(`  ${hint}`);
    process.exitCode = 2;
  } finally {
    await kw.close();
  }
}

async function create(kw: Keepwarm, name: string): Promise<void> {
  const created = await kw.createApiToken(name);
  print(`Created API token "${created.name}":`);
  print();
  print(`  ${created.token}`);
  print();
  print("Copy it now: it will not be shown again (Keepwarm keeps only its hash).");
  print("Send it as `Authorization: Bearer <token>` to /api/v1; `keepwarm token revoke " + created.name + "` ends it.");
}

async function list(kw: Keepwarm): Promise<void> {
  const tokens = await kw.apiTokens();
  if (tokens.length === 0) return void print("No API tokens yet. Create one with `keepwarm token create --name <name>`.");
  printTable(["NAME", "CREATED (UTC)", "LAST USED (UTC)", "STATUS"], tokens.map(row));
}

function row(t: ApiTokenInfo): string[] {
  return [t.name, minute(t.createdAt), t.lastUsedAt ? minute(t.lastUsedAt) : "never", t.revokedAt ? `revoked ${minute(t.revokedAt)}` : "active"];
}

async function revoke(kw: Keepwarm, name: string): Promise<void> {
  const revoked = await kw.revokeApiToken(name);
  if (revoked.alreadyRevoked) print(`API token "${name}" was already revoked (${minute(revoked.revokedAt!)} UTC); nothing changed.`);
  else print(`Revoked API token "${name}": requests with it get 401 from now on.`);
}

/** "2026-11-25 15:00" */
const minute = (d: Date) => d.toISOString().slice(0, 16).replace("T", " ");

function printTable(header: string[], rows: string[][]): void {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  for (const cells of [header, ...rows]) print(cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join("  "));
}
