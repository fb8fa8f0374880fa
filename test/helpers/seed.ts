import { upsertAccount } from "../../src/activity/accounts.js";
import type { Db } from "../../src/store/client.js";

const DAY = 86_400_000;

/** A small account with a last customer touch `touchDaysAgo` days before `now`. */
export async function addAccount(
  db: Db,
  now: Date,
  name: string,
  opts: { stage?: "retention" | "onboarding" | "exit" | "advocacy" | "awareness"; touchDaysAgo?: number | null; ownerId?: string | null; segment?: string; renewalDate?: string; stageDaysAgo?: number; timeZone?: string } = {},
): Promise<string> {
  const created = new Date(now.getTime() - 400 * DAY);
  const { id } = await upsertAccount(db, { name, stage: opts.stage ?? "retention", segment: opts.segment ?? null, renewalDate: opts.renewalDate ?? null, timeZone: opts.timeZone ?? "UTC" }, { timeZone: "UTC" }, created);
  await db.account.update({
    where: { id },
    data: {
      ownerId: opts.ownerId ?? null,
      stageSince: new Date(now.getTime() - (opts.stageDaysAgo ?? 100) * DAY),
      lastCustomerTouchAt: opts.touchDaysAgo === null || opts.touchDaysAgo === undefined ? null : new Date(now.getTime() - opts.touchDaysAgo * DAY),
    },
  });
  return id;
}

export async function bindChannel(db: Db, channelId: string, extra: { platform?: "slack" | "teams" | "console"; scope?: string; scopeValue?: string | null; rules?: string[] } = {}) {
  return db.channelBinding.create({
    data: { platform: extra.platform ?? "console", channelId, scope: extra.scope ?? "all", scopeValue: extra.scopeValue ?? null, rules: extra.rules ?? [] },
  });
}
