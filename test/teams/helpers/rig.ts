// The real server with the Teams adapter, on a fresh database, talking to a fake Bot Connector.
import type { ChatAdapter } from "../../../src/chatAdapter.js";
import { startServer, type RunningServer } from "../../../src/server/app.js";
import type { DbKind } from "../../../src/store/client.js";
import { createTeamsAdapter } from "../../../src/teams/index.js";
import { createHarness, type Harness } from "../../helpers/keepwarm.js";
import { startFakeConnector, type FakeConnector } from "./connector.js";

export interface TeamsRig extends Harness {
  server: RunningServer;
  connector: FakeConnector;
  /** The Teams adapter's delivery notifier, for sending as the outbox would. */
  notifier: ChatAdapter["notifier"];
  /** POSTs an activity to /api/messages, as the Bot Connector would. */
  send(activity: object, headers?: Record<string, string>): Promise<Response>;
}

export async function startTeamsRig(kind: DbKind = "sqlite", opts: { config?: Record<string, unknown>; env?: Record<string, string> } = {}): Promise<TeamsRig> {
  // People are managers unless a test says otherwise, so channel setup is allowed.
  const h = await createHarness(kind, { people: { defaultRole: "manager" }, ...opts.config }, opts.env ?? {});
  const connector = await startFakeConnector();
  const adapter = await createTeamsAdapter(h.kw, h.env);
  const server = await startServer(h.kw, { port: 0, host: "127.0.0.1", scheduler: false, consoleFallback: false, adapters: [adapter] });
  return {
    ...h,
    server,
    connector,
    notifier: adapter.notifier,
    send: (activity, headers = {}) =>
      fetch(`${server.url}/api/messages`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(activity) }),
    close: async () => {
      await server.close();
      await connector.close();
      await h.close();
    },
  };
}

/** Row counts of everything a command could write, to show that nothing was. */
export async function rowCounts(rig: Harness): Promise<Record<string, number>> {
  const db = rig.db;
  const [accounts, touchpoints, complaints, stageChanges, nudges, nudgeEvents, deliveries, bindings, people] = await Promise.all([
    db.account.count(),
    db.touchpoint.count(),
    db.complaint.count(),
    db.stageChange.count(),
    db.nudge.count(),
    db.nudgeEvent.count(),
    db.delivery.count(),
    db.channelBinding.count(),
    db.person.count(),
  ]);
  return { accounts, touchpoints, complaints, stageChanges, nudges, nudgeEvents, deliveries, bindings, people };
}
