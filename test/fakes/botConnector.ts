// A loopback fake of the Bot Connector service (what an activity's serviceUrl points at). It records
// what the bot sends, answers with activity ids, serves member lookups, and fails on request.
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface ConnectorCall {
  method: string;
  path: string;
  /** The conversation id from the path, decoded. */
  conversationId: string;
  /** The activity id from the path (a reply's parent, or the activity updated). */
  activityId?: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, any>;
}

export interface Member {
  id: string;
  name: string;
  aadObjectId: string;
  email?: string;
  /** "user", or "guest" for someone invited from outside the tenant (TeamsChannelAccount.userRole). */
  userRole?: string;
  tenantId?: string;
}

export type FakeConnector = Awaited<ReturnType<typeof startFakeConnector>>;

export async function startFakeConnector() {
  const calls: ConnectorCall[] = [];
  const members = new Map<string, Member>();
  /** Channels of each team (what TeamsInfo.getTeamChannels reads). */
  const channels = new Map<string, { id: string; name?: string }[]>();
  const failures: { status: number; headers: Record<string, string> }[] = [];
  let n = 0;
  /** Member lookups answered (TeamsInfo.getMember), by member id. */
  const memberLookups: string[] = [];
  const server = http.createServer(async (req, res) => {
    let raw = "";
    for await (const chunk of req) raw += chunk;
    const url = req.url ?? "";
    const m = /^\/v3\/conversations\/([^/]+)\/(activities|members)(?:\/([^/?]+))?/.exec(url);
    const call: ConnectorCall = {
      method: req.method ?? "",
      path: url,
      conversationId: m ? decodeURIComponent(m[1]) : "",
      activityId: m?.[3] ? decodeURIComponent(m[3]) : undefined,
      headers: req.headers,
      body: raw ? JSON.parse(raw) : {},
    };
    const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
      res.writeHead(status, { "content-type": "application/json", ...headers }).end(JSON.stringify(body));
    const team = /^\/v3\/teams\/([^/]+)\/conversations/.exec(url);
    if (team) return json(200, { conversations: channels.get(decodeURIComponent(team[1])) ?? [] });
    if (m?.[2] === "members") {
      memberLookups.push(call.activityId ?? "");
      const member = members.get(call.activityId ?? "");
      return member ? json(200, member) : json(404, { error: { code: "MemberNotFoundInConversation", message: "no such member" } });
    }
    calls.push(call);
    const failure = failures.shift();
    if (failure) return json(failure.status, { error: { code: `Fake${failure.status}`, message: `fake connector said ${failure.status}` } }, failure.headers);
    return json(200, { id: req.method === "PUT" ? call.activityId : `msg-${++n}` });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const serviceUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const sends = () => calls.filter((c) => c.method === "POST");
  return {
    serviceUrl,
    calls,
    members,
    memberLookups,
    channels,
    /** The next `times` sends or updates fail with this status. */
    failNext(status: number, times = 1, headers: Record<string, string> = {}) {
      for (let i = 0; i < times; i++) failures.push({ status, headers });
    },
    clearFailures: () => void failures.splice(0),
    /** New messages (not replies to an activity) in a conversation. */
    posts: (conversationId?: string) => sends().filter((c) => !c.activityId && (!conversationId || c.conversationId === conversationId)),
    replies: () => sends().filter((c) => c.activityId),
    updates: () => calls.filter((c) => c.method === "PUT"),
    since: (mark: number) => calls.slice(mark),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
