// Teams end to end: the real server, Bot Framework activities posted to /api/messages, and a loopback
// fake of the Bot Connector recording what the bot sent back.
import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { findCommand } from "../../src/commands/registry.js";
import { GREETING_COMMANDS } from "../../src/teams/greeting.js";
import { perTest, replaceFixture } from "../fixtures/perTest.js";
import { addAccount } from "../fixtures/seed.js";
import { snapshotDb } from "../fixtures/snapshot.js";
import { adaptiveCardProblems, cardOf, cardText, findSubmit, startTeamsRig } from "../fixtures/teams.js";
import { ALICE, CHANNEL, LEO, TEAM, TENANT, channelMessage, installActivity, mentionOf, personalConversation, personalMessage, submitActivity } from "../fixtures/teamsActivities.js";

const rig = perTest(() => startTeamsRig());

/** The one card the bot sent in reply to `activity` (POST …/activities/{activity.id}). */
function replyTo(activity: Record<string, any>) {
  const replies = rig.connector.replies().filter((c) => c.activityId === activity.id);
  expect(replies, "exactly one reply").toHaveLength(1);
  const card = cardOf(replies[0]);
  expect(adaptiveCardProblems(card)).toEqual([]);
  return { call: replies[0], card, text: cardText(card) };
}

