/**
 * HubSpot objects applied to Keepwarm:
 *   a company → its account (created and linked on first sight, or linked to an unlinked account of
 *     the same name), kept in step field by field: name, domain, owner (by the owner's email), value,
 *     renewal date, and the stage through connectors.hubspot.stages;
 *   a deal moving stage → its companies' accounts' stage through connectors.hubspot.dealStages;
 *   a call, email, meeting or note → a touchpoint on its company's account, once (keyed by its id;
 *     engagements.ts, which also applies a batch's engagements together).
 * Every field moves only forward in HubSpot's time (watermarks), so a late or replayed event, or a
 * sync reading an older state, changes nothing. A CRM only moves an account's stage forward: moving it
 * back, to exit, or out of exit stays with people, who say why.
 */
import { ensurePerson } from "../../activity/accounts.js";
import { findOrCreateLinkedAccountIn } from "../../activity/crmAccounts.js";
import { normalizeDomain, setDomains } from "../../activity/domains.js";
import { accountOfSourceId } from "../../activity/links.js";
import { nameKey } from "../../activity/names.js";
import { recordStageMoveIn } from "../../activity/stages.js";
import { isAppError } from "../../domain/errors.js";
import type { Actor } from "../../domain/people.js";
import { classifyStageMove, type Stage } from "../../domain/stages.js";
import type { Tx } from "../../store/client.js";
import type { ApplyContext, ApplyOutcome, StoredEvent } from "../connector.js";
import { advanceWatermark } from "../watermarks.js";
import type { HubspotEventKind } from "./events.js";
import { applyEngagements } from "./engagements.js";
import { type CompanyFacts, type EngagementFacts, type Owner, ownerName } from "./objects.js";
import { engagementKey, type HubspotReads } from "./read.js";
import type { HubspotSettings } from "./settings.js";
import { parseStored } from "./stored.js";

const SOURCE = "hubspot";
const HUBSPOT: Actor = { personId: null, name: "HubSpot", role: "admin", platform: "console" };
type Ctx = ApplyContext<HubspotSettings>;

export async function applyHubspotEvent(stored: StoredEvent, ctx: Ctx, reads: HubspotReads | undefined): Promise<ApplyOutcome> {
  const parsed = parseStored(stored.payload);
  if (parsed.snapshot) {
    const { snapshot } = parsed;
    const at = new Date(snapshot.modifiedAt);
    return snapshot.object === "company" ? applyCompany(snapshot.facts, null, at, ctx) : applyEngagement(snapshot.facts, ctx);
  }
  const { event, kind } = parsed;
  const at = new Date(event.occurredAt);
  const read = reads ?? { companies: new Map(), engagements: new Map(), dealCompanies: new Map(), owners: new Map() };
  switch (kind.type) {
    case "company.creation":
    case "company.propertyChange": {
      const facts = read.companies.get(event.objectId);
      if (!facts) return { status: "applied", outcome: `company ${event.objectId} is no longer in HubSpot (deleted or merged): nothing to apply`, accountIds: [] };
      const only = kind.type === "company.propertyChange" ? { ...kind, owner: kind.value ? read.owners.get(kind.value) ?? null : null } : null;
      return applyCompany(facts, only, at, ctx);
    }
    case "deal.propertyChange":
      return applyDealStage(event.objectId, kind.value, read.dealCompanies.get(event.objectId) ?? [], at, ctx);
    case "engagement.creation": {
      const facts = read.engagements.get(engagementKey(kind.engagement, event.objectId));
      if (!facts) return { status: "applied", outcome: `${kind.engagement.replace(/s$/, "")} ${event.objectId} is no longer in HubSpot: nothing to apply`, accountIds: [] };
      return applyEngagement(facts, ctx);
    }
  }
}

type PropertyChange = Extract<HubspotEventKind, { type: "company.propertyChange" }> & { owner: Owner | null };

