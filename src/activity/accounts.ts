import { z } from "zod";
import { isAppError, AppError } from "../domain/errors.js";
import { LINK_SOURCES, type LinkSource } from "../domain/sources.js";
import { isValidTimeZone } from "../rules/time.js";
import { STAGES } from "../domain/stages.js";
import type { Db, Tx } from "../store/client.js";
import { retryOnWriteRace } from "../store/errors.js";
import { domainSchema, setDomains } from "./domains.js";
import { linkAccount, unlinkAccount } from "./links.js";
import { nameKey } from "./names.js";

export const calendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "expected YYYY-MM-DD", abort: true }) // a malformed date is not also "not a real" one
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), "not a real calendar date");

const sourceId = z
  .string({ error: (iss) => (typeof iss.input === "number" ? `expected the id as a string ("${iss.input}")` : undefined) })
  .trim()
  .min(1, "must not be empty")
  .max(200, "at most 200 characters");

const perSource = <T extends z.ZodType>(schema: T) => Object.fromEntries(LINK_SOURCES.map((s) => [s, schema])) as { [K in LinkSource]: T };

/** The account's id in each linked system (a HubSpot company, a Zendesk organization); null removes the link. */
export const externalIdsSchema = z.strictObject(perSource(sourceId.nullish()));

/** What a CRM, a CSV row or the demo may say about an account. Validated at every edge. */
export const accountInputSchema = z.object({
  name: z.string().trim().min(1, "name is required").max(200),
  externalId: z.string().trim().min(1).max(200).nullish().describe("The CRM's id: the account is matched by it first, else by name."),
  ownerEmail: z.string().trim().toLowerCase().email().nullish().describe("The owner's email; one not seen before creates a rep."),
  ownerName: z.string().trim().min(1).max(200).nullish(),
  segment: z.string().trim().max(100).nullish(),
  stage: z.enum(STAGES).nullish().describe("A new account's first stage (later moves go through `stage`, which records who and why)."),
  stageSince: calendarDate.nullish().describe("When the account entered its stage, YYYY-MM-DD (new accounts only; defaults to now)."),
  renewalDate: calendarDate.nullish(),
  annualValue: z.number().nonnegative().nullish(),
  timeZone: z.string().refine(isValidTimeZone, "unknown IANA time zone").nullish().describe("IANA time zone; a new account without one gets the configured default."),
  cadenceDueDays: z.number().int().positive().nullish(),
  cadenceOverdueDays: z.number().int().positive().nullish(),
  externalIds: externalIdsSchema.optional().describe("The account's id in each linked system; an id given replaces the one it had there, null removes it."),
  domains: z
    .array(domainSchema)
    .max(50, "at most 50 domains")
    .optional()
    .describe("The customer's web and mail domains (acme.com): the account's domains become exactly these; [] removes them all. A domain of another account is a 422 conflict."),
});
export type AccountInput = z.infer<typeof accountInputSchema>;

export interface UpsertedAccount {
  id: string;
  created: boolean;
}

/**
 * Creates or updates an account, matched by external id first, then by name, with its ids in the
 * linked systems, in one transaction: an id already linked to another account changes nothing. A new
 * account's first stage is recorded in its history; a stage given for an existing account is ignored
 * here (stage moves go through changeStage, which records who and why).
 */
export function upsertAccount(db: Db, input: AccountInput, defaults: { timeZone: string }, now: Date): Promise<UpsertedAccount> {
  // Another writer created the same owner or link meanwhile (or, on SQLite, wrote between our read and write): look again.
  return retryOnWriteRace(() => db.$transaction((tx) => upsertAccountIn(tx, input, defaults, now)));
}

/** upsertAccount inside the caller's transaction (a batch of accounts is written in one). */
export async function upsertAccountIn(tx: Tx, input: AccountInput, defaults: { timeZone: string }, now: Date): Promise<UpsertedAccount> {
  const key = nameKey(input.name);
  const existing = await tx.account.findFirst({
    where: input.externalId ? { externalId: input.externalId } : { nameKey: key },
    select: { id: true },
  });
  const ownerId = input.ownerEmail ? await ensurePerson(tx, input.ownerEmail, input.ownerName ?? null) : undefined;
  const fields = {
    name: input.name,
    nameKey: key,
    ...(input.externalId !== undefined && { externalId: input.externalId }),
    ...(ownerId !== undefined && { ownerId }),
    ...(input.segment !== undefined && { segment: input.segment }),
    ...(input.renewalDate !== undefined && { renewalDate: input.renewalDate }),
    ...(input.annualValue !== undefined && { annualValue: input.annualValue }),
    ...(input.timeZone && { timeZone: input.timeZone }),
    ...(input.cadenceDueDays !== undefined && { cadenceDueDays: input.cadenceDueDays }),
    ...(input.cadenceOverdueDays !== undefined && { cadenceOverdueDays: input.cadenceOverdueDays }),
  };
  let upserted: UpsertedAccount;
  if (existing) {
    await tx.account.update({ where: { id: existing.id }, data: fields });
    upserted = { id: existing.id, created: false };
  } else {
    const stage = input.stage ?? "awareness";
    const stageSince = input.stageSince ? new Date(`${input.stageSince}T12:00:00Z`) : now;
    const created = await tx.account.create({
      data: {
        ...fields,
        timeZone: input.timeZone ?? defaults.timeZone,
        stage,
        stageSince,
        createdAt: now,
        stageChanges: { create: { fromStage: null, toStage: stage, at: stageSince, kind: "initial", byName: "import" } },
      },
      select: { id: true },
    });
    upserted = { id: created.id, created: true };
  }
  if (input.externalIds) await setExternalIds(tx, { id: upserted.id, name: input.name }, input.externalIds, now);
  if (input.domains) await setDomains(tx, { id: upserted.id, name: input.name }, input.domains, "import", now);
  return upserted;
}

/** Links (or, for null, unlinks) each id given; an id linked to another account is a conflict naming both. */
async function setExternalIds(tx: Tx, account: { id: string; name: string }, ids: z.output<typeof externalIdsSchema>, now: Date): Promise<void> {
  for (const source of LINK_SOURCES) {
    const id = ids[source];
    if (id === undefined) continue;
    if (id === null) {
      await unlinkAccount(tx, account.id, source);
      continue;
    }
    try {
      await linkAccount(tx, account.id, source, id, now);
    } catch (err) {
      if (isAppError(err) && err.code === "conflict") throw new AppError("conflict", `${account.name}: ${err.message}`, err.hints);
      throw err;
    }
  }
}

/** Owners named by email are created as reps on first sight, so a CRM feed can bring its people. */
export async function ensurePerson(tx: Tx, email: string, name: string | null): Promise<string> {
  const person = await tx.person.upsert({
    where: { email },
    create: { email, name: name ?? email.split("@")[0], role: "rep" },
    update: {},
    select: { id: true },
  });
  return person.id;
}
