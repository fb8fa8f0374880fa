import { describe, expect, it } from "vitest";
import { admin } from "../fixtures/actors.js";
import { DB_KINDS } from "../fixtures/db.js";
import { createHarness, openReplica } from "../fixtures/harness.js";
import { perTest } from "../fixtures/perTest.js";
import { addAccount, bindChannel } from "../fixtures/seed.js";

describe.each(DB_KINDS)("scan on %s", (kind) => {
  const h = perTest(() => createHarness(kind));

  const nudgesOf = (accountId: string) => h.db.nudge.findMany({ where: { accountId }, orderBy: { id: "asc" } });

  it("raises each nudge once, queues one post per bound channel, and a second scan changes nothing", async () => {
    const now = h.clock.now;
    await bindChannel(h.db, "C-team");
    const stale = await addAccount(h.db, now, "Acme Corp", { touchDaysAgo: 35 });
    const fresh = await addAccount(h.db, now, "Globex", { touchDaysAgo: 3 });
    const never = await addAccount(h.db, now, "Initech", { touchDaysAgo: null });

    const first = await h.kw.scan();
    expect(first).toMatchObject({ accounts: 3, raised: 2, resolved: 0, deliveries: 2 });
    expect((await nudgesOf(stale)).map((n) => [n.rule, n.severity, n.status])).toEqual([["staleContact", "warning", "open"]]);
    expect(await nudgesOf(fresh)).toEqual([]);
    expect((await nudgesOf(never))[0]).toMatchObject({ rule: "staleContact", severity: "critical" });

    const second = await h.kw.scan();
    expect(second).toMatchObject({ raised: 0, severityUp: 0, resolved: 0, escalated: 0, deliveries: 0 });
    expect(await h.db.nudge.count()).toBe(2);
    expect(await h.db.delivery.count()).toBe(2);
    expect(await h.db.nudgeEvent.count({ where: { type: "raised" } })).toBe(2);
  });

  it("does not double anything across a restart (a second process on the same database)", async () => {
    await bindChannel(h.db, "C-team");
    await addAccount(h.db, h.clock.now, "Acme Corp", { touchDaysAgo: 50 });
    await h.kw.scan();
    const { kw: restarted } = await openReplica(h, { connection: "shared" });
    expect((await restarted.scan()).raised).toBe(0);
    expect(await h.db.nudge.count()).toBe(1);
    expect(await h.db.delivery.count()).toBe(1);
  });

  it("two replicas scanning at the same moment create each nudge once", async () => {
    await bindChannel(h.db, "C-team");
    for (let i = 0; i < 30; i++) await addAccount(h.db, h.clock.now, `Account ${i}`, { touchDaysAgo: 40 + i });
    const { kw: replica } = await openReplica(h, { connection: "shared" });
    const [a, b] = await Promise.all([h.kw.scan(), replica.scan()]);
    expect(a.raised + b.raised).toBe(30);
    expect(await h.db.nudge.count()).toBe(30);
    // One noise budget for both (these accounts share "no owner"): the 25 overdue (critical) ones are
    // posted, critical being exempt, and fill the day's 5; the 5 warnings are held for the channel's
    // roll-up (it has no digest), queued once.
    expect(a.held + b.held).toBe(5);
    expect(await h.db.delivery.count({ where: { kind: "nudge.post" } })).toBe(25);
    expect(await h.db.heldNudge.count()).toBe(5);
    expect(await h.db.delivery.count({ where: { kind: "nudge.rollup" } })).toBe(1);
  });

  it("auto-resolves when a touchpoint clears the condition, and queues an update for the shown message", async () => {
    const binding = await bindChannel(h.db, "C-team");
    const id = await addAccount(h.db, h.clock.now, "Acme Corp", { touchDaysAgo: 35 });
    await h.kw.scan();
    const [nudge] = await nudgesOf(id);
    await h.db.nudgeMessage.create({ data: { nudgeId: nudge.id, platform: "console", channelId: "C-team", messageRef: "m1", version: nudge.version, shownNudgeIds: [nudge.id] } });

    const reply = await h.kw.command('touch "Acme Corp" call "catch-up"', admin, "cli");
    expect(reply.ok).toBe(true);
    const [after] = await nudgesOf(id);
    expect(after).toMatchObject({ status: "resolved", version: nudge.version + 1 });
    expect(after.resolvedAt?.toISOString()).toBe(h.clock.now.toISOString());
    const update = await h.db.delivery.findFirst({ where: { kind: "nudge.update" } });
    expect(update).toMatchObject({ bindingId: binding.id, nudgeIds: [nudge.id], status: "pending" });
    expect((await h.kw.scan()).resolved).toBe(0);
  });

  it("raises the same nudge louder when due becomes overdue, instead of adding another", async () => {
    const id = await addAccount(h.db, h.clock.now, "Acme Corp", { touchDaysAgo: 40 });
    await h.kw.scan();
    const [due] = await nudgesOf(id);
    expect(due.severity).toBe("warning");
    h.clock.advanceHours(6 * 24);
    const r = await h.kw.scan();
    expect(r.severityUp).toBe(1);
    const all = await nudgesOf(id);
    expect(all).toHaveLength(1);
    expect(all[0]).toMatchObject({ id: due.id, severity: "critical", version: due.version + 1, status: "open" });
  });

  it("respects a snooze and brings the nudge back, re-posted, when the snooze ends", async () => {
    await bindChannel(h.db, "C-team");
    const id = await addAccount(h.db, h.clock.now, "Acme Corp", { touchDaysAgo: 35 });
    await h.kw.scan();
    const [n] = await nudgesOf(id);
    expect((await h.kw.command(`snooze ${n.id} 1d`, admin, "cli")).ok).toBe(true);
    h.clock.advanceHours(12);
    expect((await h.kw.scan()).snoozeEnded).toBe(0);
    expect((await nudgesOf(id))[0].status).toBe("snoozed");
    h.clock.advanceHours(13);
    expect((await h.kw.scan()).snoozeEnded).toBe(1);
    expect((await nudgesOf(id))[0]).toMatchObject({ status: "open", snoozedUntil: null });
    expect(await h.db.delivery.count({ where: { kind: "nudge.post" } })).toBe(2);
  });

  it("escalates an open nudge nobody acknowledged within the policy delay, once", async () => {
    await bindChannel(h.db, "C-team");
    const id = await addAccount(h.db, h.clock.now, "Acme Corp", { touchDaysAgo: 35 });
    await h.kw.scan();
    h.clock.advanceHours(47);
    expect((await h.kw.scan()).escalated).toBe(0);
    h.clock.advanceHours(1);
    expect((await h.kw.scan()).escalated).toBe(1);
    expect((await h.kw.scan()).escalated).toBe(0);
    expect((await nudgesOf(id))[0].escalatedAt).not.toBeNull();
    expect(await h.db.delivery.count({ where: { kind: "nudge.escalate" } })).toBe(1);
  });

  it("does not escalate an acknowledged nudge", async () => {
    const id = await addAccount(h.db, h.clock.now, "Acme Corp", { touchDaysAgo: 35 });
    await h.kw.scan();
    const [n] = await nudgesOf(id);
    await h.kw.command(`ack ${n.id}`, admin, "cli");
    h.clock.advanceHours(100);
    expect((await h.kw.scan()).escalated).toBe(0);
  });

  it("routes nudges by channel scope and rule filter", async () => {
    const owner = await h.db.person.create({ data: { name: "Leo", email: "leo@example.com" } });
    const all = await bindChannel(h.db, "C-all");
    const mine = await bindChannel(h.db, "C-leo", { scope: "owner", scopeValue: owner.id });
    const smb = await bindChannel(h.db, "C-smb", { scope: "segment", scopeValue: "smb" });
    const renewals = await bindChannel(h.db, "C-renewals", { rules: ["renewalApproaching"] });
    await addAccount(h.db, h.clock.now, "Leo's SMB", { touchDaysAgo: 35, ownerId: owner.id, segment: "SMB" });
    await addAccount(h.db, h.clock.now, "Other Ent", { touchDaysAgo: 35, segment: "Enterprise" });
    await h.kw.scan();
    const count = async (bindingId: string) => h.db.delivery.count({ where: { bindingId } });
    expect([await count(all.id), await count(mine.id), await count(smb.id), await count(renewals.id)]).toEqual([2, 1, 1, 0]);
  });

  it("skips an account whose data cannot be evaluated without resolving its nudges", async () => {
    const id = await addAccount(h.db, h.clock.now, "Acme Corp", { touchDaysAgo: 35 });
    await h.kw.scan();
    await h.db.account.update({ where: { id }, data: { timeZone: "Mars/Olympus_Mons" } });
    const r = await h.kw.scan();
    expect(r.resolved).toBe(0);
    expect((await nudgesOf(id))[0].status).toBe("open");
  });

  it("pages through the portfolio (page size smaller than the portfolio)", async () => {
    for (let i = 0; i < 25; i++) await addAccount(h.db, h.clock.now, `Acct ${String(i).padStart(2, "0")}`, { touchDaysAgo: i % 2 ? 35 : 2 });
    const { runScan } = await import("../../src/nudges/scan.js");
    const r = await runScan(h.db, { now: h.clock.now, policy: h.config.policy, pageSize: 4 });
    expect(r).toMatchObject({ accounts: 25, raised: 12 });
  });

  it("scans and rescans more accounts than SQLite allows variables in one query (999)", async () => {
    const DAY = 86_400_000;
    const rows = Array.from({ length: 1_200 }, (_, i) => ({
      name: `Bulk ${String(i).padStart(4, "0")}`,
      nameKey: `bulk ${String(i).padStart(4, "0")}`,
      stage: "retention" as const,
      stageSince: new Date(h.clock.now.getTime() - 60 * DAY), // too soon for an advocacy ask
      lastCustomerTouchAt: new Date(h.clock.now.getTime() - (i % 3 === 0 ? 40 : 3) * DAY),
    }));
    await h.db.account.createMany({ data: rows });
    const first = await h.kw.scan();
    expect(first).toMatchObject({ accounts: 1_200, raised: 400 });
    const ids = (await h.db.account.findMany({ select: { id: true } })).map((a) => a.id);
    const again = await h.kw.scan({ accountIds: ids });
    expect(again).toMatchObject({ accounts: 1_200, raised: 0, resolved: 0 });
    expect(await h.db.nudge.count({ where: { status: "open" } })).toBe(400);
  });
});
