// The layers of src/, written down: which folder may import which. A new chat platform (or
// botbuilder's successor) is one folder, the rules stay pure, and nothing below reaches up. Reads the
// sources (type-only imports count: they are dependencies on a module's ideas too) and fails on an
// import against the table, on a folder the table does not know, and on any cycle between files.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

/**
 * Each folder (or root module) of src/ and what it imports besides itself: exactly, so the table says
 * what each part depends on (a test fails on an entry no import uses). Read it bottom-up: a folder
 * lists only folders above it. Nothing imports cli, server, slack or teams.
 */
const LAYERS: Record<string, readonly string[]> = {
  // Shared leaves: the domain's vocabulary, list helpers, the logger, the Prisma clients.
  domain: [],
  collections: [],
  logging: [],
  store: [],
  // Pure functions of (snapshot, policy, now): no I/O, no clock, nothing of the store.
  rules: ["domain"],
  config: ["domain", "rules", "store"],
  people: ["domain", "store"],
  activity: ["domain", "rules", "store"],
  // store: nudgeView.ts loads, in one query, what a nudge message shows (the delivery kinds, commands and home render it).
  messages: ["domain", "rules", "store"],
  digests: ["domain", "rules", "store", "activity", "messages"],
  // Sends what is queued. Its kinds render nudges and digests; it never reaches into the scan (nudges/).
  // rules: the calendar arithmetic of quiet hours and the noise budget's day (src/rules/time.ts).
  delivery: ["domain", "rules", "store", "messages", "digests", "collections"],
  // The scan enqueues its deliveries in the transaction that changes the nudges: nudges → delivery, never back.
  nudges: ["domain", "rules", "store", "delivery", "collections"],
  ingest: ["domain", "store", "activity", "logging"],
  demo: ["domain", "store", "activity"],
  // Vendors' events in: each connector verifies, stores and applies its events through the activity operations.
  connectors: ["domain", "store", "config", "activity"],
  home: ["domain", "rules", "store", "messages", "nudges"],
  scheduler: ["store", "delivery", "digests"],
  commands: ["domain", "rules", "store", "activity", "people", "messages", "nudges", "delivery", "digests"],
  // A form is the command language filled in through fields: its submission runs the command's own
  // operation (recordTouchpoint, moveStage), so the wording and the checks are the command's.
  // activity: a form opened on a chat message guesses its account from the names in the text.
  forms: ["domain", "store", "messages", "nudges", "commands", "activity"],
  // The core's front door and composition root.
  keepwarm: ["domain", "rules", "store", "config", "people", "activity", "messages", "digests", "delivery", "nudges", "ingest", "demo", "home", "scheduler", "commands", "forms", "connectors"],
  // What the one server plugs a chat platform in through.
  chatAdapter: ["delivery"],
  startup: ["keepwarm", "config", "logging", "store"],
  server: ["keepwarm", "chatAdapter", "startup", "config", "scheduler", "slack", "teams"],
  cli: ["startup", "config", "commands", "connectors", "delivery", "domain", "ingest", "messages", "rules", "store"],
  // Thin adapters: the core's messages, forms and ports, rendered and sent on one platform.
  slack: ["keepwarm", "chatAdapter", "config", "commands", "forms", "messages", "delivery", "domain", "collections"],
  teams: ["keepwarm", "chatAdapter", "config", "commands", "forms", "messages", "delivery", "domain", "people", "logging"],
};

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith(".ts"))
    .map((e) => path.join(e.parentPath, e.name));
}

function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/(?:import|export)[^"']*?from\s*["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1] ?? m[2]);
}

const all = sources("src").filter((f) => !f.startsWith(path.join("src", "generated")));

/** A file's place in the table: its folder under src/, or the root module's name. */
function layerOf(file: string): string {
  const [first, ...rest] = path.relative("src", file).split(path.sep);
  return rest.length ? first : first.replace(/\.ts$/, "");
}

/** The repo files a file imports (relative imports, resolved; generated clients left out). */
function localImports(file: string): string[] {
  return importsOf(file)
    .filter((i) => i.startsWith("."))
    .map((i) => path.normalize(path.join(path.dirname(file), i.replace(/\.js$/, ".ts"))))
    .filter((f) => !f.startsWith(path.join("src", "generated")));
}

function backEdges(files: string[], layers: Record<string, readonly string[]>, importsOfFile = localImports): string[] {
  const problems: string[] = [];
  for (const file of files) {
    const from = layerOf(file);
    if (!(from in layers)) problems.push(`${file}: ${from} is not in the table of layers (test/architecture/boundary.test.ts)`);
    for (const target of importsOfFile(file)) {
      const to = layerOf(target);
      if (to !== from && !layers[from]?.includes(to)) problems.push(`${file} imports ${target}: ${from} may not import ${to}`);
    }
  }
  return problems;
}

/** Groups of files that import each other, directly or round about (Tarjan's strongly connected components). */
function fileCycles(files: string[], importsOfFile = localImports): string[][] {
  const edges = new Map(files.map((f) => [f, importsOfFile(f).filter((t) => t !== f)]));
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (v: string) => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of edges.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component: string[] = [];
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.push(w);
    } while (w !== v);
    if (component.length > 1) cycles.push(component.sort());
  };
  for (const f of files) if (!index.has(f)) visit(f);
  return cycles;
}

describe("architecture boundaries", () => {
  it("finds the sources it checks, and every folder is in the table", () => {
    expect(all.length).toBeGreaterThan(150);
    expect([...new Set(all.map(layerOf))].filter((l) => !(l in LAYERS))).toEqual([]);
  });

  it("every import follows the table of layers", () => {
    expect(backEdges(all, LAYERS)).toEqual([]);
  });

  it("lists no dependency that no import uses", () => {
    const used = new Set(all.flatMap((f) => localImports(f).map((t) => `${layerOf(f)} → ${layerOf(t)}`)));
    const unused = Object.entries(LAYERS).flatMap(([from, tos]) => tos.map((to) => `${from} → ${to}`)).filter((e) => !used.has(e));
    expect(unused).toEqual([]);
  });

  it("no two files import each other, however round about", () => {
    expect(fileCycles(all)).toEqual([]);
  });

  it("the checks do catch a back-edge and a cycle", () => {
    const fake: Record<string, string[]> = { "src/rules/a.ts": ["src/store/client.ts"], "src/domain/b.ts": ["src/domain/c.ts"], "src/domain/c.ts": ["src/domain/b.ts"] };
    const imports = (f: string) => fake[f] ?? [];
    expect(backEdges(Object.keys(fake), LAYERS, imports)).toEqual(["src/rules/a.ts imports src/store/client.ts: rules may not import store"]);
    expect(fileCycles(Object.keys(fake), imports)).toEqual([["src/domain/b.ts", "src/domain/c.ts"]]);
  });

  it.each([
    ["@slack/", "src/slack"],
    ["botbuilder", "src/teams"],
  ])("only its adapter imports %s", (pkg, home) => {
    const offenders = all.filter((f) => !f.startsWith(home + path.sep) && importsOf(f).some((i) => i.startsWith(pkg)));
    expect(offenders).toEqual([]);
  });

  it("rules are pure: no I/O modules", () => {
    const offenders = sources("src/rules").flatMap((f) => importsOf(f).filter((i) => /^node:|@prisma|pg$/.test(i)).map((i) => `${f} imports ${i}`));
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
