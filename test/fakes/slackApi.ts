// A loopback fake of the Slack Web API (/api/<method>), of response_url endpoints (/response/<id>)
// and of the external file upload URLs (/upload/<file id>) files.getUploadURLExternal hands out.
// It records every call, keeps the messages it was asked to post (for conversations.history and for
// building realistic clicks), and can be scripted to fail (429 with Retry-After, platform errors).
import http from "node:http";
import type { AddressInfo } from "node:net";

export interface Recorded {
  /** "chat.postMessage", … or "response" for a response_url. */
  method: string;
  path: string;
  headers: http.IncomingHttpHeaders;
  body: Record<string, unknown>;
}

export interface FakeUser {
  id: string;
  name: string;
  realName: string;
  email?: string;
  tz?: string;
}

export interface PostedMessage {
  channel: string;
  ts: string;
  text: string;
  blocks: Record<string, unknown>[];
  metadata?: { event_type: string; event_payload: Record<string, unknown> };
  thread_ts?: string;
}

/** A file as files.completeUploadExternal shared it: the bytes that reached its upload URL, and where it went. */
export interface UploadedFile {
  id: string;
  filename: string;
  /** What getUploadURLExternal was told. */
  length: number;
  altText?: string;
  title?: string;
  bytes: Buffer | null;
  /** Set by files.completeUploadExternal. */
  channel?: string;
  threadTs?: string;
}

type Scripted = { status?: number; headers?: Record<string, string>; json: Record<string, unknown> };
/** A scripted answer; `normal()` does what the fake would have done (e.g. post, then lose the response). */
type Script = (body: Record<string, unknown>, normal: () => Scripted) => Scripted | undefined;

export interface FakeSlack {
  base: string;
  apiUrl: string;
  calls: Recorded[];
  /** Messages as they stand in each channel (posted, then updated). */
  messages: PostedMessage[];
  /** Files asked for with getUploadURLExternal, in order; shared ones carry their channel and thread. */
  files: UploadedFile[];
  callsTo(method: string): Recorded[];
  /** The next calls of `method` get this answer while the script returns one (return undefined to pass). */
  script(method: string, script: Script | null): void;
  waitFor(pred: (c: Recorded) => boolean, ms?: number): Promise<Recorded>;
  waitForCount(method: string, n: number, ms?: number): Promise<Recorded[]>;
  responseUrl(id: string): string;
  close(): Promise<void>;
}

