#!/usr/bin/env node
// `npm test`: type-check, then every vitest suite, ending with one plain line CI reads: "N passed, N failed".
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";

const extraArgs = process.argv.slice(2);
const run = (cmd, args) => spawnSync(cmd, args, { stdio: "inherit", shell: false });

const typecheck = run(process.execPath, ["node_modules/typescript/bin/tsc", "--noEmit", "-p", "."]);
if (typecheck.status !== 0) {
  console.error("Type check failed.");
  console.log("0 passed, 1 failed");
  if (process.env.KEEPWARM_TEST_SUMMARY) writeFileSync(process.env.KEEPWARM_TEST_SUMMARY, "0 passed, 1 failed\n");
  process.exit(1);
}

const dir = mkdtempSync(path.join(tmpdir(), "keepwarm-vitest-"));
const report = path.join(dir, "report.json");
const vitest = run(process.execPath, ["node_modules/vitest/vitest.mjs", "run", "--reporter=default", "--reporter=json", `--outputFile.json=${report}`, ...extraArgs]);

let passed = 0;
let failed = 0;
try {
  const json = JSON.parse(readFileSync(report, "utf8"));
  passed = json.numPassedTests;
  failed = json.numFailedTests + (json.numFailedTestSuites ?? 0) + (json.numRuntimeErrorTestSuites ?? 0);
} catch {
  failed = Math.max(1, failed); // no report: vitest itself failed
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (vitest.status !== 0 && failed === 0) failed = 1;
const summary = `${passed} passed, ${failed} failed`;
console.log(`\n${summary}`);
if (process.env.KEEPWARM_TEST_SUMMARY) writeFileSync(process.env.KEEPWARM_TEST_SUMMARY, `${summary}\n`);
process.exit(failed === 0 && vitest.status === 0 ? 0 : 1);
