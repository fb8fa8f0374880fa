/**
 * The benchmark portfolio: a seeded, reproducible generator of people, accounts, touchpoints and
 * complaints. Rows come out in chunks so neither the generator nor the loaders hold the portfolio
 * in memory. Same seed and size → the same rows, byte for byte.
 *
 * Shape (per account, averaged): 10 touchpoints, 0.2 complaints; stages spread like a real book of
 * business (half in retention); most accounts touched within their cadence, some due or overdue, a
 * few never touched; renewals from 40 days past to 400 days ahead; ~12% of complaints still open,
 * half of those unanswered. Touches alternate who reached out (about a third are theirs; a few accounts
 * stopped answering) and name one of the account's one to three contacts. lastCustomerTouchAt,
 * lastComplaintAt and the touch columns (src/activity/touchAggregates.ts) are derived from the
 * generated rows; about half of the retention and advocacy accounts carry a survey answer in their
 * feedback columns (the Feedback rows themselves are not generated: the scan reads only the columns).
 */
import { seededRandom, type Random } from "../src/demo/random.js";
import type { Stage } from "../src/domain/stages.js";

export const DAY = 86_400_000;
const HOUR = 3_600_000;

export interface PortfolioSize {
  accounts: number;
  touchpointsPerAccount: number;
  complaintsPerAccount: number;
}

export interface PersonRow { id: string; name: string; email: string; role: "rep" | "manager"; managerId: string | null }
export interface AccountRow {
  id: string; name: string; nameKey: string; externalId: string; ownerId: string; ownerName: string; segment: string; stage: Stage;
  stageSince: Date; renewalDate: string | null; annualValue: number; timeZone: string;
  cadenceDueDays: number | null; cadenceOverdueDays: number | null;
  lastCustomerTouchAt: Date | null; lastComplaintAt: Date | null; createdAt: Date; updatedAt: Date;
  lastInboundAt: Date | null; lastOutboundAt: Date | null; unansweredOutbound: number; unansweredSince: Date | null;
  mainContact: string | null; otherContactAt: Date | null;
  feedbackId: number | null; feedbackAt: Date | null; feedbackScore: number | null; feedbackScale: "nps" | null; feedbackAskedAt: Date | null;
}
export interface TouchpointRow {
  id: string; accountId: string; kind: string; direction: "inbound" | "outbound" | "internal"; occurredAt: Date; byPersonId: string; byName: string;
  contactName: string | null; summary: string; source: string; idempotencyKey: string | null; createdAt: Date;
}
export interface ComplaintRow {
  accountId: string; openedAt: Date; severity: string; summary: string; externalId: string | null; source: string;
  firstResponseAt: Date | null; resolvedAt: Date | null; resolution: string | null; createdAt: Date;
}
export interface Chunk { accounts: AccountRow[]; touchpoints: TouchpointRow[]; complaints: ComplaintRow[] }

