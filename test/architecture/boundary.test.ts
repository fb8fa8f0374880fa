// The core knows nothing of Slack, Teams or Prisma's generated types beyond the store: a new chat
// platform (or botbuilder's successor) is one folder. Reads the sources; fails on a stray import.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => path.join(e.parentPath, e.name));
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/(?:import|export)[^"']*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1] ?? m[2]);
}

const CORE = ["src/domain", "src/rules", "src/commands", "src/nudges", "src/digests", "src/delivery", "src/messages", "src/activity", "src/ingest", "src/scheduler", "src/people", "src/config"];
const isCore = (f: string) => CORE.some((d) => f.startsWith(d + path.sep));
const all = sources("src").filter((f) => !f.startsWith(path.join("src", "generated")));

describe("architecture boundaries", () => {
  it("finds the sources it checks", () => {
    expect(all.filter(isCore).length).toBeGreaterThan(50);
  });

  it.each([
    ["@slack/", "src/slack"],
    ["botbuilder", "src/teams"],
  ])("only its adapter imports %s", (pkg, home) => {
    const offenders = all.filter((f) => !f.startsWith(home + path.sep) && importsOf(f).some((i) => i.startsWith(pkg)));
    expect(offenders).toEqual([]);
  });

  it("rules are pure: no database, clock-free I/O modules or platform code", () => {
    const offenders = sources("src/rules").flatMap((f) =>
      importsOf(f)
        .filter((i) => /generated|store\/|@prisma|node:fs|node:http|delivery|commands|nudges\//.test(i))
        .map((i) => `${f} imports ${i}`),
    );
    expect(offenders).toEqual([]);
  });

  it("only the store layer imports the generated Prisma client at run time", () => {
    const offenders = all.filter(
      (f) => !f.startsWith(path.join("src", "store")) && readFileSync(f, "utf8").match(/^import\s+(?!type)[^;]*generated\//m),
    );
    expect(offenders).toEqual([]);
  });

  it("process.env is read in exactly one place (the migrator only hands it on to Prisma's CLI)", () => {
    const readers = all.filter((f) => /process\.env\b/.test(readFileSync(f, "utf8")));
    expect(readers.sort()).toEqual(["src/config/env.ts", "src/store/migrate.ts"]);
  });
});
