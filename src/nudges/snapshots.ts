import type { AccountSnapshot, ComplaintSnapshot } from "../domain/snapshot.js";
import type { Db } from "../store/client.js";

const accountColumns = {
  id: true,
  name: true,
  stage: true,
  stageSince: true,
  createdAt: true,
  ownerId: true,
  segment: true,
  timeZone: true,
  renewalDate: true,
  lastCustomerTouchAt: true,
  lastComplaintAt: true,
  cadenceDueDays: true,
  cadenceOverdueDays: true,
} as const;

const complaintColumns = { id: true, accountId: true, openedAt: true, severity: true, summary: true, firstResponseAt: true } as const;

/**
 * Most ids one `IN (…)` list may carry. Prisma cannot split an ordered or limited query across
 * several statements, and SQLite takes at most 999 bound values per statement.
 */
export const MAX_IDS_PER_QUERY = 500;

/**
 * Loads one page of account snapshots with two queries (accounts, then their open complaints),
 * keyset-paginated by id so memory holds one page whatever the portfolio size. A page of the whole
 * portfolio covers every account between its first and last id, so its complaints are read as one
 * index range (any page size); a page of chosen accounts (`onlyIds`, at most MAX_IDS_PER_QUERY of
 * them) reads them by id.
 */
export async function loadSnapshotPage(
  db: Db,
  page: { afterId: string | null; size: number; onlyIds?: string[] },
): Promise<AccountSnapshot[]> {
  const accounts = await db.account.findMany({
    where: {
      ...(page.afterId !== null && { id: { gt: page.afterId } }),
      ...(page.onlyIds && { id: { in: page.onlyIds, ...(page.afterId !== null && { gt: page.afterId }) } }),
    },
    select: accountColumns,
    orderBy: { id: "asc" },
    take: page.size,
  });
  if (accounts.length === 0) return [];
  const accountIds = page.onlyIds
    ? { in: accounts.map((a) => a.id) }
    : { gte: accounts[0].id, lte: accounts[accounts.length - 1].id };
  const complaints = await db.complaint.findMany({
    where: { accountId: accountIds, resolvedAt: null },
    select: complaintColumns,
    orderBy: { openedAt: "asc" },
  });
  const byAccount = new Map<string, ComplaintSnapshot[]>();
  for (const { accountId, ...c } of complaints) {
    const list = byAccount.get(accountId);
    if (list) list.push(c);
    else byAccount.set(accountId, [c]);
  }
  return accounts.map(({ cadenceDueDays, cadenceOverdueDays, ...a }) => ({
    ...a,
    cadenceOverride: cadenceDueDays === null && cadenceOverdueDays === null ? null : { dueDays: cadenceDueDays, overdueDays: cadenceOverdueDays },
    openComplaints: byAccount.get(a.id) ?? [],
  }));
}
