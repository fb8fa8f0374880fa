// "Log as touchpoint" on a message: the signed message shortcut opens the touch modal prefilled from
// the message (recorded by the fake Slack API), its submission logs the touch through the form's own
// path, and a message Slack did not show the app gets an ephemeral explanation and stores nothing.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { DB_KINDS } from "../fixtures/db.js";
import { perTest } from "../fixtures/perTest.js";
import { addAccount } from "../fixtures/seed.js";
import { blockText, CHANNEL, MIA, RITA, slackHarness, type SlackHarness } from "../fixtures/slack.js";
import { snapshotDb } from "../fixtures/snapshot.js";

type View = { callback_id: string; private_metadata: string; blocks: { type: string; block_id: string; element: Record<string, any> }[] };
const input = (view: View, blockId: string) => view.blocks.find((b) => b.block_id === blockId)!.element;

/** Slack's ts for a moment: seconds, then a per-second sequence. */
const tsOf = (iso: string) => `${new Date(iso).getTime() / 1000}.000200`;

/** A message shortcut as Slack sends it, on a message in the account team's channel. */
function shortcut(h: SlackHarness, message: Record<string, unknown> | undefined) {
  const responseUrl = h.fake.responseUrl(`shortcut-${randomUUID()}`);
  const triggerId = `trigger-${randomUUID()}`;
  const payload = {
    type: "message_action", callback_id: "log_touchpoint", trigger_id: triggerId, response_url: responseUrl, action_ts: "1", token: "legacy",
    team: { id: "T1", domain: "acme" }, user: { id: MIA.id, name: MIA.name, team_id: "T1" }, channel: CHANNEL, message_ts: "1",
    ...(message && { message: { type: "message", ...message } }),
  };
  return { res: h.interact(payload), responseUrl, triggerId };
}

