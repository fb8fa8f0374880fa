// A Slack Connect channel linked with `link <account> here`, through the real endpoint with signed
// `message` events: the customer's messages are inbound touches, ours outbound, coalesced to one per
// direction and hour; bots, edits, deletions and joins are not contact; an unlinked channel stores
// nothing; a retried event writes nothing more; the account's stale-contact nudge resolves.
import { describe, expect, it, vi } from "vitest";
import { DB_KINDS } from "../fixtures/db.js";
import { perTest } from "../fixtures/perTest.js";
import { addAccount } from "../fixtures/seed.js";
import { CUSTOMER, CUSTOMER_TEAM, customerMessage, envelope, ourMessage, postEvent, SHARED, tsAt } from "../fixtures/sharedChannel.js";
import { blockText, RITA, slackHarness, type SlackHarness } from "../fixtures/slack.js";
import { snapshotDb } from "../fixtures/snapshot.js";

const sharedTouches = (h: SlackHarness) =>
  h.db.touchpoint.findMany({ where: { source: "slack-channel" }, orderBy: [{ occurredAt: "asc" }, { direction: "asc" }] });

/** Waits until the channel's touchpoints number `n` and nothing is still being recorded. */
async function touchesSettle(h: SlackHarness, n: number) {
  await vi.waitFor(async () => expect(await h.db.touchpoint.count({ where: { source: "slack-channel" } })).toBe(n), { timeout: 5000, interval: 20 });
  await h.kw.settleSharedChannels();
  return sharedTouches(h);
}