/** The company's state (all of it, or the one property that changed) onto its account. */
async function applyCompany(facts: CompanyFacts, only: PropertyChange | null, at: Date, ctx: Ctx): Promise<ApplyOutcome> {
  const { company } = facts;
  const stage = mappedStage(ctx.config.hubspot.stages, company.properties.lifecyclestage);
  return ctx.db.$transaction(async (tx) => {
    const changes: string[] = [];
    let accountId = await accountOfSourceId(tx, SOURCE, company.id);
    if (!accountId) {
      if (stage === null) return { status: "applied", outcome: `company ${company.id} is not tracked: its lifecycle stage ${company.properties.lifecyclestage} maps to no stage`, accountIds: [] } satisfies ApplyOutcome;
      const name = company.properties.name?.trim() || `HubSpot company ${company.id}`;
      const input = { source: SOURCE, sourceId: company.id, name, stage: firstStage(stage ?? "awareness", company.properties.hs_lifecyclestage_customer_date, ctx), at, timeZone: ctx.defaultTimeZone, byName: HUBSPOT.name } as const;
      const found = await findOrCreateLinkedAccountIn(tx, input, ctx.now);
      accountId = found.id;
      changes.push(found.created ? `created account ${found.name}` : `linked ${found.name}`);
      only = null; // an account seen for the first time takes the company's whole state, not just the property that changed
    }
    const properties = only ? { [only.property]: only.value } : company.properties;
    const account = await tx.account.findUniqueOrThrow({ where: { id: accountId }, select: { id: true, name: true, stage: true } });
    const key = `company:${company.id}`;
    const fresh = (field: string) => advanceWatermark(tx, SOURCE, key, field, at);
    const has = (p: string | null) => p !== null && p in properties;
    const config = ctx.config.hubspot;

    const name = properties.name?.trim();
    if (has("name") && name && name !== account.name && (await fresh("name"))) {
      await tx.account.update({ where: { id: accountId }, data: { name, nameKey: nameKey(name) } });
      changes.push(`renamed to ${name}`);
    }
    if (has("domain") && (await fresh("domain"))) {
      const domain = properties.domain ? normalizeDomain(properties.domain) : null;
      try {
        await setDomains(tx, account, domain ? [domain] : [], SOURCE, ctx.now, SOURCE);
      } catch (err) {
        if (!(isAppError(err) && err.code === "conflict")) throw err;
        changes.push(`domain not added: ${err.message}`);
      }
    }
    if (has(config.valueProperty) && (await fresh("value"))) {
      const value = Number(properties[config.valueProperty!]);
      await tx.account.update({ where: { id: accountId }, data: { annualValue: properties[config.valueProperty!] && Number.isFinite(value) && value >= 0 ? value : null } });
    }
    if (has(config.renewalDateProperty) && (await fresh("renewal"))) {
      const date = calendarDateOf(properties[config.renewalDateProperty!]);
      await tx.account.update({ where: { id: accountId }, data: { renewalDate: date } });
      changes.push(date ? `renewal ${date}` : "renewal date cleared");
    }
    if (has("hubspot_owner_id") && (await fresh("owner"))) {
      const owner = only ? only.owner : facts.owner;
      if (owner?.email) {
        await tx.account.update({ where: { id: accountId }, data: { ownerId: await ensurePerson(tx, owner.email, ownerName(owner)) } });
        changes.push(`owner ${owner.email}`);
      } else if (properties.hubspot_owner_id && owner === null) {
        changes.push(`owner ${properties.hubspot_owner_id} has no email in HubSpot: owner left as it was`);
      }
    }
    if (has("lifecyclestage") && (await fresh("stage"))) {
      const moved = await moveForward(tx, account, mappedStage(config.stages, properties.lifecyclestage), `lifecycle stage ${properties.lifecyclestage} in HubSpot`, at);
      if (moved) changes.push(moved);
    }
    return { status: "applied", outcome: changes.length ? changes.join("; ") : "nothing new for this company", accountIds: [accountId] } satisfies ApplyOutcome;
  });
}

