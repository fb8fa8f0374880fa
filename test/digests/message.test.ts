import { beforeEach, describe, expect, it } from "vitest";
import { digestMessage } from "../../src/digests/message.js";
import { buildDigest, type DigestModel, type DigestNudge } from "../../src/digests/model.js";
import type { Block } from "../../src/messages/model.js";
import { createTestDb } from "../fixtures/db.js";
import { perTest } from "../fixtures/perTest.js";
import { END, NOW, START, ZONE, seedPortfolio } from "./fixtures.js";

const text = (blocks: Block[]) => blocks.map((b) => ("text" in b ? b.text : "")).join("\n");
const ana = { id: "p-ana", name: "Ana Owner", slackUserId: "U-ANA", teamsUserId: null };
const nudge = (id: number, accountName: string, extra: Partial<DigestNudge> = {}): DigestNudge => ({
  id, rule: "staleContact", title: "Stale contact", severity: "warning", accountName, reason: `${accountName} needs a call`, escalated: false, raisedAt: START, ...extra,
});
const none = { total: 0, items: [] };

function model(over: Partial<DigestModel> = {}): DigestModel {
  return {
    periodStart: START,
    periodEnd: END,
    accountsWatched: 12,
    counts: { open: 0, overdue: 0, escalated: 0, acknowledged: 0, snoozed: 0, resolvedInPeriod: 0, touchpoints: 0, accountsTouched: 0, stageMoves: 0 },
    byOwner: [],
    held: { total: 0, items: [] },
    overdue: none,
    escalated: none,
    renewals: { within30: none, within60: none, within90: none },
    stageMoves: none,
    touchpointsByKind: [],
    touchpointsByPerson: [],
    neverTouched: none,
    ...over,
  };
}

