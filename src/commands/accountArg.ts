import { findAccount, longestExactAccountPrefix, type AccountMatch } from "../activity/findAccount.js";
import { AppError } from "../domain/errors.js";
import { roleAtLeast, type Actor } from "../domain/people.js";
import type { Db } from "../store/client.js";
import type { Token } from "./tokens.js";

/**
 * Splits "<account> <rest…>" when the name may be several unquoted words: a quoted first word is
 * the name; else the longest run of words that is exactly a known name; else, when the command has
 * a keyword after the name (a kind, a stage, a date), everything before the first keyword; else
 * the longest exact name, if any; else the first word.
 */
export async function takeAccount(
  db: Db,
  tokens: Token[],
  usage: string,
  isKeyword?: (word: string) => boolean,
  /** The keyword may be left out (a complaint's severity), so an exact name need not precede one. */
  keywordOptional = false,
): Promise<{ account: AccountMatch; rest: Token[] }> {
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
  return { account: await findAccount(db, typed), rest: tokens.slice(n) };
}

/** Stage moves and renewal dates: the account's owner, or a manager or admin. */
export async function requireOwnerOrManager(db: Db, actor: Actor, account: AccountMatch, what: string): Promise<void> {
  if (roleAtLeast(actor.role, "manager")) return;
  const row = await db.account.findUniqueOrThrow({ where: { id: account.id }, select: { ownerId: true } });
  if (roleAtLeast(actor.role, "rep") && actor.personId !== null && row.ownerId === actor.personId) return;
  throw new AppError("forbidden", `Only ${account.name}'s owner or a manager can ${what}.`, ["Ask the owner or a manager, or have an admin change your role."]);
}
