import type { ComplaintSeverity } from "../domain/complaints.js";
import type { Stage } from "../domain/stages.js";

/**
 * The demo portfolio: hand-written so every rule has a real case, with days relative to today.
 * touchDaysAgo: customer-facing touches, newest first, ours and theirs in turn (the newest ours) unless
 * `unanswered`: all ours; contacts: who they were with, in turn; complaint: hours ago and whether
 * answered; feedback: survey answers (NPS unless said), days ago.
 */
export interface DemoAccount {
  name: string;
  owner: string;
  segment: "Enterprise" | "Mid-market" | "SMB";
  stage: Stage;
  stageDaysAgo: number;
  touchDaysAgo: number[];
  renewalInDays?: number;
  annualValue: number;
  timeZone: string;
  complaints?: { hoursAgo: number; severity: ComplaintSeverity; summary: string; answered?: boolean; resolved?: boolean }[];
  notesDaysAgo?: number[];
  history?: Stage[];
  /** Every touch is our outreach; their last reply, if any, this many days ago. */
  unanswered?: { lastReplyDaysAgo: number | null };
  contacts?: string[];
  feedback?: { daysAgo: number; score: number; contact?: string; comment?: string }[];
}

export const DEMO_PEOPLE = [
  { key: "maya", name: "Maya Patel", email: "maya@example.com", role: "manager" as const },
  { key: "leo", name: "Leo Martin", email: "leo@example.com", role: "rep" as const },
  { key: "sofia", name: "Sofia Rossi", email: "sofia@example.com", role: "rep" as const },
  { key: "kenji", name: "Kenji Sato", email: "kenji@example.com", role: "rep" as const },
  { key: "amara", name: "Amara Okafor", email: "amara@example.com", role: "rep" as const },
];

const NY = "America/New_York";
const LDN = "Europe/London";
const BER = "Europe/Berlin";
const TKY = "Asia/Tokyo";

