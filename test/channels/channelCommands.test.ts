import { beforeEach, describe, expect, it } from "vitest";
import type { ChannelRef } from "../../src/commands/context.js";
import type { Actor } from "../../src/domain/people.js";
import { renderForTerminal } from "../../src/messages/terminal.js";
import { createHarness } from "../fixtures/harness.js";
import { perTest } from "../fixtures/perTest.js";
import { addAccount } from "../fixtures/seed.js";

const channel: ChannelRef = { platform: "slack", channelId: "C-TEAM", channelName: "account-team" };
const text = (m: { reply: Parameters<typeof renderForTerminal>[0] }) => renderForTerminal(m.reply, false);

const h = perTest(() => createHarness("sqlite", { people: { admins: ["boss@example.com"] } }));
let manager: Actor;
let leo: Actor;
beforeEach(async () => {
  manager = await h.kw.chatActor({ platform: "slack", userId: "U-MGR", name: "Mia Manager", email: "boss@example.com" });
  leo = await h.kw.chatActor({ platform: "slack", userId: "U-LEO", name: "Leo Martin", email: "leo@example.com" });
});

describe("people from chat", () => {
  it("creates a Person on first use, with the default role, and finds it again by platform id", async () => {
    expect(leo).toMatchObject({ role: "rep", platform: "slack", platformUserId: "U-LEO" });
    expect(manager.role).toBe("admin");
    const again = await h.kw.chatActor({ platform: "slack", userId: "U-LEO", name: "Leo M." });
    expect(again.personId).toBe(leo.personId);
    expect(await h.db.person.count()).toBe(2);
  });

  it("links a Teams user to the Slack user's Person by email", async () => {
    const teams = await h.kw.chatActor({ platform: "teams", userId: "aad-leo", name: "Leo Martin", email: "LEO@example.com" });
    expect(teams.personId).toBe(leo.personId);
    expect((await h.db.person.findUniqueOrThrow({ where: { id: leo.personId! } })).teamsUserId).toBe("aad-leo");
  });

  it("two first requests from a new user at once make one Person", async () => {
    const [a, b] = await Promise.all([
      h.kw.chatActor({ platform: "slack", userId: "U-NEW", name: "New" }),
      h.kw.chatActor({ platform: "slack", userId: "U-NEW", name: "New" }),
    ]);
    expect(a.personId).toBe(b.personId);
    expect(await h.db.person.count({ where: { slackUserId: "U-NEW" } })).toBe(1);
  });

  it("iam moves a stand-in Person's identity onto the real one", async () => {
    const owner = await h.db.person.create({ data: { name: "Sofia Rossi", email: "sofia@example.com" } });
    const standIn = await h.kw.chatActor({ platform: "slack", userId: "U-SOFIA", name: "sofia" });
    const out = await h.kw.command("iam sofia@example.com", standIn, "slack", { channel });
    expect(out.ok).toBe(true);
    expect(text(out)).toMatch(/Hello Sofia Rossi/);
    expect((await h.db.person.findUniqueOrThrow({ where: { id: owner.id } })).slackUserId).toBe("U-SOFIA");
    expect(await h.db.person.findUnique({ where: { id: standIn.personId! } })).toBeNull();
    const taken = await h.kw.command("iam sofia@example.com", leo, "slack", { channel });
    expect(taken).toMatchObject({ ok: false, error: "conflict" });
  });

  it("role is for admins and names the role it wants", async () => {
    expect(await h.kw.command("role <@U-LEO> manager", leo, "slack")).toMatchObject({ ok: false, error: "forbidden" });
    const bad = await h.kw.command("role <@U-LEO> boss", manager, "slack");
    expect(bad.ok).toBe(false);
    expect(text(bad)).toMatch(/viewer, rep, manager or admin/);
    expect((await h.kw.command("role <@U-LEO> manager reports-to boss@example.com", manager, "slack")).ok).toBe(true);
    expect(await h.db.person.findUniqueOrThrow({ where: { id: leo.personId! } })).toMatchObject({ role: "manager", managerId: manager.personId });
  });
});

