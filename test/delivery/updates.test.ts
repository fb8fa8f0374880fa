// After a nudge is shown: acknowledgements, snoozes and auto-resolution update the same message in
// place; an escalation is a threaded reply under it.
import { describe, expect, it } from "vitest";
import type { Call } from "../fakes/channels.js";
import { admin } from "../fixtures/actors.js";
import { DB_KINDS } from "../fixtures/db.js";
import { deliveryHarness, staleAccounts } from "../fixtures/delivery.js";
import { textOf } from "../fixtures/messages.js";
import { perTest } from "../fixtures/perTest.js";
import { bindChannel } from "../fixtures/seed.js";

describe.each(DB_KINDS)("message updates on %s", (kind) => {
  const h = perTest(() => deliveryHarness(kind));

  const run = async (command: string) => expect((await h.kw.command(command, admin, "cli")).ok).toBe(true);
  const newCalls = (before: number): Call[] => h.ch.calls.slice(before);
  const actionIds = (c: Call) => c.message.blocks.flatMap((b) => (b.type === "actions" ? b.actions.map((a) => a.id) : []));
  const postFor = (channelId: string, nudgeId: number) => h.ch.posts(channelId).filter((c) => c.message.nudgeIds!.includes(nudgeId)).at(-1)!;

  async function postedNudge(channels = ["C-one", "C-two"]) {
    for (const c of channels) await bindChannel(h.db, c);
    const [accountId] = await staleAccounts(h, 1);
    await h.kw.scan();
    await h.kw.deliver();
    const nudge = await h.db.nudge.findFirstOrThrow({ where: { accountId } });
    return nudge;
  }

  /** Four nudges for one channel, posted as one grouped message. */
  async function postedGroup() {
    await bindChannel(h.db, "C-team");
    await staleAccounts(h, 4);
    await h.kw.scan();
    await h.kw.deliver();
    const [group] = h.ch.posts();
    return group;
  }

  it("an acknowledgement updates every message showing the nudge, in place, once", async () => {
    const nudge = await postedNudge();
    const before = h.ch.calls.length;
    await run(`ack ${nudge.id} calling them today`);
    expect(await h.kw.deliver()).toMatchObject({ sent: 2 });

    const updates = newCalls(before);
    expect(updates.map((u) => [u.op, u.channelId, u.ref])).toEqual(
      expect.arrayContaining([
        ["update", "C-one", postFor("C-one", nudge.id).result],
        ["update", "C-two", postFor("C-two", nudge.id).result],
      ]),
    );
    expect(updates).toHaveLength(2);
    for (const u of updates) {
      expect(textOf(u.message)).toContain("✅ Acknowledged by Test Admin");
      expect(textOf(u.message)).toContain("calling them today");
      expect(actionIds(u)).toEqual(["nudge.touch"]); // no more Acknowledge / Snooze buttons
    }
    expect(await h.kw.deliver()).toMatchObject({ sent: 0 });
    await run(`ack ${nudge.id}`); // a repeat click changes nothing and sends nothing
    expect(await h.kw.deliver()).toMatchObject({ sent: 0 });
    expect(h.ch.calls).toHaveLength(before + 2);
    expect((await h.db.nudgeMessage.findMany()).every((m) => m.version === nudge.version + 1)).toBe(true);
  });

  it("a snooze updates the message; when it ends the nudge is posted afresh", async () => {
    const nudge = await postedNudge(["C-one"]);
    const original = postFor("C-one", nudge.id).result;
    const before = h.ch.calls.length;
    await run(`snooze ${nudge.id} 1d`);
    await h.kw.deliver();
    const [update] = newCalls(before);
    expect(update).toMatchObject({ op: "update", channelId: "C-one", ref: original });
    expect(textOf(update.message)).toContain("💤 Snoozed by Test Admin until");

    h.clock.advanceHours(25);
    expect((await h.kw.scan()).snoozeEnded).toBe(1);
    await h.kw.deliver();
    const repost = newCalls(before).at(-1)!;
    expect(repost.op).toBe("post");
    expect(repost.result).not.toBe(original);
    expect((await h.db.nudgeMessage.findFirstOrThrow({ where: { nudgeId: nudge.id } })).messageRef).toBe(repost.result);
  });

  it("auto-resolution (a touchpoint clears the condition) updates the message to resolved", async () => {
    const nudge = await postedNudge(["C-one"]);
    const before = h.ch.calls.length;
    await run(`touch "Account 01" call "quarterly check-in"`);
    await h.kw.deliver();
    const calls = newCalls(before);
    expect(calls.map((c) => [c.op, c.ref])).toEqual([["update", postFor("C-one", nudge.id).result]]);
    expect(textOf(calls[0].message)).toContain("✔️ Resolved");
    expect(actionIds(calls[0])).toEqual([]);
  });

  it("acting on one nudge of a grouped message re-renders the whole group in place", async () => {
    const group = await postedGroup();
    const [first, ...others] = group.message.nudgeIds!;
    await run(`ack ${first}`);
    const before = h.ch.calls.length;
    await h.kw.deliver();
    const [update, ...more] = newCalls(before);
    expect(more).toEqual([]);
    expect(update).toMatchObject({ op: "update", ref: group.result });
    expect(update.message.nudgeIds).toEqual(group.message.nudgeIds);
    expect(textOf(update.message).match(/✅ Acknowledged/g)).toHaveLength(1);
    expect(update.message.blocks.flatMap((b) => (b.type === "actions" ? b.actions.filter((a) => a.id === "nudge.ack").map((a) => Number(a.value)) : [])).sort()).toEqual([...others].sort());
  });

  it("an escalation is a threaded reply under the nudge's message, and the message shows it", async () => {
    const nudge = await postedNudge(["C-one"]);
    const original = postFor("C-one", nudge.id).result;
    h.clock.advanceHours(48);
    expect((await h.kw.scan()).escalated).toBe(1);
    const before = h.ch.calls.length;
    await h.kw.deliver();
    const calls = newCalls(before);
    expect(calls.map((c) => [c.op, c.ref]).sort()).toEqual([["reply", original], ["update", original]]);
    const reply = calls.find((c) => c.op === "reply")!;
    expect(textOf(reply.message)).toContain(`nudge #${nudge.id} for **Account 01** has waited 48 hours`);
    expect(textOf(calls.find((c) => c.op === "update")!.message)).toContain("⏫ Escalated");

    expect((await h.kw.scan()).escalated).toBe(0);
    await h.kw.deliver();
    expect(h.ch.calls).toHaveLength(before + 2);
  });

  it("an escalation due in the same pass as the first post replies under that post", async () => {
    await bindChannel(h.db, "C-one");
    await staleAccounts(h, 1);
    await h.kw.scan(); // post queued, but the platform was unreachable until now
    h.clock.advanceHours(48);
    expect((await h.kw.scan()).escalated).toBe(1);
    await h.kw.deliver();
    expect(h.ch.calls.map((c) => c.op)).toEqual(["post", "reply"]);
    expect(h.ch.calls[1].ref).toBe(h.ch.calls[0].result);
  });

  it("a nudge re-posted after its snooze keeps pointing at its new message when its old group is updated", async () => {
    const group = await postedGroup();
    const [a, b] = group.message.nudgeIds!;
    await run(`snooze ${b} 1d`);
    await h.kw.deliver();
    h.clock.advanceHours(25);
    await h.kw.scan();
    await h.kw.deliver();
    const repost = h.ch.posts().at(-1)!;
    expect(repost.message.nudgeIds).toEqual([b]);

    await run(`ack ${a}`); // updates the old group message, which still lists b
    await h.kw.deliver();
    expect((await h.db.nudgeMessage.findFirstOrThrow({ where: { nudgeId: b } })).messageRef).toBe(repost.result);

    const before = h.ch.calls.length;
    await run(`ack ${b}`);
    await h.kw.deliver();
    const updates = newCalls(before).filter((c) => c.op === "update");
    expect(updates.map((u) => u.ref)).toContain(repost.result);
  });
});
