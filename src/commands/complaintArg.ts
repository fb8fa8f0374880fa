import { AppError } from "../domain/errors.js";
import type { Db } from "../store/client.js";
import type { ComplaintRef } from "../activity/complaints.js";
import { takeAccount } from "./accountArg.js";
import type { Token } from "./tokens.js";

const select = { id: true, accountId: true, summary: true, firstResponseAt: true, resolvedAt: true, account: { select: { name: true } } } as const;
const MAX_COMPLAINT_ID = 2_147_483_647;
export type ComplaintWithAccount = ComplaintRef & { account: { name: string } };

/**
 * "#12" names a complaint; an account name picks its one pending complaint (or lists them when
 * there are several, so the person can pick by number).
 */
export async function takeComplaint(
  db: Db,
  tokens: Token[],
  usage: string,
  pending: "unanswered" | "unresolved",
): Promise<{ complaint: ComplaintWithAccount; rest: Token[] }> {
  const first = tokens[0];
  if (!first) throw new AppError("usage", "Which complaint? Give its number (#12) or the account.", [usage]);
  const byNumber = /^#?(\d+)$/.exec(first.value);
  if (byNumber) {
    const id = Number(byNumber[1]);
    // Complaint ids are 32-bit integers; PostgreSQL rejects a larger literal instead of finding nothing.
    const complaint = id <= MAX_COMPLAINT_ID ? await db.complaint.findUnique({ where: { id }, select }) : null;
    if (!complaint) throw new AppError("unknown_complaint", `There is no complaint #${byNumber[1]}.`, ["`account <name>` shows an account's open complaints."]);
    return { complaint, rest: tokens.slice(1) };
  }
  const { account, rest } = await takeAccount(db, tokens, usage);
  const open = await db.complaint.findMany({
    where: { accountId: account.id, resolvedAt: null, ...(pending === "unanswered" && { firstResponseAt: null }) },
    select,
    orderBy: { openedAt: "asc" },
  });
  if (open.length === 1) return { complaint: open[0], rest };
  if (open.length === 0) throw new AppError("not_found", `${account.name} has no ${pending} complaint.`);
  throw new AppError("usage", `${account.name} has ${open.length} ${pending} complaints; say which by number.`, [
    ...open.slice(0, 10).map((c) => `• #${c.id} ${c.summary}`),
  ]);
}
