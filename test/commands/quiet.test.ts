// `quiet`: a channel's quiet hours (managers, or the owner of a channel of their own accounts) and a
// person's own (`quiet me`), stored in one reply that names every problem; and what they do: a
// nudge due inside them waits in the outbox for the next working period, a critical one goes at
// once (posting.quietLetsThrough), and `why` says which.
import { describe, expect, it } from "vitest";
import type { ChannelRef } from "../../src/commands/context.js";
import type { Actor } from "../../src/domain/people.js";
import { expectOk, expectRejected, seedPortfolio } from "../fixtures/commands.js";
import { createHarness } from "../fixtures/harness.js";
import { textOf } from "../fixtures/messages.js";
import { perTest } from "../fixtures/perTest.js";
import { addAccount } from "../fixtures/seed.js";
import { snapshotDb } from "../fixtures/snapshot.js";

const TEAM: ChannelRef = { platform: "slack", channelId: "C-TEAM", teamId: "T1", channelName: "account-team" };
const OLGAS: ChannelRef = { platform: "slack", channelId: "C-OLGA", teamId: "T1", channelName: "olga-accounts" };
const NY = "America/New_York";

describe("quiet hours", () => {
  const h = perTest(() => createHarness("sqlite"));
  const p = perTest(() => seedPortfolio(h));
  const inChannel = (text: string, actor: Actor, channel: ChannelRef = TEAM) => h.kw.command(text, actor, channel.platform, { channel });
  const postsDue = async () =>
    (await h.db.delivery.findMany({ where: { kind: "nudge.post" }, select: { nextAttemptAt: true, nudgeIds: true, binding: { select: { channelId: true } } }, orderBy: { dedupeKey: "asc" } })).map((d) => [
      d.binding.channelId, d.nextAttemptAt.toISOString(),
    ]);

  it("a channel's: stored in its zone, shown, cleared; a rep may not set a team channel's", async () => {
    expect((await inChannel("watch all", p.actors.manager)).ok).toBe(true);
    const set = await inChannel(`quiet 19:00-08:00 ${NY} weekends`, p.actors.manager);
    expect(textOf(set.reply)).toContain(`Quiet hours in this channel: 19:00–08:00 and weekends (${NY}). Nudges due then wait for the next working period; critical nudges still go out at once.`);
    expect(await h.db.channelBinding.findFirst({ where: { channelId: TEAM.channelId }, select: { quietHours: true, timeZone: true } })).toEqual({ quietHours: { start: "19:00", end: "08:00", weekends: true }, timeZone: NY });
    expect(textOf((await inChannel("quiet", p.actors.otherRep)).reply)).toContain("19:00–08:00 and weekends");

    const before = await snapshotDb(h.db);
    const refused = await inChannel("quiet 20:00-07:00", p.actors.otherRep);
    expect(refused).toMatchObject({ ok: false, error: "forbidden" });
    expect(textOf(refused.reply)).toContain("`quiet me …` sets your own");
    expect(await snapshotDb(h.db)).toEqual(before);

    expect(textOf((await inChannel("quiet off", p.actors.manager)).reply)).toContain("No more quiet hours in this channel");
    expect((await h.db.channelBinding.findFirst({ where: { channelId: TEAM.channelId } }))!.quietHours).toBeNull();
  });

  it("names every problem in one reply and writes nothing", async () => {
    await expectRejected(h, "quiet me 25:00-08:00 Mars/Olympus sometimes", p.actors.owner, {
      code: "usage",
      says: ['"25:00-08:00" is not a range of times', '"Mars/Olympus" is not an IANA time zone', '"sometimes" is neither a time zone nor "weekends"'],
    });
    await expectRejected(h, "quiet me 08:00-08:00", p.actors.owner, { code: "usage", says: ["start and end at the same time"] });
  });

  it("holds a nudge due in quiet hours until they end; a critical one goes at once; `why` says so", async () => {
    // 25 Nov 15:00 UTC is 10:00 in New York: inside 09:00–12:00.
    expect((await inChannel("watch all", p.actors.manager)).ok).toBe(true);
    expect((await inChannel(`quiet 09:00-12:00 ${NY}`, p.actors.manager)).ok).toBe(true);
    await addAccount(h.db, h.clock.now, "Overdue Co", { touchDaysAgo: 50 });
    await h.kw.scan();
    const nudges = await h.db.nudge.findMany({ select: { id: true, severity: true, account: { select: { name: true } } } });
    expect(nudges.map((n) => [n.account.name, n.severity]).sort()).toEqual([["Acme Corp", "warning"], ["Overdue Co", "critical"]]);
    const due = await h.db.delivery.findMany({ where: { kind: "nudge.post" }, select: { nudgeIds: true, nextAttemptAt: true } });
    const dueOf = (name: string) => due.find((d) => (d.nudgeIds as number[])[0] === nudges.find((n) => n.account.name === name)!.id)!.nextAttemptAt.toISOString();
    expect(dueOf("Acme Corp")).toBe("2026-11-25T17:00:00.000Z"); // 12:00 EST
    expect(dueOf("Overdue Co")).toBe(h.clock.now.toISOString());
    const why = textOf((await expectOk(h, 'why "Acme Corp"', p.actors.viewer, "UTC")).reply);
    expect(why).toContain("waiting for quiet hours in slack C-TEAM to end: it posts 25 Nov 17:00.");
  });

  it("a person's own: in their zone, for the channels of their own accounts only", async () => {
    expect((await inChannel("watch mine", p.actors.owner, OLGAS)).ok).toBe(true);
    expect((await inChannel("watch all", p.actors.manager)).ok).toBe(true);
    const set = await expectOk(h, "quiet me 09:00-12:00", p.actors.owner, NY);
    expect(textOf(set.reply)).toContain(`Quiet hours for you: 09:00–12:00 (${NY}).`);
    expect(await h.db.person.findUnique({ where: { id: p.people.owner.id }, select: { quietHours: true, timeZone: true } })).toEqual({ quietHours: { start: "09:00", end: "12:00", weekends: false }, timeZone: NY });
    await h.kw.scan();
    // Acme Corp is Olga's: her channel waits for her working period; the team channel does not.
    expect(await postsDue()).toEqual(expect.arrayContaining([["C-OLGA", "2026-11-25T17:00:00.000Z"], ["C-TEAM", h.clock.now.toISOString()]]));
    expect(textOf((await expectOk(h, "quiet me", p.actors.owner)).reply)).toContain("Quiet hours for you: 09:00–12:00");
  });
});
