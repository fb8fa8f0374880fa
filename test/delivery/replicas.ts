import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

export interface RemoteSend {
  worker: string;
  op: "post" | "update" | "reply";
  channelId: string;
  nudgeIds: number[];
}

const script = fileURLToPath(new URL("./replicaProcess.ts", import.meta.url));

/** Starts test/delivery/replicaProcess.ts; `go()` makes it drain `rounds` times; `done` has what it sent. */
export function startReplica(url: string, now: Date, rounds: number) {
  const child = spawn(process.execPath, ["--import", "tsx", script, url, now.toISOString(), String(rounds)], { stdio: ["pipe", "pipe", "pipe"] });
  const sends: RemoteSend[] = [];
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += String(d)));
  let onReady!: () => void;
  const ready = new Promise<void>((r) => (onReady = r));
  createInterface({ input: child.stdout }).on("line", (line) => {
    if (line === "ready") onReady();
    else if (line.startsWith("{")) sends.push(JSON.parse(line) as RemoteSend);
  });
  const done = new Promise<RemoteSend[]>((resolve, reject) => {
    child.on("exit", (code) => (code === 0 ? resolve(sends) : reject(new Error(`replica exited with ${code}: ${stderr}`))));
  });
  const failed = done.then(() => undefined);
  return {
    ready: Promise.race([ready, failed]),
    go: () => child.stdin.end("go\n"),
    done,
  };
}
