/**
 * The customer's shared channels: a Slack Connect channel, or a Teams channel or group chat with the
 * customer's people in it, marked as one account's by `link <account> here`. A conversation belongs
 * to one account (its messages must land somewhere unambiguous); an account may have several.
 */
import { AppError } from "../domain/errors.js";
import type { Db } from "../store/client.js";
import { isUniqueViolation } from "../store/errors.js";

export type ChatPlatform = "slack" | "teams";

export interface ConversationRef {
  platform: ChatPlatform;
  channelId: string;
}

export interface SharedChannelLink extends ConversationRef {
  teamId: string | null;
  accountId: string;
  linkedById: string | null;
}

const where = (c: ConversationRef) => ({ platform_channelId: { platform: c.platform, channelId: c.channelId } });

/** The account a conversation is the shared channel of, or null. */
export async function accountOfSharedChannel(db: Db, c: ConversationRef): Promise<string | null> {
  const link = await db.sharedChannel.findUnique({ where: where(c), select: { accountId: true } });
  return link?.accountId ?? null;
}

/**
 * Marks the conversation as the account's shared channel; false when it already was. A conversation
 * already another account's is a conflict naming that account (unlink it there first).
 */
export async function linkSharedChannel(db: Db, link: SharedChannelLink): Promise<boolean> {
  const current = await db.sharedChannel.findUnique({ where: where(link), select: { accountId: true, account: { select: { name: true } } } });
  if (current && current.accountId !== link.accountId) throw takenBy(current.account.name);
  if (current) return false;
  try {
    await db.sharedChannel.create({ data: link });
    return true;
  } catch (err) {
    // Two `link … here` at once: the unique (platform, channelId) lets one win; the other reads who.
    if (!isUniqueViolation(err)) throw err;
    const winner = await db.sharedChannel.findUnique({ where: where(link), select: { accountId: true, account: { select: { name: true } } } });
    if (!winner) throw err;
    if (winner.accountId !== link.accountId) throw takenBy(winner.account.name);
    return false;
  }
}

/** Unmarks the conversation; false when it was not the account's shared channel (another account's is a conflict). */
export async function unlinkSharedChannel(db: Db, c: ConversationRef, accountId: string): Promise<boolean> {
  const current = await db.sharedChannel.findUnique({ where: where(c), select: { accountId: true, account: { select: { name: true } } } });
  if (!current) return false;
  if (current.accountId !== accountId) throw new AppError("conflict", `This channel is ${current.account.name}'s shared channel, not this account's.`, [`\`unlink "${current.account.name}" here\` removes it.`]);
  await db.sharedChannel.deleteMany({ where: { platform: c.platform, channelId: c.channelId, accountId } });
  return true;
}

function takenBy(name: string): AppError {
  return new AppError("conflict", `This channel is already ${name}'s shared channel.`, [`\`unlink "${name}" here\` first if it belongs to another account now.`]);
}