describe.each(DB_KINDS)("a customer's shared Slack channel (%s)", (kind) => {
  const h = perTest(() => slackHarness(kind));

  /** Acme Corp, 35 days without contact (an open stale-contact nudge), linked to the shared channel by Mia. */
  async function linkedAcme() {
    const acme = await addAccount(h.db, h.clock.now, "Acme Corp", { touchDaysAgo: 35 });
    await h.kw.scan();
    expect(await h.db.nudge.findFirst({ where: { accountId: acme, rule: "staleContact", status: "open" } })).not.toBeNull();
    const { responseUrl } = await h.slash("/keepwarm", 'link "Acme Corp" here', { channel: SHARED });
    expect(blockText((await h.responseTo(responseUrl)).body.blocks)).toContain("This channel is now *Acme Corp*'s shared channel.");
    expect(await h.db.sharedChannel.findMany({ select: { platform: true, channelId: true, teamId: true, accountId: true } })).toEqual([{ platform: "slack", channelId: SHARED.id, teamId: "T1", accountId: acme }]);
    return acme;
  }

  it("the customer's messages are one inbound touch an hour and ours one outbound; bots, edits, deletions and joins don't count; the stale-contact nudge resolves", async () => {
    const acme = await linkedAcme();
    const rita = await h.db.person.create({ data: { name: "Rita Rep", email: RITA.email!, role: "rep" } });
    const people = await h.db.person.count();

    // 13:00–14:00: only what is not a person's message.
    const notContact = [
      customerMessage("2026-11-25T13:01:00Z", { subtype: "bot_message", bot_id: "B-CRM", user: undefined, username: "CRM bot" }),
      customerMessage("2026-11-25T13:02:00Z", { bot_id: "B-APP" }),
      ourMessage("2026-11-25T13:03:00Z", "UBOT"), // our own bot
      customerMessage("2026-11-25T13:04:00Z", { subtype: "message_changed", user: undefined, message: { user: CUSTOMER.id, text: "edited", ts: tsAt("2026-11-25T12:00:00Z") } }),
      customerMessage("2026-11-25T13:05:00Z", { subtype: "message_deleted", user: undefined, deleted_ts: tsAt("2026-11-25T12:00:00Z") }),
      customerMessage("2026-11-25T13:06:00Z", { subtype: "channel_join", text: "<@U-WILE> has joined the channel" }),
      ourMessage("2026-11-25T13:07:00Z", RITA.id, { subtype: "channel_leave" }),
    ];
    // 14:00–15:00: the customer twice (and once in a thread), Rita twice.
    const contact = [
      customerMessage("2026-11-25T14:05:00Z"),
      ourMessage("2026-11-25T14:10:00Z", RITA.id),
      customerMessage("2026-11-25T14:30:00Z"),
      customerMessage("2026-11-25T14:40:00Z", { thread_ts: tsAt("2026-11-25T14:05:00Z") }),
      ourMessage("2026-11-25T14:50:00Z", RITA.id, { subtype: "thread_broadcast", thread_ts: tsAt("2026-11-25T14:05:00Z") }),
    ];
    for (const event of [...notContact, ...contact]) expect((await postEvent(h, envelope(event))).status).toBe(200);

    const touches = await touchesSettle(h, 2);
    expect(touches.map((t) => ({ kind: t.kind, direction: t.direction, at: t.occurredAt.toISOString(), by: t.byPersonId, byName: t.byName, contact: t.contactName }))).toEqual([
      { kind: "message", direction: "inbound", at: "2026-11-25T14:05:00.000Z", by: null, byName: null, contact: CUSTOMER.name },
      { kind: "message", direction: "outbound", at: "2026-11-25T14:10:00.000Z", by: rita.id, byName: "Rita Rep", contact: null },
    ]);
    expect(touches.map((t) => t.summary)).toEqual(["The customer wrote in the shared Slack channel", "We wrote in the shared Slack channel"]); // never the message text
    expect(await h.db.person.count()).toBe(people); // nobody became a Person by writing in the channel
    const stale = await h.db.nudge.findFirstOrThrow({ where: { accountId: acme, rule: "staleContact" } });
    expect(stale.status).toBe("resolved");
    // The clock moved to the hour's contact (to the time of the message recorded first when two were handled at once).
    const last = (await h.db.account.findUniqueOrThrow({ where: { id: acme } })).lastCustomerTouchAt!;
    expect(last >= new Date("2026-11-25T14:10:00Z") && last <= new Date("2026-11-25T14:50:00Z"), last.toISOString()).toBe(true);

    // An hour later the customer writes again: a new inbound touch.
    h.clock.advanceHours(1);
    await postEvent(h, envelope(customerMessage("2026-11-25T15:20:00Z")));
    const later = await touchesSettle(h, 3);
    expect(later.at(-1)).toMatchObject({ direction: "inbound", occurredAt: new Date("2026-11-25T15:20:00Z") });

    const why = await h.kw.command('why "Acme Corp"', (await h.kw.cliActor()), "cli");
    expect(JSON.stringify(why.reply)).toContain("the customer's shared Slack channel");
  });

  it("a retried event (x-slack-retry-num) writes nothing more, and neither does a second delivery of the burst", async () => {
    await linkedAcme();
    const body = envelope(customerMessage("2026-11-25T14:05:00Z"), "Ev-RETRIED");
    expect((await postEvent(h, body)).status).toBe(200);
    await touchesSettle(h, 1);
    const before = await snapshotDb(h.db);
    expect((await postEvent(h, body, { "x-slack-retry-num": "1", "x-slack-retry-reason": "http_timeout" })).status).toBe(200);
    expect((await postEvent(h, body, { "x-slack-retry-num": "2", "x-slack-retry-reason": "http_timeout" })).status).toBe(200);
    // The same message from a second replica at the same moment: the window's key lets one row in.
    await Promise.all([postEvent(h, envelope(customerMessage("2026-11-25T14:06:00Z"))), postEvent(h, envelope(customerMessage("2026-11-25T14:06:00Z")))]);
    await new Promise((r) => setTimeout(r, 100));
    await h.kw.settleSharedChannels();
    expect(await snapshotDb(h.db)).toEqual(before);
  });

  it("delivered out of order, the window's touch moves to its first message", async () => {
    await linkedAcme();
    await postEvent(h, envelope(customerMessage("2026-11-25T14:30:00Z")));
    await touchesSettle(h, 1);
    await postEvent(h, envelope(customerMessage("2026-11-25T14:05:00Z")));
    await vi.waitFor(async () => expect((await sharedTouches(h))[0]?.occurredAt.toISOString()).toBe("2026-11-25T14:05:00.000Z"), { timeout: 5000, interval: 20 });
    expect(await h.db.touchpoint.count({ where: { source: "slack-channel" } })).toBe(1);
  });

  it("a message in a channel nobody linked is answered 200 and stores nothing", async () => {
    await linkedAcme();
    const before = await snapshotDb(h.db);
    const elsewhere = { ...customerMessage("2026-11-25T14:05:00Z"), channel: "C-UNLINKED" };
    expect((await postEvent(h, envelope(elsewhere))).status).toBe(200);
    expect((await postEvent(h, envelope({ ...ourMessage("2026-11-25T14:06:00Z", RITA.id), channel: "G-PRIVATE", channel_type: "group" }))).status).toBe(200);
    // A message in the linked channel after them: once it is recorded, they have been handled too.
    await postEvent(h, envelope(customerMessage("2026-11-25T14:07:00Z")));
    await touchesSettle(h, 1);
    const after = await snapshotDb(h.db);
    // Only what the linked channel's message did: its touchpoint, its author as a contact, and its nudge resolved.
    expect(after.counts).toEqual({ ...before.counts, touchpoints: before.counts.touchpoints + 1, contacts: before.counts.contacts + 1, nudgeEvents: before.counts.nudgeEvents + 1 });
    expect(await h.db.touchpoint.count({ where: { occurredAt: { lt: new Date("2026-11-25T14:07:00Z") } } })).toBe(before.counts.touchpoints);
    expect(h.fake.callsTo("users.info").filter((c) => c.body.user === RITA.id)).toEqual([]); // nobody's profile was looked up for it
  });

  it("unlink … here stops it: later messages store nothing", async () => {
    await linkedAcme();
    const { responseUrl } = await h.slash("/keepwarm", 'unlink "Acme Corp" here', { channel: SHARED });
    expect(blockText((await h.responseTo(responseUrl)).body.blocks)).toContain("This channel is no longer *Acme Corp*'s shared channel.");
    const before = await snapshotDb(h.db);
    await postEvent(h, envelope(customerMessage("2026-11-25T14:05:00Z", { user_team: CUSTOMER_TEAM })));
    await new Promise((r) => setTimeout(r, 100));
    await h.kw.settleSharedChannels();
    expect(await snapshotDb(h.db)).toEqual(before);
  });
});
