import type { Db } from "../store/client.js";
import { nameKey } from "./names.js";

export interface AccountOption {
  id: string;
  name: string;
  stage: string;
}

/** Type-ahead for account pickers: names starting with, then containing a word starting with, what was typed. */
export async function searchAccounts(db: Db, typed: string, limit = 20): Promise<AccountOption[]> {
  const key = nameKey(typed);
  const select = { id: true, name: true, stage: true } as const;
  if (!key) return db.account.findMany({ select, orderBy: { name: "asc" }, take: limit });
  const starts = await db.account.findMany({ where: { nameKey: { startsWith: key } }, select, orderBy: { name: "asc" }, take: limit });
  if (starts.length >= limit) return starts;
  const words = await db.account.findMany({
    where: { nameKey: { contains: ` ${key}` }, id: { notIn: starts.map((a) => a.id) } },
    select,
    orderBy: { name: "asc" },
    take: limit - starts.length,
  });
  return [...starts, ...words];
}
