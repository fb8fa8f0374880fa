// Mail that matched no account, asked about in Teams: the sender's personal chat with the bot (where
// they said `dm on`) gets a card with a button per likely account; pressing one (a card submission
// through /api/messages) files the mail there.
import { describe, expect, it } from "vitest";
import { DB_KINDS } from "../fixtures/db.js";
import { KEEPWARM_ADDRESS, sendMail } from "../fixtures/mail.js";
import { perTest } from "../fixtures/perTest.js";
import { addAccount } from "../fixtures/seed.js";
import { adaptiveCardProblems, cardOf, cardText, findSubmit, startTeamsRig } from "../fixtures/teams.js";
import { ALICE, personalConversation, personalMessage, submitActivity } from "../fixtures/teamsActivities.js";

describe.each(DB_KINDS)("asking which account an email is for, in Teams, on %s", (kind) => {
  const rig = perTest(() => startTeamsRig(kind, { env: { SMTP_PORT: "0", SMTP_HOST: "127.0.0.1" } }));

  it("posts a card to the sender's personal chat; pressing an account files the mail there", async () => {
    rig.connector.members.set(ALICE.id, { ...ALICE, email: "alice@ourco.com" });
    await rig.send(personalMessage(rig.connector.serviceUrl, "dm on"));
    const initech = await addAccount(rig.db, rig.clock.now, "Initech", { touchDaysAgo: 45 });
    await sendMail(rig.server.smtpPort!, { from: "Alice Manager <alice@ourco.com>", to: "bill@initech.example", bcc: KEEPWARM_ADDRESS, subject: "TPS reports", text: "As discussed.", date: rig.clock.now });
    await rig.kw.settleInbound();
    await rig.kw.deliver();

    const [asked] = rig.connector.posts(personalConversation().id);
    expect(asked, "a card in Alice's personal chat").toBeDefined();
    const card = cardOf(asked);
    expect(adaptiveCardProblems(card)).toEqual([]);
    expect(cardText(card)).toMatch(/couldn't file your email.*TPS reports.*no account has the domain initech\.example/s);

    const press = submitActivity(rig.connector.serviceUrl, { conversationId: personalConversation().id, activityId: "msg-1" }, findSubmit(card, "Initech").data);
    expect((await rig.send(press)).status).toBe(200);
    const answered = rig.connector.replies().find((c) => c.activityId === press.id);
    expect(cardText(cardOf(answered!))).toContain("Filed “TPS reports” under **Initech**");
    expect(await rig.db.touchpoint.findFirstOrThrow({ where: { accountId: initech, source: "email" } })).toMatchObject({ summary: "TPS reports", direction: "outbound" });
    expect(await rig.db.accountDomain.findUnique({ where: { domain: "initech.example" } })).toMatchObject({ accountId: initech });
  });
});