export const DEMO_ACCOUNTS: DemoAccount[] = [
  // Stale contact: due and overdue retention accounts
  { name: "Acme Corp", owner: "leo", segment: "Enterprise", stage: "retention", stageDaysAgo: 300, touchDaysAgo: [34, 70, 110], renewalInDays: 150, annualValue: 240000, timeZone: NY, history: ["purchase", "onboarding"] },
  { name: "Globex", owner: "sofia", segment: "Enterprise", stage: "retention", stageDaysAgo: 400, touchDaysAgo: [52, 90], renewalInDays: 210, annualValue: 310000, timeZone: LDN, notesDaysAgo: [3] },
  { name: "Initech", owner: "kenji", segment: "Mid-market", stage: "retention", stageDaysAgo: 200, touchDaysAgo: [47, 80], annualValue: 56000, timeZone: NY },
  { name: "Umbrella Health", owner: "amara", segment: "Enterprise", stage: "advocacy", stageDaysAgo: 90, touchDaysAgo: [95, 120], renewalInDays: 300, annualValue: 420000, timeZone: BER },
  { name: "Hooli", owner: "leo", segment: "Mid-market", stage: "consideration", stageDaysAgo: 20, touchDaysAgo: [16], annualValue: 0, timeZone: NY },
  // Unanswered complaints
  { name: "Stark Industries", owner: "sofia", segment: "Enterprise", stage: "retention", stageDaysAgo: 500, touchDaysAgo: [6, 30], renewalInDays: 120, annualValue: 880000, timeZone: NY, complaints: [{ hoursAgo: 5, severity: "critical", summary: "SSO outage locks out the whole finance team" }] },
  { name: "Wayne Enterprises", owner: "kenji", segment: "Enterprise", stage: "retention", stageDaysAgo: 365, touchDaysAgo: [2, 20], annualValue: 650000, timeZone: NY, complaints: [{ hoursAgo: 30, severity: "medium", summary: "Invoices doubled after the billing migration" }] },
  { name: "Soylent Foods", owner: "amara", segment: "SMB", stage: "onboarding", stageDaysAgo: 12, touchDaysAgo: [4], annualValue: 18000, timeZone: LDN, complaints: [{ hoursAgo: 80, severity: "low", summary: "Training videos are out of date" }] },
  // Recent wins, so the digest has stage moves to show
  { name: "Vehement Capital", owner: "kenji", segment: "SMB", stage: "onboarding", stageDaysAgo: 3, touchDaysAgo: [1, 9], annualValue: 24000, timeZone: LDN, history: ["consideration", "purchase"] },
  { name: "Frobozz Magic Co", owner: "sofia", segment: "Mid-market", stage: "purchase", stageDaysAgo: 5, touchDaysAgo: [2, 12], annualValue: 90000, timeZone: NY, history: ["awareness", "consideration"] },
  { name: "Cyberdyne Systems", owner: "leo", segment: "Mid-market", stage: "retention", stageDaysAgo: 250, touchDaysAgo: [9], annualValue: 72000, timeZone: TKY, complaints: [{ hoursAgo: 50, severity: "high", summary: "API latency doubled since last release", answered: true }] },
  // Renewals approaching (and one passed)
  { name: "Massive Dynamic", owner: "sofia", segment: "Enterprise", stage: "retention", stageDaysAgo: 330, touchDaysAgo: [5, 40], renewalInDays: 5, annualValue: 520000, timeZone: NY },
  { name: "Vandelay Industries", owner: "kenji", segment: "Mid-market", stage: "retention", stageDaysAgo: 340, touchDaysAgo: [12], renewalInDays: 25, annualValue: 64000, timeZone: NY },
  { name: "Pied Piper", owner: "amara", segment: "SMB", stage: "retention", stageDaysAgo: 280, touchDaysAgo: [8], renewalInDays: 55, annualValue: 22000, timeZone: "America/Los_Angeles" },
  { name: "Oceanic Airlines", owner: "leo", segment: "Enterprise", stage: "advocacy", stageDaysAgo: 100, touchDaysAgo: [10], renewalInDays: 85, annualValue: 390000, timeZone: "Pacific/Auckland" },
  { name: "Dunder Mifflin", owner: "sofia", segment: "SMB", stage: "retention", stageDaysAgo: 360, touchDaysAgo: [15], renewalInDays: -3, annualValue: 15000, timeZone: NY },
  // Stalled in stage
  { name: "Tyrell Corporation", owner: "kenji", segment: "Enterprise", stage: "onboarding", stageDaysAgo: 75, touchDaysAgo: [3], annualValue: 450000, timeZone: "America/Los_Angeles" },
  { name: "Gringotts", owner: "amara", segment: "Enterprise", stage: "onboarding", stageDaysAgo: 130, touchDaysAgo: [6, 20], annualValue: 700000, timeZone: LDN },
  { name: "Bluth Company", owner: "leo", segment: "SMB", stage: "purchase", stageDaysAgo: 40, touchDaysAgo: [5], annualValue: 12000, timeZone: NY },
  // Advocacy asks: long, healthy retention
  { name: "Wonka Industries", owner: "sofia", segment: "Mid-market", stage: "retention", stageDaysAgo: 210, touchDaysAgo: [7, 35, 60], renewalInDays: 200, annualValue: 88000, timeZone: BER, contacts: ["Charlie Bucket", "Grandpa Joe"], feedback: [{ daysAgo: 12, score: 10, contact: "Charlie Bucket", comment: "Best vendor we have" }] },
  { name: "Aperture Science", owner: "kenji", segment: "Mid-market", stage: "retention", stageDaysAgo: 150, touchDaysAgo: [11, 40], renewalInDays: 240, annualValue: 93000, timeZone: NY, feedback: [] },
  // What customers say: a detractor waiting for an answer, and a promoter (above, Wonka) asked sooner for advocacy
  { name: "Initrode", owner: "leo", segment: "Mid-market", stage: "retention", stageDaysAgo: 200, touchDaysAgo: [9, 25], renewalInDays: 160, annualValue: 75000, timeZone: NY, contacts: ["Joanna Smith", "Bill Lumbergh"], feedback: [{ daysAgo: 2, score: 3, contact: "Joanna Smith", comment: "Support takes days to answer us" }] },
  // Relationship breadth: one person holds a big account; a customer who stopped answering
  { name: "Globo Gym", owner: "kenji", segment: "Enterprise", stage: "retention", stageDaysAgo: 100, touchDaysAgo: [3, 17, 31, 48], renewalInDays: 190, annualValue: 180000, timeZone: "America/Chicago", contacts: ["White Goodman"] },
  { name: "Chotchkie's", owner: "amara", segment: "Mid-market", stage: "retention", stageDaysAgo: 260, touchDaysAgo: [2, 10, 18, 27], renewalInDays: 130, annualValue: 61000, timeZone: NY, unanswered: { lastReplyDaysAgo: 44 }, contacts: ["Stan Hollister", "Joanna Milton"] },
  // Exit follow-up (and one already followed up)
  { name: "Nakatomi Trading", owner: "amara", segment: "Enterprise", stage: "exit", stageDaysAgo: 40, touchDaysAgo: [45], annualValue: 0, timeZone: TKY, history: ["retention"] },
  { name: "Prestige Worldwide", owner: "leo", segment: "SMB", stage: "exit", stageDaysAgo: 60, touchDaysAgo: [10, 70], annualValue: 0, timeZone: NY, history: ["retention"] },
];

