// Nudges in Teams end to end, on SQLite and PostgreSQL: a channel bound with `watch all`, a scan, the
// outbox posting through the stored conversation reference, buttons pressed on the posted cards.
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { enqueueDueDigests } from "../../src/scheduler/digestJob.js";
import type { ConnectorCall } from "../fakes/botConnector.js";
import { DB_KINDS } from "../fixtures/db.js";
import { perTest } from "../fixtures/perTest.js";
import { addAccount } from "../fixtures/seed.js";
import { adaptiveCardProblems, cardOf, cardText, findSubmit, startTeamsRig } from "../fixtures/teams.js";
import { ALICE, CHANNEL, channelMessage, submitActivity } from "../fixtures/teamsActivities.js";

describe.each(DB_KINDS)("Teams delivery on %s", (kind) => {
  const rig = perTest(() => startTeamsRig(kind));

  /** A channel watching every account, and stale accounts with a nudge each, scanned. */
  async function boundChannelWithNudges(names: string[]): Promise<number[]> {
    await rig.send(channelMessage(rig.connector.serviceUrl, "watch all"));
    for (const [i, name] of names.entries()) await addAccount(rig.db, rig.clock.now, name, { touchDaysAgo: 40 + i });
    await rig.kw.scan();
    return (await rig.db.nudge.findMany({ orderBy: { id: "asc" } })).map((n) => n.id);
  }

  /** The card posted for a nudge, and where it is. */
  async function postedCard(nudgeId: number) {
    const shown = await rig.db.nudgeMessage.findFirstOrThrow({ where: { nudgeId, platform: "teams" } });
    const post = rig.connector.posts(CHANNEL.id).find((c) => cardText(cardOf(c)).includes(`#${nudgeId}`));
    if (!post) throw new Error(`no card posted for nudge #${nudgeId}`);
    return { messageRef: shown.messageRef, card: cardOf(post), at: { conversationId: CHANNEL.id, activityId: shown.messageRef } };
  }

  /** Presses a button: the button's data plus the card's inputs, as Teams posts them. */
  async function press(at: { conversationId: string; activityId: string }, button: Record<string, any>, inputs: Record<string, string> = {}) {
    const mark = rig.connector.calls.length;
    const res = await rig.send(submitActivity(rig.connector.serviceUrl, at, { ...button.data, ...inputs }));
    expect(res.status).toBe(200);
    return rig.connector.since(mark);
  }

  const updateOf = (calls: ConnectorCall[]) => {
    const updates = calls.filter((c) => c.method === "PUT");
    expect(updates, "one update in place").toHaveLength(1);
    const card = cardOf(updates[0]);
    expect(adaptiveCardProblems(card)).toEqual([]);
    return { call: updates[0], card, text: cardText(card) };
  };

  it("posts each nudge exactly once into the bound channel, as a new thread with a valid nudge card", async () => {
    const ids = await boundChannelWithNudges(["Acme Corp", "Globex"]);
    expect(await rig.kw.deliver()).toMatchObject({ sent: 2, failed: 0, retried: 0 });

    const posts = rig.connector.posts(CHANNEL.id);
    expect(posts).toHaveLength(2);
    for (const post of posts) {
      expect(post.path).toBe(`/v3/conversations/${encodeURIComponent(CHANNEL.id)}/activities`); // the channel root: a post of its own
      expect(post.body.replyToId).toBeUndefined();
      expect(adaptiveCardProblems(cardOf(post))).toEqual([]);
    }
    expect(posts.map((p) => cardText(cardOf(p)).match(/Stale contact: (\w+)/)?.[1])).toEqual(["Acme", "Globex"]);
    const shown = await rig.db.nudgeMessage.findMany({ where: { platform: "teams" }, orderBy: { nudgeId: "asc" } });
    expect(shown.map((s) => [s.nudgeId, s.channelId])).toEqual(ids.map((id) => [id, CHANNEL.id]));
    expect(new Set(shown.map((s) => s.messageRef)).size).toBe(2);

    // Again, and after another scan: nothing more.
    expect(await rig.kw.deliver()).toMatchObject({ sent: 0 });
    await rig.kw.scan();
    await rig.kw.deliver();
    expect(rig.connector.posts(CHANNEL.id)).toHaveLength(2);
  });

  it("Acknowledge changes the stored nudge and updates the card in place; pressing it again changes nothing", async () => {
    const [id] = await boundChannelWithNudges(["Acme Corp"]);
    await rig.kw.deliver();
    const { card, at, messageRef } = await postedCard(id);
    const ack = findSubmit(card, "Acknowledge");

    const update = updateOf(await press(at, ack));
    expect(update.call.activityId).toBe(messageRef);
    expect(update.text).toMatch(new RegExp(`✅ Acknowledged by ${ALICE.name} on \\d+ \\w+, \\d\\d:\\d\\d`));
    expect(update.text).not.toContain("Acknowledge\n");
    expect(() => findSubmit(update.card, "Acknowledge")).toThrow();
    const nudge = await rig.db.nudge.findUniqueOrThrow({ where: { id } });
    expect(nudge).toMatchObject({ status: "acknowledged", actedByName: ALICE.name });

    await press(at, ack); // a double click, or a second person on an old copy
    expect(await rig.db.nudgeEvent.count({ where: { nudgeId: id, type: "acknowledged" } })).toBe(1);
    expect((await rig.db.nudge.findUniqueOrThrow({ where: { id } })).version).toBe(nudge.version);

    // The outbox's own update (queued by the action for every copy) goes to the same message.
    const mark = rig.connector.calls.length;
    await rig.kw.deliver();
    const later = rig.connector.since(mark);
    expect(later.every((c) => c.method === "PUT" && c.activityId === messageRef)).toBe(true);
    expect(later.length).toBeGreaterThan(0);
  });

  it("Snooze for a week snoozes the stored nudge until then and updates the card", async () => {
    const [id] = await boundChannelWithNudges(["Acme Corp"]);
    await rig.kw.deliver();
    const { card, at } = await postedCard(id);
    const update = updateOf(await press(at, findSubmit(card, "Snooze"), { [`nudge.snooze.${id}.until`]: "1w" }));
    const nudge = await rig.db.nudge.findUniqueOrThrow({ where: { id } });
    expect(nudge.status).toBe("snoozed");
    expect(nudge.snoozedUntil?.toISOString()).toBe(new Date(rig.clock.now.getTime() + 7 * 86_400_000).toISOString());
    expect(update.text).toContain(`💤 Snoozed by ${ALICE.name} until`);
  });

  it("Snooze until a picked date uses the person's time zone; a missing date shows the form again with the error", async () => {
    const [id] = await boundChannelWithNudges(["Acme Corp"]);
    await rig.kw.deliver();
    const { card, at } = await postedCard(id);
    const snooze = findSubmit(card, "Snooze");

    const missing = updateOf(await press(at, snooze, { [`nudge.snooze.${id}.until`]: "pick" }));
    expect(missing.text).toContain("⚠️ Pick a date to snooze until.");
    expect(JSON.stringify(missing.card)).toContain(`"id":"nudge.snooze.${id}.date"`);
    expect((await rig.db.nudge.findUniqueOrThrow({ where: { id } })).status).toBe("open");

    updateOf(await press(at, snooze, { [`nudge.snooze.${id}.until`]: "pick", [`nudge.snooze.${id}.date`]: "2026-12-10" }));
    const nudge = await rig.db.nudge.findUniqueOrThrow({ where: { id } });
    expect(nudge.snoozedUntil?.toISOString()).toBe("2026-12-10T08:00:00.000Z"); // 09:00 in Paris, the sender's zone
  });

  it("Log touchpoint with a bad date shows the form again, as typed, with the error by the field; a good one logs it", async () => {
    const [id] = await boundChannelWithNudges(["Acme Corp"]);
    await rig.kw.deliver();
    const { card, at } = await postedCard(id);
    const logIt = findSubmit(card, "Log it");
    const field = (f: string) => `nudge.touch.${id}.${f}`;

    const bad = updateOf(await press(at, logIt, { [field("kind")]: "meeting", [field("note")]: "renewal talk", [field("date")]: "2026-02-30" }));
    expect(bad.text).toContain("⚠️ Use a date like 2026-11-20.");
    const inputs = JSON.stringify(bad.card);
    expect(inputs).toContain(`"id":"${field("note")}","label":"Note","isMultiline":true,"maxLength":2000,"placeholder":"What was it about?","value":"renewal talk"`);
    expect(inputs).toMatch(new RegExp(`"id":"${field("kind").replace(/\./g, "\\.")}"[^}]*\\}[^]*?"value":"meeting"`));
    expect(await rig.db.touchpoint.count()).toBe(0);

    const good = updateOf(await press(at, logIt, { [field("kind")]: "meeting", [field("note")]: "renewal talk", [field("date")]: "2026-11-24" }));
    const [touch] = await rig.db.touchpoint.findMany();
    expect(touch).toMatchObject({ kind: "meeting", summary: "renewal talk", source: "teams", byName: ALICE.name });
    expect((await rig.db.nudge.findUniqueOrThrow({ where: { id } })).status).toBe("resolved");
    expect(good.text).toContain(`📝 Logged a meeting with Acme Corp on 24 Nov 2026: renewal talk (${ALICE.name})`);
    expect(good.text).toContain("✔️ Resolved");
  });

  it("a rate limit (429) from the connector delays delivery by its Retry-After; a later drain delivers once", async () => {
    await boundChannelWithNudges(["Acme Corp"]);
    // botbuilder retries a 429 itself (three times, honouring Retry-After) before giving up.
    rig.connector.failNext(429, 4, { "retry-after": "1" });
    expect(await rig.kw.deliver()).toMatchObject({ sent: 0, retried: 1, failed: 0 });
    const [row] = await rig.db.delivery.findMany();
    expect(row).toMatchObject({ status: "pending", attempts: 1 });
    expect(row.nextAttemptAt.getTime() - rig.clock.now.getTime()).toBe(1000);
    expect(row.lastError).toContain("429");

    const attempts = rig.connector.posts(CHANNEL.id).length;
    expect(await rig.kw.deliver()).toMatchObject({ sent: 0, retried: 0 }); // not before its time
    expect(rig.connector.posts(CHANNEL.id)).toHaveLength(attempts);

    rig.clock.set(new Date(rig.clock.now.getTime() + 1000).toISOString());
    expect(await rig.kw.deliver()).toMatchObject({ sent: 1 });
    expect(rig.connector.posts(CHANNEL.id)).toHaveLength(attempts + 1);
    expect(await rig.db.nudgeMessage.count()).toBe(1);
  }, 30_000);

  it("a bot removed from the team (403) fails the delivery for good instead of retrying", async () => {
    await boundChannelWithNudges(["Acme Corp"]);
    rig.connector.failNext(403);
    expect(await rig.kw.deliver()).toMatchObject({ sent: 0, failed: 1 });
    expect(await rig.db.delivery.findFirstOrThrow()).toMatchObject({ status: "failed" });
  });

  it("posts the channel's digest on its schedule, as a valid card with its charts and their PNG fallbacks", async () => {
    await boundChannelWithNudges(["Acme Corp"]);
    await addAccount(rig.db, rig.clock.now, "Globex", { touchDaysAgo: 2, renewalDate: "2027-02-01" });
    await rig.send(channelMessage(rig.connector.serviceUrl, "digest daily 09:00"));
    rig.clock.set("2026-11-26T08:30:00Z"); // 09:30 in Paris
    expect(await enqueueDueDigests(rig.db, rig.clock.now, rig.kw.log)).toBe(1);
    await rig.kw.deliver();
    const digest = rig.connector.posts(CHANNEL.id).find((p) => cardText(cardOf(p)).includes("Daily digest"));
    expect(digest, "a digest post").toBeDefined();
    const card = cardOf(digest!);
    const charts = (card.body as Record<string, any>[]).filter((e) => String(e.type).startsWith("Chart."));
    expect(charts.map((c) => c.type)).toEqual(["Chart.VerticalBar.Grouped", "Chart.VerticalBar", "Chart.VerticalBar"]);
    expect(card.body[card.body.indexOf(charts[0]) - 1].type).toBe("FactSet"); // right after the counts
    // The parser knows no Chart.* element: it says so, once each, and uses the fallback; nothing else is wrong.
    expect(adaptiveCardProblems(card)).toEqual(charts.map((c) => `parse: Unknown element type "${c.type}". Fallback will be used if present.`));
    const [weeks, bands, renewals] = charts;
    expect(bands.data.map((p: { x: string }) => p.x)).toEqual(["Healthy", "Watch", "At risk"]);
    // Acme Corp, scored by the scan; Globex came after it and has no score yet.
    expect(bands.data.reduce((n: number, p: { y: number }) => n + p.y, 0)).toBe(1);
    expect(weeks.data.map((s: { legend: string }) => s.legend)).toEqual(["Open at week's end", "Cleared in the week"]);
    expect(weeks.data[0].values).toHaveLength(8);
    expect(weeks.data[0].values.at(-1)).toEqual({ x: "23 Nov", y: 1 });
    expect(renewals.data.find((p: { x: string }) => p.x.startsWith("Feb 2027"))).toMatchObject({ y: 1 });
    for (const chart of charts) {
      expect(chart.fallback).toMatchObject({ type: "Image", url: expect.stringMatching(/^data:image\/png;base64,/), altText: expect.stringContaining(chart.title) });
      const bytes = Buffer.from(chart.fallback.url.slice("data:image/png;base64,".length), "base64");
      expect(bytes.length).toBeLessThan(1_000_000);
      const png = PNG.sync.read(bytes);
      expect([`${png.width}px`, `${png.height}px`]).toEqual([chart.fallback.width, chart.fallback.height]);
      expect(Math.max(png.width, png.height)).toBeLessThanOrEqual(1024);
    }
  });

  it("replies under a posted nudge in its thread (escalations)", async () => {
    const [id] = await boundChannelWithNudges(["Acme Corp"]);
    await rig.kw.deliver();
    const { messageRef } = await postedCard(id);
    const binding = await rig.db.channelBinding.findFirstOrThrow({ where: { platform: "teams" } });
    const target = { bindingId: binding.id, platform: "teams" as const, channelId: binding.channelId, teamId: binding.teamId, conversationRef: binding.conversationRef };
    const message = (await rig.kw.nudgeMessage([id]))!;
    const { messageRef: reply } = await rig.notifier.reply(target, messageRef, { ...message, blocks: [{ type: "text", text: "⏫ escalated" }] });
    const call = rig.connector.calls.at(-1)!;
    expect(call.conversationId).toBe(`${CHANNEL.id};messageid=${messageRef}`);
    expect(call.body.replyToId).toBeUndefined();
    expect(reply).toMatch(/^msg-/);
  });
});
