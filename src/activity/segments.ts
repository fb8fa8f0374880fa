import type { Db } from "../store/client.js";

/** Every segment some account is in, as stored (segments match case-insensitively; SQLite cannot compare that way in a query). */
export async function knownSegments(db: Db): Promise<string[]> {
  const rows = await db.account.findMany({ where: { segment: { not: null } }, distinct: ["segment"], select: { segment: true } });
  return rows.map((r) => r.segment!);
}
