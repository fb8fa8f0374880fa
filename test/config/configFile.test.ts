import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ConfigError, loadEnv } from "../../src/config/env.js";
import { loadConfigFile, parseConfig } from "../../src/config/file.js";

const run = promisify(execFile);
let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), "keepwarm-config-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function writeConfig(value: unknown, name = "keepwarm.config.json"): string {
  const file = path.join(dir, name);
  writeFileSync(file, typeof value === "string" ? value : JSON.stringify(value));
  return file;
}

function errorOf(fn: () => unknown): ConfigError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return err as ConfigError;
  }
  throw new Error("expected a ConfigError");
}

describe("keepwarm.config.json", () => {
  it("uses the documented defaults when there is no file", () => {
    const config = loadConfigFile(undefined, dir);
    expect(config.source).toMatch(/defaults/);
    expect(config.policy.renewals.leadDays).toEqual([90, 60, 30, 7]);
    expect(config.policy.cadence.retention).toEqual({ dueDays: 30, overdueDays: 45 });
    expect(config.policy.cadence.exit).toBeNull();
    expect(config.policy.stageMaxDays.onboarding).toBe(60);
    expect(config.policy.complaints.responseHours).toEqual({ low: 72, medium: 24, high: 8, critical: 2 });
    expect(config.policy.complaints.businessHours).toBeNull();
    expect(config.schedules.scan).toBe("*/15 * * * *");
  });

  it("reads the file in the working directory and keeps defaults for what it leaves out", () => {
    writeConfig({ policy: { cadence: { retention: { dueDays: 20, overdueDays: 40 }, awareness: null }, renewals: { leadDays: [120, 30] } } });
    const config = loadConfigFile(undefined, dir);
    expect(config.source).toBe(path.join(dir, "keepwarm.config.json"));
    expect(config.policy.cadence.retention).toEqual({ dueDays: 20, overdueDays: 40 });
    expect(config.policy.cadence.awareness).toBeNull();
    expect(config.policy.cadence.onboarding).toEqual({ dueDays: 7, overdueDays: 14 });
    expect(config.policy.renewals.leadDays).toEqual([120, 30]);
    expect(config.policy.renewals.graceDays).toBe(14);
  });

  it("business hours get their defaults once switched on", () => {
    const config = parseConfig({ policy: { complaints: { businessHours: {} } } });
    expect(config.policy.complaints.businessHours).toEqual({ start: "09:00", end: "17:00", days: [1, 2, 3, 4, 5] });
  });

  it.each([
    [{ policy: { cadence: { retention: { dueDays: 30, overdueDays: 10 } } } }, "policy.cadence.retention.overdueDays", "at least dueDays"],
    [{ policy: { cadence: { retension: { dueDays: 30, overdueDays: 45 } } } }, "policy.cadence", "retension"],
    [{ policy: { complaints: { responseHours: { high: -1 } } } }, "policy.complaints.responseHours.high", ""],
    [{ policy: { complaints: { businessHours: { start: "18:00", end: "09:00" } } } }, "policy.complaints.businessHours.end", "before end"],
    [{ policy: { complaints: { businessHours: { start: "9am" } } } }, "policy.complaints.businessHours.start", "HH:MM"],
    [{ policy: { renewals: { leadDays: [] } } }, "policy.renewals.leadDays", ""],
    [{ policy: { renewals: { leadDays: [90, 0] } } }, "policy.renewals.leadDays.1", ""],
    [{ policy: { stageMaxDays: { onboarding: 1.5 } } }, "policy.stageMaxDays.onboarding", ""],
    [{ policy: { escalation: { minSeverity: "urgent" } } }, "policy.escalation.minSeverity", ""],
    [{ schedules: { scan: "every 5 minutes" } }, "schedules.scan", "cron"],
    [{ delivery: { groupAbove: 0 } }, "delivery.groupAbove", ""],
    [{ defaultTimeZone: "Mars/Olympus" }, "defaultTimeZone", "Mars/Olympus"],
    [{ polcy: {} }, "(top level)", "polcy"],
  ])("a bad file fails with a message naming the field: %j", (value, field, detail) => {
    const file = writeConfig(value);
    const err = errorOf(() => loadConfigFile(undefined, dir));
    expect(err.message).toContain(file);
    expect(err.message).toContain(`${field}:`);
    expect(err.message).toContain(detail);
  });

  it("invalid JSON is reported with the file name", () => {
    const file = writeConfig('{ "policy": { ');
    const err = errorOf(() => loadConfigFile(undefined, dir));
    expect(err.message).toContain(`${file} is not valid JSON`);
  });

  it("an explicitly named file that does not exist is an error, not silent defaults", () => {
    const err = errorOf(() => loadConfigFile("missing.json", dir));
    expect(err.message).toContain(path.join(dir, "missing.json"));
  });
});

describe("environment", () => {
  it("defaults to the embedded SQLite file, made absolute", () => {
    const env = loadEnv({}, dir);
    expect(env.DATABASE_URL).toBe(`file:${path.join(dir, "data", "keepwarm.db")}`);
    expect(env.PORT).toBe(3000);
  });

  it.each([
    [{ DATABASE_URL: "mysql://x" }, "DATABASE_URL"],
    [{ PORT: "http" }, "PORT"],
    [{ LOG_LEVEL: "loud" }, "LOG_LEVEL"],
    [{ MICROSOFT_APP_TYPE: "Personal" }, "MICROSOFT_APP_TYPE"],
  ])("names the bad variable: %j", (source, variable) => {
    const err = errorOf(() => loadEnv(source, dir));
    expect(err.message).toContain(`${variable}:`);
  });
});

describe("start-up with a bad config file", () => {
  it("the CLI exits with EX_CONFIG, names the field, and creates no database", async () => {
    const file = writeConfig({ policy: { advocacy: { healthyDays: "soon" } } }, "bad.json");
    const dbFile = path.join(dir, "never.db");
    const result = await run(process.execPath, [path.resolve("node_modules/tsx/dist/cli.mjs"), path.resolve("src/cli/main.ts"), "scan"], {
      cwd: dir,
      env: { ...process.env, KEEPWARM_CONFIG: file, DATABASE_URL: `file:${dbFile}` },
    }).then(
      () => ({ code: 0, stderr: "" }),
      (err: { code: number; stderr: string }) => err,
    );
    expect(result.code).toBe(78);
    expect(result.stderr).toContain("policy.advocacy.healthyDays:");
    expect(existsSync(dbFile)).toBe(false);
  });
});
