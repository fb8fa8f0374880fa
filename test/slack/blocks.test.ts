// The Block Kit renderer: one function from the neutral message model to blocks and fallback text.
import { describe, expect, it } from "vitest";
import { digestMessage } from "../../src/digests/message.js";
import { message, type Block, type Message } from "../../src/messages/model.js";
import { nudgeMessage } from "../../src/messages/nudgeCard.js";
import { MAX_MESSAGE_BLOCKS, MAX_VIEW_BLOCKS, messageMetadata, renderAction, renderBlocks, renderMessage } from "../../src/slack/blocks.js";
import { toMrkdwn, toPlainText } from "../../src/slack/mrkdwn.js";
import { digestModel, nudgeView, NOW } from "./fixtures.js";

const people = { p1: { name: "Rita Rep", slackUserId: "U-RITA" }, p2: { name: "Leo", slackUserId: null } };

describe("mrkdwn", () => {
  it.each([
    ["**bold** and _italic_ and `code`", "*bold* and _italic_ and `code`"],
    ["owner <person:p1|Rita Rep>", "owner <@U-RITA>"],
    ["owner <person:p2|Leo>", "owner Leo"],
    ["owner <person:p9|Unknown Person>", "owner Unknown Person"],
    ["Acme & Sons <b>ltd</b>", "Acme &amp; Sons &lt;b&gt;ltd&lt;/b&gt;"],
    ["**<person:p1|Rita Rep>** moved `a<b`", "*<@U-RITA>* moved `a&lt;b`"],
    ["<!channel> <@U999> are typed text, not mentions", "&lt;!channel&gt; &lt;@U999&gt; are typed text, not mentions"],
  ])("%s", (input, expected) => {
    expect(toMrkdwn(input, people)).toBe(expected);
  });

  it("plain text drops the markup and names people", () => {
    expect(toPlainText("**Acme** by <person:p1|Rita Rep> `x`", people)).toBe("Acme by @Rita Rep x");
    expect(toPlainText("**<person:p1|Rita Rep>** won", people)).toBe("@Rita Rep won");
  });
});

describe("renderBlocks", () => {
  it("maps each neutral block to its Block Kit counterpart", () => {
    const blocks: Block[] = [
      { type: "header", text: "🟠 **Stale** contact: <person:p1|Rita Rep>" },
      { type: "text", text: "Hello **world**" },
      { type: "facts", facts: [{ label: "Owner", value: "<person:p1|Rita Rep>" }, { label: "Stage", value: "retention" }] },
      { type: "context", text: "nudge #4" },
      { type: "divider" },
      { type: "actions", actions: [{ id: "nudge.ack", label: "Acknowledge", value: "4", style: "primary" }] },
    ];
    expect(renderBlocks(blocks, people)).toEqual([
      { type: "header", text: { type: "plain_text", text: "🟠 Stale contact: @Rita Rep", emoji: true } },
      { type: "section", text: { type: "mrkdwn", text: "Hello *world*" } },
      { type: "section", fields: [{ type: "mrkdwn", text: "*Owner*\n<@U-RITA>" }, { type: "mrkdwn", text: "*Stage*\nretention" }] },
      { type: "context", elements: [{ type: "mrkdwn", text: "nudge #4" }] },
      { type: "divider" },
      { type: "actions", elements: [{ type: "button", action_id: "nudge.ack", text: { type: "plain_text", text: "Acknowledge", emoji: true }, value: "4", style: "primary" }] },
    ]);
  });

  it("a menu action becomes a static select whose options carry the value and the choice", () => {
    expect(renderAction({ id: "nudge.snooze", label: "Snooze", value: "42", choices: [{ label: "1 day", value: "1d" }, { label: "Pick a date…", value: "pick" }] })).toEqual({
      type: "static_select",
      action_id: "nudge.snooze",
      placeholder: { type: "plain_text", text: "Snooze", emoji: true },
      options: [
        { text: { type: "plain_text", text: "1 day" }, value: "42:1d" },
        { text: { type: "plain_text", text: "Pick a date…" }, value: "42:pick" },
      ],
    });
  });

  it("keeps within Slack's limits: headers, sections, fields and the number of blocks", () => {
    const long = Array.from({ length: 200 }, (_, i) => `line ${i} ${"x".repeat(40)}`).join("\n");
    const facts = Array.from({ length: 13 }, (_, i) => ({ label: `F${i}`, value: "v" }));
    const out = renderBlocks([{ type: "header", text: "h".repeat(400) }, { type: "text", text: long }, { type: "facts", facts }, { type: "text", text: "" }], undefined);
    const header = out[0] as { text: { text: string } };
    expect(header.text.text).toHaveLength(150);
    const sections = out.filter((b) => b.type === "section" && "text" in b) as { text: { text: string } }[];
    expect(sections.length).toBeGreaterThan(3);
    expect(sections.every((s) => s.text.text.length <= 3000 && s.text.text.length > 0)).toBe(true);
    expect(sections.map((s) => s.text.text).join("\n")).toBe(long); // split at line breaks, nothing lost
    const fieldSections = out.filter((b) => b.type === "section" && "fields" in b) as { fields: unknown[] }[];
    expect(fieldSections.map((s) => s.fields.length)).toEqual([10, 3]);

    const many: Block[] = Array.from({ length: 80 }, (_, i) => ({ type: "text", text: `block ${i}` }));
    const capped = renderBlocks(many, undefined, MAX_MESSAGE_BLOCKS);
    expect(capped).toHaveLength(50);
    expect(capped.at(-1)).toEqual({ type: "context", elements: [{ type: "mrkdwn", text: "_…cut short to fit in Slack._" }] });
    expect(renderBlocks(many, undefined, MAX_VIEW_BLOCKS)).toHaveLength(80);
  });
});

