// A Teams channel (or group chat) with the customer's people in it, linked with `@Keepwarm link
// <account> here`: with resource-specific consent Teams sends every message; a guest's or another
// tenant's are inbound touches, a member's outbound, coalesced to one per direction and hour; the bot
// answers none of them; a message that mentions it is still a command. Real server, real activities.
import { describe, expect, it } from "vitest";
import { DB_KINDS } from "../fixtures/db.js";
import { perTest } from "../fixtures/perTest.js";
import { addAccount } from "../fixtures/seed.js";
import { snapshotDb } from "../fixtures/snapshot.js";
import { cardOf, cardText, startTeamsRig, type TeamsRig } from "../fixtures/teams.js";
import { ALICE, CHANNEL, TENANT, channelMessage, type TeamsUser } from "../fixtures/teamsActivities.js";

const GUEST: TeamsUser = { id: "29:wile-guest", name: "Wile E. Coyote", aadObjectId: "9e000000-0000-4000-8000-00000000000a" };
const EXTERNAL: TeamsUser = { id: "29:road-runner", name: "Road Runner", aadObjectId: "7a000000-0000-4000-8000-00000000000b" };
const GROUP_CHAT = { id: "19:acme-and-us@thread.v2", conversationType: "groupChat", tenantId: TENANT, isGroup: true };

/** A message someone wrote in the channel, not to the bot (no mention), at `iso`. */
function chatter(rig: TeamsRig, from: TeamsUser, iso: string, extra: Record<string, unknown> = {}) {
  const a = channelMessage(rig.connector.serviceUrl, "", { from });
  return { ...a, text: "<p>Can we move the renewal call?</p>", entities: [], timestamp: iso, ...extra };
}

const inGroupChat = (a: Record<string, any>) => ({ ...a, conversation: GROUP_CHAT, channelData: { tenant: { id: TENANT } } });

const sharedTouches = (rig: TeamsRig) => rig.db.touchpoint.findMany({ where: { source: "teams-channel" }, orderBy: [{ occurredAt: "asc" }, { direction: "asc" }] });

