// Modals: opened when a touch or stage line says too little, type-ahead over our accounts, inline
// field errors on a bad submission, the answer in the conversation (or in the modal, from App Home).
import { beforeEach, describe, expect, it } from "vitest";
import { perTest } from "../fixtures/perTest.js";
import { addAccount } from "../fixtures/seed.js";
import { blockText, CHANNEL, MIA, slackHarness } from "../fixtures/slack.js";
import { snapshotDb } from "../fixtures/snapshot.js";

const h = perTest(() => slackHarness("sqlite"));
let acme: string;
let globex: string;
beforeEach(async () => {
  acme = await addAccount(h.db, h.clock.now, "Acme Corp", { touchDaysAgo: 35 });
  globex = await addAccount(h.db, h.clock.now, "Globex", { stage: "retention", touchDaysAgo: 2 });
});

type View = { callback_id: string; private_metadata: string; blocks: { type: string; block_id: string; element: Record<string, unknown> }[] };
const viewOpened = async (triggerId: string) => (await h.fake.waitFor((c) => c.method === "views.open" && c.body.trigger_id === triggerId)).body.view as View;
const input = (view: View, blockId: string) => view.blocks.find((b) => b.block_id === blockId)!;

describe("opening a form", () => {
  it("/touch with no arguments opens the touchpoint modal with the trigger id, and runs nothing", async () => {
    const before = await snapshotDb(h.db);
    const { res, triggerId, responseUrl } = await h.slash("/touch", "");
    expect(res.status).toBe(200);
    const view = await viewOpened(triggerId);
    expect(view.callback_id).toBe("touch_form");
    expect(view.blocks.map((b) => [b.block_id, b.element.type])).toEqual([
      ["account", "external_select"],
      ["kind", "static_select"],
      ["direction", "static_select"],
      ["note", "plain_text_input"],
      ["date", "datepicker"],
    ]);
    expect(input(view, "account").element.initial_option).toBeUndefined();
    expect((input(view, "kind").element.options as { value: string }[]).map((o) => o.value)).toEqual(["call", "email", "meeting", "message", "note", "qbr", "other"]);
    expect(input(view, "direction").element.initial_option).toMatchObject({ value: "outbound", text: { text: "We did (outbound)" } });
    expect(JSON.parse(view.private_metadata)).toEqual({ channel: { id: CHANNEL.id, teamId: "T1", name: CHANNEL.name }, responseUrl });
    expect(h.fake.callsTo("response")).toEqual([]);
    expect(await snapshotDb(h.db)).toEqual(before);
  });

  it("/touch with only the account opens the modal with the account picked", async () => {
    const view = await viewOpened((await h.slash("/touch", "Acme Corp")).triggerId);
    expect(input(view, "account").element.initial_option).toMatchObject({ value: acme, text: { text: "Acme Corp" } });
  });

  it("/keepwarm alone opens the touchpoint form; `/keepwarm stage Globex` the stage form, prefilled", async () => {
    expect((await viewOpened((await h.slash("/keepwarm", "")).triggerId)).callback_id).toBe("touch_form");
    const stage = await viewOpened((await h.slash("/keepwarm", "stage Globex")).triggerId);
    expect(stage.callback_id).toBe("stage_form");
    expect(stage.blocks.map((b) => b.block_id)).toEqual(["account", "stage", "reason"]);
    expect(input(stage, "account").element.initial_option).toMatchObject({ value: globex });
    expect((await viewOpened((await h.slash("/stage", "")).triggerId)).callback_id).toBe("stage_form");
  });

  it("the account picker suggests our accounts as the person types", async () => {
    await addAccount(h.db, h.clock.now, "Acme Labs", { touchDaysAgo: 3 });
    const suggest = async (value: string) => {
      const body = new URLSearchParams({ payload: JSON.stringify({ type: "block_suggestion", action_id: "account", block_id: "account", value, user: { id: MIA.id }, team: { id: "T1" }, api_app_id: "A1", token: "legacy", view: { id: "V1", type: "modal", callback_id: "touch_form" } }) }).toString();
      const res = await h.post(body, "application/x-www-form-urlencoded");
      expect(res.status).toBe(200);
      return ((await res.json()) as { options: { text: { text: string }; value: string }[] }).options;
    };
    expect((await suggest("acm")).map((o) => o.text.text)).toEqual(["Acme Corp · retention", "Acme Labs · retention"]);
    expect((await suggest("glo")).map((o) => o.value)).toEqual([globex]);
    expect(await suggest("zzz")).toEqual([]);
  });
});

