// Inhibition through the scan, on both databases: a held-back rule gets no nudge and no post, and
// fires once its suppressor clears; an open nudge that becomes held back is resolved, its message
// updated in place; `why` says who holds it back and by which policy entry.
import { describe, expect, it } from "vitest";
import { admin } from "../fixtures/actors.js";
import { DB_KINDS } from "../fixtures/db.js";
import { createHarness } from "../fixtures/harness.js";
import { textOf } from "../fixtures/messages.js";
import { perTest } from "../fixtures/perTest.js";
import { addAccount, bindChannel } from "../fixtures/seed.js";

describe.each(DB_KINDS)("inhibition in the scan on %s", (kind) => {
  // These accounts sit in retention for 200 days without a feedback ask; feedback-due nudges are not what these tests are about.
  const policy = { feedback: { dueDays: null } };
  const h = perTest(() => createHarness(kind, { policy }));

  const nudgesOf = (accountId: string) => h.db.nudge.findMany({ where: { accountId }, orderBy: { id: "asc" } });
  const postsOf = async (nudgeId: number) => (await h.db.delivery.findMany({ where: { kind: "nudge.post" } })).filter((d) => (d.nudgeIds as number[]).includes(nudgeId));

  it("stale contact holds back the advocacy ask (no nudge, no post); a touch clears it and the next scan raises the ask", async () => {
    await bindChannel(h.db, "C-team");
    // Due for contact (35 days, retention expects 30) but not overdue (45), and 200 healthy days: both rules want a nudge.
    const id = await addAccount(h.db, h.clock.now, "Acme Corp", { touchDaysAgo: 35, stageDaysAgo: 200 });

    expect(await h.kw.scan()).toMatchObject({ candidates: 2, raised: 1, deliveries: 1 });
    const [stale] = await nudgesOf(id);
    expect((await nudgesOf(id)).map((n) => n.rule)).toEqual(["staleContact"]);
    expect(await h.db.delivery.count()).toBe(1);
    expect(await postsOf(stale.id)).toHaveLength(1);

    const why = textOf((await h.kw.command('why "Acme Corp"', admin, "cli")).reply);
    expect(why).toContain(
      `not raised: suppressed by nudge #${stale.id} (stale contact), per the policy's inhibit[0] ("unanswered complaint, stale contact or renewal approaching suppresses advocacy ask"). It may fire once that clears.`,
    );
    // Nothing changed: the next scan re-plans once (the new stale-contact row changed the memo's digest), then the memo holds.
    expect(await h.kw.scan()).toMatchObject({ skipped: 0, raised: 0, resolved: 0, deliveries: 0 });
    expect(await h.kw.scan()).toMatchObject({ skipped: 1, raised: 0, resolved: 0, deliveries: 0 });

    // A touch written straight to the store (as a feed would): the periodic scan sees it through the memo's digest.
    h.clock.advanceHours(1);
    await h.db.account.update({ where: { id }, data: { lastCustomerTouchAt: h.clock.now } });
    expect(await h.kw.scan()).toMatchObject({ skipped: 0, raised: 1, resolved: 1 });
    const after = await nudgesOf(id);
    expect(after.map((n) => [n.rule, n.status])).toEqual([["staleContact", "resolved"], ["advocacyAsk", "open"]]);
    expect(await postsOf(after[1].id)).toHaveLength(1);
  });

  it("an open advocacy ask is resolved, its message updated, when a renewal nudge holds it back; a complaint ends it too", async () => {
    const binding = await bindChannel(h.db, "C-team");
    const id = await addAccount(h.db, h.clock.now, "Acme Corp", { touchDaysAgo: 3, stageDaysAgo: 200 });
    await h.kw.scan();
    const [ask] = await nudgesOf(id);
    expect(ask).toMatchObject({ rule: "advocacyAsk", status: "open" });
    await h.db.nudgeMessage.create({ data: { nudgeId: ask.id, platform: "console", channelId: "C-team", messageRef: "m1", version: ask.version, shownNudgeIds: [ask.id] } });

    // The command re-checks the account at once: the renewal nudge is raised and the ask resolved in one plan.
    expect((await h.kw.command('renewal "Acme Corp" 2026-12-20', admin, "cli")).ok).toBe(true);
    const [resolvedAsk, renewal] = await nudgesOf(id);
    expect(renewal).toMatchObject({ rule: "renewalApproaching", status: "open" });
    expect(resolvedAsk).toMatchObject({ id: ask.id, status: "resolved", resolution: `Suppressed by nudge #${renewal.id} (renewal approaching)`, version: ask.version + 1 });
    expect(await h.db.delivery.findFirst({ where: { kind: "nudge.update" } })).toMatchObject({ bindingId: binding.id, nudgeIds: [ask.id] });
    expect(await h.db.nudgeEvent.findFirst({ where: { nudgeId: ask.id, type: "resolved" } })).toMatchObject({ detail: `suppressed by nudge #${renewal.id} (renewal approaching)` });
    expect((await h.kw.scan()).raised).toBe(0);

    // Renewal date cleared: the ask comes back, as a fresh post.
    expect((await h.kw.command('renewal "Acme Corp" none', admin, "cli")).ok).toBe(true);
    expect((await h.db.nudge.findUniqueOrThrow({ where: { id: ask.id } })).status).toBe("open");
    expect(await postsOf(ask.id)).toHaveLength(2);

    // A complaint opening ends the ask as well (the advocacy rule itself waits for complaints to close).
    expect((await h.kw.command('complaint "Acme Corp" high "Exports fail"', admin, "cli")).ok).toBe(true);
    expect((await h.db.nudge.findUniqueOrThrow({ where: { id: ask.id } })).status).toBe("resolved");
  });

  it("an empty inhibit list turns it off: both nudges are raised", async () => {
    const off = await createHarness(kind, { policy: { ...policy, inhibit: [] } });
    h.onClose(() => off.close());
    await addAccount(off.db, off.clock.now, "Acme Corp", { touchDaysAgo: 35, stageDaysAgo: 200 });
    expect((await off.kw.scan()).raised).toBe(2);
  });
});