export async function startFakeSlack(users: FakeUser[]): Promise<FakeSlack> {
  const calls: Recorded[] = [];
  const messages: PostedMessage[] = [];
  const files: UploadedFile[] = [];
  const scripts = new Map<string, Script>();
  let tsCounter = 0;
  const nextTs = () => `1764082800.${String(++tsCounter).padStart(6, "0")}`;

  const answer = (method: string, body: Record<string, unknown>): Scripted => {
    const scripted = scripts.get(method)?.(body, () => normal(method, body));
    return scripted ?? normal(method, body);
  };

  const normal = (method: string, body: Record<string, unknown>): Scripted => {
    switch (method) {
      case "auth.test":
        return ok({ url: "https://fake.slack.com/", team: "Fake", user: "keepwarm", team_id: "T1", user_id: "UBOT", bot_id: "BBOT" });
      case "chat.postMessage": {
        const requested = String(body.channel);
        const channel = /^[UW]/.test(requested) ? `D${requested.slice(1)}` : requested; // a DM to a user id lands in a D… channel
        const message: PostedMessage = { channel, ts: nextTs(), text: String(body.text ?? ""), blocks: asArray(body.blocks), metadata: body.metadata as PostedMessage["metadata"], thread_ts: body.thread_ts as string | undefined };
        messages.push(message);
        return ok({ channel, ts: message.ts, message: { text: message.text } });
      }
      case "chat.update": {
        const found = messages.find((m) => m.channel === body.channel && m.ts === body.ts);
        if (!found) return ok({ ok: false, error: "message_not_found" });
        Object.assign(found, { text: String(body.text ?? ""), blocks: asArray(body.blocks), ...(body.metadata ? { metadata: body.metadata } : {}) });
        return ok({ channel: body.channel, ts: body.ts });
      }
      case "chat.postEphemeral":
        return ok({ message_ts: nextTs() });
      case "views.open":
      case "views.update":
      case "views.publish":
        return ok({ view: { id: `V${++tsCounter}`, ...(body.view as object) } });
      case "users.info": {
        const u = users.find((x) => x.id === body.user);
        if (!u) return ok({ ok: false, error: "user_not_found" });
        return ok({ user: { id: u.id, name: u.name, real_name: u.realName, tz: u.tz, profile: { email: u.email, real_name: u.realName, display_name: u.name } } });
      }
      case "conversations.history": {
        const inChannel = messages.filter((m) => m.channel === body.channel && !m.thread_ts).reverse();
        return ok({ messages: inChannel.map((m) => ({ type: "message", ts: m.ts, text: m.text, ...(body.include_all_metadata && m.metadata ? { metadata: m.metadata } : {}) })), has_more: false });
      }
      case "files.getUploadURLExternal": {
        const file: UploadedFile = { id: `F${String(files.length + 1).padStart(6, "0")}`, filename: String(body.filename), length: Number(body.length), altText: body.alt_text as string | undefined, bytes: null };
        files.push(file);
        return ok({ upload_url: `${base}/upload/${file.id}`, file_id: file.id });
      }
      case "files.completeUploadExternal": {
        const listed = asArray(body.files);
        const shared = listed.map((f) => files.find((x) => x.id === f.id));
        if (shared.some((f) => !f?.bytes)) return ok({ ok: false, error: "file_not_found" }); // never uploaded
        for (const [i, f] of shared.entries()) Object.assign(f!, { channel: body.channel_id, threadTs: body.thread_ts, title: listed[i].title });
        return ok({ files: shared.map((f) => ({ id: f!.id, name: f!.filename, title: f!.title })) });
      }
      default:
        return ok({ ok: false, error: "unknown_method" });
    }
  };

  const server = http.createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const path = req.url ?? "";
    if (path.startsWith("/upload/")) return receiveUpload(path.slice(8), Buffer.concat(chunks), req, res);
    const body = parseBody(Buffer.concat(chunks).toString("utf8"), req.headers["content-type"] ?? "");
    const method = path.startsWith("/api/") ? path.slice(5) : "response";
    calls.push({ method, path, headers: req.headers, body });
    const reply = method === "response" ? ok({}) : answer(method, body);
    res.writeHead(reply.status ?? 200, { "content-type": "application/json", ...reply.headers }).end(JSON.stringify(reply.json));
  });
  /** The upload URL: the client sends the bytes as the multipart field `body`. */
  const receiveUpload = (id: string, raw: Buffer, req: http.IncomingMessage, res: http.ServerResponse) => {
    const file = files.find((f) => f.id === id);
    const bytes = multipartField(raw, req.headers["content-type"] ?? "", "body");
    calls.push({ method: "upload", path: req.url ?? "", headers: req.headers, body: { fileId: id, bytes: bytes?.length ?? 0 } });
    if (!file || !bytes) return void res.writeHead(400).end("bad upload");
    file.bytes = bytes;
    res.writeHead(200, { "content-type": "text/plain" }).end(`OK - ${bytes.length}`);
  };
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const waitFor = async (pred: (c: Recorded) => boolean, ms = 5000) => {
    const end = Date.now() + ms;
    while (Date.now() < end) {
      const hit = calls.find(pred);
      if (hit) return hit;
      await new Promise((r) => setTimeout(r, 10));
    }
    throw new Error(`timed out waiting for a fake Slack call; got: ${calls.map((c) => c.method).join(", ")}`);
  };

  return {
    base,
    apiUrl: `${base}/api/`,
    calls,
    messages,
    files,
    callsTo: (method) => calls.filter((c) => c.method === method),
    script(method, script) {
      if (script) scripts.set(method, script);
      else scripts.delete(method);
    },
    waitFor,
    async waitForCount(method, n, ms = 5000) {
      const end = Date.now() + ms;
      while (Date.now() < end) {
        const hits = calls.filter((c) => c.method === method);
        if (hits.length >= n) return hits;
        await new Promise((r) => setTimeout(r, 10));
      }
      throw new Error(`expected ${n} calls of ${method}; got ${calls.filter((c) => c.method === method).length}`);
    },
    responseUrl: (id) => `${base}/response/${id}`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** One field of a multipart/form-data body, as bytes. */
function multipartField(raw: Buffer, contentType: string, name: string): Buffer | null {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(contentType);
  if (!boundary) return null;
  const delimiter = Buffer.from(`--${boundary[1] ?? boundary[2]}`);
  let at = raw.indexOf(delimiter);
  while (at >= 0) {
    const next = raw.indexOf(delimiter, at + delimiter.length);
    if (next < 0) return null;
    const part = raw.subarray(at + delimiter.length + 2, next - 2); // past the CRLF after the delimiter; before the CRLF ahead of the next
    const headerEnd = part.indexOf("\r\n\r\n");
    if (headerEnd >= 0 && new RegExp(`name="${name}"`).test(part.subarray(0, headerEnd).toString("utf8"))) return Buffer.from(part.subarray(headerEnd + 4));
    at = next;
  }
  return null;
}

function ok(json: Record<string, unknown>): Scripted {
  return { json: { ok: true, ...json } };
}

/** The Web API client sends form fields, with objects and arrays as JSON strings. */
function parseBody(raw: string, contentType: string): Record<string, unknown> {
  if (contentType.includes("json")) return JSON.parse(raw || "{}");
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    out[k] = /^[[{]/.test(v) ? safeJson(v) : v === "true" ? true : v === "false" ? false : v;
  }
  return out;
}

function safeJson(v: string): unknown {
  try {
    return JSON.parse(v);
  } catch {
    return v;
  }
}

function asArray(v: unknown): Record<string, unknown>[] {
  return Array.isArray(v) ? (v as Record<string, unknown>[]) : [];
}
