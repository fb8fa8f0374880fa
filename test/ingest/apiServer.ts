/** The real server with the ingestion API mounted, on a fresh database, and a fetch helper for it. */
import { startServer, type RunningServer } from "../../src/server/app.js";
import type { Db, DbKind } from "../../src/store/client.js";
import { createHarness, type Harness } from "../helpers/keepwarm.js";

export const TOKEN = "secret";

export interface ApiHarness {
  h: Harness;
  server: RunningServer;
  /** POST (or GET without a body) to /api/v1/<path> with the right token unless `headers` say otherwise. */
  call(path: string, body?: unknown, headers?: Record<string, string>): Promise<{ status: number; body: any }>;
  close(): Promise<void>;
}

export async function startApi(kind: DbKind, env: Record<string, string> = { KEEPWARM_API_TOKEN: TOKEN }): Promise<ApiHarness> {
  const h = await createHarness(kind, {}, env);
  const server = await startServer(h.kw, { port: 0, host: "127.0.0.1", scheduler: false });
  return {
    h,
    server,
    async call(path, body, headers = {}) {
      const res = await fetch(`${server.url}/api/v1/${path}`, {
        method: body === undefined ? "GET" : "POST",
        headers: { authorization: `Bearer ${TOKEN}`, "content-type": "application/json", ...headers },
        body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
      });
      const text = await res.text();
      let parsed: unknown = text;
      try {
        parsed = JSON.parse(text);
      } catch {
        // not JSON: keep the text, the assertion shows it
      }
      return { status: res.status, body: parsed };
    },
    async close() {
      await server.close();
      await h.close();
    },
  };
}

/** Row counts of every table an ingestion request may write. */
export async function tableCounts(db: Db) {
  const [accounts, people, touchpoints, complaints, stageChanges, nudges] = await Promise.all([
    db.account.count(),
    db.person.count(),
    db.touchpoint.count(),
    db.complaint.count(),
    db.stageChange.count(),
    db.nudge.count(),
  ]);
  return { accounts, people, touchpoints, complaints, stageChanges, nudges };
}
