/**
 * What the ingestion API and the CSV import accept, one schema per kind of activity. Field names are
 * camelCase (the CSV maps its snake_case columns onto them). Unknown fields are errors, so a typo
 * never drops data silently.
 */
import { z } from "zod";
import { accountInputSchema, calendarDate } from "../activity/accounts.js";
import { nameKey } from "../activity/names.js";
import { COMPLAINT_SEVERITIES } from "../domain/complaints.js";
import { FEEDBACK_SCALES, scoreProblem } from "../domain/feedback.js";
import { CONTACT_ROLES, contactRoleOf } from "../domain/contacts.js";
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

/** A contact's role as people write it: champion, decision_maker (decision-maker, dm), user, other. */
const contactRoleSchema = z
  .string()
  .trim()
  .transform((word, ctx) => contactRoleOf(word) ?? (ctx.addIssue({ code: "custom", message: oneOf(CONTACT_ROLES) }), z.NEVER))
  .meta({ examples: ["champion", "decision_maker"] });
const CONTACT_ROLES_TEXT = `One of ${CONTACT_ROLES.join(", ")} (also decision-maker or dm)`;

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
    contactRole: contactRoleSchema.nullish().describe(`The contact's role, saved on the contact (as POST /contacts does) along with the touchpoint. ${CONTACT_ROLES_TEXT}.`),
    idempotencyKey: text(200).nullish().describe("A retried delivery with the same key is recorded once."),
  })
  .superRefine(requireOneAccountRef)
  .superRefine((v, ctx) => {
    const problem = v.direction ? directionProblem(v.kind, v.direction) : null;
    if (problem) ctx.addIssue({ code: "custom", path: ["direction"], message: problem });
    if (v.contactRole && !v.contact) ctx.addIssue({ code: "custom", path: ["contactRole"], message: "a contact role needs the contact's name (contact)" });
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

/** Left out: kept as stored; null (or empty): cleared. */
const clearableText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `at most ${max} characters`)
    .nullish()
    .transform((v) => (v === undefined ? undefined : v || null));

export const ingestContactSchema = z
  .strictObject({
    ...accountRefFields,
    name: text(200).refine((n) => nameKey(n) !== "", "needs a letter or a digit").describe("The contact's name: the same name (ignoring case and punctuation) at the same account updates them."),
    role: contactRoleSchema.optional().describe(`${CONTACT_ROLES_TEXT}. Left out: kept as stored (other for a new contact).`),
    email: clearableText(200)
      .refine((v) => !v || z.email().safeParse(v).success, "not an email address")
      .describe("Left out: kept as stored; null: cleared. The same for title and phone."),
    title: clearableText(200),
    phone: clearableText(50),
  })
  .superRefine(requireOneAccountRef)
  .meta(ONE_ACCOUNT_REF);
export type IngestContact = z.infer<typeof ingestContactSchema>;

export const ingestFeedbackSchema = z
  .strictObject({
    ...accountRefFields,
    scale: z.enum(FEEDBACK_SCALES, { error: () => oneOf(FEEDBACK_SCALES) }).default("nps").describe("nps (0–10) or csat (1–5)."),
    score: z.number().int("must be a whole number").nullish().describe("The customer's answer. Absent or null: we asked, and no answer has come yet."),
    comment: optionalText(2000),
    contact: optionalText(200).describe("Who answered (or was asked); the account gets a contact of that name when it has none."),
    at: momentSchema.nullish().describe("When they answered (or were asked); defaults to now."),
    idempotencyKey: text(200).nullish().describe("The survey tool's response id: a retried delivery with the same key is recorded once."),
  })
  .superRefine(requireOneAccountRef)
  .superRefine((v, ctx) => {
    const problem = typeof v.score === "number" ? scoreProblem(v.scale, v.score) : null;
    if (problem) ctx.addIssue({ code: "custom", path: ["score"], message: problem });
  })
  .meta(ONE_ACCOUNT_REF);
export type IngestFeedback = z.infer<typeof ingestFeedbackSchema>;
