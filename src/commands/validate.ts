import type { z } from "zod";
import { AppError } from "../domain/errors.js";
import { message, type Message } from "../messages/model.js";

/** Command arguments go through zod like every other edge; the first issue becomes the message. */
export function validateArgs<T extends z.ZodType>(schema: T, value: unknown, usage: string): z.output<T> {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  // Every problem at once, so a second try is the last.
  const problems = parsed.error.issues.map((issue) => {
    const field = issue.path.join(".");
    return field ? `${field}: ${issue.message}` : issue.message;
  });
  throw new AppError("usage", problems.join("; "), [usage]);
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
