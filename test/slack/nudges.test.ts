// The loop end to end through Slack, on SQLite and PostgreSQL: a channel bound by slash command,
// scan, delivery to the fake Web API (Block Kit + metadata), clicks that change the stored nudge and
// update the same message, rate limits, grouping, auto-resolution and the App Home.
import { describe, expect, it } from "vitest";
import { DB_KINDS } from "../fixtures/db.js";
import { perTest } from "../fixtures/perTest.js";
import { addAccount } from "../fixtures/seed.js";
import { blockText, CHANNEL, MIA, RITA, slackHarness } from "../fixtures/slack.js";

describe.each(DB_KINDS)("nudges in Slack on %s", (kind) => {
  const h = perTest(() => slackHarness(kind));

  const nudgePosts = () => h.fake.callsTo("chat.postMessage").filter((c) => (c.body.metadata as { event_type?: string } | undefined)?.event_type === "keepwarm_nudge");
  const stored = (ts: string) => h.fake.messages.find((m) => m.ts === ts)!;
  const nudgeOf = (accountId: string) => h.db.nudge.findFirstOrThrow({ where: { accountId } });
  const elements = (m: { blocks?: unknown }) => ((m.blocks ?? []) as Record<string, unknown>[]).flatMap((b) => (b.type === "actions" ? (b.elements as Record<string, unknown>[]) : []));

  /** Binds the channel through the endpoint, as a manager would, and makes Rita (linked) an owner. */
  async function watchedChannel() {
    const reply = await h.responseTo((await h.slash("/keepwarm", "watch all")).responseUrl);
    expect(blockText(reply.body.blocks)).toContain("This channel now gets");
    return h.db.person.create({ data: { name: "Rita Rep", email: RITA.email!, role: "rep", slackUserId: RITA.id } });
  }

  async function postedNudge(name = "Acme Corp") {
    const rita = await watchedChannel();
    const accountId = await addAccount(h.db, h.clock.now, name, { touchDaysAgo: 35, ownerId: rita.id, renewalDate: "2027-09-01" });
    await h.kw.scan();
    expect(await h.kw.deliver()).toMatchObject({ sent: 1, failed: 0 });
    const nudge = await nudgeOf(accountId);
    const [call] = nudgePosts();
    return { nudge, accountId, message: stored(h.fake.messages.find((m) => m.metadata?.event_payload.nudge_ids)!.ts), call };
  }

  it("posts each nudge exactly once to the bound channel, in Block Kit, with metadata", async () => {
    const rita = await watchedChannel();
    const a = await addAccount(h.db, h.clock.now, "Acme Corp", { touchDaysAgo: 35, ownerId: rita.id, renewalDate: "2027-09-01" });
    const b = await addAccount(h.db, h.clock.now, "Globex", { touchDaysAgo: null });
    await h.kw.scan();
    expect(await h.kw.deliver()).toMatchObject({ sent: 2, retried: 0, failed: 0 });
    await h.kw.scan();
    expect(await h.kw.deliver()).toMatchObject({ sent: 0 });

    const posts = nudgePosts();
    expect(posts).toHaveLength(2);
    const [na, nb] = [await nudgeOf(a), await nudgeOf(b)];
    const acme = posts.find((p) => (p.body.metadata as { event_payload: { nudge_ids: number[] } }).event_payload.nudge_ids[0] === na.id)!;
    expect(acme.body).toMatchObject({
      channel: CHANNEL.id,
      metadata: { event_type: "keepwarm_nudge", event_payload: { nudge_ids: [na.id], delivery_key: expect.stringMatching(new RegExp(`^post:${na.id}:`)) } },
    });
    expect(acme.body.text).toContain("Stale contact: Acme Corp");
    const text = blockText(acme.body.blocks);
    expect(text).toContain("Stale contact: Acme Corp");
    expect(text).toContain("*Owner*\n<@U-RITA>");
    expect(text).toContain("*Renewal*\n1 Sep 2027");
    expect(text).toContain("*Last touch*\n35 days ago");
    expect(elements(acme.body).map((e) => [e.type, e.action_id])).toEqual([
      ["button", "nudge.ack"],
      ["static_select", "nudge.snooze"],
      ["button", "nudge.touch"],
    ]);
    expect(elements(acme.body)[0].value).toBe(String(na.id));
    expect((elements(acme.body)[1].options as { value: string }[]).map((o) => o.value)).toEqual([`${na.id}:1d`, `${na.id}:1w`, `${na.id}:pick`]);
    expect(posts.some((p) => (p.body.metadata as { event_payload: { nudge_ids: number[] } }).event_payload.nudge_ids[0] === nb.id)).toBe(true);

    const shown = await h.db.nudgeMessage.findMany({ orderBy: { nudgeId: "asc" } });
    expect(shown.map((s) => s.messageRef).sort()).toEqual(h.fake.messages.filter((m) => m.metadata).map((m) => `${CHANNEL.id}:${m.ts}`).sort());
  });

  it("Acknowledge changes the stored nudge and updates the same message in place, saying who did it", async () => {
    const { nudge, message } = await postedNudge();
    const res = await h.click(message, "nudge.ack", { value: String(nudge.id) });
    expect(res.status).toBe(200);
    const [update] = await h.fake.waitForCount("chat.update", 1);
    expect(update.body).toMatchObject({ channel: CHANNEL.id, ts: message.ts, metadata: { event_type: "keepwarm_nudge", event_payload: { nudge_ids: [nudge.id] } } });
    expect(blockText(update.body.blocks)).toMatch(/✅ Acknowledged by Mia Manager on 25 Nov, 15:00/);
    expect(elements(update.body).map((e) => e.action_id)).toEqual(["nudge.touch"]);
    expect(await nudgeOf(nudge.accountId)).toMatchObject({ status: "acknowledged", actedByName: "Mia Manager", version: nudge.version + 1 });

    // The outbox's own update of every message showing it goes to the same message, never a new post.
    await h.kw.deliver();
    expect(h.fake.callsTo("chat.update").every((c) => c.body.ts === message.ts)).toBe(true);
    expect(nudgePosts()).toHaveLength(1);
  });

  it("a double click (two requests at once) makes one state change", async () => {
    const { nudge, message } = await postedNudge();
    const [r1, r2] = await Promise.all([h.click(message, "nudge.ack", { value: String(nudge.id) }), h.click(message, "nudge.ack", { value: String(nudge.id), user: RITA })]);
    expect([r1.status, r2.status]).toEqual([200, 200]);
    await h.fake.waitForCount("chat.update", 2);
    expect(await h.db.nudgeEvent.count({ where: { nudgeId: nudge.id, type: "acknowledged" } })).toBe(1);
    const after = await nudgeOf(nudge.accountId);
    expect(after).toMatchObject({ status: "acknowledged", version: nudge.version + 1 });
    await h.kw.deliver();
    expect(await h.db.delivery.count({ where: { kind: "nudge.update" } })).toBe(1);
  });

  it("when the immediate update is rate-limited, the click still counts and the outbox updates the message", async () => {
    const { nudge, message } = await postedNudge();
    let limited = 0;
    h.fake.script("chat.update", () => (limited++ === 0 ? { status: 429, headers: { "retry-after": "1" }, json: { ok: false } } : undefined));
    await h.click(message, "nudge.ack", { value: String(nudge.id) });
    await h.fake.waitForCount("chat.update", 1);
    await new Promise((r) => setTimeout(r, 100));
    expect(h.fake.calls.filter((c) => c.method === "response")).toHaveLength(1); // only the watch reply: no apology for a click that worked
    expect((await nudgeOf(nudge.accountId)).status).toBe("acknowledged");
    expect(await h.kw.deliver()).toMatchObject({ sent: 1 });
    expect(blockText(stored(message.ts).blocks)).toContain("✅ Acknowledged by Mia Manager");
  });

  it("Snooze 1 day changes the stored nudge and updates the message", async () => {
    const { nudge, message } = await postedNudge();
    await h.click(message, "nudge.snooze", { value: `${nudge.id}:1d`, option: "1d" });
    const [update] = await h.fake.waitForCount("chat.update", 1);
    expect(update.body.ts).toBe(message.ts);
    expect(blockText(update.body.blocks)).toContain("💤 Snoozed by Mia Manager until 26 Nov, 15:00");
    const after = await nudgeOf(nudge.accountId);
    expect(after.status).toBe("snoozed");
    expect(after.snoozedUntil?.toISOString()).toBe("2026-11-26T15:00:00.000Z");
  });

  it("Snooze › Pick a date opens a date picker; a past date is refused inline; a date snoozes until 9:00 local", async () => {
    const { nudge, message } = await postedNudge();
    await h.click(message, "nudge.snooze", { value: `${nudge.id}:pick`, option: "pick" });
    await h.fake.waitForCount("views.open", 1);
    const view = h.lastView();
    expect(view.callback_id).toBe("snooze_form");
    expect(JSON.parse(String(view.private_metadata))).toMatchObject({ nudgeId: nudge.id, message: { channel: CHANNEL.id, ts: message.ts, nudgeIds: [nudge.id] } });

    const past = await h.submit(view, { until: "2026-11-20" });
    expect(await past.json()).toEqual({ response_action: "errors", errors: { until: expect.stringMatching(/past/) } });
    expect((await nudgeOf(nudge.accountId)).status).toBe("open");

    expect(await (await h.submit(view, { until: "2026-12-01" })).text()).toBe("");
    const [update] = await h.fake.waitForCount("chat.update", 1);
    expect(update.body).toMatchObject({ channel: CHANNEL.id, ts: message.ts });
    expect(blockText(update.body.blocks)).toContain("💤 Snoozed by Mia Manager until 1 Dec, 08:00"); // shown in the account's zone (UTC)
    expect((await nudgeOf(nudge.accountId)).snoozedUntil?.toISOString()).toBe("2026-12-01T08:00:00.000Z"); // 9:00 in Paris
  });

  it("Log touchpoint opens the form prefilled; submitting it resolves the nudge and the message says so", async () => {
    const { nudge, message, accountId } = await postedNudge();
    await h.click(message, "nudge.touch", { value: String(nudge.id) });
    await h.fake.waitForCount("views.open", 1);
    const view = h.lastView() as { blocks: { block_id: string; element: { initial_option?: { value: string } } }[] };
    expect(view.blocks[0].element.initial_option?.value).toBe(accountId);
    expect(await (await h.submit(view as Record<string, unknown>, { account: accountId, kind: "call" })).text()).toBe("");
    await h.kw.deliver();
    const [update] = await h.fake.waitForCount("chat.update", 1);
    expect(update.body.ts).toBe(message.ts);
    expect(blockText(update.body.blocks)).toContain("✔️ Resolved");
  });

  it("auto-resolution by a /touch updates the message to say resolved, without buttons", async () => {
    const { nudge, message } = await postedNudge();
    await h.responseTo((await h.slash("/touch", '"Acme Corp" call caught up', { user: RITA })).responseUrl);
    expect((await nudgeOf(nudge.accountId)).status).toBe("resolved");
    expect(await h.kw.deliver()).toMatchObject({ sent: 1 });
    const [update] = h.fake.callsTo("chat.update");
    expect(update.body).toMatchObject({ channel: CHANNEL.id, ts: message.ts });
    expect(blockText(update.body.blocks)).toMatch(/✔️ Resolved 25 Nov, 15:00/);
    expect(elements(update.body)).toEqual([]);
    expect(nudgePosts()).toHaveLength(1);
  });

  it("a rate-limited post (429 Retry-After) waits as asked, then goes out once on a later drain", async () => {
    await watchedChannel();
    await addAccount(h.db, h.clock.now, "Acme Corp", { touchDaysAgo: 35 });
    await h.kw.scan();
    let limited = 0;
    h.fake.script("chat.postMessage", () => (limited++ === 0 ? { status: 429, headers: { "retry-after": "30" }, json: { ok: false, error: "ratelimited" } } : undefined));
    expect(await h.kw.deliver()).toMatchObject({ sent: 0, retried: 1 });
    const row = await h.db.delivery.findFirstOrThrow({ where: { kind: "nudge.post" } });
    expect(row).toMatchObject({ status: "pending" });
    expect(row.nextAttemptAt.toISOString()).toBe(new Date(h.clock.now.getTime() + 30_000).toISOString());

    h.clock.advanceHours(20 / 3600);
    expect(await h.kw.deliver()).toMatchObject({ sent: 0, retried: 0 });
    expect(h.fake.callsTo("chat.postMessage")).toHaveLength(1); // not tried again before Retry-After

    h.clock.advanceHours(11 / 3600);
    expect(await h.kw.deliver()).toMatchObject({ sent: 1 });
    expect(h.fake.callsTo("chat.postMessage")).toHaveLength(2);
    expect(h.fake.messages.filter((m) => m.metadata)).toHaveLength(1);
  });

  it("a post whose response was lost is found by its delivery key and not posted twice", async () => {
    await watchedChannel();
    await addAccount(h.db, h.clock.now, "Acme Corp", { touchDaysAgo: 35 });
    await h.kw.scan();
    let lost = 0;
    h.fake.script("chat.postMessage", (_body, normal) => (lost++ === 0 ? (normal(), { status: 502, json: { ok: false } }) : undefined));
    expect(await h.kw.deliver()).toMatchObject({ sent: 0, retried: 1 });
    h.clock.advanceHours(1);
    expect(await h.kw.deliver()).toMatchObject({ sent: 1 });
    expect(h.fake.callsTo("conversations.history")[0].body).toMatchObject({ channel: CHANNEL.id, include_all_metadata: true });
    expect(h.fake.callsTo("chat.postMessage")).toHaveLength(1);
    const [posted] = h.fake.messages;
    expect((await h.db.nudgeMessage.findFirstOrThrow()).messageRef).toBe(`${CHANNEL.id}:${posted.ts}`);
  });

  it("a channel the bot cannot post in fails for good, with a hint, instead of retrying forever", async () => {
    await watchedChannel();
    await addAccount(h.db, h.clock.now, "Acme Corp", { touchDaysAgo: 35 });
    await h.kw.scan();
    h.fake.script("chat.postMessage", () => ({ json: { ok: false, error: "not_in_channel" } }));
    expect(await h.kw.deliver()).toMatchObject({ sent: 0, failed: 1 });
    const row = await h.db.delivery.findFirstOrThrow();
    expect(row.status).toBe("failed");
    expect(row.lastError).toMatch(/not_in_channel: invite the Keepwarm bot/);
  });

  it("many nudges at once arrive as one grouped message with per-nudge actions; a click re-renders the group", async () => {
    await watchedChannel();
    for (let i = 1; i <= 5; i++) await addAccount(h.db, h.clock.now, `Account ${i}`, { touchDaysAgo: 35 + i });
    await h.kw.scan();
    expect(await h.kw.deliver()).toMatchObject({ sent: 5 });
    const posts = nudgePosts();
    expect(posts).toHaveLength(1);
    const ids = (posts[0].body.metadata as { event_payload: { nudge_ids: number[] } }).event_payload.nudge_ids;
    expect(ids).toHaveLength(5);
    expect(blockText(posts[0].body.blocks)).toContain("5 accounts need attention");
    const acks = elements(posts[0].body).filter((e) => e.action_id === "nudge.ack").map((e) => Number(e.value));
    expect(acks.sort()).toEqual([...ids].sort());

    const group = stored(h.fake.messages[0].ts);
    await h.click(group, "nudge.ack", { value: String(ids[2]) });
    const [update] = await h.fake.waitForCount("chat.update", 1);
    expect(update.body.ts).toBe(group.ts);
    expect((update.body.metadata as { event_payload: { nudge_ids: number[] } }).event_payload.nudge_ids).toEqual(ids);
    expect(blockText(update.body.blocks).match(/✅ Acknowledged by Mia Manager/g)).toHaveLength(1);
    expect(elements(update.body).filter((e) => e.action_id === "nudge.ack").map((e) => Number(e.value)).sort()).toEqual(ids.filter((id) => id !== ids[2]).sort());
  });

  it("nudges by DM go to the person's user id, and updates reach the DM channel Slack answered with", async () => {
    const rita = await h.db.person.create({ data: { name: "Rita Rep", email: RITA.email!, role: "rep", slackUserId: RITA.id } });
    await h.responseTo((await h.slash("/keepwarm", "dm on", { user: RITA })).responseUrl);
    const accountId = await addAccount(h.db, h.clock.now, "Acme Corp", { touchDaysAgo: 35, ownerId: rita.id });
    await h.kw.scan();
    await h.kw.deliver();
    const [post] = nudgePosts();
    expect(post.body.channel).toBe(RITA.id);
    const dm = h.fake.messages[0];
    expect(dm.channel).toBe("D-RITA");
    await h.responseTo((await h.slash("/keepwarm", `ack ${(await nudgeOf(accountId)).id}`, { user: RITA })).responseUrl);
    await h.kw.deliver();
    expect(h.fake.callsTo("chat.update")[0].body).toMatchObject({ channel: "D-RITA", ts: dm.ts });
  });

  it("App Home: publishes the person's open nudges; acting there re-publishes it", async () => {
    const mia = await h.db.person.create({ data: { name: "Mia Manager", email: MIA.email!, role: "manager", slackUserId: MIA.id } });
    const accountId = await addAccount(h.db, h.clock.now, "Acme Corp", { touchDaysAgo: 35, ownerId: mia.id });
    await h.kw.scan();
    const nudge = await nudgeOf(accountId);
    expect((await h.event({ type: "app_home_opened", user: MIA.id, channel: "D-MIA", tab: "home", event_ts: "1" })).status).toBe(200);
    const [publish] = await h.fake.waitForCount("views.publish", 1);
    expect(publish.body).toMatchObject({ user_id: MIA.id, view: { type: "home" } });
    const home = publish.body.view as { blocks: unknown };
    expect(blockText(home.blocks)).toContain("Your open nudges (1)");
    expect(elements(home).find((e) => e.action_id === "nudge.ack")?.value).toBe(String(nudge.id));
    // Each of their accounts with its health score and what costs it points.
    expect(blockText(home.blocks)).toMatch(/Acme Corp\*.*\n.*Health \d+\/100 \(contact −\d+/);

    await h.interact({
      type: "block_actions", user: { id: MIA.id, name: MIA.name }, team: { id: "T1" }, api_app_id: "A1", token: "legacy", trigger_id: "t-home",
      container: { type: "view", view_id: "V-HOME" }, view: { id: "V-HOME", type: "home" },
      actions: [{ type: "button", action_id: "nudge.ack", block_id: "b", value: String(nudge.id), action_ts: "1" }],
    });
    const [, again] = await h.fake.waitForCount("views.publish", 2);
    expect(blockText((again.body.view as { blocks: unknown }).blocks)).toContain("Your open nudges (0)");
    expect((await nudgeOf(accountId)).status).toBe("acknowledged");
    expect(h.fake.callsTo("chat.update")).toEqual([]);
  });

  it("a click on a nudge resolved meanwhile tells the person and brings the message up to date", async () => {
    const { nudge, message } = await postedNudge();
    await h.kw.command('touch "Acme Corp" call', { personId: null, name: "CLI", role: "admin", platform: "console" }, "cli");
    await h.click(message, "nudge.ack", { value: String(nudge.id) });
    const told = await h.fake.waitFor((c) => c.method === "response" && c.path.startsWith("/response/act-"));
    expect(blockText(told.body.blocks)).toContain("already resolved");
    const [update] = await h.fake.waitForCount("chat.update", 1);
    expect(blockText(update.body.blocks)).toContain("✔️ Resolved");
  });
});

