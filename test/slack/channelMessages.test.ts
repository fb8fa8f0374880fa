// Which `message` events are a person's message, and whose side wrote it; and the coalescing windows.
import { describe, expect, it } from "vitest";
import { sharedChannelKey, windowStart } from "../../src/activity/sharedChannelMessages.js";
import { channelMessageOf } from "../../src/slack/channelMessages.js";
import { customerMessage, envelope, ourMessage, tsAt } from "../fixtures/sharedChannel.js";

const body = (event: Record<string, unknown>) => JSON.parse(envelope(event)) as Record<string, unknown>;
const read = (event: Record<string, unknown>, outer = body(event)) => channelMessageOf(outer, event, "UBOT");
const AT = "2026-11-25T14:05:00Z";

describe("channelMessageOf", () => {
  it.each([
    ["a plain message by the customer", customerMessage(AT), "customer"],
    ["a thread reply by the customer", customerMessage(AT, { thread_ts: tsAt("2026-11-25T14:00:00Z") }), "customer"],
    ["a thread reply also sent to the channel", ourMessage(AT, "U-RITA", { subtype: "thread_broadcast" }), "ours"],
    ["a message with a file", ourMessage(AT, "U-RITA", { subtype: "file_share" }), "ours"],
    ["ours, in a private channel", ourMessage(AT, "U-RITA", { channel: "G1", channel_type: "group" }), "ours"],
    ["the customer, known by user_profile.team alone", customerMessage(AT, { user_team: undefined, team: undefined }), "customer"],
    ["the customer, known by team alone", customerMessage(AT, { user_team: undefined, user_profile: undefined }), "customer"],
  ])("%s is a person's message (%s side)", (_what, event, side) => {
    expect(read(event)).toMatchObject({ side, channelId: event.channel, ts: event.ts, occurredAt: new Date(AT) });
  });

  it.each([
    ["a bot's message", customerMessage(AT, { subtype: "bot_message", bot_id: "B1", user: undefined })],
    ["an app's message with a user", customerMessage(AT, { bot_id: "B1" })],
    ["our own bot", ourMessage(AT, "UBOT")],
    ["an edit", customerMessage(AT, { subtype: "message_changed", user: undefined })],
    ["a deletion", customerMessage(AT, { subtype: "message_deleted", user: undefined })],
    ["a join", customerMessage(AT, { subtype: "channel_join" })],
    ["a leave", customerMessage(AT, { subtype: "channel_leave" })],
    ["a topic change", ourMessage(AT, "U-RITA", { subtype: "channel_topic" })],
    ["a direct message", ourMessage(AT, "U-RITA", { channel: "D1", channel_type: "im" })],
    ["a malformed ts", customerMessage(AT, { ts: "yesterday" })],
    ["not a message", { type: "reaction_added", user: "U-WILE" }],
  ])("%s is not", (_what, event) => {
    expect(read(event)).toBeNull();
  });

  it("our workspace is the installation's (authorizations), not the outer team_id of a channel the customer hosts", () => {
    const event = ourMessage(AT, "U-RITA");
    expect(read(event)?.side).toBe("ours"); // outer team_id is T-CUSTOMER in the envelope
    const withoutAuthorizations = { ...body(event), authorizations: undefined, team_id: "T1" };
    expect(read(event, withoutAuthorizations)?.side).toBe("ours");
    expect(read(customerMessage(AT), withoutAuthorizations)?.side).toBe("customer");
  });

  it("keeps the customer's name from the profile Slack adds", () => {
    expect(read(customerMessage(AT))?.authorName).toBe("Wile E. Coyote");
    expect(read(ourMessage(AT, "U-RITA"))?.authorName).toBeNull();
  });
});

describe("windowStart", () => {
  it.each([
    ["2026-11-25T14:05:00Z", 60, "2026-11-25T14:00:00.000Z"],
    ["2026-11-25T14:59:59.999Z", 60, "2026-11-25T14:00:00.000Z"],
    ["2026-11-25T15:00:00Z", 60, "2026-11-25T15:00:00.000Z"],
    ["2026-11-25T14:44:00Z", 15, "2026-11-25T14:30:00.000Z"],
    ["2026-11-25T23:59:00Z", 1440, "2026-11-25T00:00:00.000Z"],
    // 7 hours do not divide a day: windows restart at midnight UTC (the last one, 21:00–24:00, is shorter).
    ["2026-11-25T23:30:00Z", 420, "2026-11-25T21:00:00.000Z"],
    ["2026-11-26T00:10:00Z", 420, "2026-11-26T00:00:00.000Z"],
  ])("%s in windows of %i minutes starts at %s", (at, minutes, start) => {
    expect(windowStart(new Date(at), minutes).toISOString()).toBe(start);
  });

  it("keys a window by account, direction and start", () => {
    expect(sharedChannelKey("acc1", "inbound", new Date("2026-11-25T14:00:00Z"))).toBe("shared:acc1:inbound:2026-11-25T14:00:00.000Z");
  });
});
