/**
 * The `connectors` section of keepwarm.config.json: how each vendor's values map onto Keepwarm's.
 * Every field has a default; a bad value stops start-up naming the field, like the rest of the file.
 */
import { z } from "zod";
import { COMPLAINT_SEVERITIES } from "../domain/complaints.js";
import { STAGES } from "../domain/stages.js";
import { TOUCHPOINT_KINDS } from "../domain/touchpoints.js";

const severity = z.enum(COMPLAINT_SEVERITIES);
const stage = z.enum(STAGES);
const kind = z.enum(TOUCHPOINT_KINDS);
/** A map whose defaults the file may extend or override key by key (null switches a key off). */
const mapWithDefaults = <V extends z.ZodType>(value: V, defaults: Record<string, z.output<V> | null>) =>
  z.record(z.string(), value.nullable()).default({}).transform((given) => ({ ...defaults, ...given }));

export const connectorsSchema = z
  .object({
    zendesk: z
      .object({
        /** Ticket priority → complaint severity (so the response deadline follows the priority). */
        severity: z
          .object({ low: severity.default("low"), normal: severity.default("medium"), high: severity.default("high"), urgent: severity.default("critical") })
          .strict()
          .prefault({}),
      })
      .strict()
      .prefault({}),
    hubspot: z
      .object({
        /** Company lifecycle stage (HubSpot's internal value) → account stage; null ignores it. */
        stages: mapWithDefaults(stage, {
          subscriber: "awareness", lead: "awareness", marketingqualifiedlead: "consideration", salesqualifiedlead: "consideration",
          opportunity: "purchase", customer: "onboarding", evangelist: "advocacy", other: null,
        }),
        /** Deal stage (internal value) → the company's account stage when the deal moves there; null ignores it. */
        dealStages: mapWithDefaults(stage, {
          appointmentscheduled: "consideration", qualifiedtobuy: "consideration", presentationscheduled: "purchase",
          decisionmakerboughtin: "purchase", contractsent: "purchase", closedwon: "onboarding", closedlost: null,
        }),
        /**
         * A company first seen as a customer (a backfill, a connector added late) starts in onboarding
         * only if it became a customer (HubSpot's "Became a Customer Date") at most this many days ago;
         * else in retention.
         */
        onboardingDays: z.number().int().positive().default(90),
        /** The company property that holds the renewal date (YYYY-MM-DD or a date-time); null: none. */
        renewalDateProperty: z.string().min(1).nullable().default("renewal_date"),
        /** The company property that holds the account's annual value. */
        valueProperty: z.string().min(1).nullable().default("annualrevenue"),
      })
      .strict()
      .prefault({}),
    salesforce: z
      .object({
        /** Account Type → a new account's first stage; null: an account of that type is not tracked (partners). */
        accountTypes: mapWithDefaults(stage, {
          Prospect: "awareness", "Customer - Direct": "retention", "Customer - Channel": "retention",
          "Channel Partner / Reseller": null, "Installation Partner": null, "Technology Partner": null, Other: null,
        }),
        /** The Account field that holds the account's annual value; null: none. */
        valueField: z.string().min(1).nullable().default("AnnualRevenue"),
        /** The Account field that holds the renewal date (a Date field, usually custom: Renewal_Date__c); null: none. */
        renewalDateField: z.string().min(1).nullable().default(null),
        /** Task Type (or TaskSubtype) → touchpoint kind; a completed task of another type is not a touchpoint. */
        taskTypes: mapWithDefaults(kind, { Call: "call", Email: "email", Meeting: "meeting" }),
        /** Case Priority → complaint severity. */
        casePriority: mapWithDefaults(severity, { Low: "low", Medium: "medium", High: "high", Critical: "critical" }),
        /** A Case date-time field holding when the customer first got an answer (a custom field); null: not tracked. */
        caseFirstResponseField: z.string().min(1).nullable().default(null),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type ConnectorsConfig = z.infer<typeof connectorsSchema>;