describe("Teams bot", () => {
  it("greets a team it is added to with a short card of commands, and stores nothing", async () => {
    const install = installActivity(rig.connector.serviceUrl, "team");
    expect((await rig.send(install)).status).toBe(200);
    const { call, text } = replyTo(install);
    expect(call.conversationId).toBe(TEAM.id);
    expect(text).toMatch(/Keepwarm is here/);
    expect(text).toContain("@Keepwarm watch all");
    expect((await snapshotDb(rig.db)).counts).toMatchObject({ bindings: 0, people: 0 });
  });

  it("greets a personal chat with how to get nudges there", async () => {
    const install = installActivity(rig.connector.serviceUrl, "personal");
    await rig.send(install);
    const { call, text } = replyTo(install);
    expect(call.conversationId).toBe(personalConversation().id);
    expect(text).toContain("dm on");
    expect(text).not.toContain("@Keepwarm watch all");
  });

  it("suggests only real commands in its greeting", () => {
    expect(GREETING_COMMANDS.filter((c) => !findCommand(c))).toEqual([]);
  });

  it("runs a command typed in a channel: mention stripped, core command language, reply card in the thread", async () => {
    const acme = await addAccount(rig.db, rig.clock.now, "Acme Corp", { touchDaysAgo: 20 });
    const msg = channelMessage(rig.connector.serviceUrl, 'touch "Acme Corp" call QBR prep');
    expect((await rig.send(msg)).status).toBe(200);

    const { call, text } = replyTo(msg);
    expect(call.conversationId).toBe(msg.conversation.id); // the thread of the command
    expect(call.body).toMatchObject({ type: "message", replyToId: msg.id, summary: "Logged a call with Acme Corp: QBR prep" });
    expect(text).toContain("Logged a **call** with **Acme Corp**: QBR prep");
    const [touch] = await rig.db.touchpoint.findMany({ where: { accountId: acme } });
    expect(touch).toMatchObject({ kind: "call", summary: "QBR prep", source: "teams", byName: ALICE.name });
    const person = await rig.db.person.findFirstOrThrow({ where: { teamsUserId: ALICE.aadObjectId } });
    expect(touch.byPersonId).toBe(person.id);
  });

  it("answers bad input with a usage card and writes nothing", async () => {
    await addAccount(rig.db, rig.clock.now, "Acme Corp", { touchDaysAgo: 20 });
    await rig.send(personalMessage(rig.connector.serviceUrl, "help")); // Alice is known from here on
    const before = await snapshotDb(rig.db);

    const bad = channelMessage(rig.connector.serviceUrl, 'touch "Acme Corp" telepathy');
    expect((await rig.send(bad)).status).toBe(200);
    const { text } = replyTo(bad);
    expect(text).toMatch(/⚠️/);
    expect(text).toContain("Usage: **touch <account> <kind> [note] [--on DATE] [--with CONTACT] [--direction in|out]**");
    expect(await snapshotDb(rig.db)).toEqual(before);
  });

  it("takes plain text in a personal chat, without a mention", async () => {
    await addAccount(rig.db, rig.clock.now, "Acme Corp", { touchDaysAgo: 50 });
    await rig.kw.scan();
    const msg = personalMessage(rig.connector.serviceUrl, "nudges all");
    await rig.send(msg);
    const { card, text } = replyTo(msg);
    expect(text).toContain("All open nudges: 1");
    expect(text).toContain("Stale contact: Acme Corp");
    // The nudge's buttons say they belong to a command's reply (so a press answers with a new card).
    expect(JSON.stringify(card)).toContain('"view":"reply"');
  });

  it("binds a channel with `watch all`, storing the conversation reference proactive posts need", async () => {
    rig.connector.channels.set(TEAM.id, [{ id: TEAM.id }, { id: CHANNEL.id, name: CHANNEL.name }]); // Teams leaves names out of messages
    const msg = channelMessage(rig.connector.serviceUrl, "watch all");
    await rig.send(msg);
    expect(replyTo(msg).text).toContain("This channel now gets every kind of nudges for **every account**.");

    const binding = await rig.db.channelBinding.findUniqueOrThrow({ where: { platform_channelId: { platform: "teams", channelId: CHANNEL.id } } });
    expect(binding).toMatchObject({ scope: "all", teamId: TEAM.id, channelName: `${TEAM.name} › ${CHANNEL.name}`, timeZone: "Europe/Paris" });
    const ref = binding.conversationRef as Record<string, any>;
    expect(ref).toMatchObject({
      channelId: "msteams",
      serviceUrl: rig.connector.serviceUrl,
      bot: { id: "28:keepwarm-bot" },
      conversation: { id: CHANNEL.id, conversationType: "channel", tenantId: TENANT },
    });
    expect(ref.activityId).toBeUndefined(); // a proactive post starts a thread of its own
    expect(ref.user).toBeUndefined();
  });

  it("turns a colleague's @mention into that person, asking Teams for their id", async () => {
    // Keepwarm knows Leo under another name than his Teams display name: only his id can match.
    const leo = await rig.db.person.create({ data: { name: "Leonardo Park", email: "leo@example.com", role: "rep", teamsUserId: LEO.aadObjectId } });
    rig.connector.members.set(LEO.id, LEO);
    const msg = channelMessage(rig.connector.serviceUrl, `watch owner <at>${LEO.name}</at>`, { mentions: [mentionOf(LEO)] });
    await rig.send(msg);
    expect(replyTo(msg).text).toContain("Leonardo Park's accounts");
    const binding = await rig.db.channelBinding.findFirstOrThrow({ where: { platform: "teams" } });
    expect(binding).toMatchObject({ scope: "owner", scopeValue: leo.id });
  });

  it("links a Teams user to the Person with their roster email on first message", async () => {
    const alice = await rig.db.person.create({ data: { name: "Alice Example", email: "alice@example.com", role: "manager" } });
    rig.connector.members.set(ALICE.id, { ...ALICE, email: "Alice@Example.com" });
    const msg = personalMessage(rig.connector.serviceUrl, "nudges mine");
    await rig.send(msg);
    expect(await rig.db.person.findUniqueOrThrow({ where: { id: alice.id } })).toMatchObject({ teamsUserId: ALICE.aadObjectId, role: "manager" });
    expect(await rig.db.person.count()).toBe(1);
  });

  it("turns on direct messages from a personal chat, binding that chat", async () => {
    const msg = personalMessage(rig.connector.serviceUrl, "dm on");
    await rig.send(msg);
    expect(replyTo(msg).text).toContain("You'll also get your accounts' nudges as direct messages.");
    const person = await rig.db.person.findFirstOrThrow({ where: { teamsUserId: ALICE.aadObjectId } });
    const binding = await rig.db.channelBinding.findFirstOrThrow({ where: { platform: "teams" } });
    expect(binding).toMatchObject({ channelId: personalConversation().id, scope: "owner", scopeValue: person.id });
    expect(binding.conversationRef).toMatchObject({ conversation: { id: personalConversation().id, conversationType: "personal" }, user: { id: ALICE.id } });
  });

  it("announces a stage change to the channel itself, as a new post", async () => {
    await addAccount(rig.db, rig.clock.now, "Acme Corp", { touchDaysAgo: 5 });
    const msg = channelMessage(rig.connector.serviceUrl, 'stage "Acme Corp" advocacy');
    await rig.send(msg);
    expect(replyTo(msg).text).toContain("**Acme Corp** moved from retention to **advocacy**.");
    const [announcement] = rig.connector.posts(CHANNEL.id);
    expect(announcement, "a post at the channel root").toBeDefined();
    const card = cardOf(announcement);
    expect(cardText(card)).toContain(`moved from retention to **advocacy** by <at>${ALICE.name}</at>`);
    expect(card.msteams.entities).toEqual([{ type: "mention", text: `<at>${ALICE.name}</at>`, mentioned: { id: ALICE.aadObjectId, name: ALICE.name } }]);
  });

  it("opens the touchpoint form for a bare `touch <account>`", async () => {
    const acme = await addAccount(rig.db, rig.clock.now, "Acme Corp", { touchDaysAgo: 5 });
    const msg = personalMessage(rig.connector.serviceUrl, 'touch "Acme Corp"');
    await rig.send(msg);
    const { card } = replyTo(msg);
    const json = JSON.stringify(card);
    expect(json).toContain(`"id":"account.touch.${acme}.kind"`);
    expect(json).toContain('"view":"form"');
    expect(await rig.db.touchpoint.count()).toBe(0);
  });

  it("opens the change-stage form for a bare `stage <account>`: a reason is asked for inline, then the move is made and announced", async () => {
    const acme = await addAccount(rig.db, rig.clock.now, "Acme Corp", { touchDaysAgo: 5 });
    const msg = channelMessage(rig.connector.serviceUrl, 'stage "Acme Corp"');
    await rig.send(msg);
    const { card } = replyTo(msg);
    const input = (field: string) => `account.stage.${acme}.${field}`;
    expect(JSON.stringify(card)).toContain(`"id":"${input("stage")}"`);
    const moveIt = findSubmit(card, "Move it");
    const at = { conversationId: CHANNEL.id, activityId: "form-card" };
    const press = async (inputs: Record<string, string>) => {
      const mark = rig.connector.calls.length;
      expect((await rig.send(submitActivity(rig.connector.serviceUrl, at, { ...moveIt.data, ...inputs }))).status).toBe(200);
      return rig.connector.since(mark);
    };

    const before = await snapshotDb(rig.db);
    const refused = (await press({ [input("stage")]: "exit" })).filter((c) => c.method === "PUT");
    expect(refused.map((c) => c.activityId)).toEqual(["form-card"]); // the form card, shown again in place
    expect(cardText(cardOf(refused[0]))).toContain("⚠️ Say why the customer is leaving.");
    expect(await snapshotDb(rig.db)).toEqual(before);

    const done = await press({ [input("stage")]: "exit", [input("reason")]: "chose a competitor" });
    expect(cardText(cardOf(done.find((c) => c.method === "PUT")!))).toContain("**Acme Corp** moved from retention to **exit**: chose a competitor");
    const [announcement] = rig.connector.posts(CHANNEL.id);
    expect(cardText(cardOf(announcement))).toContain(`moved from retention to **exit** by <at>${ALICE.name}</at>: chose a competitor`);
    expect((await rig.db.account.findUniqueOrThrow({ where: { id: acme } })).stage).toBe("exit");
  });
});

