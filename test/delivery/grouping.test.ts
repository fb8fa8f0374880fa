// Many nudges for one channel at once arrive as grouped messages; each channel gets only what it watches.
import { describe, expect, it } from "vitest";
import { bindingsForNudge, type Route } from "../../src/delivery/routing.js";
import { DB_KINDS } from "../fixtures/db.js";
import { deliveryHarness, secondsLater, staleAccounts } from "../fixtures/delivery.js";
import { textOf } from "../fixtures/messages.js";
import { perTest, replaceFixture } from "../fixtures/perTest.js";
import { addAccount, bindChannel } from "../fixtures/seed.js";

describe("bindingsForNudge", () => {
  const b = (id: string, scope: string, scopeValue: string | null = null, rules: unknown = []): Route => ({ id, platform: "console", channelId: id, scope, scopeValue, rules, timeZone: "UTC", digestCadence: "off", quiet: null });
  const bindings = [
    b("all", "all"),
    b("leo", "owner", "p-leo"),
    b("ownerless", "owner", null),
    b("smb", "segment", "smb"),
    b("segmentless", "segment", null),
    b("renewals", "all", null, ["renewalApproaching"]),
    b("leo-complaints", "owner", "p-leo", ["unansweredComplaint", "staleContact"]),
    b("odd-rules", "all", null, "not-a-list"),
  ];
  it.each([
    [{ rule: "staleContact", ownerId: "p-leo", segment: "SMB" }, ["all", "leo", "smb", "leo-complaints", "odd-rules"]],
    [{ rule: "staleContact", ownerId: "p-ana", segment: "Smb" }, ["all", "smb", "odd-rules"]],
    [{ rule: "renewalApproaching", ownerId: "p-leo", segment: "Enterprise" }, ["all", "leo", "renewals", "odd-rules"]],
    [{ rule: "advocacyAsk", ownerId: null, segment: null }, ["all", "odd-rules"]],
    [{ rule: "staleContact", ownerId: "P-LEO", segment: "smb " }, ["all", "odd-rules"]], // owner ids are exact; segments are not trimmed
  ])("%o goes to %o", (nudge, expected) => {
    expect(bindingsForNudge(nudge, bindings).map((x) => x.id)).toEqual(expected);
  });
});

