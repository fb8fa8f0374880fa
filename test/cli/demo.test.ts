// `npm run demo` is the first thing anyone runs: it must show all six rule kinds, the in-place
// update after an acknowledgement, a cleared nudge, `why`, and a digest.
import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const dir = mkdtempSync(path.join(tmpdir(), "keepwarm-demo-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("keepwarm demo", () => {
  it("runs the whole loop on a fresh SQLite file in ./data", async () => {
    const { stdout } = await run(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), path.resolve("src/cli/main.ts"), "demo"], {
      cwd: dir,
      env: { ...process.env, DATABASE_URL: "", NO_COLOR: "1" },
      maxBuffer: 1 << 24,
    });
    expect(existsSync(path.join(dir, "data", "demo.db"))).toBe(true);
    for (const title of ["Stale contact", "Unanswered complaint", "Renewal approaching", "Stalled in stage", "Advocacy ask", "Exit follow-up"]) {
      expect(stdout, title).toMatch(new RegExp(`^\\S+ ${title}: `, "m"));
      expect(stdout).toMatch(new RegExp(`^\\s+${title}\\s+\\d+ (info|warning|critical)`, "m"));
    }
    expect(stdout).toMatch(/── updated console-\d+ in #account-team[\s\S]*✅ Acknowledged by Leo Martin/);
    expect(stdout).toMatch(/Logged a call with Initech: renewal scoping\nThat cleared 1 nudge\./);
    expect(stdout).toMatch(/Why \(or why not\) for Globex/);
    expect(stdout).toMatch(/Weekly digest · #account-team[\s\S]*Open nudges\s+\d+[\s\S]*Open nudges by owner[\s\S]*Renewals in the next 30 days[\s\S]*Stage moves/);
  });
});
