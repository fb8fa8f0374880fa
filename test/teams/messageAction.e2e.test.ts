// "Log as touchpoint" on a Teams message, end to end: the message extension's fetchTask invoke gets a
// dialog with the touch form prefilled from the message; submitAction logs it through the touch form
// (or shows the form again with the error under its field); a message it cannot read is explained.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { linkSharedChannel } from "../../src/activity/sharedChannels.js";
import { DB_KINDS } from "../fixtures/db.js";
import { perTest } from "../fixtures/perTest.js";
import { addAccount } from "../fixtures/seed.js";
import { snapshotDb } from "../fixtures/snapshot.js";
import { adaptiveCardProblems, cardText, findSubmit, startTeamsRig, type TeamsRig } from "../fixtures/teams.js";
import { ALICE, BOT, CHANNEL, LEO, TEAM, TENANT } from "../fixtures/teamsActivities.js";

const POSTED_AT = "2026-11-25T09:30:00.000Z";
const CUSTOMER = { id: "c0570000-0000-4000-8000-00000000c0de", displayName: "Carla Customer", userIdentityType: "federatedUser" };

/** A message in the channel as Teams describes it to a message action. */
const MESSAGE_REF = `teams:${CHANNEL.id}:1764063000000`;
const messagePayload = (extra: Record<string, unknown> = {}) => ({
  id: "1764063000000", messageType: "message", createdDateTime: POSTED_AT, importance: "normal", locale: "en-us",
  from: { user: CUSTOMER },
  body: { contentType: "html", content: "<p>Hi team,&nbsp;can <b>Acme&nbsp;Corp</b> get SSO</p><p>before the renewal? &lt;urgent&gt; &amp; thanks</p>" },
  ...extra,
});

/** The invoke Teams posts for the message action, in the channel the message is in. */
function invoke(rig: TeamsRig, name: "composeExtension/fetchTask" | "composeExtension/submitAction", value: Record<string, unknown>) {
  const activity = {
    id: `act-${randomUUID().slice(0, 8)}`, type: "invoke", name, channelId: "msteams", serviceUrl: rig.connector.serviceUrl, locale: "en-US", localTimezone: "Europe/Paris",
    timestamp: new Date().toISOString(), from: ALICE, recipient: BOT,
    conversation: { id: `${CHANNEL.id};messageid=1764063000000`, conversationType: "channel", tenantId: TENANT, isGroup: true },
    channelData: { team: TEAM, channel: { id: CHANNEL.id }, tenant: { id: TENANT } },
    value: { commandId: "logTouchpoint", commandContext: "message", context: { theme: "default" }, ...value },
  };
  return rig.send(activity).then(async (res) => ({ status: res.status, body: (await res.json()) as Record<string, any> }));
}

/** The dialog's card, checked by Microsoft's parser, and its inputs by id. */
function dialogOf(body: Record<string, any>) {
  expect(body.task.type).toBe("continue");
  const card = body.task.value.card.content;
  expect(adaptiveCardProblems(card)).toEqual([]);
  const inputs: Record<string, Record<string, any>> = Object.fromEntries((card.body as Record<string, any>[]).filter((e) => e.type.startsWith("Input.")).map((e) => [e.id, e]));
  return { card, inputs, data: findSubmit(card, "Log it").data as Record<string, string> };
}

