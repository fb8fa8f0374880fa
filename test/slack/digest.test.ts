// The manager digest in Slack: scheduled by slash command, posted at the channel's local time in
// Block Kit, and "See all" answering with the full lists; ephemeral nudge lists with working buttons.
import { describe, expect, it } from "vitest";
import { enqueueDueDigests } from "../../src/scheduler/digestJob.js";
import { perTest } from "../fixtures/perTest.js";
import { addAccount } from "../fixtures/seed.js";
import { blockText, CHANNEL, MIA, slackHarness } from "../fixtures/slack.js";

// The digest as Slack shows it; the noise budget (tested in test/delivery/noiseBudget.test.ts) would add its held list.
const h = perTest(() => slackHarness("sqlite", { policy: { posting: { postsPerOwnerPerDay: null } } }));

describe("the digest in Slack", () => {
  it("goes out at 09:00 in the channel's zone; See all answers with every item, for the person who asked", async () => {
    await h.responseTo((await h.slash("/keepwarm", "watch all")).responseUrl);
    const scheduled = await h.responseTo((await h.slash("/keepwarm", "digest daily 09:00")).responseUrl);
    expect(blockText(scheduled.body.blocks)).toContain("daily digest every day at 09:00 (Europe/Paris)");
    for (let i = 1; i <= 12; i++) await addAccount(h.db, h.clock.now, `Account ${String(i).padStart(2, "0")}`, { touchDaysAgo: 35 + i });
    await h.kw.scan();
    await h.kw.deliver();
    const before = h.fake.callsTo("chat.postMessage").length;

    h.clock.set("2026-11-26T07:59:00Z");
    expect(await enqueueDueDigests(h.db, h.clock.now, h.kw.log)).toBe(0);
    h.clock.set("2026-11-26T08:00:00Z"); // 09:00 in Paris
    expect(await enqueueDueDigests(h.db, h.clock.now, h.kw.log)).toBe(1);
    expect(await h.kw.deliver()).toMatchObject({ sent: 1 });

    const posts = h.fake.callsTo("chat.postMessage").slice(before);
    expect(posts).toHaveLength(1);
    const digest = posts[0];
    expect(digest.body).toMatchObject({ channel: CHANNEL.id, metadata: { event_type: "keepwarm_message", event_payload: { delivery_key: expect.stringMatching(/^digest:/) } } });
    const text = blockText(digest.body.blocks);
    expect(text).toContain("Daily digest · account-team");
    expect(text).toContain("*Open nudges*\n12");
    expect(text).toContain("_…and 2 more_");
    const listed = [...text.matchAll(/Account \d\d/g)].map((m) => m[0]);
    expect(new Set(listed).size).toBe(10); // the list was cut at 10

    const posted = h.fake.messages.find((m) => m.ts && m.metadata?.event_type === "keepwarm_message")!;
    await h.click(posted, "digest.all", {});
    const full = await h.fake.waitFor((c) => c.method === "response" && c.path.startsWith("/response/act-"));
    expect(full.body).toMatchObject({ response_type: "ephemeral", replace_original: false });
    const all = blockText(full.body.blocks);
    for (let i = 1; i <= 12; i++) expect(all).toContain(`Account ${String(i).padStart(2, "0")}`);
    expect(all).not.toContain("more_");
    expect(JSON.stringify(full.body.blocks)).not.toContain("digest.all");
  });
});

describe("nudges listed in an ephemeral reply", () => {
  it("their buttons work; the answer is a fresh ephemeral showing the nudge as it stands", async () => {
    await addAccount(h.db, h.clock.now, "Acme Corp", { touchDaysAgo: 35 });
    await h.kw.scan();
    const list = await h.responseTo((await h.slash("/keepwarm", "nudges all")).responseUrl);
    const ack = (list.body.blocks as { type: string; elements?: { action_id: string; value: string }[] }[])
      .flatMap((b) => b.elements ?? [])
      .find((e) => e.action_id === "nudge.ack")!;
    const responseUrl = h.fake.responseUrl("ephemeral-click");
    await h.interact({
      type: "block_actions", user: { id: MIA.id, name: MIA.name }, team: { id: "T1" }, api_app_id: "A1", token: "legacy", trigger_id: "t-eph",
      channel: { id: CHANNEL.id, name: CHANNEL.name }, container: { type: "message", message_ts: "1.2", channel_id: CHANNEL.id, is_ephemeral: true },
      response_url: responseUrl, actions: [{ type: "button", action_id: "nudge.ack", block_id: "b", value: ack.value, action_ts: "1" }],
    });
    const answer = await h.responseTo(responseUrl);
    expect(answer.body).toMatchObject({ response_type: "ephemeral", replace_original: false });
    expect(blockText(answer.body.blocks)).toContain("✅ Acknowledged by Mia Manager");
    expect((await h.db.nudge.findFirstOrThrow()).status).toBe("acknowledged");
    expect(h.fake.callsTo("chat.update")).toEqual([]); // an ephemeral message cannot be edited by the bot
  });
});
