// manifest.json against the code: every command, event and view the code registers is declared (and
// every declared command is handled), the neutral actions all have handlers, and the scopes are
// exactly those the Web API methods the code calls need.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { App } from "@slack/bolt";
import { describe, expect, it } from "vitest";
import { digestMessage } from "../../src/digests/message.js";
import { nudgeMessage } from "../../src/messages/nudgeCard.js";
import { renderMessage } from "../../src/slack/blocks.js";
import { ACTION_HANDLERS } from "../../src/slack/listeners/actions.js";
import { registerListeners } from "../../src/slack/listeners/index.js";
import { MESSAGE_EVENT_SUBSCRIPTIONS } from "../../src/slack/listeners/sharedChannel.js";
import { LOG_TOUCHPOINT_SHORTCUT } from "../../src/slack/listeners/shortcuts.js";
import type { SlackDeps } from "../../src/slack/replies.js";
import { SLACK_EVENTS_PATH } from "../../src/slack/settings.js";
import { FORM_NAMES } from "../../src/forms/model.js";
import { formView } from "../../src/slack/views.js";
import { digestModel, nudgeView, NOW } from "./fixtures.js";

interface Manifest {
  display_information: { name: string };
  features: {
    app_home: { home_tab_enabled: boolean; messages_tab_enabled: boolean };
    bot_user: { display_name: string };
    slash_commands: { command: string; url: string; description: string; should_escape: boolean }[];
    shortcuts?: { name: string; type: string; callback_id: string; description: string }[];
  };
  oauth_config: { scopes: { bot: string[]; user?: string[] } };
  settings: {
    event_subscriptions: { request_url: string; bot_events: string[] };
    interactivity: { is_enabled: boolean; request_url: string; message_menu_options_url?: string };
    socket_mode_enabled: boolean;
  };
}

const manifest = JSON.parse(readFileSync("manifest.json", "utf8")) as Manifest;

/** A stand-in for Bolt's App that records what the listeners register. */
function registrations() {
  const seen = { command: [] as string[], action: [] as string[], view: [] as string[], options: [] as string[], event: [] as string[], shortcut: [] as string[] };
  const record = (kind: keyof typeof seen) => (id: string) => void seen[kind].push(id);
  const app = { command: record("command"), action: record("action"), view: record("view"), options: record("options"), event: record("event"), shortcut: record("shortcut"), error: () => undefined };
  registerListeners(app as unknown as App, {} as SlackDeps);
  return seen;
}

/** What each Web API method the code calls needs, from Slack's method reference. */
const METHOD_SCOPES: Record<string, string[]> = {
  "auth.test": [],
  "chat.postMessage": ["chat:write"],
  "chat.update": ["chat:write"],
  "chat.postEphemeral": ["chat:write"],
  "views.open": [],
  "views.publish": [],
  "users.info": ["users:read", "users:read.email"], // the email links a Slack user to an existing Person
  "conversations.history": ["channels:history", "groups:history"], // finding a post whose response was lost
  // filesUploadV2: files.getUploadURLExternal and files.completeUploadExternal (the digest's charts in its thread).
  "files.uploadV2": ["files:write"],
};

/** What each event subscription needs, from Slack's event reference. */
const EVENT_SCOPES: Record<string, string[]> = {
  app_home_opened: [],
  "message.channels": ["channels:history"], // messages in a public shared channel
  "message.groups": ["groups:history"], // … and in a private one
};

