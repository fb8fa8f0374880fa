// A real CRM export through the real CLI: Maven Analytics' "CRM + Sales + Opportunities" dataset
// (../shared/data/maven-crm/, see its SOURCE.md: 85 accounts, 8,800 opportunities, 35 sales agents),
// read where it lies, never copied. Its columns are not ours, so every import maps them:
//
//   accounts     name=account, value=revenue, segment=sector (the other columns are ignored)
//   touchpoints  one import per date column of the pipeline: the engage date as a meeting, the close
//                date (Won or Lost) as an "other" touchpoint noted with the product and the outcome,
//                by the sales agent; keyed by the opportunity id and that date, so the two imports
//                never take each other's rows for duplicates, and a re-import adds nothing.
//
// Rows without the date (Prospecting rows have no engage date, open deals no close date) are not
// events: --skip-empty skips and counts them. Rows with a date but no account are rejected and
// reported by line. The agents are recorded by name (`by`): a name is not an identity, so no person is
// created for them. Every expected number is computed here from the files with a CSV parser.
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { createTestDb, DB_KINDS } from "../fixtures/db.js";
import { runCli } from "../fixtures/cli.js";
import { perTest } from "../fixtures/perTest.js";

/**
 * The dataset beside the repository (<parent>/shared/data/maven-crm), looked for from the repository's
 * folder upwards, so that a clone anywhere under the workspace finds it; MAVEN_CRM_DIR overrides.
 */
function datasetDir(): string {
  if (process.env.MAVEN_CRM_DIR) return process.env.MAVEN_CRM_DIR;
  const tried: string[] = [];
  for (let dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../.."); ; dir = path.dirname(dir)) {
    const candidate = path.join(path.dirname(dir), "shared/data/maven-crm");
    if (existsSync(path.join(candidate, "accounts.csv"))) return candidate;
    tried.push(candidate);
    if (path.dirname(dir) === dir) throw new Error(`The Maven CRM dataset is not in ${tried.join(", ")}: set MAVEN_CRM_DIR to its folder.`);
  }
}
const DATA = datasetDir();
type Row = Record<string, string>;
const read = (file: string): Row[] => parse(readFileSync(path.join(DATA, file)), { columns: true, bom: true });

const accounts = read("accounts.csv");
const pipeline = read("sales_pipeline.csv");
const agents = read("sales_teams.csv").map((r) => r.sales_agent);
/** No value of the pipeline spans lines: row i is on line i + 2, after the header. */
const lineOf = (i: number) => i + 2;

const ACCOUNTS = ["--map", "name=account,value=revenue,segment=sector"];
const DATES = {
  engage_date: ["--map", "date=engage_date,who=sales_agent,note=product,key=opportunity_id+engage_date", "--set", "kind=meeting", "--skip-empty", "date"],
  close_date: ["--map", "date=close_date,who=sales_agent,note=product+deal_stage,key=opportunity_id+close_date", "--set", "kind=other", "--skip-empty", "date"],
} as const;
type DateColumn = keyof typeof DATES;

/** What an import of one date column must report, from the file itself. */
function expectedFor(date: DateColumn) {
  const dated = pipeline.map((r, i) => ({ r, line: lineOf(i) })).filter(({ r }) => r[date] !== "");
  const used = ["opportunity_id", "sales_agent", "product", "account", date, ...(date === "close_date" ? ["deal_stage"] : [])];
  return {
    skipped: pipeline.length - dated.length,
    rejectedLines: dated.filter(({ r }) => r.account === "").map(({ line }) => line),
    created: dated.filter(({ r }) => r.account !== "").map(({ r }) => r),
    ignored: Object.keys(pipeline[0]).filter((c) => !used.includes(c)),
  };
}

function summaryLine(stdout: string): string {
  return stdout.split("\n").find((l) => /^\d+ rows: /.test(l)) ?? stdout;
}

const countBy = <T>(items: T[], key: (item: T) => string) => items.reduce((m, i) => m.set(key(i), (m.get(key(i)) ?? 0) + 1), new Map<string, number>());