describe("renderMessage", () => {
  it("renders a nudge card: header, reason, facts with a real @mention, actions carrying the nudge id", () => {
    const rendered = renderMessage(nudgeMessage([nudgeView()], NOW));
    expect(rendered.text).toBe("Stale contact: Acme &amp; Sons. No customer touch for 35 days; retention accounts expect one every 30 (at most 45).");
    expect(rendered).toMatchSnapshot();
    expect(rendered.blocks.map((b) => b.type)).toEqual(["header", "section", "section", "actions"]);
  });

  it("a mention of someone without a Slack id is their (escaped) name, never a broken mention", () => {
    const v = nudgeView({ status: "open", escalatedAt: new Date("2026-11-25T14:30:00Z") });
    const rendered = JSON.stringify(renderMessage(nudgeMessage([v], NOW)).blocks);
    expect(rendered).toContain("Escalated to Leo &lt;Lead&gt;");
    expect(rendered).not.toContain("<person:");
  });

  it("a grouped message has one actions block per nudge, each with its own values", () => {
    const views = [nudgeView({ id: 1 }), nudgeView({ id: 2, status: "acknowledged", actedByName: "Mia", actedAt: NOW }), nudgeView({ id: 3 })];
    const rendered = renderMessage(nudgeMessage(views, NOW));
    const actions = rendered.blocks.filter((b) => b.type === "actions") as { elements: { action_id: string; value?: string }[] }[];
    expect(actions.map((a) => a.elements.map((e) => `${e.action_id}=${e.value ?? "menu"}`))).toEqual([
      ["nudge.ack=1", "nudge.snooze=menu", "nudge.touch=1"],
      ["nudge.touch=2"],
      ["nudge.ack=3", "nudge.snooze=menu", "nudge.touch=3"],
    ]);
    expect(rendered.blocks[0]).toMatchObject({ type: "header", text: { text: "3 accounts need attention" } });
  });

  it("a digest: counts first, lists after, a See all button when a list was cut", () => {
    const rendered = renderMessage(digestMessage(digestModel(14), { channelLabel: "account-team", timeZone: "UTC", cadence: "daily", bindingId: "b-1" }));
    expect(rendered.blocks[0]).toMatchObject({ type: "header", text: { text: "Daily digest · account-team" } });
    expect(rendered.blocks[2]).toMatchObject({ type: "section", fields: expect.arrayContaining([{ type: "mrkdwn", text: "*Open nudges*\n14" }]) });
    const text = JSON.stringify(rendered.blocks);
    expect(text).toContain("<@U-RITA> · 14");
    expect(text).toContain("_…and 4 more_");
    expect(rendered.blocks.at(-1)).toMatchObject({ type: "actions", elements: [{ type: "button", action_id: "digest.all", value: "b-1" }] });
  });
});

describe("messageMetadata", () => {
  it("carries the nudge ids and the delivery key; plain replies carry none", () => {
    const msg: Message = { ...nudgeMessage([nudgeView({ id: 7 }), nudgeView({ id: 9 })], NOW), deliveryKey: "post:7:b:v1" };
    expect(messageMetadata(msg)).toEqual({ event_type: "keepwarm_nudge", event_payload: { nudge_ids: [7, 9], delivery_key: "post:7:b:v1" } });
    expect(messageMetadata({ ...message("digest", []), deliveryKey: "digest:b:1" })).toEqual({ event_type: "keepwarm_message", event_payload: { nudge_ids: [], delivery_key: "digest:b:1" } });
    expect(messageMetadata(message("hi", []))).toBeUndefined();
  });
});
