/**
 * What the ingestion API and the CSV import accept, one schema per kind of activity. Field names are
 * camelCase (the CSV maps its snake_case columns onto them). Unknown fields are errors, so a typo
 * never drops data silently.
 */
import { z } from "zod";
import { accountInputSchema, calendarDate } from "../activity/accounts.js";
import { COMPLAINT_SEVERITIES } from "../domain/complaints.js";
import { directionProblem, TOUCHPOINT_DIRECTIONS, TOUCHPOINT_KINDS } from "../domain/touchpoints.js";

const oneOf = (values: readonly string[]) => `expected one of ${values.join(", ")}`;

const text = (max: number) => z.string().trim().min(1, "must not be empty").max(max, `at most ${max} characters`);
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `at most ${max} characters`)
    .nullish()
    .transform((v) => (v ? v : null));

const instant = z.iso.datetime({ offset: true });
const localInstant = z.iso.datetime({ local: true });

function momentProblem(value: string): string | null {
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) return calendarDate.safeParse(value).success ? null : "not a real calendar date";
  if (instant.safeParse(value).success) return null;
  if (localInstant.safeParse(value).success) return "add the time zone (2026-11-20T14:30:00Z or +01:00), or send only the date";
  return "expected an ISO date-time with a time zone (2026-11-20T14:30:00Z) or a date (2026-11-20)";
}

/** An instant with its offset ("2026-11-20T14:30:00Z") or a calendar date read in the account's zone. */
export const momentSchema = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    const problem = momentProblem(value);
    if (problem) ctx.addIssue({ code: "custom", message: problem });
  })
  .meta({
    description: "An ISO date-time with its offset, or a date (YYYY-MM-DD: noon in the account's time zone). Not more than 5 minutes in the future.",
    examples: ["2026-11-20T14:30:00Z", "2026-11-20"],
    anyOf: [{ format: "date-time" }, { format: "date" }],
  });

export const accountRefFields = {
  account: text(200).optional().describe("The account's name (exact, or a unique prefix, as people type it)."),
  accountExternalId: text(200).optional().describe("The CRM's id for the account (its externalId), matched exactly."),
};

/** requireOneAccountRef in JSON Schema, for the OpenAPI document (zod does not translate refinements). */
const ONE_ACCOUNT_REF = { oneOf: [{ required: ["account"] }, { required: ["accountExternalId"] }] };

function requireOneAccountRef(v: { account?: string; accountExternalId?: string }, ctx: z.core.$RefinementCtx): void {
  if ((v.account === undefined) === (v.accountExternalId === undefined)) {
    ctx.addIssue({
      code: "custom",
      path: [v.account === undefined ? "account" : "accountExternalId"],
      message: "give exactly one of account (the name) or accountExternalId",
    });
  }
}

export const ingestAccountSchema = accountInputSchema.strict();
export type IngestAccount = z.infer<typeof ingestAccountSchema>;

export const ingestTouchpointSchema = z
  .strictObject({
    ...accountRefFields,
    kind: z.enum(TOUCHPOINT_KINDS, { error: () => oneOf(TOUCHPOINT_KINDS) }),
    direction: z
      .enum(TOUCHPOINT_DIRECTIONS, { error: () => oneOf(TOUCHPOINT_DIRECTIONS) })
      .nullish()
      .describe("Who reached out: inbound (the customer), outbound (we), internal (a note, and only a note). Default: internal for a note, else outbound."),
    occurredAt: momentSchema,
    summary: optionalText(2000),
    by: optionalText(200).describe("Who made the contact: a person's email (linked when known) or a name."),
    contact: optionalText(200),
    idempotencyKey: text(200).nullish().describe("A retried delivery with the same key is recorded once."),
  })
  .superRefine(requireOneAccountRef)
  .superRefine((v, ctx) => {
    const problem = v.direction ? directionProblem(v.kind, v.direction) : null;
    if (problem) ctx.addIssue({ code: "custom", path: ["direction"], message: problem });
  })
  .meta(ONE_ACCOUNT_REF);
export type IngestTouchpoint = z.infer<typeof ingestTouchpointSchema>;

export const ingestComplaintSchema = z
  .strictObject({
    ...accountRefFields,
    severity: z.enum(COMPLAINT_SEVERITIES, { error: () => oneOf(COMPLAINT_SEVERITIES) }).default("medium"),
    summary: text(2000),
    openedAt: momentSchema.nullish().describe("When the customer complained; defaults to now."),
    externalId: text(200).nullish().describe("The helpdesk's ticket id: sending the same ticket again updates it instead of duplicating it."),
    // The helpdesk may send the ticket's state: first answer and resolution.
    firstResponseAt: momentSchema.nullish(),
    resolvedAt: momentSchema.nullish(),
  })
  .superRefine(requireOneAccountRef)
  .meta(ONE_ACCOUNT_REF);
export type IngestComplaint = z.infer<typeof ingestComplaintSchema>;

export const ingestRenewalSchema = z
  .strictObject({
    ...accountRefFields,
    renewalDate: calendarDate.nullable().describe("The next renewal, YYYY-MM-DD in the account's time zone; null clears it."),
  })
  .superRefine(requireOneAccountRef)
  .meta(ONE_ACCOUNT_REF);
export type IngestRenewal = z.infer<typeof ingestRenewalSchema>;
