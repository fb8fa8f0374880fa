// The touch form opened on a chat message: the account guessed (the channel's link, else the longest
// account name in the text), the author as who reached out, the text as the note, the message's day;
// and the submission keeping the message's own time and author.
import { describe, expect, it } from "vitest";
import { linkSharedChannel } from "../../src/activity/sharedChannels.js";
import type { ChatMessage } from "../../src/forms/messageDraft.js";
import { messageNote } from "../../src/forms/messageDraft.js";
import { NOTE_LIMIT } from "../../src/forms/touchForm.js";
import { DB_KINDS } from "../fixtures/db.js";
import { createHarness } from "../fixtures/harness.js";
import { perTest } from "../fixtures/perTest.js";
import { addAccount } from "../fixtures/seed.js";

const message = (text: string, extra: Partial<ChatMessage> = {}): ChatMessage => ({
  platform: "slack", channelId: "C-SHARED", messageId: "1764023400.000100", text, postedAt: new Date("2026-11-24T22:30:00Z"), author: { userId: "U-CARLA", name: "Carla Customer" }, ...extra,
});

describe("messageNote", () => {
  it("collapses whitespace and cuts to what a note holds", () => {
    expect(messageNote("  two\n\nlines\t and  spaces ")).toBe("two lines and spaces");
    const long = messageNote("word ".repeat(1000));
    expect(long.length).toBeLessThanOrEqual(NOTE_LIMIT);
    expect(long.endsWith("…")).toBe(true);
  });
});

describe.each(DB_KINDS)("the draft of a message on %s", (kind) => {
  const h = perTest(() => createHarness(kind));
  const draft = (m: ChatMessage, timeZone = "UTC") => h.kw.formDraft({ message: m, timeZone });

  it.each([
    ["the longest name in the text wins", "Acme Corp and Acme both", "Acme Corp"],
    ["names match whatever their case and punctuation", "met the ACME-CORP team", "Acme Corp"],
    ["of two names as long, the first named", "Soylent then Initech", "Soylent"],
    ["a name inside a word does not count", "the acmecorp domain", null],
    ["no name: the person picks", "thanks for the call", null],
  ])("%s", async (_, text, expected) => {
    for (const name of ["Acme Corp", "Acme", "Initech", "Soylent"]) await addAccount(h.db, h.clock.now, name);
    expect((await draft(message(text)))?.account?.name ?? null).toBe(expected);
  });

  it("two accounts with the winning name: no guess", async () => {
    await addAccount(h.db, h.clock.now, "Globex");
    const twin = await h.db.account.findFirstOrThrow();
    await h.db.account.create({ data: { name: "Globex", nameKey: twin.nameKey } });
    expect((await draft(message("Globex renewal")))?.account).toBeNull();
  });

  it("the channel's linked account comes before any name in the text", async () => {
    const initech = await addAccount(h.db, h.clock.now, "Initech");
    await addAccount(h.db, h.clock.now, "Globex");
    await linkSharedChannel(h.db, { platform: "slack", channelId: "C-SHARED", teamId: null, accountId: initech, linkedById: null });
    expect((await draft(message("Globex asked about us")))?.account?.id).toBe(initech);
    expect((await draft(message("Globex asked about us", { platform: "teams" })))?.account?.name).toBe("Globex");
  });

  it("someone not ours reached out: inbound, their name carried as the contact, the day in the person's zone", async () => {
    const d = await draft(message("Can we  talk\nSSO?"), "Europe/Paris");
    expect(d).toEqual({
      form: "touch", account: null,
      values: { kind: "message", direction: "inbound", note: "Can we talk SSO?", date: "2026-11-24" },
      hidden: { postedAt: "2026-11-24T22:30:00.000Z", messageRef: "slack:C-SHARED:1764023400.000100", contact: "Carla Customer" },
    });
    expect((await draft(message("hi"), "Europe/Paris"))?.values?.date).toBe("2026-11-24");
    expect((await draft(message("hi"), "Asia/Tokyo"))?.values?.date).toBe("2026-11-25"); // 07:30 the next morning there
  });

  it("one of our people wrote it: outbound, and they are who touched; a colleague the platform vouches for, by name", async () => {
    const rita = await h.db.person.create({ data: { name: "Rita Rep", slackUserId: "U-RITA" } });
    const ours = await draft(message("sent the quote", { author: { userId: "U-RITA", name: "Rita R." } }));
    expect(ours?.values?.direction).toBe("outbound");
    expect(ours?.hidden).toEqual({ postedAt: "2026-11-24T22:30:00.000Z", messageRef: "slack:C-SHARED:1764023400.000100", byPerson: rita.id });
    const colleague = await draft(message("sent the quote", { author: { userId: "U-NEW", name: "Nina New", external: false } }));
    expect(colleague?.values?.direction).toBe("outbound");
    expect(colleague?.hidden).toEqual({ postedAt: "2026-11-24T22:30:00.000Z", messageRef: "slack:C-SHARED:1764023400.000100", byName: "Nina New" });
    // A Person's Slack id on a Teams message means nothing; an author from another organisation is never ours.
    expect((await draft(message("x", { platform: "teams", author: { userId: "U-RITA", name: "Rita" } })))?.values?.direction).toBe("inbound");
    expect((await draft(message("x", { author: { userId: "U-RITA", name: "Rita", external: true } })))?.values?.direction).toBe("inbound");
  });
});

