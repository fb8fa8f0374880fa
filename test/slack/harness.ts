// The real server with the real Slack adapter, a fake Slack Web API, and correctly signed requests:
// slash commands (form bodies), interactivity (payload=<json>), block suggestions and events (JSON).
import { createHmac, randomUUID } from "node:crypto";
import { startServer, type RunningServer } from "../../src/server/app.js";
import { createSlackAdapter } from "../../src/slack/index.js";
import type { DbKind } from "../../src/store/client.js";
import { createHarness, type Harness } from "../helpers/keepwarm.js";
import { startFakeSlack, type FakeSlack, type FakeUser, type PostedMessage, type Recorded } from "./fakeSlack.js";

export const SECRET = "test-signing-secret";
export const CHANNEL = { id: "C-TEAM", name: "account-team" };

export const MIA: FakeUser = { id: "U-MIA", name: "mia", realName: "Mia Manager", email: "mia@example.com", tz: "Europe/Paris" };
export const RITA: FakeUser = { id: "U-RITA", name: "rita", realName: "Rita Rep", email: "rita@example.com", tz: "America/New_York" };

export interface SlackHarness extends Harness {
  fake: FakeSlack;
  server: RunningServer;
  url: string;
  /** POSTs a body to /slack/events, signed unless told otherwise. */
  post(body: string, contentType: string, sign?: { secret?: string; timestamp?: number } | false): Promise<Response>;
  slash(command: string, text: string, opts?: { user?: FakeUser; channel?: { id: string; name: string }; sign?: { secret?: string; timestamp?: number } | false }): Promise<{ res: Response; responseUrl: string; triggerId: string }>;
  interact(payload: Record<string, unknown>): Promise<Response>;
  /** Clicks an element of a message the bot posted (as Slack would send it, metadata included). */
  click(message: PostedMessage, actionId: string, opts: { value?: string; option?: string; user?: FakeUser; nth?: number }): Promise<Response>;
  /** Submits a view the bot opened, with { block_id: value } for its inputs. */
  submit(view: Record<string, unknown>, values: Record<string, string | undefined>, user?: FakeUser): Promise<Response>;
  event(event: Record<string, unknown>): Promise<Response>;
  /** Waits for the ephemeral answer sent to a response_url. */
  responseTo(url: string): Promise<Recorded>;
  lastView(): Record<string, unknown>;
}