const HEALTHY_NAMES = [
  "Blue Sun", "Monarch Solutions", "Sirius Cybernetics", "Kwik-E-Mart", "Buy n Large", "Virtucon", "Rekall", "Ollivanders",
  "Duff Beverages", "Krusty Krab", "Los Pollos Hermanos", "Dharma Initiative", "Weyland-Yutani", "Zorg Industries", "Gekko & Co",
  "Sterling Cooper", "Pawnee Parks", "Abstergo", "Black Mesa", "Spacely Sprockets", "Cogswell Cogs", "Planet Express", "Mom's Friendly Robots",
  "Ghostbusters", "Axiom Data", "Northwind Traders", "Contoso", "Fabrikam", "Tailspin Toys", "Litware",
];

const FIRST_NAMES = ["Alex", "Sam", "Priya", "Jordan", "Mei", "Omar", "Lena", "Diego", "Hana", "Tom"];
const LAST_NAMES = ["Berg", "Costa", "Ito", "Nolan", "Shah", "Kowalski", "Mensah", "Reyes"];

const HEALTHY_STAGES: Stage[] = ["awareness", "consideration", "purchase", "onboarding", "retention", "retention", "retention", "advocacy"];
const OWNERS = ["leo", "sofia", "kenji", "amara"];
const ZONES = [NY, LDN, BER, TKY, "America/Chicago", "Australia/Sydney"];

/** Healthy accounts around the problem ones, so the nudges stand out as they would in real life. */
export function healthyAccounts(rand: { int(a: number, b: number): number; pick<T>(x: readonly T[]): T }): DemoAccount[] {
  return HEALTHY_NAMES.map((name, i) => {
    const stage = HEALTHY_STAGES[i % HEALTHY_STAGES.length];
    return {
      name,
      owner: OWNERS[i % OWNERS.length],
      segment: i % 3 === 0 ? "Enterprise" : i % 3 === 1 ? "Mid-market" : "SMB",
      stage,
      stageDaysAgo: stage === "onboarding" ? rand.int(5, 30) : stage === "purchase" ? rand.int(2, 15) : rand.int(10, 100),
      touchDaysAgo: [rand.int(0, 5), rand.int(6, 25), rand.int(26, 60)],
      renewalInDays: stage === "retention" || stage === "advocacy" ? rand.int(120, 330) : undefined,
      annualValue: rand.int(10, 400) * 1000,
      timeZone: rand.pick(ZONES),
      notesDaysAgo: i % 4 === 0 ? [rand.int(0, 10)] : undefined,
      contacts: [`${FIRST_NAMES[i % 10]} ${LAST_NAMES[i % 8]}`, `${FIRST_NAMES[(i + 3) % 10]} ${LAST_NAMES[(i + 5) % 8]}`],
    };
  });
}