function webApiMethodsCalled(): string[] {
  const files = readdirSync("src/slack", { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith(".ts"));
  const methods = new Set<string>();
  for (const f of files) {
    const text = readFileSync(path.join(f.parentPath, f.name), "utf8");
    for (const m of text.matchAll(/\bclient\.([a-z]+)\.([a-zA-Z]+)\(/g)) methods.add(`${m[1]}.${m[2]}`);
    // The client's own helpers that call several methods, named by their family: filesUploadV2 → files.uploadV2.
    for (const m of text.matchAll(/\bclient\.([a-z]+)([A-Z][a-zA-Z0-9]*)\(/g)) methods.add(`${m[1]}.${m[2][0].toLowerCase()}${m[2].slice(1)}`);
  }
  return [...methods].sort();
}

const sorted = (xs: Iterable<string>) => [...xs].sort();

describe("manifest.json", () => {
  const seen = registrations();

  it("declares exactly the slash commands the code handles, all on the events endpoint, mentions escaped", () => {
    expect(sorted(manifest.features.slash_commands.map((c) => c.command))).toEqual(sorted(seen.command));
    expect(seen.command).toHaveLength(3);
    for (const c of manifest.features.slash_commands) {
      expect(new URL(c.url).pathname, c.command).toBe(SLACK_EVENTS_PATH);
      expect(c.should_escape, `${c.command}: <@U…> mentions are what the core resolves`).toBe(true);
      expect(c.description.length, c.command).toBeLessThanOrEqual(100);
    }
  });

  it("declares exactly the message shortcuts the code handles: Log as touchpoint, in a message's menu", () => {
    const shortcuts = manifest.features.shortcuts ?? [];
    expect(sorted(shortcuts.map((s) => s.callback_id))).toEqual(sorted(seen.shortcut));
    expect(shortcuts).toEqual([expect.objectContaining({ name: "Log as touchpoint", type: "message", callback_id: LOG_TOUCHPOINT_SHORTCUT })]);
    for (const s of shortcuts) {
      expect(s.name.length, s.callback_id).toBeLessThanOrEqual(25);
      expect(s.description.length, s.callback_id).toBeLessThanOrEqual(80);
    }
    expect(manifest.oauth_config.scopes.bot).toContain("commands"); // shortcuts need it, as slash commands do
  });

  it("subscribes to exactly the events the code handles (a `message` listener: the messages of public and private channels)", () => {
    const subscriptions = seen.event.flatMap((e) => (e === "message" ? [...MESSAGE_EVENT_SUBSCRIPTIONS] : [e]));
    expect(sorted(manifest.settings.event_subscriptions.bot_events)).toEqual(sorted(subscriptions));
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(expect.arrayContaining(["message.channels", "message.groups"]));
    expect(new URL(manifest.settings.event_subscriptions.request_url).pathname).toBe(SLACK_EVENTS_PATH);
    expect(manifest.features.app_home.home_tab_enabled).toBe(seen.event.includes("app_home_opened"));
  });

  it("enables interactivity, and the options URL the account picker's type-ahead needs", () => {
    expect(manifest.settings.interactivity.is_enabled).toBe(true);
    expect(new URL(manifest.settings.interactivity.request_url).pathname).toBe(SLACK_EVENTS_PATH);
    expect(seen.options).toEqual(["account"]);
    expect(new URL(manifest.settings.interactivity.message_menu_options_url!).pathname).toBe(SLACK_EVENTS_PATH);
    expect(manifest.settings.socket_mode_enabled).toBe(false); // HTTP by default; SLACK_APP_TOKEN switches the code
  });

  it("has a handler for every action a rendered message can carry, and for every view the code opens", () => {
    expect(sorted(seen.action)).toEqual(sorted(Object.keys(ACTION_HANDLERS)));
    const rendered = [
      renderMessage(nudgeMessage([nudgeView({ id: 1 }), nudgeView({ id: 2, status: "acknowledged" })], NOW)),
      renderMessage(digestMessage(digestModel(14), { channelLabel: "c", timeZone: "UTC", cadence: "daily", bindingId: "b" })),
    ];
    const carried = new Set(JSON.stringify(rendered).match(/"action_id":"[^"]+"/g)!.map((m) => m.slice(13, -1)));
    expect(sorted(carried)).toEqual(["digest.all", "nudge.ack", "nudge.snooze", "nudge.touch"]);
    for (const id of carried) expect(seen.action).toContain(id);

    const opened = FORM_NAMES.map((form) => formView(form, {}, {}).callback_id!);
    expect(sorted(seen.view)).toEqual(sorted(opened));
  });

  it("asks for exactly the scopes the code's Web API calls and event subscriptions need (plus commands)", () => {
    const called = webApiMethodsCalled();
    expect(called).toEqual(sorted(Object.keys(METHOD_SCOPES))); // a new call must say which scope it needs
    const events = manifest.settings.event_subscriptions.bot_events;
    expect(sorted(events)).toEqual(sorted(Object.keys(EVENT_SCOPES))); // a new subscription too
    const needed = new Set(["commands", ...called.flatMap((m) => METHOD_SCOPES[m]), ...events.flatMap((e) => EVENT_SCOPES[e])]);
    expect(sorted(manifest.oauth_config.scopes.bot)).toEqual(sorted(needed));
    expect(manifest.oauth_config.scopes.user ?? []).toEqual([]);
  });

  it("names the app and its bot user", () => {
    expect(manifest.display_information.name).toBe("Keepwarm");
    expect(manifest.features.bot_user.display_name).toBe("Keepwarm");
  });
});
