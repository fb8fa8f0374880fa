import { z } from "zod";
import { COMPLAINT_SEVERITIES } from "../domain/complaints.js";
import { STAGES } from "../domain/stages.js";
import { healthSchema } from "./healthPolicy.js";
import { inhibitSchema } from "./inhibitPolicy.js";

const positiveDays = z.number().int().positive();
const nudgeSeverity = z.enum(["info", "warning", "critical"]);
/** A wall-clock time, "09:00" (24-hour): business hours here, quiet hours (src/delivery/quietHours.ts). */
export const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "expected HH:MM (24-hour)");

const cadence = z
  .object({
    /** Ideal gap between customer touches: past it, a gentle nudge. */
    dueDays: positiveDays,
    /** Longest acceptable gap: past it, the same nudge gets louder. */
    overdueDays: positiveDays,
  })
  .refine((c) => c.overdueDays >= c.dueDays, { message: "overdueDays must be at least dueDays", path: ["overdueDays"] });

type StageName = (typeof STAGES)[number];

/** One entry per stage; a stage the file leaves out keeps its default, `null` switches it off. */
function perStage<T extends z.ZodType>(value: T, defaults: Partial<Record<StageName, z.output<T> | null>>) {
  const shape = Object.fromEntries(STAGES.map((s) => [s, value.nullable().default((defaults[s] ?? null) as never)]));
  return z.object(shape as Record<StageName, z.ZodDefault<z.ZodNullable<T>>>).strict().prefault({});
}

const businessHours = z
  .object({
    start: hhmm.default("09:00"),
    end: hhmm.default("17:00"),
    /** ISO weekdays, 1 = Monday … 7 = Sunday. */
    days: z.array(z.number().int().min(1).max(7)).nonempty().default([1, 2, 3, 4, 5]),
  })
  .refine((b) => b.start < b.end, { message: "start must be before end", path: ["end"] });

/**
 * The policy schema, for the rule list's names (src/rules/index.ts builds it as `policySchema`: the
 * rules import this file's types, so it cannot import them).
 */
export function policySchemaFor(ruleNames: readonly string[]) {
  return z
    .object({
      /** Stale-contact cadence per stage; a stage left out (or null) has no stale-contact nudge. */
      cadence: perStage(cadence, {
        awareness: { dueDays: 30, overdueDays: 60 },
        consideration: { dueDays: 14, overdueDays: 21 },
        purchase: { dueDays: 7, overdueDays: 14 },
        onboarding: { dueDays: 7, overdueDays: 14 },
        retention: { dueDays: 30, overdueDays: 45 },
        advocacy: { dueDays: 45, overdueDays: 90 },
      }),
      complaints: z
        .object({
          /** Hours to a first response, per severity. */
          responseHours: z
            .object({
              low: z.number().positive().default(72),
              medium: z.number().positive().default(24),
              high: z.number().positive().default(8),
              critical: z.number().positive().default(2),
            } satisfies Record<(typeof COMPLAINT_SEVERITIES)[number], z.ZodType>)
            .strict()
            .prefault({}),
          /** When set, response hours count only inside these hours, in the account's time zone. */
          businessHours: businessHours.nullable().default(null),
        })
        .strict()
        .prefault({}),
      renewals: z
        .object({
          /** Days before the renewal date at which to nudge. */
          leadDays: z.array(positiveDays).nonempty().default([90, 60, 30, 7]),
          /** Keep nudging this many days after a renewal date passed without being moved. */
          graceDays: z.number().int().min(0).default(14),
        })
        .strict()
        .prefault({}),
      /** Longest healthy stay per stage before "stalled in stage"; onboarding is the common case. */
      stageMaxDays: perStage(positiveDays, { consideration: 90, purchase: 30, onboarding: 60 }),
      advocacy: z
        .object({
          /** Ask for advocacy after this many healthy days in retention (no complaint, contact not overdue). */
          healthyDays: positiveDays.default(120),
          /** A promoter answer within promoterWithinDays makes the ask due after this many healthy days instead. */
          promoterHealthyDays: positiveDays.default(30),
          promoterWithinDays: positiveDays.default(180),
        })
        .strict()
        .prefault({}),
      feedback: z
        .object({
          /** A detractor answer needs a reply (an outbound customer touch) within this many hours. */
          responseHours: z.number().positive().default(48),
          /** Retention and advocacy accounts are asked for feedback at least this often; null: no feedback-due nudges. */
          dueDays: positiveDays.nullable().default(90),
        })
        .strict()
        .prefault({}),
      breadth: z
        .object({
          /** A valuable account whose every recent touch was with one person. */
          singleThreaded: z
            .object({ minAnnualValue: z.number().min(0).default(50_000), days: positiveDays.default(60) })
            .strict()
            .prefault({}),
          /** This many outreaches without a reply, the first at least `days` ago. */
          goneQuiet: z
            .object({ outboundTouches: positiveDays.default(3), days: positiveDays.default(21) })
            .strict()
            .prefault({}),
        })
        .strict()
        .prefault({}),
      health: healthSchema,
      exit: z
        .object({
          /** A respectful follow-up this many days after an exit, unless someone already reached out. */
          followUpDays: positiveDays.default(30),
        })
        .strict()
        .prefault({}),
      escalation: z
        .object({
          /** An open nudge nobody acknowledged for this long is escalated to the owner's manager. */
          afterHours: z.number().positive().default(48),
          /** Only nudges at or above this severity escalate. */
          minSeverity: z.enum(["info", "warning", "critical"]).default("warning"),
        })
        .strict()
        .prefault({}),
      /** When new nudges are posted (src/delivery/postPlan.ts): the noise budget and quiet hours. */
      posting: z
        .object({
          /** New nudge posts per owner per channel per local day, the most urgent first; the rest go into the digest. null: no limit. */
          postsPerOwnerPerDay: z.number().int().positive().nullable().default(5),
          /** Severities posted even when the day's budget is spent (they still count). */
          budgetExempt: z.array(nudgeSeverity).default(["critical"]),
          /** Severities posted even in quiet hours. */
          quietLetsThrough: z.array(nudgeSeverity).default(["critical"]),
        })
        .strict()
        .prefault({}),
      /** Which active nudges hold back which rules on the same account (src/rules/inhibitPolicy.ts); [] turns inhibition off. */
      inhibit: inhibitSchema(ruleNames),
    })
    .strict();
}

export type Policy = z.infer<ReturnType<typeof policySchemaFor>>;
export type PolicyInput = z.input<ReturnType<typeof policySchemaFor>>;
export type Cadence = { dueDays: number; overdueDays: number };
