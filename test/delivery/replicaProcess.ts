// A Keepwarm replica in its own OS process, for the "several replicas" delivery test:
//   node --import tsx test/delivery/replicaProcess.ts <DATABASE_URL> <now ISO> <rounds>
// It drains the outbox `rounds` times with a notifier that prints each send as a JSON line.
import { parseConfig } from "../../src/config/file.js";
import { loadEnv } from "../../src/config/env.js";
import { Keepwarm } from "../../src/keepwarm.js";
import { silentLogger } from "../../src/logging.js";

const [url, nowIso, rounds] = process.argv.slice(2);
const now = new Date(nowIso);
const kw = await Keepwarm.open({
  env: loadEnv({ DATABASE_URL: url }),
  config: { ...parseConfig({ delivery: { perChannelPerSecond: 1000 } }), source: "replica" },
  log: silentLogger,
  clock: () => now,
});
await kw.health(); // connect before saying ready
let n = 0;
const emit = (op: string, channelId: string, nudgeIds: number[] | undefined) => {
  process.stdout.write(`${JSON.stringify({ worker: kw.workerId, op, channelId, nudgeIds: nudgeIds ?? [] })}\n`);
  return `${kw.workerId}/m${++n}`;
};
kw.registerNotifier("console", {
  async post(target, message) {
    return { messageRef: emit("post", target.channelId, message.nudgeIds) };
  },
  async update(target, _ref, message) {
    emit("update", target.channelId, message.nudgeIds);
  },
  async reply(target, _parent, message) {
    return { messageRef: emit("reply", target.channelId, message.nudgeIds) };
  },
});
// Say "ready" once connected, then wait for "go" so the replicas start draining at the same moment.
process.stdout.write("ready\n");
await new Promise<void>((resolve) => process.stdin.once("data", () => resolve()));
for (let i = 0; i < Number(rounds); i++) await kw.deliver(now);
await kw.close();
