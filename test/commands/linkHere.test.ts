// `link <account> here` / `unlink <account> here`: the conversation typed in becomes the account's
// shared channel; one conversation is one account's; from the terminal or a direct message it is a
// usage mistake; a refusal writes nothing.
import { describe, expect, it } from "vitest";
import type { ChannelRef } from "../../src/commands/context.js";
import type { Actor } from "../../src/domain/people.js";
import { expectRejected, seedPortfolio } from "../fixtures/commands.js";
import { createHarness } from "../fixtures/harness.js";
import { textOf } from "../fixtures/messages.js";
import { perTest } from "../fixtures/perTest.js";
import { snapshotDb } from "../fixtures/snapshot.js";

const SLACK: ChannelRef = { platform: "slack", channelId: "C-SHARED", teamId: "T1", channelName: "acme-shared" };
const TEAMS: ChannelRef = { platform: "teams", channelId: "19:acme-guests@thread.tacv2", teamId: "19:team@thread.tacv2" };

describe("link … here and unlink … here", () => {
  const h = perTest(() => createHarness("sqlite"));
  const p = perTest(() => seedPortfolio(h));
  const inChannel = (text: string, actor: Actor, channel: ChannelRef = SLACK) => h.kw.command(text, actor, channel.platform, { channel });
  const links = () => h.db.sharedChannel.findMany({ select: { platform: true, channelId: true, teamId: true, accountId: true, linkedById: true }, orderBy: { platform: "asc" } });

  it("marks the channel typed in as the account's shared channel, once; the same account may have a Teams one too", async () => {
    const out = await inChannel('link "Acme Corp" here', p.actors.manager);
    expect(out.ok).toBe(true);
    expect(textOf(out.reply)).toContain("This channel is now Acme Corp's shared channel.");
    expect(textOf(out.reply)).toContain("No message text is kept.");
    expect(textOf((await inChannel("link Acme Corp here", p.actors.manager)).reply)).toContain("This channel is already Acme Corp's shared channel.");
    await inChannel('link "Acme Corp" here', p.actors.manager, TEAMS);
    expect(await links()).toEqual([
      { platform: "slack", channelId: "C-SHARED", teamId: "T1", accountId: p.accounts.acme, linkedById: p.people.manager.id },
      { platform: "teams", channelId: TEAMS.channelId, teamId: TEAMS.teamId, accountId: p.accounts.acme, linkedById: p.people.manager.id },
    ]);
    expect(textOf((await h.kw.command('account "Acme Corp"', p.actors.manager, "cli")).reply)).toMatch(/Shared channels:?\s*\**\s*Slack \(1\), Teams \(1\)/);
  });

  it("a channel already another account's is a conflict naming it, and nothing changes", async () => {
    await inChannel('link "Acme Corp" here', p.actors.manager);
    const before = await snapshotDb(h.db);
    const out = await inChannel("link Globex here", p.actors.manager);
    expect(out).toMatchObject({ ok: false, error: "conflict" });
    expect(textOf(out.reply)).toContain("This channel is already Acme Corp's shared channel.");
    expect(textOf(out.reply)).toContain('`unlink "Acme Corp" here` first');
    const wrongUnlink = await inChannel("unlink Globex here", p.actors.manager);
    expect(wrongUnlink).toMatchObject({ ok: false, error: "conflict" });
    expect(textOf(wrongUnlink.reply)).toContain("This channel is Acme Corp's shared channel, not this account's.");
    expect(await snapshotDb(h.db)).toEqual(before);
  });

  it("unlink … here removes it; again, it says there was nothing to remove", async () => {
    await inChannel('link "Acme Corp" here', p.actors.manager);
    expect(textOf((await inChannel('unlink "Acme Corp" here', p.actors.manager)).reply)).toContain("This channel is no longer Acme Corp's shared channel.");
    expect(await links()).toEqual([]);
    expect(textOf((await inChannel('unlink "Acme Corp" here', p.actors.manager)).reply)).toContain("This channel is not Acme Corp's shared channel.");
    // Now free for another account.
    expect((await inChannel("link Globex here", p.actors.manager)).ok).toBe(true);
    expect((await links()).map((l) => l.accountId)).toEqual([p.accounts.globex]);
  });

  it("from the terminal it is a usage mistake that writes nothing", async () => {
    await expectRejected(h, 'link "Acme Corp" here', p.actors.manager, { code: "usage", says: ["The terminal has no channel", "in the customer's shared channel"] });
    await expectRejected(h, 'unlink "Acme Corp" here', p.actors.manager, { code: "usage", says: ["The terminal has no channel"] });
    await expectRejected(h, 'link "Acme Corp" here now', p.actors.manager, { code: "usage", says: ['Unexpected words: "now".'] });
  });

  it("in a direct message it is a usage mistake too, and reps may not link", async () => {
    const before = await snapshotDb(h.db);
    const dm = await inChannel('link "Acme Corp" here', p.actors.manager, { platform: "slack", channelId: "D-MONA", direct: true });
    expect(dm).toMatchObject({ ok: false, error: "usage" });
    expect(textOf(dm.reply)).toContain("A direct message is not shared with a customer");
    const rep = await inChannel('link "Acme Corp" here', p.actors.owner);
    expect(rep).toMatchObject({ ok: false, error: "forbidden" });
    expect(await snapshotDb(h.db)).toEqual(before);
  });

  it("help and the usage line name it", async () => {
    const help = textOf((await h.kw.command("help link", p.actors.viewer, "cli")).reply);
    expect(help).toContain("link <account> here");
    expect(help).toContain('link "Acme Corp" here');
  });
});