describe("digestMessage", () => {
  const opts = { channelLabel: "#cs-team", timeZone: ZONE, cadence: "daily" as const, bindingId: "b-1" };

  it("opens with the counts, then the lists", () => {
    const m = digestMessage(
      model({
        counts: { open: 3, overdue: 1, escalated: 1, acknowledged: 2, snoozed: 1, resolvedInPeriod: 4, touchpoints: 7, accountsTouched: 1, stageMoves: 2 },
        byOwner: [{ owner: ana, total: 3, nudges: [nudge(1, "Alpha", { severity: "critical", escalated: true }), nudge(2, "Bravo"), nudge(3, "Charlie", { severity: "info" })] }],
        renewals: { within30: { total: 1, items: [{ accountName: "R+0", renewalDate: "2026-11-25", daysAway: 0, stage: "retention", owner: ana, annualValue: 120_000 }] }, within60: none, within90: none },
      }),
      opts,
    );
    expect(m.blocks.slice(0, 3).map((b) => b.type)).toEqual(["header", "context", "facts"]);
    expect(m.blocks[0]).toEqual({ type: "header", text: "Daily digest · #cs-team" });
    expect(m.blocks[1]).toEqual({ type: "context", text: "Tue 24 Nov 2026 · 12 accounts watched" });
    expect(m.blocks[2].type === "facts" && m.blocks[2].facts).toEqual([
      { label: "Open nudges", value: "3" },
      { label: "Overdue", value: "1" },
      { label: "Escalated", value: "1" },
      { label: "Renewals ≤ 30 days", value: "1" },
      { label: "Touchpoints logged", value: "7 on 1 account" },
      { label: "Stage moves", value: "2" },
      { label: "Resolved", value: "4" },
      { label: "Acknowledged / snoozed", value: "2 / 1" },
    ]);
    const body = text(m.blocks);
    expect(body).toContain("<person:p-ana|Ana Owner> · 3\n🔴 Stale contact: **Alpha** · escalated (#1)\n🟠 Stale contact: **Bravo** (#2)\n🔵 Stale contact: **Charlie** (#3)");
    expect(body).toContain("**Renewals in the next 30 days**\n• **R+0** 25 Nov (0 days) · $120,000 · <person:p-ana|Ana Owner>");
    expect(body).not.toContain("more_");
    expect(m.blocks.some((b) => b.type === "actions")).toBe(false); // nothing cut, nothing to "see all"
    expect(m.summary).toBe("Daily digest · #cs-team: 3 open nudges, 1 overdue, 1 escalated, 1 renewals within 30 days");
    expect(m.people).toEqual({ "p-ana": { name: "Ana Owner", slackUserId: "U-ANA", teamsUserId: null } });
    expect(m.visibility).toBe("channel");
  });

  it("says so when nothing is open, and leaves out empty sections", () => {
    const m = digestMessage(model(), { ...opts, cadence: "weekly" });
    expect(m.blocks[0]).toEqual({ type: "header", text: "Weekly digest · #cs-team" });
    const body = text(m.blocks);
    expect(body).toContain("**No open nudges.** Every watched account is warm.");
    for (const heading of ["Overdue", "Escalated", "Renewals", "Stage moves", "Touchpoints logged**", "Never contacted"]) expect(body).not.toContain(`**${heading}`);
  });

  it("cut lists end with “…and N more” and the digest offers “See all”", () => {
    const d = model({
      counts: { ...model().counts, open: 14, overdue: 12 },
      byOwner: [{ owner: ana, total: 14, nudges: [nudge(1, "Alpha"), nudge(2, "Bravo")] }],
      overdue: { total: 12, items: [nudge(1, "Alpha", { severity: "critical" })] },
      neverTouched: { total: 3, items: [{ accountName: "Delta", stage: "retention", owner: null }] },
    });
    const m = digestMessage(d, opts);
    const body = text(m.blocks);
    expect(body).toContain("🟠 Stale contact: **Bravo** (#2)\n_…and 12 more_");
    expect(body).toContain("**Overdue**\n• **Alpha**: Alpha needs a call\n_…and 11 more_");
    expect(body).toContain("**Never contacted**\n• **Delta** (retention) · unassigned\n_…and 2 more_");
    expect(m.blocks.at(-1)).toEqual({ type: "actions", actions: [{ id: "digest.all", label: "See all", value: "b-1" }] });
    // Without a binding (the CLI's portfolio digest) there is nothing to link to.
    expect(digestMessage(d, { ...opts, bindingId: undefined }).blocks.some((b) => b.type === "actions")).toBe(false);
  });

  it("a group cut short alone is enough for “See all”", () => {
    const m = digestMessage(model({ byOwner: [{ owner: null, total: 2, nudges: [nudge(1, "Alpha")] }] }), opts);
    expect(text(m.blocks)).toContain("Unassigned · 2\n🟠 Stale contact: **Alpha** (#1)\n_…and 1 more_");
    expect(m.blocks.at(-1)?.type).toBe("actions");
  });
});

describe("digestMessage from a real digest", () => {
  const t = perTest(() => createTestDb("sqlite"));
  beforeEach(() => seedPortfolio(t.db));

  it("renders the seeded portfolio cut to one item per list", async () => {
    const d = await buildDigest(t.db, { scope: { scope: "all", scopeValue: null }, periodStart: START, periodEnd: END, now: NOW, timeZone: ZONE, listLimit: 1 });
    const m = digestMessage(d, { channelLabel: "#cs", timeZone: ZONE, cadence: "daily", bindingId: "b-9" });
    const body = text(m.blocks);
    expect(body).toContain("**Stage moves**\n• **Delta** retention → onboarding by Ben Owner: “budget freeze”\n_…and 1 more_");
    expect(body).toContain("**Touchpoints logged**\n2 call, 1 email\nBy: Ana Owner 2");
    expect(body).toContain("**Renewals in 31–60 days**\n• **R+31** 26 Dec (31 days) · <person:");
    expect(body.match(/_…and \d+ more_/g)).toHaveLength(9); // two owners, escalated, overdue, three renewal buckets, stage moves, never contacted
    expect(m.blocks.at(-1)).toEqual({ type: "actions", actions: [{ id: "digest.all", label: "See all", value: "b-9" }] });
  });
});
