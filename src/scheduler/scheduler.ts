import cron, { type ScheduledTask } from "node-cron";
import type { Keepwarm } from "../keepwarm.js";
import { enqueueDueDigests } from "./digestJob.js";
import { withLease } from "./lease.js";

const LEASE_MS = 10 * 60_000;

/**
 * The periodic jobs: scan, drain the outbox, enqueue due channel digests. Each runs under a
 * database lease so several replicas can run the scheduler and only one does each job at a time.
 * The delivery outbox stays safe without the lease (rows are claimed one by one); the lease just
 * keeps replicas from contending.
 */
export function startScheduler(kw: Keepwarm): ScheduledTask[] {
  const job = (name: string, expression: string, work: (now: Date) => Promise<unknown>) =>
    cron.schedule(
      expression,
      async () => {
        const now = kw.clock();
        try {
          await withLease(kw.db, name, kw.workerId, LEASE_MS, now, () => work(now));
        } catch (err) {
          kw.log.error({ job: name, err }, "scheduled job failed; it will run again at its next time");
        }
      },
      { name, noOverlap: true },
    );
  const { schedules } = kw.config;
  const tasks = [
    job("scan", schedules.scan, (now) => kw.scan({ now })),
    job("deliver", schedules.deliver, (now) => kw.deliver(now)),
    job("digests", schedules.digests, (now) => enqueueDueDigests(kw.db, now, kw.log)),
  ];
  kw.log.info({ schedules }, "scheduler started");
  return tasks;
}

export async function stopScheduler(tasks: ScheduledTask[]): Promise<void> {
  for (const t of tasks) await t.destroy();
}
