// Managed API tokens end to end: created, listed and revoked by the real CLI process, presented to
// the real server on the same database.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { sqliteFilePath } from "../../src/store/client.js";
import { runCli } from "../fixtures/cli.js";
import { DB_KINDS } from "../fixtures/db.js";
import { startApi, TOKEN } from "../fixtures/ingestApi.js";
import { perTest } from "../fixtures/perTest.js";
import { snapshotDb } from "../fixtures/snapshot.js";

const ACME = { name: "Acme Corp", externalId: "crm-1" };
const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/**
 * Whether a file's bytes contain `text`, read by another process: closing any descriptor of an open
 * SQLite file in this one would drop this process's locks on it (POSIX), under the server's feet.
 */
const fileContains = (file: string, text: string) =>
  execFileSync(process.execPath, ["-e", "process.stdout.write(String(require('fs').readFileSync(process.argv[1]).includes(process.argv[2])))", file, text]).toString() === "true";

describe.each(DB_KINDS)("managed API tokens on %s", (kind) => {
  const api = perTest(() => startApi(kind));
  const cli = (...args: string[]) => runCli(api.h.t.url, ...args);

  /** `keepwarm token create --name <name>`: the token it printed. */
  async function createToken(name: string): Promise<string> {
    const run = await cli("token", "create", "--name", name);
    expect(run).toMatchObject({ code: 0, stderr: "" });
    expect(run.stdout).toContain(`Created API token "${name}"`);
    expect(run.stdout).toContain("it will not be shown again");
    const printed: string[] = run.stdout.match(/kw_[A-Za-z0-9_-]{43}/g) ?? [];
    expect(printed).toHaveLength(1);
    return printed[0];
  }

  /** The rows of `keepwarm token list`, as their cells. */
  async function listed(): Promise<string[][]> {
    const run = await cli("token", "list");
    expect(run).toMatchObject({ code: 0, stderr: "" });
    const [header, ...rows] = run.stdout.trimEnd().split("\n");
    expect(header.split(/ {2,}/)).toEqual(["NAME", "CREATED (UTC)", "LAST USED (UTC)", "STATUS"]);
    return rows.map((r) => r.split(/ {2,}/));
  }

  it("create → the token authorises a POST, the database holds only its hash → list shows it used → revoke → 401, nothing written", async () => {
    const token = await createToken("hubspot-backfill");

    const rows = await api.h.db.$queryRawUnsafe<Record<string, unknown>[]>(`SELECT * FROM "ApiToken"`);
    expect(rows).toHaveLength(1);
    for (const [column, value] of Object.entries(rows[0])) {
      expect(String(value), `ApiToken.${column}`).not.toContain(token);
      expect(String(value), `ApiToken.${column}`).not.toContain(token.slice(3));
    }
    expect(rows[0].hash).toBe(createHash("sha256").update(token).digest("hex"));
    if (kind === "sqlite") {
      const file = sqliteFilePath(api.h.t.url);
      const files = [file, `${file}-wal`].filter(existsSync);
      for (const f of files) expect(fileContains(f, token), f).toBe(false);
      expect(files.some((f) => fileContains(f, String(rows[0].hash)))).toBe(true); // the check does read the stored bytes
    }
    expect(await listed()).toEqual([["hubspot-backfill", expect.stringMatching(/^\d{4}-\d\d-\d\d \d\d:\d\d$/), "never", "active"]]);

    const posted = await api.call("accounts", ACME, bearer(token));
    expect(posted.status).toBe(201);
    expect(await api.h.db.account.count()).toBe(1);
    expect(await listed()).toEqual([["hubspot-backfill", expect.any(String), "2026-11-25 15:00", "active"]]);

    const revoked = await cli("token", "revoke", "hubspot-backfill");
    expect(revoked).toMatchObject({ code: 0, stdout: expect.stringContaining('Revoked API token "hubspot-backfill"') });
    const before = await snapshotDb(api.h.db);
    const refused = await api.call("accounts", { ...ACME, segment: "enterprise" }, bearer(token));
    expect(refused).toEqual({ status: 401, body: { error: "unauthorized" } });
    expect(await snapshotDb(api.h.db)).toEqual(before);
    expect(await listed()).toEqual([["hubspot-backfill", expect.any(String), "2026-11-25 15:00", expect.stringMatching(/^revoked \d{4}-/)]]);
  }, 120_000);

  it("an unknown token gets 401 and writes nothing; KEEPWARM_API_TOKEN keeps working beside managed tokens", async () => {
    const managed = await api.h.kw.createApiToken("zendesk-feed");
    const before = await snapshotDb(api.h.db);
    for (const wrong of [`kw_${"A".repeat(43)}`, `${managed.token}x`, managed.token.slice(0, -1), "kw_"]) {
      expect(await api.call("accounts", ACME, bearer(wrong)), wrong).toEqual({ status: 401, body: { error: "unauthorized" } });
    }
    expect(await snapshotDb(api.h.db)).toEqual(before);
    expect((await api.call("accounts", ACME, bearer(TOKEN))).status).toBe(201);
    expect((await api.call("accounts", { ...ACME, segment: "smb" }, bearer(managed.token))).status).toBe(200);
  });

  it("records the last use at most once a minute per token", async () => {
    const { token } = await api.h.kw.createApiToken("feed");
    const lastUsed = async () => (await api.h.kw.apiTokens())[0].lastUsedAt?.toISOString();
    await api.call("accounts", ACME, bearer(token));
    expect(await lastUsed()).toBe("2026-11-25T15:00:00.000Z");
    api.h.clock.set("2026-11-25T15:00:59Z");
    await api.call("accounts", ACME, bearer(token));
    expect(await lastUsed()).toBe("2026-11-25T15:00:00.000Z");
    api.h.clock.set("2026-11-25T15:01:00Z");
    await api.call("accounts", ACME, bearer(token));
    expect(await lastUsed()).toBe("2026-11-25T15:01:00.000Z");
    // The environment's token is not a managed one: nothing is recorded for it.
    api.h.clock.set("2026-11-25T16:00:00Z");
    await api.call("accounts", ACME, bearer(TOKEN));
    expect(await lastUsed()).toBe("2026-11-25T15:01:00.000Z");
  });

  it("refuses a name taken at the same moment by another create", async () => {
    const results = await Promise.allSettled([api.h.kw.createApiToken("twice"), api.h.kw.createApiToken("twice")]);
    expect(results.map((r) => r.status).sort()).toEqual(["fulfilled", "rejected"]);
    const refused = results.find((r) => r.status === "rejected") as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: "conflict", message: expect.stringContaining('An API token named "twice" already exists') });
    expect(await api.h.db.apiToken.count()).toBe(1);
  });
});

