// Slash commands through the real endpoint: signature checks, ephemeral replies by response_url,
// channel announcements, usage messages that write nothing, and the manifest's commands all answered.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { perTest } from "../fixtures/perTest.js";
import { addAccount } from "../fixtures/seed.js";
import { blockText, CHANNEL, MIA, RITA, slackHarness } from "../fixtures/slack.js";
import { snapshotDb } from "../fixtures/snapshot.js";

const h = perTest(() => slackHarness("sqlite"));

describe("request verification", () => {
  it("rejects a forged signature, a timestamp over 5 minutes old and a missing signature with 401, changing nothing", async () => {
    await addAccount(h.db, h.clock.now, "Acme Corp", { touchDaysAgo: 35 });
    const before = await snapshotDb(h.db);
    const forged = await h.slash("/touch", '"Acme Corp" call forged', { sign: { secret: "not-the-secret" } });
    const stale = await h.slash("/touch", '"Acme Corp" call replayed', { sign: { timestamp: Math.floor(Date.now() / 1000) - 5 * 60 - 10 } });
    const unsigned = await h.slash("/touch", '"Acme Corp" call unsigned', { sign: false });
    expect([forged.res.status, stale.res.status, unsigned.res.status]).toEqual([401, 401, 401]);
    await new Promise((r) => setTimeout(r, 100)); // a handler that ran anyway would have called out by now
    expect(await snapshotDb(h.db)).toEqual(before);
    expect(h.fake.calls.filter((c) => c.method !== "auth.test")).toEqual([]);
  });

  it("accepts the same request signed correctly (the rejection above was the signature, nothing else)", async () => {
    await addAccount(h.db, h.clock.now, "Acme Corp", { touchDaysAgo: 35 });
    const { res, responseUrl } = await h.slash("/touch", '"Acme Corp" call signed', { sign: { timestamp: Math.floor(Date.now() / 1000) - 4 * 60 } });
    expect(res.status).toBe(200);
    await h.responseTo(responseUrl);
    expect(await h.db.touchpoint.count()).toBe(1);
  });
});

