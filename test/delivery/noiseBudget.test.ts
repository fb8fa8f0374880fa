// The noise budget through the scan, the outbox and the digest, on both databases: at most K new
// nudges per owner per channel per day, the most urgent first; the rest are held and arrive in the
// channel's next digest (or, without one, its roll-up the next morning). None is lost, none doubled.
import { describe, expect, it } from "vitest";
import { silentLogger } from "../../src/logging.js";
import { enqueueDueDigests } from "../../src/scheduler/digestJob.js";
import { DB_KINDS } from "../fixtures/db.js";
import { deliveryHarness } from "../fixtures/delivery.js";
import { textOf } from "../fixtures/messages.js";
import { perTest } from "../fixtures/perTest.js";
import { addAccount } from "../fixtures/seed.js";

const LIMIT = 2;

describe.each(DB_KINDS)("the noise budget on %s", (kind) => {
  const h = perTest(() => deliveryHarness(kind, { policy: { posting: { postsPerOwnerPerDay: LIMIT } } }));

  async function portfolio() {
    const leo = await h.db.person.create({ data: { name: "Leo Martin", email: "leo@example.com" } });
    const sofia = await h.db.person.create({ data: { name: "Sofia Rossi", email: "sofia@example.com" } });
    const leos = [];
    // Retention expects a touch every 30 days, overdue (critical) after 45.
    for (const [i, days] of [35, 36, 37, 38].entries()) leos.push(await addAccount(h.db, h.clock.now, `Leo warning ${i + 1}`, { touchDaysAgo: days, ownerId: leo.id }));
    const critical = await addAccount(h.db, h.clock.now, "Leo critical", { touchDaysAgo: 50, ownerId: leo.id });
    const sofias = await addAccount(h.db, h.clock.now, "Sofia warning", { touchDaysAgo: 35, ownerId: sofia.id });
    return { leo, leos, critical, sofias };
  }

  const postedIds = () => h.ch.posts().flatMap((c) => c.message.nudgeIds ?? []);

  it("posts K per owner a day, the most urgent first; the rest go into the digest, once, and none is lost", async () => {
    const channel = await h.db.channelBinding.create({
      data: { platform: "console", channelId: "team", channelName: "#team", scope: "all", rules: [], digestCadence: "daily", digestTime: "09:00", timeZone: "UTC", createdAt: new Date("2026-11-20T00:00:00Z"), lastDigestAt: h.clock.now },
    });
    const p = await portfolio();
    const scan = await h.kw.scan();
    expect(scan).toMatchObject({ raised: 6, held: 3 });
    await h.kw.deliver();

    const nudges = await h.db.nudge.findMany({ select: { id: true, accountId: true, severity: true } });
    const idOf = (accountId: string) => nudges.find((n) => n.accountId === accountId)!.id;
    // Leo: the critical one and the first warning (by urgency, then age of the nudge); Sofia has her own budget.
    expect(postedIds().sort()).toEqual([idOf(p.critical), idOf(p.leos[0]), idOf(p.sofias)].sort());
    const held = await h.db.heldNudge.findMany({ where: { bindingId: channel.id }, orderBy: { nudgeId: "asc" } });
    expect(held.map((x) => x.nudgeId)).toEqual(p.leos.slice(1).map(idOf).sort((a, b) => a - b));

    // `why` says where a held nudge went.
    const why = textOf((await h.kw.command('why "Leo warning 3"', await h.kw.cliActor("leo@example.com"), "cli")).reply);
    expect(why).toContain("not posted in console team: the day's limit of new nudges for this owner there was reached (the noise budget); it is in its next digest.");

    // Scanning again the same day posts nothing more and holds nothing twice.
    expect(await h.kw.scan()).toMatchObject({ raised: 0, held: 0 });
    expect(await h.db.heldNudge.count()).toBe(3);

    // The next morning's digest lists the held ones; afterwards they are marked as shown.
    const morning = new Date("2026-11-26T09:00:00Z");
    expect(await enqueueDueDigests(h.db, morning, silentLogger)).toBe(1);
    h.ch.calls.length = 0;
    await h.kw.deliver(morning);
    const [digest] = h.ch.posts("team");
    const text = textOf(digest.message);
    expect(text).toContain("Held back from posting");
    for (const accountId of p.leos.slice(1)) expect(text).toContain(`(#${idOf(accountId)})`);
    expect(await h.db.heldNudge.count({ where: { digestedAt: null } })).toBe(0);
    // Every open nudge reached the channel: posted, or in the digest's held list.
    const reached = new Set([...(await h.db.nudgeMessage.findMany({ select: { nudgeId: true } })).map((m) => m.nudgeId), ...held.map((x) => x.nudgeId)]);
    expect([...reached].sort()).toEqual(nudges.map((n) => n.id).sort());
  });

  it("a channel without a digest gets what was held as one roll-up at the start of its next day", async () => {
    await h.db.channelBinding.create({ data: { platform: "console", channelId: "reps", scope: "all", rules: [], timeZone: "America/New_York" } });
    const p = await portfolio();
    await h.kw.scan();
    await h.kw.deliver();
    expect(postedIds()).toHaveLength(3);
    // Not before midnight in New York (05:00 UTC).
    h.ch.calls.length = 0;
    await h.kw.deliver(new Date("2026-11-26T04:59:00Z"));
    expect(h.ch.posts()).toEqual([]);
    await h.kw.deliver(new Date("2026-11-26T05:00:00Z"));
    const [rollup] = h.ch.posts("reps");
    expect(textOf(rollup.message)).toContain("3 more nudges from yesterday");
    const nudges = await h.db.nudge.findMany({ where: { accountId: { in: p.leos.slice(1) } }, select: { id: true } });
    expect([...(rollup.message.nudgeIds ?? [])].sort()).toEqual(nudges.map((n) => n.id).sort());
    expect(await h.db.heldNudge.count({ where: { digestedAt: null } })).toBe(0);
    // Shown there, so an acknowledgement updates the roll-up in place.
    expect(await h.db.nudgeMessage.count({ where: { messageRef: rollup.result! } })).toBe(3);
  });

  it("a new day has a new budget", async () => {
    await h.db.channelBinding.create({ data: { platform: "console", channelId: "reps", scope: "all", rules: [] } });
    const leo = await h.db.person.create({ data: { name: "Leo Martin", email: "leo@example.com" } });
    for (const i of [1, 2, 3]) await addAccount(h.db, h.clock.now, `Today ${i}`, { touchDaysAgo: 35, ownerId: leo.id });
    expect(await h.kw.scan()).toMatchObject({ raised: 3, held: 1 });
    for (const i of [1, 2]) await addAccount(h.db, h.clock.now, `Tomorrow ${i}`, { touchDaysAgo: 34, ownerId: leo.id });
    expect(await h.kw.scan({ now: new Date("2026-11-26T10:00:00Z") })).toMatchObject({ raised: 2, held: 0 });
  });
});
