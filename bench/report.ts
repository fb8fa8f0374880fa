/** The bench's printed report: one table per database, the ratio lines, and the JSON kept in data/bench. */
import type { DbKind } from "../src/store/client.js";
import type { PhaseResult } from "./worker.js";

export interface SizeResult {
  kind: DbKind;
  accounts: number;
  load: PhaseResult;
  cold: PhaseResult;
  steady: PhaseResult;
  raw: PhaseResult;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * Scan time over the raw lower bound. The bound is the same reads with rows fetched as arrays (the
 * cheapest way, and the scan's own); `objects` compares with rows fetched as each driver's objects.
 */
export function ratioOf(r: SizeResult, scan: "steady" | "full" = "steady", bound: "arrays" | "objects" = "arrays"): number {
  const scanMs = median(scan === "steady" ? r.steady.timesMs : r.steady.fullTimesMs!);
  return scanMs / median(bound === "arrays" ? r.raw.arrayTimesMs! : r.raw.timesMs);
}

const secs = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const spreadOf = (xs: number[]) => `${secs(median(xs))} (${(Math.min(...xs) / 1000).toFixed(2)}–${(Math.max(...xs) / 1000).toFixed(2)})`;
const k = (n: number) => (n >= 1000 ? `${Math.round(n / 100) / 10}k` : String(n));

function anatomyCell(r: SizeResult): string {
  const a = r.steady.anatomy!;
  const sum = a.readsMs + a.rulesMs + a.planMs;
  const pct = (ms: number) => `${Math.round((100 * ms) / sum)}%`;
  return `${pct(a.readsMs)} / ${pct(a.rulesMs)} / ${pct(a.planMs)}`;
}

export function tableFor(kind: DbKind, results: SizeResult[]): string {
  const head = ["", ...results.map((r) => `${k(r.accounts)} accounts`)];
  const rows: string[][] = [
    ["portfolio (touchpoints / complaints, open)", ...results.map((r) => `${k(r.load.load!.touchpoints)} / ${k(r.load.load!.complaints)}, ${k(r.load.load!.openComplaints)}`)],
    ["load time", ...results.map((r) => secs(r.load.timesMs[0]))],
    ["cold scan (first, nudge table empty)", ...results.map((r) => spreadOf(r.cold.timesMs))],
    ["  nudges raised / deliveries queued", ...results.map((r) => `${k(r.cold.scan!.raised)} / ${k(r.cold.scan!.deliveries)}`)],
    ["steady scan (periodic: nothing changed, every memo holds)", ...results.map((r) => spreadOf(r.steady.timesMs))],
    ["  accounts read / evaluated", ...results.map((r) => `${k(r.steady.scan!.accounts)} / ${k(r.steady.scan!.accounts - r.steady.scan!.skipped)}`)],
    ["  first scan of a fresh process after the cold one (untimed)", ...results.map((r) => secs(r.steady.warmupMs!))],
    ["full evaluation (every account's rules, evaluateAll)", ...results.map((r) => spreadOf(r.steady.fullTimesMs!))],
    ["  of which reads / rules / plan (one replay)", ...results.map((r) => anatomyCell(r))],
    ["raw lower bound (same reads, bare driver, rows as arrays)", ...results.map((r) => spreadOf(r.raw.arrayTimesMs!))],
    ["  the same, rows as objects (each driver's default)", ...results.map((r) => spreadOf(r.raw.timesMs))],
    ["  rows read: accounts / open complaints / active nudges", ...results.map((r) => `${k(r.raw.raw!.accounts)} / ${k(r.raw.raw!.openComplaints)} / ${k(r.raw.raw!.activeNudges)}`)],
    ["scan/raw ratio: steady / raw", ...results.map((r) => ratioOf(r).toFixed(2))],
    ["  full evaluation / raw", ...results.map((r) => ratioOf(r, "full").toFixed(2))],
    ["  steady, full against the object-row bound", ...results.map((r) => `${ratioOf(r, "steady", "objects").toFixed(2)}, ${ratioOf(r, "full", "objects").toFixed(2)}`)],
    ["reads only (replay): scan's reads / raw", ...results.map((r) => `${secs(r.steady.anatomy!.readsMs)}, ×${(r.steady.anatomy!.readsMs / median(r.raw.arrayTimesMs!)).toFixed(2)}`)],
    ["peak RSS: cold / steady / raw (MB)", ...results.map((r) => `${r.cold.memory.maxRssMb} / ${r.steady.memory.maxRssMb} / ${r.raw.memory.maxRssMb}`)],
    ["  steady RSS at start → peak (MB)", ...results.map((r) => `${r.steady.memory.rssStartMb} → ${r.steady.memory.rssPeakMb}`)],
    ["  steady heap at start → peak (MB)", ...results.map((r) => `${r.steady.memory.heapStartMb} → ${r.steady.memory.heapPeakMb}`)],
  ];
  return [`${kind}`, markdownTable(head, rows)].join("\n");
}

/** A Markdown table: the first column left-aligned, the others right-aligned, padded to line up. */
export function markdownTable(head: string[], rows: string[][]): string {
  const all = [head, ...rows];
  const widths = head.map((_, c) => Math.max(...all.map((row) => row[c].length)));
  const line = (row: string[]) => `| ${row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join(" | ")} |`;
  const rule = `|${widths.map((w, c) => (c === 0 ? "-".repeat(w + 2) : `${"-".repeat(w + 1)}:`)).join("|")}|`;
  return [line(head), rule, ...rows.map(line)].join("\n");
}