describe("watch, unwatch, digest, settings", () => {
  it("a manager binds the channel; a rep may not, and nothing is written", async () => {
    const denied = await h.kw.command("watch all", leo, "slack", { channel });
    expect(denied).toMatchObject({ ok: false, error: "forbidden" });
    expect(await h.db.channelBinding.count()).toBe(0);

    const ok = await h.kw.command("watch all renewals complaints", manager, "slack", { channel, timeZone: "Europe/Paris" });
    expect(ok.ok).toBe(true);
    expect(await h.db.channelBinding.findFirstOrThrow()).toMatchObject({
      platform: "slack", channelId: "C-TEAM", scope: "all", rules: ["renewalApproaching", "unansweredComplaint"], timeZone: "Europe/Paris",
    });
  });

  it("a rep can point a channel at their own accounts, not take over a team channel", async () => {
    expect((await h.kw.command("watch mine", leo, "slack", { channel })).ok).toBe(true);
    expect(await h.db.channelBinding.findFirstOrThrow()).toMatchObject({ scope: "owner", scopeValue: leo.personId });
    await h.kw.command("watch all", manager, "slack", { channel });
    expect(await h.kw.command("watch mine", leo, "slack", { channel })).toMatchObject({ ok: false, error: "forbidden" });
    expect(await h.kw.command("unwatch", leo, "slack", { channel })).toMatchObject({ ok: false, error: "forbidden" });
    expect((await h.db.channelBinding.findFirstOrThrow()).scope).toBe("all");
  });

  it("segments match whatever their case; unknown segments and rules are named", async () => {
    await addAccount(h.db, h.clock.now, "Acme Corp", { segment: "Enterprise EMEA" });
    expect((await h.kw.command('watch segment "enterprise emea"', manager, "slack", { channel })).ok).toBe(true);
    expect(await h.db.channelBinding.findFirstOrThrow()).toMatchObject({ scope: "segment", scopeValue: "Enterprise EMEA" });
    const unknown = await h.kw.command("watch segment SMB", manager, "slack", { channel });
    expect(text(unknown)).toMatch(/No account is in the segment "SMB"[\s\S]*Enterprise EMEA/);
    const badRule = await h.kw.command("watch all lunches", manager, "slack", { channel });
    expect(text(badRule)).toMatch(/"lunches" is not a rule/);
    expect((await h.db.channelBinding.findFirstOrThrow()).scope).toBe("segment");
  });

  it("digest schedules, validates time and zone, and settings shows it", async () => {
    expect(text(await h.kw.command("digest daily 09:00", manager, "slack", { channel }))).toMatch(/not watching/);
    await h.kw.command("watch all", manager, "slack", { channel });
    for (const bad of ["digest hourly 09:00", "digest daily 9am", "digest daily 25:00", "digest weekly funday 09:00", "digest daily 09:00 Mars/Base"]) {
      const out = await h.kw.command(bad, manager, "slack", { channel });
      expect(out.ok, bad).toBe(false);
    }
    expect((await h.db.channelBinding.findFirstOrThrow()).digestCadence).toBe("off");
    expect(await h.kw.command("digest daily 09:00", leo, "slack", { channel })).toMatchObject({ ok: false, error: "forbidden" });

    const ok = await h.kw.command("digest weekly fri 8:30 America/New_York", manager, "slack", { channel });
    expect(text(ok)).toMatch(/every Friday at 08:30 \(America\/New_York\)/);
    expect(await h.db.channelBinding.findFirstOrThrow()).toMatchObject({ digestCadence: "weekly", digestTime: "08:30", digestWeekday: 5, timeZone: "America/New_York" });

    const settings = text(await h.kw.command("settings", leo, "slack", { channel }));
    expect(settings).toMatch(/every account/);
    expect(settings).toMatch(/weekly at 08:30 on Friday/);
  });

  it("channel commands outside a channel say where they work", async () => {
    const out = await h.kw.command("watch all", manager, "cli");
    expect(out).toMatchObject({ ok: false, error: "usage" });
    expect(text(out)).toMatch(/works in a Slack or Teams channel/);
  });

  it("unwatch removes the binding; dm on/off binds the person's direct chat to their accounts", async () => {
    await h.kw.command("watch all", manager, "slack", { channel });
    expect((await h.kw.command("unwatch", manager, "slack", { channel })).ok).toBe(true);
    expect(await h.db.channelBinding.count()).toBe(0);

    const direct: ChannelRef = { platform: "slack", channelId: "U-LEO", direct: true };
    expect((await h.kw.command("dm on", leo, "slack", { channel, directChannel: direct })).ok).toBe(true);
    expect(await h.db.channelBinding.findFirstOrThrow()).toMatchObject({ channelId: "U-LEO", scope: "owner", scopeValue: leo.personId });
    expect((await h.kw.command("dm off", leo, "slack", { channel, directChannel: direct })).ok).toBe(true);
    expect(await h.db.channelBinding.count()).toBe(0);
  });
});
