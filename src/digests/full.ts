import type { Message } from "../messages/model.js";
import type { Db } from "../store/client.js";
import { digestMessage } from "./message.js";
import { buildDigest } from "./model.js";
import { digestPeriod } from "./period.js";

const FULL_LIST = 200;

/**
 * A channel's digest with the lists in full (the "See all" of a digest cut short), for the period
 * its cadence covers as of `now`, for the person who asked.
 */
export async function fullBindingDigest(db: Db, bindingId: string, now: Date): Promise<Message | null> {
  const binding = await db.channelBinding.findUnique({ where: { id: bindingId } });
  if (!binding) return null;
  const cadence = binding.digestCadence === "weekly" ? "weekly" : "daily";
  const period = digestPeriod(cadence, now, binding.timeZone);
  const model = await buildDigest(db, {
    scope: { scope: binding.scope, scopeValue: binding.scopeValue, rules: binding.rules },
    periodStart: period.start,
    periodEnd: period.end,
    now,
    timeZone: binding.timeZone,
    listLimit: FULL_LIST,
  });
  const message = digestMessage(model, { channelLabel: binding.channelName ?? binding.channelId, timeZone: binding.timeZone, cadence });
  return { ...message, visibility: "ephemeral" };
}