describe("submitting a form", () => {
  it("shows each field's error next to its input and writes nothing", async () => {
    await h.responseTo((await h.slash("/keepwarm", "help")).responseUrl); // Mia is known from here on
    const view = await viewOpened((await h.slash("/touch", "")).triggerId);
    const before = await snapshotDb(h.db);
    const res = await h.submit(view, { note: "x" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ response_action: "errors", errors: { account: "Pick an account.", kind: expect.stringMatching(/^Pick a kind/) } });

    const badDate = await h.submit(view, { account: acme, kind: "call", date: "2027-01-10" });
    expect(await badDate.json()).toMatchObject({ response_action: "errors", errors: { date: expect.any(String) } });
    expect(await snapshotDb(h.db)).toEqual(before);
  });

  it("logs the touchpoint, closes the modal and answers ephemerally where the command was typed", async () => {
    const { triggerId, responseUrl } = await h.slash("/touch", "Acme Corp");
    const view = await viewOpened(triggerId);
    const res = await h.submit(view, { account: acme, kind: "meeting", date: "2026-11-24", note: "Kick-off with their new VP" });
    expect(res.status).toBe(200);
    expect(await res.text()).toBe(""); // closes the modal
    const reply = await h.responseTo(responseUrl);
    expect(reply.body).toMatchObject({ response_type: "ephemeral" });
    expect(blockText(reply.body.blocks)).toContain("Logged a *meeting* with *Acme Corp* on 24 Nov 2026: Kick-off with their new VP");
    const touch = await h.db.touchpoint.findFirstOrThrow({ where: { accountId: acme } });
    expect(touch).toMatchObject({ kind: "meeting", source: "slack", summary: "Kick-off with their new VP" });
    expect(touch.occurredAt.toISOString()).toBe("2026-11-24T11:00:00.000Z"); // noon in Paris, Mia's zone
  });

  it("the stage form asks for a reason inline when moving into exit, then announces the move", async () => {
    const { triggerId, responseUrl } = await h.slash("/stage", "Globex");
    const view = await viewOpened(triggerId);
    expect(await (await h.submit(view, { account: globex, stage: "exit" })).json()).toEqual({ response_action: "errors", errors: { reason: "Say why the customer is leaving." } });
    expect((await h.db.account.findUniqueOrThrow({ where: { id: globex } })).stage).toBe("retention");

    expect(await (await h.submit(view, { account: globex, stage: "exit", reason: "chose a competitor" })).text()).toBe("");
    const announced = await h.fake.waitFor((c) => c.method === "chat.postMessage");
    expect(announced.body.channel).toBe(CHANNEL.id);
    expect(blockText(announced.body.blocks)).toContain("*Globex* moved from retention to *exit* by <@U-MIA>: chose a competitor");
    expect(blockText((await h.responseTo(responseUrl)).body.blocks)).toContain("moved from retention to *exit*");
    expect((await h.db.account.findUniqueOrThrow({ where: { id: globex } })).stage).toBe("exit");
  });

  it("from the App Home, the answer shows in the modal and the home is published again", async () => {
    const mia = await h.db.person.create({ data: { name: "Mia Manager", email: MIA.email!, role: "manager", slackUserId: MIA.id } });
    await h.db.account.update({ where: { id: acme }, data: { ownerId: mia.id } });
    await h.kw.scan();
    await h.event({ type: "app_home_opened", user: MIA.id, channel: "D-MIA", tab: "home", event_ts: "1" });
    const home = (await h.fake.waitFor((c) => c.method === "views.publish")).body.view as { blocks: Record<string, unknown>[] };
    const button = home.blocks.flatMap((b) => (b.type === "actions" ? (b.elements as Record<string, unknown>[]) : [])).find((e) => e.action_id === "account.touch" && e.value === acme)!;
    expect(button).toBeDefined();

    await h.interact({
      type: "block_actions", user: { id: MIA.id, name: MIA.name }, team: { id: "T1" }, api_app_id: "A1", token: "legacy", trigger_id: "trigger-home",
      container: { type: "view", view_id: "V-HOME" }, view: { id: "V-HOME", type: "home" },
      actions: [{ type: "button", action_id: "account.touch", block_id: "b", value: acme, action_ts: "1" }],
    });
    const view = await viewOpened("trigger-home");
    expect(input(view, "account").element.initial_option).toMatchObject({ value: acme });
    expect(JSON.parse(view.private_metadata)).toEqual({ home: true });

    const res = await h.submit(view, { account: acme, kind: "call" });
    const body = (await res.json()) as { response_action: string; view: { blocks: unknown } };
    expect(body.response_action).toBe("update");
    expect(blockText(body.view.blocks)).toContain("Logged a *call* with *Acme Corp*.\nThat cleared 1 nudge.");
    await h.fake.waitForCount("views.publish", 2);
  });
});