describe.each(DB_KINDS)("Teams message action on %s", (kind) => {
  const rig = perTest(() => startTeamsRig(kind));

  it("fetchTask opens the touch form prefilled from the message, and stores nothing", async () => {
    await addAccount(rig.db, rig.clock.now, "Acme Corp", { touchDaysAgo: 35 });
    const before = await snapshotDb(rig.db);
    const { status, body } = await invoke(rig, "composeExtension/fetchTask", { messagePayload: messagePayload() });
    expect(status).toBe(200);
    expect(body.task.value.title).toBe("Log as touchpoint");
    const { inputs, data } = dialogOf(body);
    expect(Object.keys(inputs)).toEqual(["accountName", "kind", "direction", "note", "date"]);
    expect(inputs.accountName.value).toBe("Acme Corp");
    expect(inputs.kind.value).toBe("message");
    expect(inputs.direction.value).toBe("inbound");
    expect(inputs.note.value).toBe("Hi team, can Acme Corp get SSO before the renewal? <urgent> & thanks");
    expect(inputs.date.value).toBe("2026-11-25");
    expect(data).toEqual({ postedAt: POSTED_AT, messageRef: MESSAGE_REF, contact: "Carla Customer" });
    expect(await snapshotDb(rig.db)).toEqual(before);
  });

  it("a colleague's message: we reached out, and the colleague is who touched", async () => {
    const leo = await rig.db.person.create({ data: { name: "Leo Park", teamsUserId: LEO.aadObjectId } });
    const payload = messagePayload({ from: { user: { id: LEO.aadObjectId, displayName: "Leo P.", userIdentityType: "aadUser" } }, body: { contentType: "text", content: "sent the quote" } });
    const { inputs, data } = dialogOf((await invoke(rig, "composeExtension/fetchTask", { messagePayload: payload })).body);
    expect(inputs.direction.value).toBe("outbound");
    expect(inputs.note.value).toBe("sent the quote");
    expect(inputs.accountName.value).toBeUndefined(); // no account named: typed by the person
    expect(data).toEqual({ postedAt: POSTED_AT, messageRef: MESSAGE_REF, byPerson: leo.id });
  });

  it("in a channel linked to an account (link <account> here), that account is the guess", async () => {
    await addAccount(rig.db, rig.clock.now, "Acme Corp");
    const initech = await addAccount(rig.db, rig.clock.now, "Initech");
    await linkSharedChannel(rig.db, { platform: "teams", channelId: CHANNEL.id, teamId: TEAM.id, accountId: initech, linkedById: null });
    const { inputs } = dialogOf((await invoke(rig, "composeExtension/fetchTask", { messagePayload: messagePayload() })).body);
    expect(inputs.accountName.value).toBe("Initech"); // though the text names Acme Corp
  });

  it("submitAction logs the touch at the message's time and resolves the account's stale-contact nudge", async () => {
    const acme = await addAccount(rig.db, rig.clock.now, "Acme Corp", { touchDaysAgo: 35 });
    await rig.kw.scan();
    const { inputs, data } = dialogOf((await invoke(rig, "composeExtension/fetchTask", { messagePayload: messagePayload() })).body);
    const typed = Object.fromEntries(Object.entries(inputs).map(([id, input]) => [id, input.value ?? ""]));

    const { status, body } = await invoke(rig, "composeExtension/submitAction", { data: { ...data, ...typed }, messagePayload: messagePayload() });
    expect(status).toBe(200);
    expect(body.task).toEqual({ type: "message", value: expect.stringContaining("Logged a message with Acme Corp (the customer reached out) on 25 Nov 2026") });
    expect(body.task.value).toContain("That cleared 1 nudge.");
    const touch = await rig.db.touchpoint.findFirstOrThrow({ where: { accountId: acme } });
    expect(touch).toMatchObject({ kind: "message", direction: "inbound", source: "teams", contactName: "Carla Customer", byName: ALICE.name, summary: typed.note });
    expect(touch.occurredAt.toISOString()).toBe(POSTED_AT);
    expect((await rig.db.nudge.findFirstOrThrow({ where: { accountId: acme } })).status).toBe("resolved");
  });

  it("a submission with a bad field gets the form back, as typed, with the error under that field, and stores nothing", async () => {
    await addAccount(rig.db, rig.clock.now, "Acme Corp", { touchDaysAgo: 35 });
    await rig.kw.chatActor({ platform: "teams", userId: ALICE.aadObjectId, name: ALICE.name }); // Alice is known from here on, as after any first use
    const before = await snapshotDb(rig.db);
    const values = { postedAt: POSTED_AT, messageRef: MESSAGE_REF, contact: "Carla Customer", accountName: "Initech", kind: "message", direction: "inbound", note: "asked about SSO", date: "2026-11-25" };
    const { card, inputs, data } = dialogOf((await invoke(rig, "composeExtension/submitAction", { data: values })).body);
    expect(inputs.accountName.value).toBe("Initech");
    expect(inputs.note.value).toBe("asked about SSO");
    const body = card.body as Record<string, any>[];
    const error = body[body.findIndex((e) => e.id === "accountName") + 1];
    expect(error).toMatchObject({ type: "TextBlock", color: "Attention", text: expect.stringContaining('No account matches "Initech"') });
    expect(data).toEqual({ postedAt: POSTED_AT, messageRef: MESSAGE_REF, contact: "Carla Customer" }); // still carried for the next try

    const future = dialogOf((await invoke(rig, "composeExtension/submitAction", { data: { ...values, accountName: "Acme Corp", date: "2027-01-10" } })).body);
    expect(cardText(future.card)).toMatch(/future/);
    expect(await snapshotDb(rig.db)).toEqual(before);
  });

  it("a message without text, or written by an app, is explained instead of opening the form", async () => {
    const before = await snapshotDb(rig.db);
    const empty = await invoke(rig, "composeExtension/fetchTask", { messagePayload: messagePayload({ body: { contentType: "html", content: "<p> </p>" } }) });
    expect(empty.body.task).toEqual({ type: "message", value: expect.stringContaining("I can't read that message") });
    const missing = await invoke(rig, "composeExtension/fetchTask", {});
    expect(missing.body.task.value).toContain("I can't read that message");
    const fromApp = await invoke(rig, "composeExtension/fetchTask", { messagePayload: messagePayload({ from: { application: { id: "app-1", displayName: "CI", applicationIdentityType: "bot" } } }) });
    expect(fromApp.body.task.value).toContain("I can't tell who wrote that message");
    expect(await snapshotDb(rig.db)).toEqual(before);
  });
});
