// The Adaptive Card renderer, checked with Microsoft's adaptivecards parser and validator.
import { describe, expect, it } from "vitest";
import { TOUCHPOINT_KINDS } from "../../src/domain/touchpoints.js";
import type { Message } from "../../src/messages/model.js";
import { SNOOZE_CHOICES } from "../../src/messages/nudgeCard.js";
import { renderCard } from "../../src/teams/cards/adaptiveCard.js";
import { greetingMessage } from "../../src/teams/greeting.js";
import { accountFormMessage, openAccountForm } from "../../src/teams/submissions.js";
import { admin } from "../fixtures/actors.js";
import { createHarness } from "../fixtures/harness.js";
import { perTest } from "../fixtures/perTest.js";
import { addAccount, bindChannel } from "../fixtures/seed.js";
import { adaptiveCardProblems, cardText, findSubmit } from "../fixtures/teams.js";

const LEO_AAD = "1e000000-0000-4000-8000-000000000002";

/** Every element and action of a card, depth first (inside containers, action sets and show-cards). */
function nodes(card: unknown): Record<string, any>[] {
  const out: Record<string, any>[] = [];
  const walk = (n: unknown): void => {
    if (Array.isArray(n)) return n.forEach(walk);
    if (!n || typeof n !== "object") return;
    const o = n as Record<string, any>;
    if (typeof o.type === "string") out.push(o);
    for (const [k, v] of Object.entries(o)) if (k !== "data") walk(v);
  };
  walk(card);
  return out;
}

