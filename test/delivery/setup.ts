import { Keepwarm } from "../../src/keepwarm.js";
import type { Logger } from "pino";
import type { DbKind } from "../../src/store/client.js";
import { createHarness, type Harness } from "../helpers/keepwarm.js";
import { addAccount } from "../helpers/seed.js";
import { fakeChannels, type FakeChannels } from "./fakeChannels.js";

export interface DeliveryHarness extends Harness {
  ch: FakeChannels;
  /** Other Keepwarm processes opened by the test (their own database connections), closed with the harness. */
  others: Keepwarm[];
}

/** A harness whose console platform is a scripted fake channel. */
export async function deliveryHarness(kind: DbKind, config: Record<string, unknown> = {}, opts: { findPosted?: boolean } = {}): Promise<DeliveryHarness> {
  const h = await createHarness(kind, { delivery: { perChannelPerSecond: 1000 }, ...config });
  const ch = fakeChannels(opts);
  h.kw.registerNotifier("console", ch.notifier);
  const others: Keepwarm[] = [];
  return {
    ...h,
    ch,
    others,
    close: async () => {
      for (const o of others) await o.close();
      await h.close();
    },
  };
}

/**
 * Another Keepwarm process on the same database (a replica or a restart): its own Prisma client
 * and connections, its own worker id, the same clock.
 */
export async function openReplica(h: DeliveryHarness, opts: { log?: Logger; sharedConnection?: boolean } = {}): Promise<Keepwarm> {
  const kw = await Keepwarm.open({
    env: h.env,
    config: h.config,
    log: opts.log ?? h.kw.log,
    clock: () => h.clock.now,
    ...(opts.sharedConnection ? { db: h.db } : {}),
  });
  if (!opts.sharedConnection) h.others.push(kw);
  return kw;
}

/** `n` retention accounts whose last touch was 35 days ago: one warning stale-contact nudge each. */
export async function staleAccounts(h: Harness, n: number, opts: Parameters<typeof addAccount>[3] = {}, prefix = "Account"): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < n; i++) ids.push(await addAccount(h.db, h.clock.now, `${prefix} ${String(i + 1).padStart(2, "0")}`, { touchDaysAgo: 35, ...opts }));
  return ids;
}

export const secondsLater = (h: Harness, s: number) => h.clock.set(new Date(h.clock.now.getTime() + s * 1000).toISOString());