const MANAGERS = 20;
const HISTORY_DAYS = 6 * 365;
const REPS = 300;
const CHUNK = 1000;
const STAGES: [Stage, number, [number, number], [number, number]][] = [
  // stage, weight, usual days in stage [min, max] (85%), long stays [max, long] (15%): about the policy's limits
  ["awareness", 8, [1, 120], [120, 400]], ["consideration", 10, [1, 80], [80, 200]], ["purchase", 5, [1, 28], [28, 70]],
  ["onboarding", 10, [1, 55], [55, 150]], ["retention", 50, [10, 119], [120, 1200]], ["advocacy", 10, [10, 600], [600, 900]],
  ["exit", 7, [1, 25], [25, 200]],
];
/** Days between customer touches the team aims for (about the default policy's cadence; exit: occasional). */
const CADENCE: Record<Stage, [number, number]> = {
  awareness: [30, 60], consideration: [14, 21], purchase: [7, 14], onboarding: [7, 14], retention: [30, 45], advocacy: [45, 90], exit: [60, 120],
};
const SEGMENTS: [string, number][] = [["Enterprise", 15], ["Mid-market", 35], ["SMB", 50]];
const ZONES = ["America/New_York", "America/Chicago", "America/Los_Angeles", "Europe/London", "Europe/Berlin", "Asia/Tokyo", "Australia/Sydney", "UTC"];
const KINDS: [string, number][] = [["email", 35], ["call", 22], ["meeting", 12], ["message", 12], ["qbr", 3], ["other", 4], ["note", 12]];
const SEVERITIES: [string, number][] = [["low", 30], ["medium", 45], ["high", 20], ["critical", 5]];
const WORDS = ["Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne", "Tyrell", "Wonka", "Aperture", "Cyberdyne", "Hooli", "Vandelay", "Contoso", "Fabrikam", "Northwind", "Litware"];
const SUFFIXES = ["Corp", "Labs", "Health", "Foods", "Systems", "Trading", "Group", "Partners", "Logistics", "Media"];
const FIRST_NAMES = ["Alex", "Sam", "Priya", "Jordan", "Mei", "Omar", "Lena", "Diego", "Hana", "Tom", "Ines", "Kofi"];
const LAST_NAMES = ["Berg", "Costa", "Ito", "Nolan", "Shah", "Kowalski", "Mensah", "Reyes", "Novak", "Okoro"];
const TOUCH_SUMMARIES = ["Check-in call", "Sent usage report", "Roadmap walkthrough", "Renewal terms sent", "Training session", "Quick question on SSO", "Quarterly planning"];
const COMPLAINT_SUMMARIES = ["SSO outage locks out the finance team", "Invoices doubled after the billing migration", "API latency doubled since the last release", "Training videos are out of date", "Export to CSV drops rows", "Mobile app crashes on login"];

export function people(): PersonRow[] {
  const rows: PersonRow[] = [];
  for (let m = 0; m < MANAGERS; m++) rows.push({ id: personId("m", m), name: `Manager ${m}`, email: `manager${m}@bench.example`, role: "manager", managerId: null });
  for (let r = 0; r < REPS; r++) rows.push({ id: personId("r", r), name: `Rep ${r}`, email: `rep${r}@bench.example`, role: "rep", managerId: personId("m", r % MANAGERS) });
  return rows;
}

/** Yields the portfolio CHUNK accounts at a time; each chunk has exactly its share of touchpoints and complaints. */
export function* portfolioChunks(size: PortfolioSize, now: Date, seed = 20261126): Generator<Chunk> {
  const rand = seededRandom(seed);
  let touchSeq = 0;
  for (let start = 0; start < size.accounts; start += CHUNK) {
    const n = Math.min(CHUNK, size.accounts - start);
    const chunk: Chunk = { accounts: [], touchpoints: [], complaints: [] };
    const neverTouched = Array.from({ length: n }, () => rand.chance(0.02));
    const touchable = neverTouched.flatMap((never, i) => (never ? [] : [i]));
    const touchCounts = spread(rand, n, Math.round(n * size.touchpointsPerAccount), touchable);
    const complaintCounts = spread(rand, n, Math.round(n * size.complaintsPerAccount), [...Array(n).keys()]);
    for (let i = 0; i < n; i++) {
      const a = account(rand, start + i, size.accounts, now);
      const touches = touchpoints(rand, a, touchCounts[i], now);
      for (const t of touches) {
        t.id = ident(rand, t.occurredAt, touchSeq++);
        chunk.touchpoints.push(t);
        if (t.kind !== "note" && (!a.lastCustomerTouchAt || t.occurredAt > a.lastCustomerTouchAt)) a.lastCustomerTouchAt = t.occurredAt;
      }
      withTouchColumns(a, touches);
      withFeedback(rand, a, start + i, now);
      for (const c of complaints(rand, a, complaintCounts[i], now)) {
        chunk.complaints.push(c);
        if (!a.lastComplaintAt || c.openedAt > a.lastComplaintAt) a.lastComplaintAt = c.openedAt;
      }
      chunk.accounts.push(a);
    }
    yield chunk;
  }
}

