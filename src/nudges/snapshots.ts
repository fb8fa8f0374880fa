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
  const accounts = page.onlyIds
    ? await db.account.findMany({
        where: { id: { in: page.onlyIds, ...(page.afterId !== null && { gt: page.afterId }) } },
        select: accountColumns,
        orderBy: { id: "asc" },
        take: page.size,
      })
    : await readAccountPage(db, page.afterId ?? "", page.size);
  if (accounts.length === 0) return [];
  const complaints = page.onlyIds
    ? await db.complaint.findMany({ where: { accountId: { in: accounts.map((a) => a.id) }, resolvedAt: null }, select: complaintColumns, orderBy: { openedAt: "asc" } })
    : await readOpenComplaints(db, accounts[0].id, accounts[accounts.length - 1].id);
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

// The full scan's page reads, as plain SQL: the same rows as the query builder at about half the
// cost (it compiles every query and maps every row). Quoted identifiers read the same in SQLite
// and PostgreSQL, and the tagged template binds parameters in each one's style.
type AccountRow = { [K in keyof typeof accountColumns]: K extends "cadenceDueDays" | "cadenceOverdueDays" ? number | null : AccountSnapshot[Exclude<K, "cadenceDueDays" | "cadenceOverdueDays">] };

function readAccountPage(db: Db, afterId: string, size: number): Promise<AccountRow[]> {
  return db.$queryRaw<AccountRow[]>`
    SELECT "id", "name", "stage", "stageSince", "createdAt", "ownerId", "segment", "timeZone", "renewalDate",
           "lastCustomerTouchAt", "lastComplaintAt", "cadenceDueDays", "cadenceOverdueDays"
      FROM "Account" WHERE "id" > ${afterId} ORDER BY "id" LIMIT ${size}`;
}

function readOpenComplaints(db: Db, firstId: string, lastId: string): Promise<(ComplaintSnapshot & { accountId: string })[]> {
  return db.$queryRaw<(ComplaintSnapshot & { accountId: string })[]>`
    SELECT "id", "accountId", "openedAt", "severity", "summary", "firstResponseAt"
      FROM "Complaint" WHERE "accountId" >= ${firstId} AND "accountId" <= ${lastId} AND "resolvedAt" IS NULL
      ORDER BY "openedAt"`;
}
