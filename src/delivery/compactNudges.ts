/**
 * Whether nudges in a bound channel show compact (one line each): in a channel of one owner's
 * accounts (their direct chat, their own channel), when that owner said `prefs compact on`.
 */
import type { Db } from "../store/client.js";

export async function compactIn(db: Db, where: { bindingId: string } | { platform: "slack" | "teams" | "console"; channelId: string }): Promise<boolean> {
  const binding = "bindingId" in where
    ? await db.channelBinding.findUnique({ where: { id: where.bindingId }, select: { scope: true, scopeValue: true } })
    : await db.channelBinding.findUnique({ where: { platform_channelId: where }, select: { scope: true, scopeValue: true } });
  if (!binding || binding.scope !== "owner" || !binding.scopeValue) return false;
  const owner = await db.person.findUnique({ where: { id: binding.scopeValue }, select: { compactNudges: true } });
  return owner?.compactNudges ?? false;
}
