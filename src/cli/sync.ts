// `keepwarm sync <source> [--since DATE] [--restart]`: a connector's backfill with a progress bar
// per phase and a summary. Killed halfway, the next run resumes where it stopped.
import cliProgress from "cli-progress";
import { Command, InvalidArgumentError } from "commander";
import { isLinkSource, LINK_SOURCES, type LinkSource } from "../domain/sources.js";
import type { BackfillProgress, BackfillSummary } from "../connectors/backfill.js";
import { openKeepwarm } from "../startup.js";
import { print } from "./output.js";

function sinceDate(value: string): Date {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : new Date(value);
  if (Number.isNaN(date.getTime())) throw new InvalidArgumentError("expected YYYY-MM-DD (midnight UTC) or an ISO date-time");
  return date;
}

export function syncCommand(): Command {
  return new Command("sync")
    .description("backfill from a connector's API what happened before its webhooks: companies, owners, calls, emails, meetings, notes")
    .argument("<source>", "hubspot")
    .option("--since <date>", "only what was modified since then (default: everything the first time, then since the last sync)", sinceDate)
    .option("--restart", "start over instead of resuming a sync that did not finish")
    .action(runSync);
}

async function runSync(source: string, opts: { since?: Date; restart?: boolean }): Promise<void> {
  if (!isLinkSource(source)) {
    print(`Unknown connector "${source}": use ${LINK_SOURCES.join(", ")}.`);
    process.exitCode = 2;
    return;
  }
  const kw = await openKeepwarm();
  const bars = new PhaseBars();
  try {
    if (!kw.backfillSources().includes(source)) {
      print(`${source} has no sync: use ${kw.backfillSources().join(", ")}.`);
      process.exitCode = 2;
      return;
    }
    const summary = await kw.backfill(source as LinkSource, { since: opts.since, restart: opts.restart, onProgress: (p) => bars.update(p) });
    bars.stop();
    printSummary(source, summary);
  } catch (err) {
    bars.stop();
    throw err;
  } finally {
    await kw.close();
  }
}

/** One bar per phase; without a terminal (CI, a pipe) it prints a line now and then instead. */
class PhaseBars {
  private bar: cliProgress.SingleBar | null = null;
  private phase: string | null = null;

  update(p: BackfillProgress): void {
    if (p.phase !== this.phase) {
      this.stop();
      this.phase = p.phase;
      this.bar = new cliProgress.SingleBar(
        { format: `  ${p.phase.padEnd(10)} {bar} {value}/{total}`, hideCursor: true, noTTYOutput: true, notTTYSchedule: 1000 },
        cliProgress.Presets.shades_classic,
      );
      this.bar.start(p.total, p.done);
    }
    this.bar!.setTotal(Math.max(p.total, p.done));
    this.bar!.update(p.done);
  }

  stop(): void {
    this.bar?.stop();
    this.bar = null;
  }
}

function printSummary(source: string, s: BackfillSummary): void {
  if (s.resumedFrom) print(`Resumed the ${source} sync started ${s.resumedFrom.startedAt.toISOString().slice(0, 16).replace("T", " ")} UTC, from ${s.resumedFrom.phase}.`);
  const read = Object.entries(s.read).map(([phase, n]) => `${n} ${phase}`).join(", ");
  print(`Synced ${source}${s.since ? ` (modified since ${s.since.toISOString().slice(0, 10)})` : ""}: read ${read}.`);
  print(`  ${s.stored} new, ${s.applied} applied, ${s.unmatched} waiting for a link${s.failed ? `, ${s.failed} failed (keepwarm connectors unmatched)` : ""}.`);
  if (s.unmatched) print("  `keepwarm connectors unmatched` lists what waits; `link <account> <source> <id>` applies it.");
}
