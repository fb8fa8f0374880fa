/**
 * Calls, emails, meetings and notes as touchpoints, many at a time: a webhook body of 100 call
 * creations is one read of the companies' account links, one of the owners' people, and one
 * multi-row insert (src/activity/writeTouchpoints.ts), not a transaction per call. Each engagement is
 * recorded once, keyed by its id (`hubspot:<type>:<id>`), however often it arrives. The inbox
 * applies the engagements of a batch here (applyMany) and everything else one by one.
 */
import { writeTouchpoints, type TouchpointToWrite } from "../../activity/writeTouchpoints.js";
import type { ApplyContext, ApplyOutcome, StoredEvent } from "../connector.js";
import { type EngagementFacts, engagementType, ownerName } from "./objects.js";
import { engagementKey, type HubspotReads } from "./read.js";
import type { HubspotSettings } from "./settings.js";
import { parseStored } from "./stored.js";
import { type EngagementTouchpoint, touchpointOf } from "./touchpoint.js";

const SOURCE = "hubspot";
type Ctx = ApplyContext<HubspotSettings>;

/** The outcomes of the batch's engagement events, by event id; other events are not in the map. */
export async function applyEngagementEvents(events: StoredEvent[], ctx: Ctx, reads: HubspotReads | undefined): Promise<Map<string, ApplyOutcome>> {
  const outcomes = new Map<string, ApplyOutcome>();
  const found: { id: string; facts: EngagementFacts }[] = [];
  for (const stored of events) {
    const parsed = parseStored(stored.payload);
    if (parsed.snapshot) {
      if (parsed.snapshot.object !== "company") found.push({ id: stored.id, facts: parsed.snapshot.facts });
      continue;
    }
    const { event, kind } = parsed;
    if (kind.type !== "engagement.creation") continue;
    const facts = reads?.engagements.get(engagementKey(kind.engagement, event.objectId));
    if (facts) found.push({ id: stored.id, facts });
    else outcomes.set(stored.id, { status: "applied", outcome: `${kind.engagement.replace(/s$/, "")} ${event.objectId} is no longer in HubSpot: nothing to apply`, accountIds: [] });
  }
  for (const [id, outcome] of await applyEngagements(found, ctx)) outcomes.set(id, outcome);
  return outcomes;
}

/** Engagements (each under the id its outcome is returned by) onto their companies' accounts. */
export async function applyEngagements(list: { id: string; facts: EngagementFacts }[], ctx: Ctx): Promise<Map<string, ApplyOutcome>> {
  const outcomes = new Map<string, ApplyOutcome>();
  const due: { id: string; facts: EngagementFacts; what: string; companyId: string; input: NonNullable<EngagementTouchpoint["input"]> }[] = [];
  for (const { id, facts } of list) {
    const what = `${engagementType(facts.type).kind} ${facts.engagement.id}`;
    const touch = touchpointOf(facts, ctx.now);
    const [companyId] = facts.companyIds;
    if (touch.skip !== undefined) outcomes.set(id, { status: "applied", outcome: `${what}: ${touch.skip}`, accountIds: [] });
    else if (touch.later !== undefined) outcomes.set(id, { status: "deferred", until: touch.later, outcome: `${what} is scheduled for ${touch.later.toISOString()}: it counts once it has happened` });
    else if (!companyId) outcomes.set(id, { status: "unmatched", outcome: `${what} is associated with no company in HubSpot` });
    else due.push({ id, facts, what, companyId, input: touch.input });
  }
  if (due.length === 0) return outcomes;

  const [links, people] = await Promise.all([
    ctx.db.accountLink.findMany({ where: { source: SOURCE, sourceId: { in: [...new Set(due.map((d) => d.companyId))] } }, select: { sourceId: true, accountId: true } }),
    ctx.db.person.findMany({ where: { email: { in: [...new Set(due.flatMap((d) => (d.facts.owner?.email ? [d.facts.owner.email] : [])))] } }, select: { id: true, name: true, email: true } }),
  ]);
  const accountOf = new Map(links.map((l) => [l.sourceId, l.accountId]));
  const personOf = new Map(people.map((p) => [p.email, p]));
  const writes: (TouchpointToWrite & { id: string; what: string })[] = [];
  for (const d of due) {
    const accountId = accountOf.get(d.companyId);
    if (!accountId) {
      outcomes.set(d.id, { status: "unmatched", outcome: `no account is linked to HubSpot company ${d.companyId}: \`link <account> hubspot ${d.companyId}\``, accountSourceId: d.companyId });
      continue;
    }
    const { owner } = d.facts;
    const person = owner?.email ? personOf.get(owner.email) : undefined;
    const by = person ? { personId: person.id, name: person.name } : { personId: null, name: owner ? ownerName(owner) : null };
    writes.push({ ...d.input, id: d.id, what: d.what, accountId, contactName: null, by, idempotencyKey: `hubspot:${d.facts.type}:${d.facts.engagement.id}` });
  }
  if (writes.length === 0) return outcomes;
  const written = await writeTouchpoints(ctx.db, writes, SOURCE);
  writes.forEach((w, i) => {
    const recorded = written[i].status === "duplicate";
    outcomes.set(w.id, recorded
      ? { status: "applied", outcome: `${w.what} was recorded already`, accountIds: [] }
      : { status: "applied", outcome: `${w.what} logged${w.by?.name ? ` by ${w.by.name}` : ""}`, accountIds: [w.accountId] });
  });
  return outcomes;
}