describe.each(DB_KINDS)("the Maven CRM export through the CLI, on %s", (kind) => {
  const t = perTest(() => createTestDb(kind));
  const keepwarm = (...args: string[]) => runCli(t.url, ...args);

  it("imports the accounts, then both dates of the pipeline as touchpoints; a re-import adds nothing", async () => {
    expect(accounts).toHaveLength(85); // the dataset is the one SOURCE.md describes

    const imported = await keepwarm("import", "accounts", path.join(DATA, "accounts.csv"), ...ACCOUNTS);
    expect(imported.stderr).toBe("");
    expect(summaryLine(imported.stdout)).toBe(`${accounts.length} rows: ${accounts.length} created, 0 updated, 0 already there, 0 rejected; ignored columns: year_established, employees, office_location, subsidiary_of.`);
    expect(imported.code).toBe(0);

    const expected = { engage_date: expectedFor("engage_date"), close_date: expectedFor("close_date") };
    for (const date of ["engage_date", "close_date"] as const) {
      const e = expected[date];
      const run = await keepwarm("import", "touchpoints", path.join(DATA, "sales_pipeline.csv"), ...DATES[date]);
      expect(run.stderr).toBe("");
      expect(summaryLine(run.stdout)).toBe(
        `${pipeline.length} rows: ${e.created.length} created, 0 updated, 0 already there, ${e.rejectedLines.length} rejected, ${e.skipped} skipped (${date} empty); ignored columns: ${e.ignored.join(", ")}.`,
      );
      // Rows with a date but no account, by line: the first 50 listed, the rest counted.
      const listed = [...run.stdout.matchAll(/^ {2}line (\d+): (.*)$/gm)];
      expect(listed.map((m) => Number(m[1]))).toEqual(e.rejectedLines.slice(0, 50));
      for (const m of listed) expect(m[2]).toBe("account: give exactly one of account (the name) or account_external_id");
      if (e.rejectedLines.length > 50) expect(run.stdout).toContain(`  …and ${e.rejectedLines.length - 50} more rejected rows.`);
      expect(run.code).toBe(e.rejectedLines.length ? 1 : 0);
    }
    expect(expected.engage_date.rejectedLines.length).toBeGreaterThan(0); // the dataset's rows without an account

    const again = await keepwarm("import", "touchpoints", path.join(DATA, "sales_pipeline.csv"), ...DATES.engage_date);
    const e = expected.engage_date;
    expect(summaryLine(again.stdout)).toMatch(new RegExp(`^${pipeline.length} rows: 0 created, 0 updated, ${e.created.length} already there, ${e.rejectedLines.length} rejected, ${e.skipped} skipped`));

    // The database: 85 accounts with their revenue and sector, and per account the file's touchpoints.
    const db = t.db;
    const rows = await db.account.findMany({ select: { id: true, name: true, annualValue: true, segment: true } });
    expect(rows.map((a) => a.name).sort()).toEqual(accounts.map((a) => a.account).sort());
    const acme = accounts[0];
    expect(rows.find((a) => a.name === acme.account)).toMatchObject({ annualValue: Number(acme.revenue), segment: acme.sector });

    const created = [...expected.engage_date.created, ...expected.close_date.created];
    const nameOf = new Map(rows.map((a) => [a.id, a.name]));
    const perAccount = await db.touchpoint.groupBy({ by: ["accountId"], _count: { _all: true } });
    expect(new Map(perAccount.map((g) => [nameOf.get(g.accountId), g._count._all]))).toEqual(countBy(created, (r) => r.account));
    expect(await db.touchpoint.count()).toBe(created.length);

    // By the agent's name; every agent of the pipeline is one of sales_teams.csv's, and those without deals have no touchpoints.
    const byName = await db.touchpoint.groupBy({ by: ["byName"], _count: { _all: true } });
    expect(new Map(byName.map((g) => [g.byName, g._count._all]))).toEqual(countBy(created, (r) => r.sales_agent));
    expect(byName.every((g) => agents.includes(g.byName ?? ""))).toBe(true);
    const idle = agents.filter((a) => !pipeline.some((r) => r.sales_agent === a));
    expect(idle.length).toBeGreaterThan(0);
    expect(byName.filter((g) => idle.includes(g.byName ?? ""))).toEqual([]);
    expect(await db.touchpoint.count({ where: { byPersonId: { not: null } } })).toBe(0);
    expect(await db.person.count()).toBe(0);

    // One opportunity, both of its events.
    const won = pipeline.find((r) => r.deal_stage === "Won" && r.account !== "") as Row;
    const touches = await db.touchpoint.findMany({ where: { idempotencyKey: { startsWith: `${won.opportunity_id} ` } }, orderBy: { occurredAt: "asc" } });
    expect(touches.map((x) => [x.kind, x.occurredAt.toISOString(), x.summary, x.byName, nameOf.get(x.accountId), x.source])).toEqual([
      ["meeting", `${won.engage_date}T12:00:00.000Z`, won.product, won.sales_agent, won.account, "csv"], // a bare date: noon in the account's zone (UTC)
      ["other", `${won.close_date}T12:00:00.000Z`, `${won.product} Won`, won.sales_agent, won.account, "csv"],
    ]);
  }, 240_000);
});