describe("keepwarm token: refusals (exit code 2, nothing stored)", () => {
  const api = perTest(() => startApi("sqlite"));
  const cli = (...args: string[]) => runCli(api.h.t.url, ...args);

  it("a duplicate name, active or revoked; a malformed name; no name; revoking an unknown name", async () => {
    await api.h.kw.createApiToken("hubspot-backfill");
    await api.h.kw.createApiToken("old-feed");
    await api.h.kw.revokeApiToken("old-feed");

    const duplicate = await cli("token", "create", "--name", "hubspot-backfill");
    expect(duplicate.code).toBe(2);
    expect(duplicate.stdout).toContain('An API token named "hubspot-backfill" already exists');
    expect(duplicate.stdout).not.toMatch(/kw_/);
    const reused = await cli("token", "create", "--name", "old-feed");
    expect(reused.code).toBe(2);
    expect(reused.stdout).toContain('An API token named "old-feed" existed and was revoked on');

    const malformed = await cli("token", "create", "--name", "HubSpot_Backfill");
    expect(malformed.code).toBe(2);
    expect(malformed.stdout).toContain('"HubSpot_Backfill" is not a token name: use 1–64 lowercase letters, digits and dashes');
    const unnamed = await cli("token", "create");
    expect(unnamed.code).toBe(2);
    expect(unnamed.stderr).toContain("required option '--name <name>' not specified");

    const unknown = await cli("token", "revoke", "hubspot-backfil");
    expect(unknown.code).toBe(2);
    expect(unknown.stdout).toContain('No API token is named "hubspot-backfil".\n  Did you mean "hubspot-backfill"?');
    expect(unknown.stderr).toBe("");

    expect(await api.h.db.apiToken.findMany({ select: { name: true, revokedAt: true }, orderBy: { name: "asc" } })).toEqual([
      { name: "hubspot-backfill", revokedAt: null },
      { name: "old-feed", revokedAt: expect.any(Date) },
    ]);
  }, 120_000);
});