describe.each(DB_KINDS)("a customer's shared Teams channel (%s)", (kind) => {
  const rig = perTest(() => startTeamsRig(kind));

  async function linkedAcme(link: Record<string, any> = channelMessage(rig.connector.serviceUrl, 'link "Acme Corp" here')) {
    rig.connector.members.set(ALICE.id, { ...ALICE, userRole: "user", tenantId: TENANT });
    rig.connector.members.set(GUEST.id, { ...GUEST, userRole: "guest", tenantId: TENANT }); // a guest account in our tenant
    rig.connector.members.set(EXTERNAL.id, { ...EXTERNAL, userRole: "user", tenantId: "tenant-acme" }); // someone of the customer's own tenant
    const acme = await addAccount(rig.db, rig.clock.now, "Acme Corp", { touchDaysAgo: 35 });
    await rig.kw.scan();
    expect((await rig.send(link)).status).toBe(200);
    const reply = rig.connector.replies().find((c) => c.activityId === link.id)!;
    expect(cardText(cardOf(reply))).toContain("This channel is now **Acme Corp**'s shared channel.");
    return acme;
  }

  it("a guest's and another tenant's messages are one inbound touch an hour, a member's one outbound; none is answered; the stale-contact nudge resolves", async () => {
    const acme = await linkedAcme();
    expect(await rig.db.sharedChannel.findMany({ select: { platform: true, channelId: true, accountId: true } })).toEqual([{ platform: "teams", channelId: CHANNEL.id, accountId: acme }]);
    const sent = rig.connector.calls.length;

    for (const a of [
      chatter(rig, GUEST, "2026-11-25T14:05:00Z"),
      chatter(rig, ALICE, "2026-11-25T14:10:00Z"),
      chatter(rig, EXTERNAL, "2026-11-25T14:20:00Z"),
      chatter(rig, GUEST, "2026-11-25T14:30:00Z"),
    ]) expect((await rig.send(a)).status).toBe(200);

    const touches = await sharedTouches(rig);
    expect(touches.map((t) => ({ kind: t.kind, direction: t.direction, at: t.occurredAt.toISOString(), byName: t.byName, contact: t.contactName, summary: t.summary }))).toEqual([
      { kind: "message", direction: "inbound", at: "2026-11-25T14:05:00.000Z", byName: null, contact: GUEST.name, summary: "The customer wrote in the shared Teams channel" },
      { kind: "message", direction: "outbound", at: "2026-11-25T14:10:00.000Z", byName: ALICE.name, contact: null, summary: "We wrote in the shared Teams channel" },
    ]);
    expect(rig.connector.calls.slice(sent).filter((c) => c.method === "POST")).toEqual([]); // the bot said nothing
    expect((await rig.db.nudge.findFirstOrThrow({ where: { accountId: acme, rule: "staleContact" } })).status).toBe("resolved");
    // Each sender was looked up once (then remembered); nobody became a Person by writing in the channel.
    expect(rig.connector.memberLookups).toEqual(expect.arrayContaining([EXTERNAL.id, GUEST.id]));
    expect(rig.connector.memberLookups.filter((id) => id === GUEST.id)).toHaveLength(1);
    expect(await rig.db.person.count({ where: { teamsUserId: { in: [GUEST.aadObjectId, EXTERNAL.aadObjectId] } } })).toBe(0);

    rig.clock.advanceHours(1);
    await rig.send(chatter(rig, EXTERNAL, "2026-11-25T15:20:00Z"));
    expect((await sharedTouches(rig)).map((t) => [t.direction, t.occurredAt.toISOString(), t.contactName])).toEqual([
      ["inbound", "2026-11-25T14:05:00.000Z", GUEST.name],
      ["outbound", "2026-11-25T14:10:00.000Z", null],
      ["inbound", "2026-11-25T15:20:00.000Z", EXTERNAL.name],
    ]);
  });

  it("a message that mentions the bot is a command, not a touch; the same activity delivered twice writes one touch", async () => {
    await linkedAcme();
    const command = channelMessage(rig.connector.serviceUrl, "nudges all");
    await rig.send(command);
    expect(rig.connector.replies().filter((c) => c.activityId === command.id)).toHaveLength(1);
    expect(await sharedTouches(rig)).toEqual([]);

    const twice = chatter(rig, GUEST, "2026-11-25T14:05:00Z");
    await rig.send(twice);
    const before = await snapshotDb(rig.db);
    await rig.send(twice);
    expect(await snapshotDb(rig.db)).toEqual(before);
    expect((await sharedTouches(rig)).length).toBe(1);
  });

  it("works the same in a group chat linked with `link … here`", async () => {
    const link = inGroupChat(channelMessage(rig.connector.serviceUrl, 'link "Acme Corp" here'));
    const acme = await linkedAcme(link);
    expect(await rig.db.sharedChannel.findFirstOrThrow({ where: { platform: "teams" } })).toMatchObject({ channelId: GROUP_CHAT.id, accountId: acme });
    await rig.send(inGroupChat(chatter(rig, GUEST, "2026-11-25T14:05:00Z")));
    await rig.send(inGroupChat(chatter(rig, ALICE, "2026-11-25T14:06:00Z")));
    expect((await sharedTouches(rig)).map((t) => t.direction)).toEqual(["inbound", "outbound"]);
  });

  it("a message in a conversation nobody linked stores nothing and gets no answer", async () => {
    await linkedAcme();
    const before = await snapshotDb(rig.db);
    const sent = rig.connector.calls.length;
    expect((await rig.send(inGroupChat(chatter(rig, GUEST, "2026-11-25T14:05:00Z")))).status).toBe(200);
    expect(await snapshotDb(rig.db)).toEqual(before);
    expect(rig.connector.calls.slice(sent)).toEqual([]);
    expect(rig.connector.memberLookups.filter((id) => id === GUEST.id)).toEqual([]); // whose side was never asked
  });
});