describe("submitting the touch form opened on a message", () => {
  const h = perTest(() => createHarness("sqlite"));
  const submit = async (values: Record<string, string>) => {
    const mia = await h.kw.chatActor({ platform: "slack", userId: "U-MIA", name: "Mia Manager" });
    return h.kw.submitForm("touch", { kind: "message", direction: "inbound", note: "asked about SSO", ...values }, mia, "slack", { timeZone: "Europe/Paris" });
  };

  it("keeps the message's own time while the day picked is the message's day", async () => {
    const acme = await addAccount(h.db, h.clock.now, "Acme Corp");
    expect((await submit({ account: acme, date: "2026-11-24", postedAt: "2026-11-24T07:15:00.000Z", contact: "Carla" })).ok).toBe(true);
    expect((await submit({ account: acme, date: "2026-11-20", postedAt: "2026-11-24T07:15:00.000Z" })).ok).toBe(true);
    const touches = await h.db.touchpoint.findMany({ orderBy: { occurredAt: "desc" } });
    expect(touches.map((t) => [t.occurredAt.toISOString(), t.contactName])).toEqual([
      ["2026-11-24T07:15:00.000Z", "Carla"],
      ["2026-11-20T11:00:00.000Z", null], // another day picked: noon that day, as always
    ]);
  });

  it("takes the account by name where there is no picker, and says which name it could not place", async () => {
    const acme = await addAccount(h.db, h.clock.now, "Acme Corp");
    expect((await submit({ accountName: "acme corp" })).ok).toBe(true);
    expect((await h.db.touchpoint.findFirstOrThrow()).accountId).toBe(acme);
    const unknown = await submit({ accountName: "Initech" });
    expect(unknown).toEqual({ ok: false, errors: { accountName: expect.stringContaining('No account matches "Initech"') } });
    expect(await submit({})).toEqual({ ok: false, errors: { account: "Pick an account." } });
    expect(await h.db.touchpoint.count()).toBe(1);
  });

  it("the colleague who wrote it is who touched; an unknown person id falls back to whoever submits", async () => {
    const acme = await addAccount(h.db, h.clock.now, "Acme Corp");
    const rita = await h.db.person.create({ data: { name: "Rita Rep" } });
    await submit({ account: acme, byPerson: rita.id });
    await submit({ account: acme, byPerson: "gone" });
    expect((await h.db.touchpoint.findMany()).map((t) => t.byName).sort()).toEqual(["Mia Manager", "Rita Rep"]);
  });
});