export async function slackHarness(kind: DbKind = "sqlite", config: Record<string, unknown> = {}): Promise<SlackHarness> {
  const fake = await startFakeSlack([MIA, RITA]);
  const h = await createHarness(kind, { people: { admins: [MIA.email] }, ...config }, { SLACK_SIGNING_SECRET: SECRET, SLACK_BOT_TOKEN: "xoxb-test", SLACK_API_URL: fake.apiUrl });
  const adapter = await createSlackAdapter(h.kw, h.env);
  if (!adapter) throw new Error("the Slack adapter should be configured");
  const server = await startServer(h.kw, { port: 0, host: "127.0.0.1", scheduler: false, adapters: [adapter] });
  const url = `${server.url}/slack/events`;

  const post: SlackHarness["post"] = (body, contentType, sign = {}) => {
    const headers: Record<string, string> = { "content-type": contentType };
    if (sign !== false) {
      const ts = sign.timestamp ?? Math.floor(Date.now() / 1000);
      headers["x-slack-request-timestamp"] = String(ts);
      headers["x-slack-signature"] = "v0=" + createHmac("sha256", sign.secret ?? SECRET).update(`v0:${ts}:${body}`).digest("hex");
    }
    return fetch(url, { method: "POST", body, headers });
  };
  const form = "application/x-www-form-urlencoded";
  const interact = (payload: Record<string, unknown>) => post(new URLSearchParams({ payload: JSON.stringify(payload) }).toString(), form);
  const userOf = (u: FakeUser) => ({ id: u.id, username: u.name, name: u.name, team_id: "T1" });

  const harness: SlackHarness = {
    ...h,
    fake,
    server,
    url,
    post,
    interact,
    async slash(command, text, opts = {}) {
      const user = opts.user ?? MIA;
      const channel = opts.channel ?? CHANNEL;
      const responseUrl = fake.responseUrl(`cmd-${randomUUID()}`);
      const triggerId = `trigger-${randomUUID()}`;
      const body = new URLSearchParams({
        token: "legacy", team_id: "T1", team_domain: "acme", channel_id: channel.id, channel_name: channel.name, user_id: user.id, user_name: user.name,
        command, text, api_app_id: "A1", is_enterprise_install: "false", response_url: responseUrl, trigger_id: triggerId,
      }).toString();
      return { res: await post(body, form, opts.sign), responseUrl, triggerId };
    },
    click(message, actionId, { value, option, user = MIA, nth = 0 }) {
      const elements = message.blocks.flatMap((b) => (b.type === "actions" ? (b.elements as Record<string, unknown>[]) : [])).filter((e) => e.action_id === actionId);
      const element = value !== undefined ? elements.find((e) => e.value === value || (e.options as { value: string }[] | undefined)?.some((o) => o.value === value)) : elements[nth];
      if (!element) throw new Error(`no ${actionId} element${value ? ` with ${value}` : ""} in the message`);
      const chosen = option ? (element.options as { value: string; text: unknown }[]).find((o) => o.value.endsWith(`:${option}`)) : undefined;
      if (option && !chosen) throw new Error(`no option ${option}`);
      return interact({
        type: "block_actions", api_app_id: "A1", token: "legacy", trigger_id: `trigger-${randomUUID()}`, team: { id: "T1", domain: "acme" }, user: userOf(user),
        channel: { id: message.channel, name: CHANNEL.name },
        container: { type: "message", message_ts: message.ts, channel_id: message.channel, is_ephemeral: false },
        message: { type: "message", ts: message.ts, text: message.text, blocks: message.blocks, ...(message.metadata && { metadata: message.metadata }) },
        response_url: fake.responseUrl(`act-${randomUUID()}`),
        actions: [
          chosen
            ? { type: "static_select", action_id: actionId, block_id: "b", selected_option: chosen, action_ts: "1" }
            : { type: "button", action_id: actionId, block_id: "b", value: element.value, action_ts: "1" },
        ],
      });
    },
    submit(view, values, user = MIA) {
      const state: Record<string, Record<string, Record<string, unknown>>> = {};
      for (const block of view.blocks as { type: string; block_id: string; element: { type: string; action_id: string } }[]) {
        if (block.type !== "input") continue;
        const v = values[block.block_id];
        const { type, action_id } = block.element;
        state[block.block_id] = {
          [action_id]:
            type === "datepicker" ? { type, selected_date: v ?? null }
            : type === "plain_text_input" ? { type, value: v ?? null }
            : { type, selected_option: v === undefined ? null : { value: v, text: { type: "plain_text", text: v } } },
        };
      }
      return interact({
        type: "view_submission", team: { id: "T1", domain: "acme" }, user: userOf(user), api_app_id: "A1", token: "legacy", trigger_id: `trigger-${randomUUID()}`,
        view: { id: "V1", team_id: "T1", type: "modal", callback_id: view.callback_id, private_metadata: view.private_metadata, blocks: view.blocks, state: { values: state }, hash: "h", title: view.title },
        response_urls: [],
      });
    },
    event(event) {
      const body = JSON.stringify({ token: "legacy", team_id: "T1", api_app_id: "A1", type: "event_callback", event_id: `Ev${randomUUID()}`, event_time: Math.floor(Date.now() / 1000), event });
      return post(body, "application/json");
    },
    responseTo: (responseUrl) => fake.waitFor((c) => c.method === "response" && responseUrl.endsWith(c.path)),
    lastView() {
      const opened = fake.callsTo("views.open").at(-1);
      if (!opened) throw new Error("no view was opened");
      return opened.body.view as Record<string, unknown>;
    },
    close: async () => {
      await server.close();
      await fake.close();
      await h.close();
    },
  };
  return harness;
}

/** Rows per table, to prove a rejected request wrote nothing. */
export async function rowCounts(h: Harness): Promise<Record<string, number>> {
  const db = h.db;
  const [accounts, bindings, touchpoints, stageChanges, nudges, nudgeEvents, deliveries, people, complaints] = await Promise.all([
    db.account.count(), db.channelBinding.count(), db.touchpoint.count(), db.stageChange.count(), db.nudge.count(), db.nudgeEvent.count(), db.delivery.count(), db.person.count(), db.complaint.count(),
  ]);
  return { accounts, bindings, touchpoints, stageChanges, nudges, nudgeEvents, deliveries, people, complaints };
}

/** All visible text of Block Kit blocks (section text and fields, context, headers, buttons). */
export function blockText(blocks: unknown): string {
  const texts = JSON.stringify(blocks ?? []).match(/"text":"((?:[^"\\]|\\.)*)"/g) ?? [];
  return texts.map((m) => JSON.parse(`{${m}}`).text as string).join("\n");
}
