// `npm run build` must give a server that starts with plain `node`, no tsx: compile src/ with
// tsconfig.build.json into a throwaway folder beside src/ (src/store/migrate.ts finds the repo root two
// folders above itself, so the output must sit at the same depth), start it on a fresh SQLite database
// and wait for /healthz.
import { type ChildProcess, execFile, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const outDir = path.join(repoRoot, `.build-test-${process.pid}`); // a direct child of the repo root, like dist/
const dbDir = mkdtempSync(path.join(tmpdir(), "keepwarm-build-"));

let child: ChildProcess | undefined;
let output = "";

afterAll(async () => {
  if (child && child.exitCode === null && child.signalCode === null) {
    const exited = new Promise((resolve) => child!.once("exit", resolve));
    child.kill("SIGTERM");
    const timer = setTimeout(() => child?.kill("SIGKILL"), 5_000);
    await exited;
    clearTimeout(timer);
  }
  rmSync(outDir, { recursive: true, force: true });
  rmSync(dbDir, { recursive: true, force: true });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

async function waitForHealth(url: string, deadline: number): Promise<unknown> {
  for (;;) {
    if (child?.exitCode !== null || child?.signalCode !== null) throw new Error(`the server exited (${child?.exitCode ?? child?.signalCode}) before answering:\n${output}`);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(2_000) });
      if (res.ok) return await res.json();
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`no answer from ${url} in time:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe("the production build", () => {
  it("compiles with tsconfig.build.json and `node <out>/server/main.js` migrates a fresh database and serves /healthz", { timeout: 240_000 }, async () => {
    const tsc = path.join(repoRoot, "node_modules/typescript/bin/tsc");
    await run(process.execPath, [tsc, "-p", "tsconfig.build.json", "--outDir", outDir], { cwd: repoRoot, maxBuffer: 1 << 24 }).catch((err) => {
      throw new Error(`tsc -p tsconfig.build.json failed:\n${err.stdout}${err.stderr}`);
    });

    const port = await freePort();
    // Only what a bare machine has: no chat credentials, so the server falls back to the console stand-in.
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, DATABASE_URL: `file:${path.join(dbDir, "kw.db")}`, PORT: String(port) };
    if (process.env.TMPDIR) env.TMPDIR = process.env.TMPDIR;
    child = spawn(process.execPath, [path.join(outDir, "server", "main.js")], { cwd: repoRoot, env, stdio: ["ignore", "pipe", "pipe"] });
    child.stdout!.on("data", (c) => (output += c));
    child.stderr!.on("data", (c) => (output += c));

    const health = await waitForHealth(`http://127.0.0.1:${port}/healthz`, Date.now() + 120_000);
    expect(health).toMatchObject({ status: "ok", database: "sqlite" });
    expect((health as { platforms: string[] }).platforms).toContain("console");
  });
});
