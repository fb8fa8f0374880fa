import { parseConfig, type AppConfig } from "../../src/config/file.js";
import { loadEnv, type Env } from "../../src/config/env.js";
import type { ChannelNotifier, ChannelTarget } from "../../src/delivery/notifier.js";
import { Keepwarm } from "../../src/keepwarm.js";
import { silentLogger } from "../../src/logging.js";
import type { Message } from "../../src/messages/model.js";
import { createTestDb, type TestDb } from "./db.js";
import type { Db, DbKind } from "../../src/store/client.js";

export interface Harness {
  kw: Keepwarm;
  /** The same database the Keepwarm uses, for setting up and checking rows. */
  db: Db;
  env: Env;
  config: AppConfig;
  t: TestDb;
  clock: { now: Date; set(iso: string): void; advanceHours(h: number): void };
  close(): Promise<void>;
}

/** A Keepwarm on a fresh migrated database with a settable clock and no delay between sends. */
export async function createHarness(kind: DbKind = "sqlite", config: unknown = {}, env: Record<string, string> = {}): Promise<Harness> {
  const t = await createTestDb(kind);
  const clock = {
    now: new Date("2026-11-25T15:00:00Z"),
    set(iso: string) {
      this.now = new Date(iso);
    },
    advanceHours(h: number) {
      this.now = new Date(this.now.getTime() + h * 3_600_000);
    },
  };
  const parsed = parseConfig({ delivery: { perChannelPerSecond: 1000 }, ...(config as object) });
  const loaded = loadEnv({ ...env, DATABASE_URL: t.url });
  const appConfig: AppConfig = { ...parsed, source: "test" };
  const kw = await Keepwarm.open({ env: loaded, config: appConfig, log: silentLogger, db: t.db, clock: () => clock.now });
  return { kw, db: t.db, env: loaded, config: appConfig, t, clock, close: () => t.close() };
}

export interface SentRecord {
  op: "post" | "update" | "reply";
  target: ChannelTarget;
  message: Message;
  ref: string;
}

/** A notifier that records what it was asked to send; `failWith` makes the next sends throw. */
export function recordingNotifier() {
  const sent: SentRecord[] = [];
  let n = 0;
  const state = { failWith: null as Error | null };
  const guard = () => {
    if (state.failWith) throw state.failWith;
  };
  const notifier: ChannelNotifier = {
    async post(target, message) {
      guard();
      const ref = `msg-${++n}`;
      sent.push({ op: "post", target, message, ref });
      return { messageRef: ref };
    },
    async update(target, ref, message) {
      guard();
      sent.push({ op: "update", target, message, ref });
    },
    async reply(target, parent, message) {
      guard();
      const ref = `msg-${++n}`;
      sent.push({ op: "reply", target, message, ref: `${parent}>${ref}` });
      return { messageRef: ref };
    },
  };
  return { notifier, sent, state };
}
