import type { z } from "zod";
import { AppError } from "../domain/errors.js";
import { message, type Message } from "../messages/model.js";

/** Command arguments go through zod like every other edge; every problem is named at once, so a second try is the last. */
export function validateArgs<T extends z.ZodType>(schema: T, value: unknown, usage: string): z.output<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  throw new AppError("usage", issuesOf(parsed.error).join("; "), [usage]);
}

/** What validateArgs would say of these arguments (nothing when they are fine), without throwing. */
export function argProblems(schema: z.ZodType, value: unknown): string[] {
  const parsed = schema.safeParse(value);
  return parsed.success ? [] : issuesOf(parsed.error);
}

function issuesOf(error: z.ZodError): string[] {
  return error.issues.map((issue) => {
    const field = issue.path.join(".");
    return field ? `${field}: ${issue.message}` : issue.message;
  });
}

export function oneOf(values: readonly string[]): string {
  return values.length > 1 ? `${values.slice(0, -1).join(", ")} or ${values[values.length - 1]}` : values.join("");
}

/** A short confirmation for the person who acted. */
export function confirmation(text: string, context: string[] = []): Message {
  return message(text.replace(/\*\*/g, ""), [{ type: "text", text }, ...context.filter(Boolean).map((c) => ({ type: "context" as const, text: c }))]);
}

export function clearedNote(result: { resolved: number }): string {
  return result.resolved ? `That cleared ${result.resolved === 1 ? "1 nudge" : `${result.resolved} nudges`}.` : "";
}