describe("slash commands", () => {
  it("/touch logs a touchpoint as the Slack user, acks at once and answers ephemerally by response_url", async () => {
    const accountId = await addAccount(h.db, h.clock.now, "Acme Corp", { touchDaysAgo: 35 });
    const { res, responseUrl } = await h.slash("/touch", '"Acme Corp" call talked renewal terms', { user: RITA });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(""); // the ack; the answer follows by response_url
    const reply = await h.responseTo(responseUrl);
    expect(reply.body).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(reply.body.text).toContain("Logged a call with Acme Corp");
    expect(blockText(reply.body.blocks)).toContain("Logged a *call* with *Acme Corp*: talked renewal terms");

    const touch = await h.db.touchpoint.findFirstOrThrow({ where: { accountId } });
    expect(touch).toMatchObject({ kind: "call", source: "slack", summary: "talked renewal terms", byName: "Rita Rep" });
    const rita = await h.db.person.findFirstOrThrow({ where: { slackUserId: RITA.id } });
    expect(rita).toMatchObject({ name: "Rita Rep", email: "rita@example.com", role: "rep" });
    expect(h.fake.callsTo("users.info")[0].body).toMatchObject({ user: RITA.id });
    expect(h.fake.callsTo("chat.postMessage")).toEqual([]); // nothing for the channel
  });

  it("/stage answers the person and announces the move in the channel", async () => {
    await addAccount(h.db, h.clock.now, "Globex", { stage: "onboarding", touchDaysAgo: 2 });
    const { responseUrl } = await h.slash("/stage", "Globex retention");
    const reply = await h.responseTo(responseUrl);
    expect(reply.body.text).toContain("Globex moved from onboarding to retention");
    const announced = await h.fake.waitFor((c) => c.method === "chat.postMessage");
    expect(announced.body).toMatchObject({ channel: CHANNEL.id });
    expect(blockText(announced.body.blocks)).toContain("*Globex* moved from onboarding to *retention* by <@U-MIA>");
    expect((await h.db.account.findFirstOrThrow({ where: { name: "Globex" } })).stage).toBe("retention");
  });

  it("bad input gets an ephemeral usage message and writes nothing", async () => {
    await addAccount(h.db, h.clock.now, "Acme Corp", { touchDaysAgo: 35 });
    await h.responseTo((await h.slash("/keepwarm", "help")).responseUrl); // Mia is known from here on
    const before = await snapshotDb(h.db);
    const cases: [string, string, RegExp][] = [
      ["/touch", '"Acme Corp" teleport', /"teleport" is not a kind/],
      ["/touch", '"Nope Inc" call', /Nope Inc/],
      ["/stage", '"Acme Corp" sideways', /"sideways" is not a stage/],
      ["/keepwarm", "frobnicate", /I don't know the command "frobnicate"/],
      ["/keepwarm", 'touch "Acme Corp', /quote/],
    ];
    for (const [command, text, expected] of cases) {
      const reply = await h.responseTo((await h.slash(command, text)).responseUrl);
      expect(reply.body.response_type, `${command} ${text}`).toBe("ephemeral");
      expect(blockText(reply.body.blocks), `${command} ${text}`).toMatch(expected);
    }
    const usage = await h.responseTo((await h.slash("/touch", '"Acme Corp" teleport')).responseUrl);
    expect(blockText(usage.body.blocks)).toContain("Usage: `touch &lt;account&gt; &lt;kind&gt;"); // Slack shows &lt; as <, even in code
    expect(await snapshotDb(h.db)).toEqual(before);
    expect(h.fake.callsTo("chat.postMessage")).toEqual([]);
    expect(h.fake.callsTo("views.open")).toEqual([]);
  });

  it("a rep cannot bind a channel to everyone's accounts; a manager can (roles from the linked Person)", async () => {
    const denied = await h.responseTo((await h.slash("/keepwarm", "watch all", { user: RITA })).responseUrl);
    expect(blockText(denied.body.blocks)).toMatch(/Only managers and admins/);
    expect(await h.db.channelBinding.count()).toBe(0);

    const done = await h.responseTo((await h.slash("/keepwarm", "watch all")).responseUrl);
    expect(blockText(done.body.blocks)).toContain("This channel now gets every kind of nudges for *every account*");
    const binding = await h.db.channelBinding.findFirstOrThrow();
    expect(binding).toMatchObject({ platform: "slack", channelId: CHANNEL.id, channelName: CHANNEL.name, teamId: "T1", scope: "all", timeZone: "Europe/Paris" });

    const settings = await h.responseTo((await h.slash("/keepwarm", "settings")).responseUrl);
    expect(blockText(settings.body.blocks)).toMatch(/every account/i);
  });

  it("`dm on` binds the person's direct messages with the bot (their user id)", async () => {
    await h.responseTo((await h.slash("/keepwarm", "iam rita@example.com", { user: RITA })).responseUrl);
    const reply = await h.responseTo((await h.slash("/keepwarm", "dm on", { user: RITA })).responseUrl);
    expect(blockText(reply.body.blocks)).toContain("direct messages");
    const rita = await h.db.person.findFirstOrThrow({ where: { slackUserId: RITA.id } });
    expect(await h.db.channelBinding.findFirstOrThrow()).toMatchObject({ platform: "slack", channelId: RITA.id, scope: "owner", scopeValue: rita.id });
  });

  it("a Slack mention in a command finds the person it names", async () => {
    await h.responseTo((await h.slash("/keepwarm", "help", { user: RITA })).responseUrl);
    const reply = await h.responseTo((await h.slash("/keepwarm", `watch owner <@${RITA.id}|rita>`)).responseUrl);
    expect(blockText(reply.body.blocks)).toContain("Rita Rep's accounts");
  });

  it("every slash command in manifest.json is answered", async () => {
    const manifest = JSON.parse(readFileSync("manifest.json", "utf8")) as { features: { slash_commands: { command: string }[] } };
    for (const { command } of manifest.features.slash_commands) {
      const { res, responseUrl, triggerId } = await h.slash(command, command === "/keepwarm" ? "help" : "");
      expect(res.status, command).toBe(200);
      await h.fake.waitFor((c) => (c.method === "response" && responseUrl.endsWith(c.path)) || (c.method === "views.open" && c.body.trigger_id === triggerId));
    }
  });

  it("takes the text as typed: Slack's escaping, links and channel references undone", async () => {
    await addAccount(h.db, h.clock.now, "Acme Corp", { touchDaysAgo: 35 });
    const escaped = '"Acme Corp" call Q&amp;A &lt;2h&gt; <https://acme.example/deck|acme.example/deck> in <#C123|deals>';
    await h.responseTo((await h.slash("/touch", escaped)).responseUrl);
    expect((await h.db.touchpoint.findFirstOrThrow()).summary).toBe("Q&A <2h> https://acme.example/deck in #deals");
  });

  it("the user's Slack time zone is the command's time zone", async () => {
    await addAccount(h.db, h.clock.now, "Acme Corp", { touchDaysAgo: 35 });
    // 15:00 UTC on 25 Nov is 10:00 in New York: "yesterday" there is the 24th.
    await h.responseTo((await h.slash("/touch", '"Acme Corp" email --on yesterday', { user: RITA })).responseUrl);
    const touch = await h.db.touchpoint.findFirstOrThrow();
    expect(touch.occurredAt.toISOString()).toBe("2026-11-24T17:00:00.000Z"); // noon in New York
  });
});

describe("users", () => {
  it("links a Slack user to an existing Person by profile email, so owners get real @mentions", async () => {
    const existing = await h.db.person.create({ data: { name: "Mia M.", email: MIA.email!, role: "manager" } });
    await h.responseTo((await h.slash("/keepwarm", "help")).responseUrl);
    expect(await h.db.person.findUniqueOrThrow({ where: { id: existing.id } })).toMatchObject({ slackUserId: MIA.id });
    expect(await h.db.person.count()).toBe(1);
  });

  it("still answers when users.info fails (the person is created from the command's user name)", async () => {
    h.fake.script("users.info", () => ({ json: { ok: false, error: "missing_scope" } }));
    const reply = await h.responseTo((await h.slash("/keepwarm", "help")).responseUrl);
    expect(blockText(reply.body.blocks)).toContain("Keepwarm commands");
    expect(await h.db.person.findFirstOrThrow({ where: { slackUserId: MIA.id } })).toMatchObject({ name: "mia", email: null });
  });
});