describe.each(DB_KINDS)("grouped delivery on %s", (kind) => {
  const h = perTest(() => deliveryHarness(kind));

  it("up to groupAbove nudges go out one by one; one more and they arrive as one grouped message", async () => {
    expect(h.config.delivery.groupAbove).toBe(3);
    await bindChannel(h.db, "C-team");
    await staleAccounts(h, 3);
    await h.kw.scan();
    await h.kw.deliver();
    expect(h.ch.posts().map((c) => c.message.nudgeIds!.length)).toEqual([1, 1, 1]);

    h.ch.calls.length = 0;
    await staleAccounts(h, 4, {}, "Later");
    await h.kw.scan();
    expect(await h.kw.deliver()).toMatchObject({ sent: 4 });
    const [grouped, ...rest] = h.ch.posts();
    expect(rest).toEqual([]);
    expect(grouped.message.nudgeIds).toHaveLength(4);
    expect(grouped.message.blocks[0]).toEqual({ type: "header", text: "4 accounts need attention" });
    const names = (summary: string) => summary.split(": ")[1].split(", ").sort();
    expect(grouped.message.summary).toMatch(/^4 accounts need attention: /);
    expect(names(grouped.message.summary)).toEqual(["Later 01", "Later 02", "Later 03", "Later 04"]);
    const shown = await h.db.nudgeMessage.findMany({ where: { messageRef: grouped.result! } });
    expect(shown.map((s) => s.nudgeId).sort()).toEqual([...grouped.message.nudgeIds!].sort());
    expect(shown.every((s) => (s.shownNudgeIds as number[]).length === 4)).toBe(true);
    // Each nudge in the group keeps its own buttons.
    const ackValues = grouped.message.blocks.flatMap((bl) => (bl.type === "actions" ? bl.actions.filter((a) => a.id === "nudge.ack").map((a) => Number(a.value)) : []));
    expect(ackValues.sort()).toEqual([...grouped.message.nudgeIds!].sort());
  });

  it("a large burst is split into messages of at most ten nudges, each nudge once", async () => {
    await bindChannel(h.db, "C-team");
    await staleAccounts(h, 23);
    await h.kw.scan();
    expect(await h.kw.deliver()).toMatchObject({ sent: 23 });
    const sizes = h.ch.posts().map((c) => c.message.nudgeIds!.length);
    expect(sizes).toEqual([10, 10, 3]);
    const ids = h.ch.posts().flatMap((c) => c.message.nudgeIds!);
    expect(new Set(ids).size).toBe(23);
  });

  it("groupAbove is configurable", async () => {
    await replaceFixture(h, () => deliveryHarness(kind, { delivery: { groupAbove: 1, perChannelPerSecond: 1000 } }));
    await bindChannel(h.db, "C-team");
    await staleAccounts(h, 2);
    await h.kw.scan();
    await h.kw.deliver();
    expect(h.ch.posts().map((c) => c.message.nudgeIds!.length)).toEqual([2]);
  });

  it("groups per channel, and each channel receives only its scope and rules", async () => {
    const leo = await h.db.person.create({ data: { name: "Leo", email: "leo@example.com" } });
    await bindChannel(h.db, "C-all");
    await bindChannel(h.db, "C-leo", { scope: "owner", scopeValue: leo.id });
    await bindChannel(h.db, "C-smb", { scope: "segment", scopeValue: "smb" });
    await bindChannel(h.db, "C-renewals", { rules: ["renewalApproaching"] });
    await addAccount(h.db, h.clock.now, "Leo SMB", { touchDaysAgo: 35, ownerId: leo.id, segment: "SMB" });
    await addAccount(h.db, h.clock.now, "Small Co", { touchDaysAgo: 35, segment: "Smb" });
    await addAccount(h.db, h.clock.now, "Big Co", { touchDaysAgo: 35, segment: "Enterprise" });
    await addAccount(h.db, h.clock.now, "Renewing Co", { touchDaysAgo: 5, segment: "Enterprise", renewalDate: "2026-12-20" });
    await h.kw.scan();
    await h.kw.deliver();

    const accountsIn = (channel: string) => h.ch.posts(channel).map((c) => c.message.summary);
    expect(h.ch.posts("C-all")).toHaveLength(1); // four nudges, one grouped message
    const names = h.ch.posts("C-all")[0].message.summary.replace("4 accounts need attention: ", "").split(", ").sort();
    expect(names).toEqual(["Big Co", "Leo SMB", "Renewing Co", "Small Co"]);
    expect(accountsIn("C-leo")).toEqual([expect.stringMatching(/^Stale contact: Leo SMB\./)]);
    expect(accountsIn("C-smb").sort()).toEqual([expect.stringMatching(/^Stale contact: Leo SMB\./), expect.stringMatching(/^Stale contact: Small Co\./)]);
    expect(accountsIn("C-renewals")).toEqual([expect.stringMatching(/^Renewal approaching: Renewing Co\./)]);
    expect(h.ch.calls).toHaveLength(5);
  });

  it("a grouped message that fails is retried as a whole and posted once", async () => {
    await bindChannel(h.db, "C-team");
    await staleAccounts(h, 5);
    await h.kw.scan();
    h.ch.failWith("C-team", new Error("503 Service Unavailable"));
    expect(await h.kw.deliver()).toMatchObject({ retried: 5, sent: 0 });
    const rows = await h.db.delivery.findMany();
    expect(new Set(rows.map((r) => r.nextAttemptAt.toISOString())).size).toBe(1);
    expect(rows.every((r) => r.attempts === 1 && r.status === "pending")).toBe(true);

    h.ch.failWith("C-team", null);
    secondsLater(h, 30);
    expect(await h.kw.deliver()).toMatchObject({ sent: 5 });
    expect(h.ch.posts().map((c) => c.message.nudgeIds!.length)).toEqual([5]);
  });

  it("a nudge acknowledged before its post went out is not posted; the rest of its group is", async () => {
    await bindChannel(h.db, "C-team");
    await staleAccounts(h, 4);
    await h.kw.scan();
    const [first] = await h.db.nudge.findMany({ orderBy: { id: "asc" }, include: { account: true } });
    const { admin } = await import("../fixtures/actors.js");
    expect((await h.kw.command(`ack ${first.id}`, admin, "cli")).ok).toBe(true);

    expect(await h.kw.deliver()).toMatchObject({ sent: 4 });
    const [post] = h.ch.posts();
    expect(h.ch.posts()).toHaveLength(1);
    expect(post.message.nudgeIds).toHaveLength(3);
    expect(post.message.nudgeIds).not.toContain(first.id);
    expect(textOf(post.message)).not.toContain(first.account.name);
    expect(textOf(post.message)).toContain("Account 0");
    expect(await h.db.nudgeMessage.count({ where: { nudgeId: first.id } })).toBe(0);
  });
});
