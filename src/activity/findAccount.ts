import { distance } from "fastest-levenshtein";
import { AppError } from "../domain/errors.js";
import type { Db } from "../store/client.js";
import { nameKey } from "./names.js";

export interface AccountMatch {
  id: string;
  name: string;
}

const MAX_LISTED = 5;

/**
 * Finds one account from what a person typed: exact name or external id first, then a unique
 * prefix or whole-word match. Unknown → suggestions by edit distance; several → the list to choose from.
 */
export async function findAccount(db: Db, typed: string): Promise<AccountMatch> {
  const key = nameKey(typed);
  if (!key) throw new AppError("invalid_argument", "Which account? The account name is missing.");
  const exact = await db.account.findMany({
    where: { OR: [{ nameKey: key }, { externalId: typed.trim() }] },
    select: { id: true, name: true, externalId: true },
    take: MAX_LISTED + 1,
  });
  if (exact.length === 1) return { id: exact[0].id, name: exact[0].name };
  if (exact.length > 1) throw ambiguous(typed, exact);

  const partial = await db.account.findMany({
    where: { OR: [{ nameKey: { startsWith: key } }, { nameKey: { contains: ` ${key}` } }] },
    select: { id: true, name: true },
    orderBy: { name: "asc" },
    take: MAX_LISTED + 1,
  });
  if (partial.length === 1) return partial[0];
  if (partial.length > 1) throw ambiguous(typed, partial);
  throw new AppError("unknown_account", `No account matches "${typed}".`, await suggestionHints(db, key));
}

/**
 * For unquoted multi-word names: the longest leading run of words that is exactly an account's name
 * or external id. Returns how many words it took (0 when no prefix is an exact name).
 */
export async function longestExactAccountPrefix(db: Db, words: string[]): Promise<number> {
  const prefixes = words.map((_, i) => words.slice(0, i + 1).join(" "));
  const rows = await db.account.findMany({
    where: { OR: [{ nameKey: { in: prefixes.map(nameKey) } }, { externalId: { in: prefixes } }] },
    select: { nameKey: true, externalId: true },
  });
  const known = new Set(rows.flatMap((r) => [r.nameKey, r.externalId ?? ""]));
  for (let n = prefixes.length; n > 0; n--) {
    if (known.has(nameKey(prefixes[n - 1])) || known.has(prefixes[n - 1])) return n;
  }
  return 0;
}

const MAX_NAME_WORDS = 6;
const MAX_TEXT_WORDS = 400;

/**
 * The account a piece of prose names (a chat message): of the account names found in it as whole
 * words, the longest; on a tie the one named first. Null when none is, or when the winning name
 * belongs to two accounts (a guess should not pick between them).
 */
export async function accountNamedIn(db: Db, text: string): Promise<AccountMatch | null> {
  const words = nameKey(text).split(" ").filter(Boolean).slice(0, MAX_TEXT_WORDS);
  const phrases = new Set<string>();
  for (let i = 0; i < words.length; i++) {
    for (let n = 1; n <= MAX_NAME_WORDS && i + n <= words.length; n++) phrases.add(words.slice(i, i + n).join(" "));
  }
  if (!phrases.size) return null;
  const rows = await db.account.findMany({ where: { nameKey: { in: [...phrases] } }, select: { id: true, name: true, nameKey: true } });
  const spaced = ` ${words.join(" ")} `;
  const ranked = rows.sort((a, b) => b.nameKey.length - a.nameKey.length || spaced.indexOf(` ${a.nameKey} `) - spaced.indexOf(` ${b.nameKey} `));
  const [best, next] = ranked;
  if (!best || next?.nameKey === best.nameKey) return null;
  return { id: best.id, name: best.name };
}

function ambiguous(typed: string, matches: (AccountMatch & { externalId?: string | null })[]): AppError {
  // Same-named accounts are told apart by their CRM id, which the commands also accept.
  const sameName = (m: AccountMatch) => matches.filter((o) => o.name === m.name).length > 1;
  const listed = matches.slice(0, MAX_LISTED).map((m) => `• ${m.name}${sameName(m) && m.externalId ? ` (id ${m.externalId})` : ""}`);
  if (matches.length > MAX_LISTED) listed.push("• …and more: type more of the name");
  return new AppError("ambiguous_account", `"${typed}" matches several accounts. Which one did you mean?`, [
    ...listed,
    'Put names with spaces in quotes, e.g. "Acme Corp".',
  ]);
}

async function suggestionHints(db: Db, key: string): Promise<string[]> {
  const words = key.split(" ").filter((w) => w.length >= 3);
  const byWord = words.length
    ? await db.account.findMany({
        where: { OR: words.map((w) => ({ nameKey: { contains: w } })) },
        select: { name: true, nameKey: true },
        take: 200,
      })
    : [];
  const pool = byWord.length ? byWord : await db.account.findMany({ select: { name: true, nameKey: true }, take: 5000 });
  const ranked = pool
    .map((a) => ({ name: a.name, score: prefixDistance(key, a.nameKey) }))
    .filter((a) => a.score <= (key.length <= 3 ? 1 : Math.max(2, Math.ceil(key.length / 2))))
    .sort((a, b) => a.score - b.score || a.name.localeCompare(b.name))
    .slice(0, 3);
  if (!ranked.length) return ["Check the spelling; put names with spaces in quotes, e.g. \"Acme Corp\"."];
  return [`Did you mean ${ranked.map((r) => `"${r.name}"`).join(", ")}?`];
}

/**
 * Edit distance from what was typed to the start of a name of about its length, so a typo in the
 * first word of a longer name ("acmee" for "Acme Corp") counts one edit, not the words left out.
 */
function prefixDistance(typed: string, nameKey: string): number {
  let best = Infinity;
  for (let len = Math.max(1, typed.length - 1); len <= typed.length + 1; len++) best = Math.min(best, distance(typed, nameKey.slice(0, len)));
  return best;
}