describe.each(DB_KINDS)("Log as touchpoint on %s", (kind) => {
  const h = perTest(() => slackHarness(kind));
  const viewOpened = async (triggerId: string) => (await h.fake.waitFor((c) => c.method === "views.open" && c.body.trigger_id === triggerId)).body.view as View;

  it("a customer's message opens the touch modal prefilled; logging it stores the touch at the message's time and resolves the nudge", async () => {
    const acmeCorp = await addAccount(h.db, h.clock.now, "Acme Corp", { touchDaysAgo: 35 });
    await addAccount(h.db, h.clock.now, "Acme", { touchDaysAgo: 2 });
    await h.kw.scan();
    expect((await h.db.nudge.findFirstOrThrow({ where: { accountId: acmeCorp } })).status).toBe("open");

    const postedAt = "2026-11-25T09:30:00.000Z";
    const text = "Hi <@U-RITA>, can Acme Corp get SSO\n\n  before the renewal? See <https://acme.example/t/42|the ticket> &amp; thanks";
    const { res, triggerId, responseUrl } = shortcut(h, { ts: tsOf(postedAt), text, user: "U-CARLA", user_team: "T-ACME", user_profile: { real_name: "Carla Customer", team: "T-ACME" } });
    expect((await res).status).toBe(200);
    const view = await viewOpened(triggerId);

    expect(view.callback_id).toBe("touch_form");
    expect(input(view, "account").initial_option).toMatchObject({ value: acmeCorp, text: { text: "Acme Corp" } }); // the longest name in the text
    expect(input(view, "kind").initial_option.value).toBe("message");
    expect(input(view, "direction").initial_option.value).toBe("inbound");
    const note = "Hi @Rita Rep, can Acme Corp get SSO before the renewal? See https://acme.example/t/42 & thanks";
    expect(input(view, "note").initial_value).toBe(note);
    expect(input(view, "date").initial_date).toBe("2026-11-25");
    // Carried with the modal, not shown: the message's exact time and its author as the contact.
    expect(JSON.parse(view.private_metadata)).toEqual({ channel: { id: CHANNEL.id, teamId: "T1", name: CHANNEL.name }, responseUrl, hidden: { postedAt, messageRef: `slack:${CHANNEL.id}:${tsOf(postedAt)}`, contact: "Carla Customer" } });

    const submitted = await h.submit(view, { account: acmeCorp, kind: "message", direction: "inbound", note, date: "2026-11-25" });
    expect(await submitted.text()).toBe("");
    const touch = await h.db.touchpoint.findFirstOrThrow({ where: { accountId: acmeCorp } });
    expect(touch).toMatchObject({ kind: "message", direction: "inbound", summary: note, contactName: "Carla Customer", source: "slack", byName: "Mia Manager" });
    expect(touch.occurredAt.toISOString()).toBe(postedAt);
    expect((await h.db.nudge.findFirstOrThrow({ where: { accountId: acmeCorp } })).status).toBe("resolved");
    expect(blockText((await h.responseTo(responseUrl)).body.blocks)).toContain("Logged a *message* with *Acme Corp* (the customer reached out) on 25 Nov 2026");

    // The same message logged again (a second click, a colleague): one touchpoint per message and account.
    const again = shortcut(h, { ts: tsOf(postedAt), text, user: "U-CARLA", user_team: "T-ACME", user_profile: { real_name: "Carla Customer", team: "T-ACME" } });
    await h.submit(await viewOpened(again.triggerId), { account: acmeCorp, kind: "message", direction: "inbound", note, date: "2026-11-25" });
    expect(blockText((await h.responseTo(again.responseUrl)).body.blocks)).toContain("That message is logged on *Acme Corp* already");
    expect(await h.db.touchpoint.count({ where: { accountId: acmeCorp } })).toBe(1);
  });

  it("a colleague's message from yesterday: we reached out, the colleague is who touched, at the message's own time", async () => {
    const globex = await addAccount(h.db, h.clock.now, "Globex", { touchDaysAgo: 40 });
    const rita = await h.db.person.create({ data: { name: "Rita Rep", email: RITA.email!, slackUserId: RITA.id } });
    const postedAt = "2026-11-24T16:45:00.000Z";
    const { triggerId } = shortcut(h, { ts: tsOf(postedAt), text: "Sent the renewal quote to globex today", user: RITA.id });
    const view = await viewOpened(triggerId);
    expect(input(view, "account").initial_option.value).toBe(globex);
    expect(input(view, "direction").initial_option.value).toBe("outbound");
    expect(JSON.parse(view.private_metadata).hidden).toEqual({ postedAt, messageRef: `slack:${CHANNEL.id}:${tsOf(postedAt)}`, byPerson: rita.id });
    expect(input(view, "date").initial_date).toBe("2026-11-24");

    await h.submit(view, { account: globex, kind: "message", direction: "outbound", note: "Sent the renewal quote to globex today", date: "2026-11-24" });
    const touch = await h.db.touchpoint.findFirstOrThrow({ where: { accountId: globex } });
    expect(touch).toMatchObject({ direction: "outbound", byPersonId: rita.id, byName: "Rita Rep", contactName: null });
    expect(touch.occurredAt.toISOString()).toBe(postedAt);
  });

  it("a message naming no account leaves the picker empty; a changed date is taken as picked", async () => {
    const acme = await addAccount(h.db, h.clock.now, "Acme Corp", { touchDaysAgo: 35 });
    const { triggerId } = shortcut(h, { ts: tsOf("2026-11-25T08:00:00Z"), text: "call me back please", user: "U-CARLA", user_profile: { real_name: "Carla Customer" } });
    const view = await viewOpened(triggerId);
    expect(input(view, "account").initial_option).toBeUndefined();
    expect(await (await h.submit(view, { kind: "message", direction: "inbound", note: "call me back please" })).json()).toEqual({ response_action: "errors", errors: { account: "Pick an account." } });

    await h.submit(view, { account: acme, kind: "message", direction: "inbound", note: "call me back please", date: "2026-11-20" });
    const touch = await h.db.touchpoint.findFirstOrThrow({ where: { accountId: acme } });
    expect(touch.occurredAt.toISOString()).toBe("2026-11-20T11:00:00.000Z"); // noon in Paris, as the touch form takes a picked day
  });

  it("a message Slack did not show the app, or one without an author, gets an ephemeral explanation and stores nothing", async () => {
    await addAccount(h.db, h.clock.now, "Acme Corp", { touchDaysAgo: 35 });
    const before = await snapshotDb(h.db);

    const hidden = shortcut(h, undefined);
    expect((await hidden.res).status).toBe(200);
    expect(blockText((await h.responseTo(hidden.responseUrl)).body.blocks)).toContain("I can't read that message");
    const fromApp = shortcut(h, { ts: tsOf("2026-11-25T08:00:00Z"), text: "Acme Corp build failed", bot_id: "B-CI" });
    expect(blockText((await h.responseTo(fromApp.responseUrl)).body.blocks)).toContain("I can't tell who wrote that message");

    expect(h.fake.callsTo("views.open")).toEqual([]);
    expect(await snapshotDb(h.db)).toEqual(before);
  });

  it("when Slack refuses the modal because the bot can't see the channel, the person is told so and nothing is stored", async () => {
    await addAccount(h.db, h.clock.now, "Acme Corp", { touchDaysAgo: 35 });
    h.fake.script("views.open", () => ({ json: { ok: false, error: "channel_not_found" } }));
    const before = await snapshotDb(h.db);
    const { responseUrl } = shortcut(h, { ts: tsOf("2026-11-25T08:00:00Z"), text: "Acme Corp question", user: "U-CARLA", user_profile: { real_name: "Carla Customer" } });
    const told = await h.responseTo(responseUrl);
    expect(told.body).toMatchObject({ response_type: "ephemeral" });
    expect(blockText(told.body.blocks)).toContain("Invite me with `/invite @Keepwarm`");
    expect(await snapshotDb(h.db)).toEqual(before);
  });
});