describe("Teams authentication", () => {
  const APP_ID = "0b0b0b0b-1111-4222-8333-444444444444";

  function forgedJwt(): string {
    const part = (o: object) => Buffer.from(JSON.stringify(o)).toString("base64url");
    // Not from Microsoft's issuer. (A token that claims to be needs Microsoft's signing keys, which are online.)
    const body = `${part({ alg: "HS256", typ: "JWT" })}.${part({ iss: "https://login.example.com/", aud: APP_ID, serviceurl: "http://127.0.0.1/", exp: Math.floor(Date.now() / 1000) + 600 })}`;
    return `${body}.${createHmac("sha256", "not-microsofts-key").update(body).digest("base64url")}`;
  }

  it("with MICROSOFT_APP_ID set, rejects activities without a valid Authorization header (401) and changes nothing", async () => {
    await replaceFixture(rig, () => startTeamsRig("sqlite", { env: { MICROSOFT_APP_ID: APP_ID, MICROSOFT_APP_PASSWORD: "secret", MICROSOFT_APP_TENANT_ID: "00000000-0000-0000-0000-000000000001" } }));
    await addAccount(rig.db, rig.clock.now, "Acme Corp", { touchDaysAgo: 20 });
    const before = await snapshotDb(rig.db);
    for (const headers of [{}, { authorization: "Bearer not-a-token" }, { authorization: `Bearer ${forgedJwt()}` }] as Record<string, string>[]) {
      const res = await rig.send(channelMessage(rig.connector.serviceUrl, 'touch "Acme Corp" call'), headers);
      expect(res.status).toBe(401);
    }
    expect(await snapshotDb(rig.db)).toEqual(before);
    expect(rig.connector.calls).toEqual([]);
  });

  it("in local mode (no MICROSOFT_APP_ID) the same activity is accepted", async () => {
    await addAccount(rig.db, rig.clock.now, "Acme Corp", { touchDaysAgo: 20 });
    const res = await rig.send(channelMessage(rig.connector.serviceUrl, 'touch "Acme Corp" call'));
    expect(res.status).toBe(200);
    expect(await rig.db.touchpoint.count()).toBe(1);
    expect(rig.connector.replies()[0].headers.authorization).toBeUndefined();
  });
});