async function applyDealStage(dealId: string, dealStage: string | null, companyIds: string[], at: Date, ctx: Ctx): Promise<ApplyOutcome> {
  const stage = mappedStage(ctx.config.hubspot.dealStages, dealStage);
  if (!stage) return { status: "applied", outcome: `deal stage ${dealStage ?? "(empty)"} maps to no account stage`, accountIds: [] };
  if (companyIds.length === 0) return { status: "unmatched", outcome: `deal ${dealId} is associated with no company in HubSpot` };
  return ctx.db.$transaction(async (tx) => {
    const changes: string[] = [];
    const accountIds: string[] = [];
    for (const companyId of companyIds) {
      const accountId = await accountOfSourceId(tx, SOURCE, companyId);
      if (!accountId) continue;
      accountIds.push(accountId);
      if (!(await advanceWatermark(tx, SOURCE, `deal:${dealId}`, `stage:${companyId}`, at))) continue;
      const account = await tx.account.findUniqueOrThrow({ where: { id: accountId }, select: { id: true, name: true, stage: true } });
      const moved = await moveForward(tx, account, stage, `deal ${dealId} moved to ${dealStage} in HubSpot`, at);
      changes.push(moved ?? `${account.name} stays in ${account.stage}`);
    }
    if (accountIds.length === 0) {
      return { status: "unmatched", outcome: `no account is linked to HubSpot company ${companyIds[0]} (deal ${dealId}): \`link <account> hubspot ${companyIds[0]}\``, accountSourceId: companyIds[0] } satisfies ApplyOutcome;
    }
    return { status: "applied", outcome: changes.join("; ") || "an older deal stage than the one applied", accountIds } satisfies ApplyOutcome;
  });
}

/** One engagement: as many are (engagements.ts). */
async function applyEngagement(facts: EngagementFacts, ctx: Ctx): Promise<ApplyOutcome> {
  return (await applyEngagements([{ id: "one", facts }], ctx)).get("one")!;
}

/** A stage the CRM gives is applied only when it moves the account forward. */
async function moveForward(tx: Tx, account: { id: string; name: string; stage: Stage }, to: Stage | null | undefined, reason: string, at: Date): Promise<string | null> {
  if (!to) return null;
  const kind = classifyStageMove(account.stage, to);
  if (kind !== "forward") return kind === "same" ? null : `stage ${to} not applied: ${account.name} is in ${account.stage} (a CRM only moves an account forward)`;
  await recordStageMoveIn(tx, account, to, kind, HUBSPOT, reason, at);
  account.stage = to;
  return `stage ${to}`;
}

/** A long-standing customer seen for the first time is past onboarding: it starts in retention. */
function firstStage(stage: Stage, becameCustomer: string | null | undefined, ctx: Ctx): Stage {
  const since = calendarDateOf(becameCustomer);
  if (stage !== "onboarding" || !since) return stage;
  const days = (ctx.now.getTime() - Date.parse(`${since}T00:00:00Z`)) / 86_400_000;
  return days > ctx.config.hubspot.onboardingDays ? "retention" : stage;
}

/** undefined: no value (no opinion); null: the map switches this value off (not tracked). */
function mappedStage(map: Record<string, Stage | null>, value: string | null | undefined): Stage | null | undefined {
  if (!value) return undefined;
  const key = value.trim().toLowerCase();
  return key in map ? map[key] : undefined;
}

/** HubSpot date properties arrive as YYYY-MM-DD, or as epoch milliseconds at midnight UTC. */
function calendarDateOf(value: string | null | undefined): string | null {
  if (!value?.trim()) return null;
  const v = value.trim();
  if (/^\d{4}-\d{2}-\d{2}/.test(v)) return v.slice(0, 10);
  const ms = Number(v);
  return Number.isFinite(ms) ? new Date(ms).toISOString().slice(0, 10) : null;
}
