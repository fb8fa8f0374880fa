/**
 * The policy's `health` section: how much each part of an account's health counts, where each part
 * starts to cost points, and what "healthy" and "at risk" mean (src/rules/health/ reads it).
 */
import { z } from "zod";

const weight = z.number().min(0);
const share = z.number().min(0).max(1);
const positiveDays = z.number().int().positive();

export const healthSchema = z
  .object({
    /** Relative weights; a part that does not apply to an account (or weighs 0) leaves the others to share the 100. */
    weights: z
      .object({
        contact: weight.default(35),
        complaints: weight.default(25),
        outreach: weight.default(15),
        stage: weight.default(10),
        renewal: weight.default(10),
        feedback: weight.default(20),
      })
      .strict()
      .prefault({}),
    /** At or above: healthy (and eligible for an advocacy ask). */
    healthyAtLeast: z.number().int().min(0).max(100).default(75),
    atRisk: z
      .object({
        /** A fall of this many points from the best score of the last `days` days… */
        dropPoints: z.number().int().positive().default(15),
        days: positiveDays.default(14),
        /** …or a score below this, is at risk. */
        floor: z.number().int().min(0).max(100).default(40),
      })
      .strict()
      .prefault({}),
    /** The share of the complaints part one open complaint takes, by severity; doubled once it is lateDaysToDouble days past its response deadline. */
    complaintCost: z
      .object({ low: share.default(0.15), medium: share.default(0.3), high: share.default(0.5), critical: share.default(0.7) })
      .strict()
      .prefault({}),
    complaintLateDaysToDouble: positiveDays.default(7),
    /** Unanswered outreach costs the whole outreach part at this many touches waiting this many days (less, in proportion, before). */
    outreachZeroAt: z
      .object({ touches: positiveDays.default(5), days: positiveDays.default(30) })
      .strict()
      .prefault({}),
    /** Inside the first renewal reminder window, no customer touch for this many days costs renewal points. */
    renewalQuietDays: positiveDays.default(30),
    /** Feedback counts less with age and reads as a passive answer after this many days. */
    feedbackFadeDays: positiveDays.default(180),
  })
  .strict()
  .prefault({});
