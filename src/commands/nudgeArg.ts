import { AppError } from "../domain/errors.js";
import type { Token } from "./tokens.js";

/** Nudges are named by number: "42" or "#42". */
export function takeNudgeId(tokens: Token[], usage: string): { nudgeId: number; rest: Token[] } {
  const first = tokens[0];
  if (!first) throw new AppError("usage", "Which nudge? Give its number, e.g. #42.", [usage, "`nudges` lists them with their numbers."]);
  const m = /^#?(\d{1,9})$/.exec(first.value);
  if (!m) throw new AppError("usage", `"${first.value}" is not a nudge number; nudges are numbered like #42.`, [usage]);
  return { nudgeId: Number(m[1]), rest: tokens.slice(1) };
}
