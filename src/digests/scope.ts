import type { Prisma } from "../generated/sqlite/client.js";
import { knownSegments } from "../activity/segments.js";
import { NOTICES_ONLY, type ChannelScope } from "../domain/channels.js";
import type { Db } from "../store/client.js";

/**
 * The accounts a channel watches, as a Prisma filter. Segments match case-insensitively (as routing
 * does), which SQLite cannot do in a query, so the stored spellings are resolved first.
 */
export async function accountFilter(db: Db, scope: ChannelScope): Promise<Prisma.AccountWhereInput> {
  if (scope.scope === "owner") return { ownerId: scope.scopeValue ?? "__nobody__" };
  if (scope.scope === NOTICES_ONLY) return { id: "__none__" };
  if (scope.scope === "segment") {
    const wanted = (scope.scopeValue ?? "").toLowerCase();
    return { segment: { in: (await knownSegments(db)).filter((s) => s.toLowerCase() === wanted) } };
  }
  return {};
}
