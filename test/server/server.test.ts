import { describe, expect, it } from "vitest";
import { consoleNotifier, CONSOLE_CHANNEL_ID } from "../../src/delivery/console.js";
import { silentLogger } from "../../src/logging.js";
import { fakeChannels } from "../fakes/channels.js";
import { capturingLogger } from "../fakes/logger.js";
import { createHarness, openReplica, serve } from "../fixtures/harness.js";
import { perTest, replaceFixture } from "../fixtures/perTest.js";
import { addAccount } from "../fixtures/seed.js";

const h = perTest(() => createHarness("sqlite"));

describe("the HTTP server", () => {
  it("answers /healthz after checking the database", async () => {
    const server = await serve(h);
    const res = await fetch(`${server.url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ status: "ok", database: "sqlite", platforms: ["console"] });
  });

  it("mounts the ingestion API without any token configured, refusing every request with 401 and writing nothing; the log says how to open it", async () => {
    const { log, lines } = capturingLogger();
    const { kw } = await openReplica(h, { log, connection: "shared" });
    const server = await serve(h, {}, kw);
    for (const authorization of ["", "Bearer anything", "Bearer kw_unknown"]) {
      const res = await fetch(`${server.url}/api/v1/accounts`, { method: "POST", headers: { "content-type": "application/json", authorization }, body: JSON.stringify({ name: "Acme Corp" }) });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ error: "unauthorized" });
    }
    expect(await h.db.account.count()).toBe(0);
    expect(lines).toContainEqual(expect.objectContaining({ envToken: false, managedTokens: 0, msg: expect.stringContaining("keepwarm token create --name <name>") }));
  });

  it("without a chat platform, binds the console channel and delivers the loop there", async () => {
    const printed: string[] = [];
    h.kw.registerNotifier("console", consoleNotifier(silentLogger, (t) => printed.push(t)));
    await serve(h);
    const binding = await h.db.channelBinding.findUniqueOrThrow({ where: { platform_channelId: { platform: "console", channelId: CONSOLE_CHANNEL_ID } } });
    expect(binding).toMatchObject({ scope: "all", digestCadence: "daily" });

    await addAccount(h.db, h.clock.now, "Acme Corp", { touchDaysAgo: 50 });
    await h.kw.scan();
    const result = await h.kw.deliver();
    expect(result.sent).toBe(1);
    expect(printed.join("\n")).toMatch(/Stale contact: Acme Corp/);
  });

  it("does not bind the console channel when a chat platform is configured", async () => {
    h.kw.registerNotifier("slack", fakeChannels().notifier);
    await serve(h);
    expect(await h.db.channelBinding.count()).toBe(0);
  });
});

describe("the server with the Teams adapter in local mode", () => {
  it("still binds the console stand-in: an emulator-mode bot is not a chat platform", async () => {
    const { createTeamsAdapter } = await import("../../src/teams/index.js");
    const teams = await createTeamsAdapter(h.kw, h.env);
    expect(teams.localMode).toBe(true);
    await serve(h, { adapters: [teams] });
    expect(await h.db.channelBinding.count({ where: { platform: "console" } })).toBe(1);
    expect(h.kw.platforms().sort()).toEqual(["console", "teams"]);
  });
});

describe("Teams credentials", () => {
  it("a single-tenant bot id without its tenant stops start-up naming the variable", async () => {
    const { createTeamsAdapter } = await import("../../src/teams/index.js");
    const { ConfigError } = await import("../../src/config/env.js");
    await replaceFixture(h, () => createHarness("sqlite", {}, { MICROSOFT_APP_ID: "11111111-1111-1111-1111-111111111111", MICROSOFT_APP_PASSWORD: "secret" }));
    const failure = await createTeamsAdapter(h.kw, h.env).then(() => null, (err: Error) => err);
    expect(failure).toBeInstanceOf(ConfigError);
    expect(failure?.message).toMatch(/MICROSOFT_APP_TENANT_ID is required when MICROSOFT_APP_TYPE=SingleTenant/);
  });
});