describe("Adaptive Card renderer", () => {
  const h = perTest(() => createHarness("sqlite"));

  async function nudgeCardFor(names: string[]): Promise<{ message: Message; ids: number[] }> {
    const leo = await h.db.person.create({ data: { name: "Leo Park", role: "rep", teamsUserId: LEO_AAD } });
    for (const [i, name] of names.entries()) await addAccount(h.db, h.clock.now, name, { touchDaysAgo: 40 + i, ownerId: leo.id });
    await h.kw.scan();
    const ids = (await h.db.nudge.findMany({ orderBy: { id: "asc" } })).map((n) => n.id);
    return { message: (await h.kw.nudgeMessage(ids))!, ids };
  }

  it("renders a nudge as a valid 1.5 card: facts, a real mention of the owner, and the three actions", async () => {
    const { message, ids } = await nudgeCardFor(["Acme Corp"]);
    const card = renderCard(message, { view: "nudges" });
    expect(adaptiveCardProblems(card)).toEqual([]);
    expect(card).toMatchObject({ type: "AdaptiveCard", version: "1.5", fallbackText: message.summary });

    const facts = nodes(card).find((n) => n.type === "FactSet")!.facts as { title: string; value: string }[];
    expect(facts).toContainEqual({ title: "Owner", value: "<at>Leo Park</at>" });
    expect(facts).toContainEqual({ title: "Nudge", value: `#${ids[0]}` });
    expect(card.msteams.entities).toEqual([{ type: "mention", text: "<at>Leo Park</at>", mentioned: { id: LEO_AAD, name: "Leo Park" } }]);

    expect(findSubmit(card, "Acknowledge")).toMatchObject({ style: "positive", data: { kw: "nudge.ack", ref: String(ids[0]), view: "nudges", shown: ids } });
    const showCards = nodes(card).filter((n) => n.type === "Action.ShowCard");
    expect(showCards.map((s) => s.title)).toEqual(["Snooze", "Log touchpoint"]);
    const [snooze, touch] = showCards.map((s) => nodes(s.card));
    expect(snooze.find((n) => n.type === "Input.ChoiceSet")!.choices).toEqual(SNOOZE_CHOICES.map((c) => ({ title: c.label, value: c.value })));
    expect(snooze.map((n) => n.type)).toContain("Input.Date");
    expect(touch.find((n) => n.type === "Input.ChoiceSet")!.choices.map((c: { value: string }) => c.value)).toEqual([...TOUCHPOINT_KINDS]);
    expect(touch.filter((n) => n.type.startsWith("Input.")).map((n) => n.id)).toEqual([`nudge.touch.${ids[0]}.kind`, `nudge.touch.${ids[0]}.direction`, `nudge.touch.${ids[0]}.note`, `nudge.touch.${ids[0]}.date`]);
  });

  it("keeps every input id unique in a grouped card of several nudges", async () => {
    const { message, ids } = await nudgeCardFor(["Acme Corp", "Globex", "Initech"]);
    expect(message.nudgeIds).toEqual(ids);
    const card = renderCard(message, { view: "nudges" });
    expect(adaptiveCardProblems(card)).toEqual([]); // the validator reports duplicate ids
    const inputIds = nodes(card).filter((n) => n.type.startsWith("Input.")).map((n) => n.id);
    expect(inputIds).toHaveLength(ids.length * 6);
    expect(new Set(inputIds).size).toBe(inputIds.length);
    expect(nodes(card).filter((n) => n.separator).length).toBe(ids.length - 1);
  });

  it("shows a form that came back with errors open, as typed, each error under its field", async () => {
    const { message, ids } = await nudgeCardFor(["Acme Corp"]);
    const key = `nudge.touch:${ids[0]}`;
    const card = renderCard(message, { view: "nudges", forms: { [key]: { values: { kind: "qbr", note: "pricing", date: "2026-02-30" }, errors: { date: "Use a date like 2026-11-20.", account: "That account no longer exists; pick another." } } } });
    expect(adaptiveCardProblems(card)).toEqual([]);
    const form = nodes(card).find((n) => n.type === "Container" && n.style === "emphasis")!;
    const items = (form.items as Record<string, any>[]).map((i) => (i.type === "TextBlock" ? i.text : i.type === "ActionSet" ? "[buttons]" : `${i.id}=${i.value ?? ""}`));
    expect(items).toEqual([
      "Log touchpoint",
      "⚠️ That account no longer exists; pick another.",
      `nudge.touch.${ids[0]}.kind=qbr`,
      `nudge.touch.${ids[0]}.direction=outbound`,
      `nudge.touch.${ids[0]}.note=pricing`,
      `nudge.touch.${ids[0]}.date=2026-02-30`,
      "⚠️ Use a date like 2026-11-20.",
      "[buttons]",
    ]);
    // Open here, so not also behind a button.
    expect(nodes(card).filter((n) => n.type === "Action.ShowCard").map((s) => s.title)).toEqual(["Snooze"]);
  });

  it("says what went wrong even when the form's nudge has no actions any more", async () => {
    const { message, ids } = await nudgeCardFor(["Acme Corp"]);
    const resolved: Message = { ...message, blocks: message.blocks.filter((b) => b.type !== "actions") };
    const card = renderCard(resolved, { view: "nudges", forms: { [`nudge.snooze:${ids[0]}`]: { values: {}, errors: { until: "Nudge is resolved." } } } });
    expect(cardText(card)).toContain("⚠️ Nudge is resolved.");
  });

  it("renders every kind of reply the core gives as a valid card", async () => {
    const acme = await addAccount(h.db, h.clock.now, "Acme Corp", { touchDaysAgo: 40 });
    const binding = await bindChannel(h.db, "19:x@thread.tacv2", { platform: "teams" });
    await h.kw.scan();
    const replies = await Promise.all(["help", "help touch", 'touch "Acme Corp" telepathy', "nudges all", 'account "Acme Corp"', 'why "Acme Corp"', "settings"].map((c) => h.kw.command(c, admin, "teams")));
    const messages: Message[] = [...replies.map((r) => r.reply), greetingMessage("channel"), greetingMessage("personal"), accountFormMessage("touch", { id: acme, name: "Acme Corp" }), (await h.kw.fullDigest(binding.id))!];
    for (const m of messages) {
      const card = renderCard(m, { view: "reply", forms: openAccountForm("touch", acme) });
      expect(adaptiveCardProblems(card), m.summary).toEqual([]);
    }
    const help = cardText(renderCard(replies[0].reply, { view: "reply" }));
    expect(help).toContain("**touch <account> <kind> [note] [--on DATE] [--with CONTACT] [--direction in|out]**"); // `code` as bold: Teams cards have no code style
    expect(help).not.toContain("`");
  });

  it("writes a person without a Teams id by name, with no mention entity", () => {
    const message: Message = { summary: "s", visibility: "channel", blocks: [{ type: "text", text: "Owner: <person:p1|Rita Rep>" }], people: { p1: { name: "Rita Rep", teamsUserId: null } } };
    const card = renderCard(message, { view: "reply" });
    expect(cardText(card)).toBe("Owner: Rita Rep");
    expect(card.msteams.entities).toBeUndefined();
  });

  it("is checked by a validator that does reject broken cards", () => {
    expect(adaptiveCardProblems({ type: "AdaptiveCard", version: "1.5", body: [{ type: "Input.Text", id: "a" }, { type: "Input.Text", id: "a" }] })).not.toEqual([]);
    expect(adaptiveCardProblems({ type: "AdaptiveCard", version: "1.5", body: [{ type: "Bogus" }] })).not.toEqual([]);
  });
});
