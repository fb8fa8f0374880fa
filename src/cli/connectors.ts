// `keepwarm connectors status | unmatched | retry`: what the vendor connectors received and applied,
// what waits for a person (an account to link, a failure to look at), and queueing failures again.
import type { Command } from "commander";
import { INBOX_SOURCES, isInboxSource, type InboxSourceName } from "../domain/sources.js";
import { openKeepwarm } from "../startup.js";
import { print } from "./output.js";

export function registerConnectorCommands(program: Command): void {
  const connectors = program.command("connectors").description("the HubSpot, Salesforce and Zendesk connectors: status, waiting events, retries");
  connectors.command("status").description("per connector: configured, events received / applied / unmatched / failed, last event").action(runStatus);
  connectors
    .command("unmatched")
    .description("events waiting for a person: no account linked to their id yet (link it), or failed")
    .option("--source <name>", `only one connector: ${INBOX_SOURCES.join(", ")}`)
    .action(runUnmatched);
  connectors.command("retry").description("queue failed events again, and apply them now").argument("[source]", INBOX_SOURCES.join(" | ")).action(runRetry);
}

async function runStatus(): Promise<void> {
  const kw = await openKeepwarm();
  try {
    const rows = await kw.connectorStatus();
    print(table(["connector", "configured", "received", "applied", "unmatched", "failed", "pending", "last event"], rows.map((r) => [
      r.source,
      r.configured ? "yes" : `no (set ${r.missing.join(", ")})`,
      String(r.received), String(r.applied), String(r.unmatched), String(r.failed), String(r.pending),
      r.lastEventAt ? r.lastEventAt.toISOString().replace("T", " ").slice(0, 16) + " UTC" : "—",
    ])));
  } finally {
    await kw.close();
  }
}

async function runUnmatched(opts: { source?: string }): Promise<void> {
  if (opts.source && !isInboxSource(opts.source)) return usage(`Unknown connector "${opts.source}": use ${INBOX_SOURCES.join(", ")}.`);
  const kw = await openKeepwarm();
  try {
    const { total, events } = await kw.waitingEvents({ source: opts.source });
    if (total === 0) return print("Nothing waits: every event received was applied.");
    print(`${total} event${total === 1 ? "" : "s"} waiting${total > events.length ? ` (the oldest ${events.length} shown)` : ""}:`);
    for (const e of events) {
      print(`  ${e.occurredAt.toISOString().slice(0, 16).replace("T", " ")}  ${e.source}  ${e.status}  ${e.summary}`);
      if (e.why) print(`      ${e.why}`);
    }
  } finally {
    await kw.close();
  }
}

async function runRetry(source?: string): Promise<void> {
  if (source && !isInboxSource(source)) return usage(`Unknown connector "${source}": use ${INBOX_SOURCES.join(", ")}.`);
  const kw = await openKeepwarm();
  try {
    const { queued, result } = await kw.retryFailedEvents(source as InboxSourceName | undefined);
    print(`Queued ${queued} failed event${queued === 1 ? "" : "s"} again: ${result.applied} applied, ${result.unmatched} unmatched, ${result.retried + result.failed} failing still.`);
  } finally {
    await kw.close();
  }
}

function usage(text: string): void {
  print(text);
  process.exitCode = 2;
}

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd();
  return [line(head), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
