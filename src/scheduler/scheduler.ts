import cron, { type ScheduledTask } from "node-cron";
import type { Logger } from "pino";
import type { Db } from "../store/client.js";
import { withLease } from "./lease.js";

const LEASE_MS = 10 * 60_000;

export interface SchedulerDeps {
  db: Db;
  log: Logger;
  /** This replica's name in the leases. */
  workerId: string;
  clock: () => Date;
  /** Each job's cron expression and its work, given the moment it fired. */
  jobs: Record<string, { schedule: string; run(now: Date): Promise<unknown> }>;
}

/**
 * The periodic jobs (the scan, the outbox drain, the digest check: src/keepwarm.ts names them). Each
 * runs under a database lease so several replicas can run the scheduler and only one does each job
 * at a time. The delivery outbox stays safe without the lease (rows are claimed one by one); the
 * lease just keeps replicas from contending.
 */
export function startScheduler(deps: SchedulerDeps): ScheduledTask[] {
  const tasks = Object.entries(deps.jobs).map(([name, job]) =>
    cron.schedule(
      job.schedule,
      async () => {
        const now = deps.clock();
        try {
          await withLease(deps.db, name, deps.workerId, LEASE_MS, now, () => job.run(now));
        } catch (err) {
          deps.log.error({ job: name, err }, "scheduled job failed; it will run again at its next time");
        }
      },
      { name, noOverlap: true },
    ),
  );
  deps.log.info({ schedules: Object.fromEntries(Object.entries(deps.jobs).map(([name, j]) => [name, j.schedule])) }, "scheduler started");
  return tasks;
}

export async function stopScheduler(tasks: ScheduledTask[]): Promise<void> {
  for (const t of tasks) await t.destroy();
}
