import type { DigestModel } from "../../src/digests/model.js";
import type { NudgeView } from "../../src/messages/nudgeView.js";

export const NOW = new Date("2026-11-25T15:00:00Z");

const rita = { id: "p-rita", name: "Rita Rep", slackUserId: "U-RITA", teamsUserId: null };
const leo = { id: "p-leo", name: "Leo <Lead>", slackUserId: null, teamsUserId: "aad-leo" };

export function nudgeView(overrides: Partial<NudgeView> = {}): NudgeView {
  return {
    id: 42,
    rule: "staleContact",
    severity: "warning",
    status: "open",
    reason: "No customer touch for 35 days; retention accounts expect one every 30 (at most 45).",
    facts: { daysSinceTouch: 35 },
    raisedAt: new Date("2026-11-25T14:00:00Z"),
    snoozedUntil: null,
    escalatedAt: null,
    actedByName: null,
    actedAt: null,
    actionNote: null,
    resolvedAt: null,
    resolution: null,
    version: 1,
    account: {
      id: "acc-acme",
      name: "Acme & Sons",
      stage: "retention",
      renewalDate: "2027-03-01",
      lastCustomerTouchAt: new Date("2026-10-21T15:00:00Z"),
      timeZone: "UTC",
      segment: null,
      owner: { ...rita, manager: leo },
    },
    ...overrides,
  };
}

export function digestModel(open: number): DigestModel {
  const nudges = Array.from({ length: open }, (_, i) => ({
    id: i + 1, rule: "staleContact" as const, title: "Stale contact", severity: "warning" as const, accountName: `Account ${i + 1}`, reason: "No touch", escalated: false, raisedAt: NOW,
  }));
  const empty = { total: 0, items: [] };
  return {
    periodStart: new Date("2026-11-24T00:00:00Z"),
    periodEnd: new Date("2026-11-25T00:00:00Z"),
    accountsWatched: open,
    counts: { open, overdue: 0, escalated: 0, acknowledged: 0, snoozed: 0, resolvedInPeriod: 0, touchpoints: 0, accountsTouched: 0, stageMoves: 0 },
    byOwner: [{ owner: rita, total: open, nudges: nudges.slice(0, 10) }],
    held: { total: 0, items: [] },
    overdue: empty,
    escalated: empty,
    renewals: { within30: empty, within60: empty, within90: empty },
    stageMoves: empty,
    touchpointsByKind: [],
    touchpointsByPerson: [],
    neverTouched: empty,
  };
}
