import { distance } from "fastest-levenshtein";
import { AppError, isAppError } from "../domain/errors.js";
import { roleAtLeast } from "../domain/people.js";
import { message, type Message } from "../messages/model.js";
import type { CommandContext, CommandReply } from "./context.js";
import { COMMANDS, findCommand } from "./registry.js";
import { tokenize, type Token } from "./tokens.js";

export interface CommandOutcome extends CommandReply {
  ok: boolean;
  /** The error code when not ok, for adapters and logs. */
  error?: string;
}

/**
 * Runs one line of the command language. People get a reply whatever happens: a usage message
 * naming what was wrong (and nothing written), or the result. Unexpected errors propagate.
 */
export async function runCommand(text: string, ctx: CommandContext): Promise<CommandOutcome> {
  let tokens: Token[];
  try {
    tokens = tokenize(text);
  } catch (err) {
    if (!isAppError(err)) throw err;
    return { ok: false, error: err.code, reply: errorMessage(err) };
  }
  return runCommandTokens(tokens, ctx);
}

/** For callers whose words are already split (a shell's argv). */
export async function runCommandTokens(tokens: Token[], ctx: CommandContext): Promise<CommandOutcome> {
  try {
    if (tokens.length === 0) tokens = [{ value: "help", quoted: false }];
    const [head, ...args] = tokens;
    const spec = findCommand(head.value);
    if (!spec) throw new AppError("unknown_command", `I don't know the command "${head.value}".`, unknownCommandHints(head.value));
    if (!roleAtLeast(ctx.actor.role, spec.minRole)) {
      throw new AppError("forbidden", `\`${spec.name}\` needs the ${spec.minRole} role; you are ${ctx.actor.role}.`, ["An admin can change your role."]);
    }
    return { ok: true, ...(await spec.run(args, ctx)) };
  } catch (err) {
    if (!isAppError(err)) throw err;
    return { ok: false, error: err.code, reply: errorMessage(err) };
  }
}

export function errorMessage(err: AppError): Message {
  return message(err.message, [
    { type: "text", text: `⚠️ ${err.message}` },
    ...(err.hints.length ? [{ type: "context" as const, text: err.hints.map((h) => (isUsageLine(h) ? `Usage: \`${h}\`` : h)).join("\n") }] : []),
  ]);
}

function isUsageLine(hint: string): boolean {
  return COMMANDS.some((c) => c.usage === hint);
}

function unknownCommandHints(typed: string): string[] {
  const close = COMMANDS.map((c) => ({ name: c.name, d: distance(typed.toLowerCase(), c.name) })).filter((c) => c.d <= 2).sort((a, b) => a.d - b.d);
  return [close.length ? `Did you mean \`${close[0].name}\`?` : "", `Commands: ${COMMANDS.map((c) => c.name).join(", ")}. \`help <command>\` explains one.`].filter(Boolean);
}
