/**
 * The policy's inhibition rules (Alertmanager's idea, as data): an active nudge of a `when` rule on an
 * account suppresses the `suppress` rules' nudges on that same account while it lasts. The planner
 * applies them (src/nudges/inhibition.ts). Built for a list of rule names, because this file cannot
 * import the rule list (every rule imports the policy's type); src/rules/index.ts passes it in.
 */
import { z } from "zod";

export interface InhibitRule {
  when: string[];
  suppress: string[];
}

/**
 * An unanswered complaint, stale contact or a renewal (overdue included) is no time for an advocacy
 * ask; an exit follow-up replaces the usual cadence and renewal talk; an unhappy answer, falling
 * health or a customer who stopped replying is no time to ask for a reference or a survey, and
 * neither is a complaint still waiting for its first response.
 */
export const DEFAULT_INHIBIT: InhibitRule[] = [
  { when: ["unansweredComplaint", "staleContact", "renewalApproaching"], suppress: ["advocacyAsk"] },
  { when: ["exitFollowUp"], suppress: ["staleContact", "renewalApproaching"] },
  { when: ["detractorFeedback", "atRisk", "goneQuiet"], suppress: ["advocacyAsk", "feedbackDue"] },
  { when: ["unansweredComplaint"], suppress: ["feedbackDue"] },
  // Ask how they feel before asking them to vouch for us.
  { when: ["feedbackDue"], suppress: ["advocacyAsk"] },
];

const oneOrMany = z.union([z.string(), z.array(z.string()).nonempty()]).transform((v) => (typeof v === "string" ? [v] : v));

export function inhibitSchema(ruleNames: readonly string[]) {
  const known = new Set(ruleNames);
  const entry = z
    .object({ when: oneOrMany, suppress: oneOrMany })
    .strict()
    .superRefine((e, ctx) => {
      for (const field of ["when", "suppress"] as const) {
        e[field].forEach((name, i) => {
          if (!known.has(name)) ctx.addIssue({ code: "custom", path: [field, i], message: `"${name}" is not a rule; the rules are ${ruleNames.join(", ")}` });
        });
      }
      for (const name of e.when) {
        if (e.suppress.includes(name)) ctx.addIssue({ code: "custom", path: ["suppress"], message: `${name} cannot suppress itself` });
      }
    });
  return z
    .array(entry)
    .superRefine((entries, ctx) => {
      const loop = suppressionLoop(entries);
      if (loop) ctx.addIssue({ code: "custom", message: `rules cannot suppress each other in a loop: ${loop.join(" suppresses ")}` });
    })
    .prefault(DEFAULT_INHIBIT);
}

/** A chain of rules that ends where it starts (a suppresses b suppresses … a), if the entries make one; a direct self-suppression is reported per entry. */
function suppressionLoop(entries: readonly InhibitRule[]): string[] | null {
  const next = new Map<string, Set<string>>();
  for (const e of entries) for (const w of e.when) for (const s of e.suppress) if (w !== s) next.set(w, (next.get(w) ?? new Set()).add(s));
  const done = new Set<string>();
  const visit = (rule: string, path: string[]): string[] | null => {
    const at = path.indexOf(rule);
    if (at >= 0) return [...path.slice(at), rule];
    if (done.has(rule)) return null;
    for (const s of next.get(rule) ?? []) {
      const loop = visit(s, [...path, rule]);
      if (loop) return loop;
    }
    done.add(rule);
    return null;
  };
  for (const rule of next.keys()) {
    const loop = visit(rule, []);
    if (loop) return loop;
  }
  return null;
}
