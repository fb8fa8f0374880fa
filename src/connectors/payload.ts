/** Reading a webhook body: JSON through a zod schema, with the issues a 400 names. */
import type { z } from "zod";
import type { PayloadIssue } from "./connector.js";

export function payloadIssues(error: z.ZodError): PayloadIssue[] {
  return error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === "number" ? p : String(p))), message: i.message }));
}

export function parseJsonBody<S extends z.ZodType>(rawBody: Buffer, schema: S): { ok: true; json: unknown; data: z.output<S> } | { ok: false; status: 400; issues: PayloadIssue[] } {
  let json: unknown;
  try {
    json = JSON.parse(rawBody.toString("utf8"));
  } catch (err) {
    return { ok: false, status: 400, issues: [{ path: [], message: `not JSON: ${(err as Error).message}` }] };
  }
  const parsed = schema.safeParse(json);
  return parsed.success ? { ok: true, json, data: parsed.data } : { ok: false, status: 400, issues: payloadIssues(parsed.error) };
}
