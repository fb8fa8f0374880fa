import { z } from "zod";
import { isValidTimeZone } from "../rules/time.js";
import { STAGES } from "../domain/stages.js";
import type { Db } from "../store/client.js";
import { nameKey } from "./names.js";

export const calendarDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { message: "expected YYYY-MM-DD", abort: true }) // a malformed date is not also "not a real" one
  .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00Z`)) && new Date(`${d}T00:00:00Z`).toISOString().startsWith(d), "not a real calendar date");

/** What a CRM, a CSV row or the demo may say about an account. Validated at every edge. */
export const accountInputSchema = z.object({
  name: z.string().trim().min(1, "name is required").max(200),
  externalId: z.string().trim().min(1).max(200).nullish(),
  ownerEmail: z.string().trim().toLowerCase().email().nullish(),
  ownerName: z.string().trim().min(1).max(200).nullish(),
  segment: z.string().trim().max(100).nullish(),
  stage: z.enum(STAGES).nullish(),
  /** When the account entered its stage (new accounts only; defaults to now). */
  stageSince: calendarDate.nullish(),
  renewalDate: calendarDate.nullish(),
  annualValue: z.number().nonnegative().nullish(),
  timeZone: z.string().refine(isValidTimeZone, "unknown IANA time zone").nullish(),
  cadenceDueDays: z.number().int().positive().nullish(),
  cadenceOverdueDays: z.number().int().positive().nullish(),
});
export type AccountInput = z.infer<typeof accountInputSchema>;

export interface UpsertedAccount {
  id: string;
  created: boolean;
}

/**
 * Creates or updates an account, matched by external id first, then by name. A new account's first
 * stage is recorded in its history; a stage given for an existing account is ignored here (stage
 * moves go through changeStage, which records who and why).
 */
export async function upsertAccount(db: Db, input: AccountInput, defaults: { timeZone: string }, now: Date): Promise<UpsertedAccount> {
  const key = nameKey(input.name);
  const existing = await db.account.findFirst({
    where: input.externalId ? { externalId: input.externalId } : { nameKey: key },
    select: { id: true },
  });
  const ownerId = input.ownerEmail ? await ensurePerson(db, input.ownerEmail, input.ownerName ?? null) : undefined;
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
  if (existing) {
    await db.account.update({ where: { id: existing.id }, data: fields });
    return { id: existing.id, created: false };
  }
  const stage = input.stage ?? "awareness";
  const stageSince = input.stageSince ? new Date(`${input.stageSince}T12:00:00Z`) : now;
  const created = await db.account.create({
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
  return { id: created.id, created: true };
}

/** Owners named by email are created as reps on first sight, so a CRM feed can bring its people. */
async function ensurePerson(db: Db, email: string, name: string | null): Promise<string> {
  const person = await db.person.upsert({
    where: { email },
    create: { email, name: name ?? email.split("@")[0], role: "rep" },
    update: {},
    select: { id: true },
  });
  return person.id;
}
