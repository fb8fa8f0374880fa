import { findAccount, longestExactAccountPrefix, type AccountMatch } from "../activity/findAccount.js";
import { AppError, isAppError } from "../domain/errors.js";
import { roleAtLeast, type Actor } from "../domain/people.js";
import type { Db } from "../store/client.js";
import type { Token } from "./tokens.js";

export interface AccountArgOptions {
  /** The command's keyword after the name (a kind, a stage, a date), where it has one. */
  isKeyword?: (word: string) => boolean;
  /** The keyword may be left out (a complaint's severity), so an exact name need not precede one. */
  keywordOptional?: boolean;
  /**
   * The problems of the words after the name (argProblems of the command's schema): when the
   * account is not found they are named with it, so one reply says everything that is wrong.
   */
  alsoCheck?: (rest: Token[]) => string[];
}

/**
 * Splits "<account> <rest…>" when the name may be several unquoted words: a quoted first word is
 * the name; else the longest run of words that is exactly a known name; else, when the command has
 * a keyword after the name (a kind, a stage, a date), everything before the first keyword; else
 * the longest exact name, if any; else the first word.
 */
export async function takeAccount(db: Db, tokens: Token[], usage: string, opts: AccountArgOptions = {}): Promise<{ account: AccountMatch; rest: Token[] }> {
  const { isKeyword, keywordOptional = false, alsoCheck } = opts;
  if (tokens.length === 0) throw new AppError("usage", "The account is missing.", [usage]);
  let n = 1;
  if (!tokens[0].quoted) {
    const leading = tokens.slice(0, 8).filter((t, i) => i === 0 || !t.quoted);
    const exact = await longestExactAccountPrefix(db, leading.map((t) => t.value));
    const keywordAt = isKeyword ? tokens.findIndex((t, i) => i > 0 && !t.quoted && isKeyword(t.value.toLowerCase())) : -1;
    if (exact > 0 && (!isKeyword || keywordOptional || exact === tokens.length || isKeyword(tokens[exact].value.toLowerCase()))) n = exact;
    else if (keywordAt > 0) n = keywordAt;
    // No keyword at all (a mistyped kind or stage): the exact name is still the name, so the
    // error names the bad word rather than a word of the name.
    else if (exact > 0) n = exact;
  }
  const typed = tokens.slice(0, n).map((t) => t.value).join(" ");
  const rest = tokens.slice(n);
  try {
    return { account: await findAccount(db, typed), rest };
  } catch (err) {
    const others = isAppError(err) && alsoCheck ? alsoCheck(rest) : [];
    if (!others.length) throw err;
    throw new AppError((err as AppError).code, `${(err as AppError).message.replace(/\.$/, "")}; ${others.join("; ")}.`, (err as AppError).hints);
  }
}

/** Stage moves and renewal dates: the account's owner, or a manager or admin. */
export async function requireOwnerOrManager(db: Db, actor: Actor, account: AccountMatch, what: string): Promise<void> {
  if (roleAtLeast(actor.role, "manager")) return;
  const row = await db.account.findUniqueOrThrow({ where: { id: account.id }, select: { ownerId: true } });
  if (roleAtLeast(actor.role, "rep") && actor.personId !== null && row.ownerId === actor.personId) return;
  throw new AppError("forbidden", `Only ${account.name}'s owner or a manager can ${what}.`, ["Ask the owner or a manager, or have an admin change your role."]);
}
