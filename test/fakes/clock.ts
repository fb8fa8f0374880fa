// Fake time for the scheduler tests.
//
// Two clocks meet here. node-cron reads Date and arms setTimeout; vi.useFakeTimers moves both. Keepwarm
// reads its own injected clock (kw.clock(), which the test harness pins to a settable value); a job
// uses kw.clock() for `now`. So the Keepwarm a scheduler test runs is a replica opened with
// `clock: () => new Date()` (openReplica in test/fixtures/harness.ts): under fake timers that is the
// faked Date, and the moment a cron job fires is the `now` it works with.
import type { ScheduledTask } from "node-cron";
import { vi } from "vitest";
import type { Harness, ReplicaOptions } from "../fixtures/harness.js";

/** Fakes Date and timers only: database I/O (sockets, setImmediate) stays real, so queries answer. */
export function useFakeClock(now: Date): void {
  vi.useFakeTimers({ now, toFake: ["Date", "setTimeout", "clearTimeout", "setInterval", "clearInterval"] });
}

/**
 * openReplica's options for a replica that runs the scheduler under fake timers: its clock is the faked
 * Date; on SQLite it shares the harness's connection (see ReplicaOptions.connection).
 */
export function onFakeClock(h: Harness): ReplicaOptions {
  return { clock: () => new Date(), connection: h.t.kind === "postgres" ? "own" : "shared" };
}

function finished(task: ScheduledTask): Promise<void> {
  return new Promise((resolve, reject) => {
    const ok = () => {
      task.off("execution:failed", fail);
      resolve();
    };
    const fail = (ctx: { execution?: { error?: Error } }) => {
      task.off("execution:finished", ok);
      reject(ctx.execution?.error ?? new Error(`${task.name} failed`));
    };
    task.once("execution:finished", ok);
    task.once("execution:failed", fail);
  });
}

/**
 * Moves fake time forward to `until`, one scheduled moment at a time, and waits (in real time) for
 * the jobs that fired to finish before moving on, as they would on a real clock (they take far less
 * than the gap between two runs). `between` runs before each moment, with fake time just before it.
 */
export async function runSchedulesUntil(tasks: ScheduledTask[], until: Date, between?: (next: Date) => Promise<void>): Promise<void> {
  for (;;) {
    const next = Math.min(...tasks.map((t) => t.getNextRun()?.getTime() ?? Infinity));
    if (next > until.getTime()) break;
    if (between) await between(new Date(next));
    const done = tasks.filter((t) => t.getNextRun()?.getTime() === next).map(finished);
    await vi.advanceTimersByTimeAsync(next - Date.now());
    await Promise.all(done);
  }
  if (until.getTime() > Date.now()) await vi.advanceTimersByTimeAsync(until.getTime() - Date.now());
}

export { finished as nextRunFinished };
