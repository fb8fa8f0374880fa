/** Zod issues turned into messages a person sending data can act on. */
import { distance } from "fastest-levenshtein";
import { z } from "zod";

export interface PayloadIssue {
  path: (string | number)[];
  message: string;
}

export type Parsed<T> = { ok: true; data: T } | { ok: false; issues: PayloadIssue[] };

/** Messages for type errors in plain words; schema-specific messages take precedence. */
const plainWords: z.core.$ZodErrorMap = (iss) => {
  if (iss.code !== "invalid_type") return undefined;
  if (iss.input === undefined) return "required";
  if (iss.input === null) return "must not be null";
  return `expected ${iss.expected === "number" ? "a number" : iss.expected === "string" ? "text" : iss.expected}, got ${typeof iss.input}`;
};

/**
 * Validates one item. `fields` are the names the schema knows, used to suggest the one meant when
 * an unknown field looks like a typo (in a nested object, the names of that object's fields).
 */
export function parseItem<S extends z.ZodType>(schema: S, value: unknown, fields: readonly string[]): Parsed<z.output<S>> {
  const result = schema.safeParse(value, { error: plainWords });
  if (result.success) return { ok: true, data: result.data };
  return { ok: false, issues: result.error.issues.flatMap((issue) => toPayloadIssues(issue, issue.path.length ? fieldsAt(schema, issue.path) : fields)) };
}

function toPayloadIssues(issue: z.core.$ZodIssue, fields: readonly string[]): PayloadIssue[] {
  const path = issue.path.map((p) => (typeof p === "symbol" ? String(p) : p));
  if (issue.code === "unrecognized_keys") {
    return issue.keys.map((key) => {
      const meant = closest(key, fields);
      return { path: [...path, key], message: `unknown field${meant ? ` — did you mean ${meant}?` : ""}` };
    });
  }
  return [{ path, message: issue.message }];
}

/** The candidate closest to a misspelt word, when it is close enough to be what was meant. */
export function closest(word: string, candidates: readonly string[]): string | null {
  let best: { name: string; score: number } | null = null;
  for (const name of candidates) {
    const score = distance(word.toLowerCase(), name.toLowerCase());
    if (!best || score < best.score) best = { name, score };
  }
  return best && best.score <= Math.max(2, Math.floor(best.name.length / 3)) ? best.name : null;
}

/** Field names of an object schema (also through .superRefine, which keeps the object type in zod 4). */
export function fieldsOf(schema: z.ZodObject): string[] {
  return Object.keys(schema.shape);
}

/** The field names of the object at `path` inside `schema` (through optional, nullable, default, pipes and arrays); [] when there is none. */
function fieldsAt(schema: z.ZodType, path: readonly PropertyKey[]): string[] {
  let current: z.ZodType | undefined = unwrapped(schema);
  for (const key of path) {
    if (current instanceof z.ZodObject) current = unwrapped(current.shape[key as string]);
    else if (current instanceof z.ZodArray) current = unwrapped(current.element as z.ZodType);
    else return [];
  }
  return current instanceof z.ZodObject ? fieldsOf(current) : [];
}

function unwrapped(schema: z.ZodType | undefined): z.ZodType | undefined {
  let current = schema;
  for (;;) {
    const def = current?._zod.def as { innerType?: z.ZodType; in?: z.ZodType } | undefined;
    const inner = def?.innerType ?? def?.in;
    if (!inner) return current;
    current = inner;
  }
}