/** Accounts were created over six years, in index order (so, like cuid ids, id order is creation and insertion order). */
function account(rand: Random, index: number, total: number, now: Date): AccountRow {
  const step = Math.floor((HISTORY_DAYS * DAY) / total);
  const createdAt = new Date(now.getTime() - (HISTORY_DAYS + 1) * DAY + index * step + rand.int(0, step - 1));
  const [stage, , usual, long] = weighted(rand, STAGES.map((s) => [s, s[1]] as const));
  const [minDays, maxDays] = rand.chance(0.85) ? usual : long;
  const stageStart = now.getTime() - rand.int(minDays, maxDays) * DAY - rand.int(0, 86_399) * 1000;
  const stageSince = new Date(Math.max(stageStart, createdAt.getTime()));
  const hasRenewal = stage !== "exit" && stage !== "awareness" && stage !== "consideration" && rand.chance(0.85);
  const override = rand.next();
  const dueDays = rand.int(7, 30);
  const name = `${rand.pick(WORDS)} ${rand.pick(SUFFIXES)} ${index}`;
  const owner = rand.int(0, REPS - 1);
  return {
    id: ident(rand, createdAt, index),
    name,
    nameKey: name.toLowerCase(),
    externalId: `crm-${index}`,
    ownerId: personId("r", owner),
    ownerName: `Rep ${owner}`,
    segment: weighted(rand, SEGMENTS),
    stage,
    stageSince,
    renewalDate: hasRenewal ? isoDate(new Date(now.getTime() + rand.int(-40, 400) * DAY)) : null,
    annualValue: rand.int(5, 500) * 1000,
    timeZone: rand.pick(ZONES),
    cadenceDueDays: override < 0.03 ? dueDays : null,
    cadenceOverdueDays: override < 0.02 ? dueDays + rand.int(0, 30) : null,
    lastCustomerTouchAt: null,
    lastComplaintAt: null,
    createdAt,
    updatedAt: now,
    lastInboundAt: null, lastOutboundAt: null, unansweredOutbound: 0, unansweredSince: null, mainContact: null, otherContactAt: null,
    feedbackId: null, feedbackAt: null, feedbackScore: null, feedbackScale: null, feedbackAskedAt: null,
  };
}

/** The touch columns as touchAggregates.ts computes them from the account's touchpoints. */
function withTouchColumns(a: AccountRow, touches: TouchpointRow[]): void {
  const facing = touches.filter((t) => t.direction !== "internal").sort((x, y) => y.occurredAt.getTime() - x.occurredAt.getTime());
  const latest = (d: string) => facing.find((t) => t.direction === d)?.occurredAt ?? null;
  a.lastInboundAt = latest("inbound");
  a.lastOutboundAt = latest("outbound");
  const unanswered = facing.filter((t) => t.direction === "outbound" && (!a.lastInboundAt || t.occurredAt > a.lastInboundAt));
  a.unansweredOutbound = unanswered.length;
  a.unansweredSince = unanswered.at(-1)?.occurredAt ?? null;
  const named = facing.filter((t) => t.contactName !== null);
  a.mainContact = named[0]?.contactName ?? null;
  a.otherContactAt = named.find((t) => t.contactName!.toLowerCase() !== a.mainContact!.toLowerCase())?.occurredAt ?? null;
}

/** Half of the long-standing customers answered a survey in the last few months, mostly passives and promoters. */
function withFeedback(rand: Random, a: AccountRow, index: number, now: Date): void {
  if ((a.stage !== "retention" && a.stage !== "advocacy") || !rand.chance(0.5)) return;
  a.feedbackId = index + 1;
  a.feedbackAt = new Date(now.getTime() - rand.int(1, 150) * DAY);
  a.feedbackScore = weighted(rand, [[10, 15], [9, 20], [8, 25], [7, 20], [6, 8], [4, 7], [2, 5]] as const);
  a.feedbackScale = "nps";
  a.feedbackAskedAt = a.feedbackAt;
}

/** Most accounts were touched within their cadence, some are due, a tail is overdue. */
function touchpoints(rand: Random, a: AccountRow, count: number, now: Date): TouchpointRow[] {
  const [due, overdue] = CADENCE[a.stage];
  const r = rand.next();
  const recencyDays = r < 0.86 ? rand.int(0, due - 1) : r < 0.94 ? rand.int(due, overdue - 1) : rand.int(overdue, overdue + 120);
  let at = now.getTime() - recencyDays * DAY - rand.int(0, 10) * HOUR;
  const rows: TouchpointRow[] = [];
  const contacts = Array.from({ length: rand.int(1, 3) }, () => `${rand.pick(FIRST_NAMES)} ${rand.pick(LAST_NAMES)}`);
  const stoppedAnswering = rand.chance(0.05);
  for (let k = 0; k < count; k++) {
    const kind = weighted(rand, KINDS);
    const theirs = !(stoppedAnswering && k < 4) && rand.chance(0.35);
    const occurredAt = new Date(Math.min(Math.max(at, a.createdAt.getTime()), now.getTime()));
    const viaApi = rand.chance(0.2);
    rows.push({
      id: "", accountId: a.id, kind, direction: kind === "note" ? "internal" : theirs ? "inbound" : "outbound", occurredAt, byPersonId: a.ownerId, byName: a.ownerName,
      contactName: kind === "note" ? null : rand.pick(contacts), summary: rand.pick(TOUCH_SUMMARIES), source: viaApi ? "api" : "slack",
      idempotencyKey: viaApi ? `evt-${a.externalId}-${k}` : null, createdAt: occurredAt,
    });
    at -= rand.int(2, 45) * DAY + rand.int(0, 23) * HOUR;
  }
  return rows;
}

/** Most complaints are long resolved; ~12% are open (recent), half of those still unanswered. */
function complaints(rand: Random, a: AccountRow, count: number, now: Date): ComplaintRow[] {
  const rows: ComplaintRow[] = [];
  for (let k = 0; k < count; k++) {
    const open = rand.chance(0.12);
    const opened = open ? now.getTime() - rand.int(1, 14 * 24) * HOUR : now.getTime() - rand.int(1, 700) * DAY;
    const openedAt = new Date(Math.max(opened, a.createdAt.getTime()));
    const responded = !open || rand.chance(0.5);
    const firstResponseAt = responded ? new Date(Math.min(openedAt.getTime() + rand.int(1, 20) * HOUR, now.getTime())) : null;
    const resolvedAt = open ? null : new Date(Math.min(openedAt.getTime() + rand.int(21, 240) * HOUR, now.getTime()));
    rows.push({
      accountId: a.id, openedAt, severity: weighted(rand, SEVERITIES), summary: rand.pick(COMPLAINT_SUMMARIES),
      externalId: null, source: "api", firstResponseAt, resolvedAt, resolution: resolvedAt ? "Fixed" : null, createdAt: openedAt,
    });
  }
  return rows;
}

/** Deals `total` items to random slots among `eligible` (a multinomial draw): the exact total, varied per slot. */
function spread(rand: Random, slots: number, total: number, eligible: number[]): number[] {
  const counts = new Array<number>(slots).fill(0);
  if (eligible.length === 0) return counts;
  for (let k = 0; k < total; k++) counts[eligible[Math.floor(rand.next() * eligible.length)]]++;
  return counts;
}

function weighted<T>(rand: Random, items: readonly (readonly [T, number])[]): T {
  let total = 0;
  for (const [, w] of items) total += w;
  let x = rand.next() * total;
  for (const [item, w] of items) if ((x -= w) < 0) return item;
  return items[items.length - 1][0];
}

/**
 * 25 characters shaped like Prisma's cuid(): "c", the creation time in base 36, then a sequence
 * number (so ids never collide) and random characters. Ids sort by creation time, as cuids do.
 */
function ident(rand: Random, createdAt: Date, seq: number): string {
  const time = createdAt.getTime().toString(36).padStart(8, "0");
  const random = Math.floor(rand.next() * 36 ** 8).toString(36).padStart(8, "0");
  return `c${time}${seq.toString(36).padStart(8, "0")}${random}`;
}

function personId(kind: "m" | "r", n: number): string {
  return `p${kind}${String(n).padStart(6, "0")}`;
}

function isoDate(d: Date): string {
  return d.toISOString().slice(0, 10);
}
