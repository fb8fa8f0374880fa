// Mail that matched no account, through the real parts: the SMTP listener takes it, the inbox worker
// finds no account and queues a direct message to its sender, the outbox posts it to the fake Slack
// with one button per likely account, and a signed click on one files the mail there.
import { describe, expect, it } from "vitest";
import { DB_KINDS } from "../fixtures/db.js";
import { KEEPWARM_ADDRESS, sendMail } from "../fixtures/mail.js";
import { perTest } from "../fixtures/perTest.js";
import { addAccount } from "../fixtures/seed.js";
import { blockText, RITA, slackHarness } from "../fixtures/slack.js";

describe.each(DB_KINDS)("asking which account an email is for, in Slack, on %s", (kind) => {
  const h = perTest(() => slackHarness(kind, {}, { SMTP_PORT: "0", SMTP_HOST: "127.0.0.1" }));

  it("DMs the sender with a button per likely account; clicking one files the mail and gives the account the domain", async () => {
    const rita = await h.db.person.create({ data: { name: RITA.realName, email: RITA.email, slackUserId: RITA.id } });
    const globex = await addAccount(h.db, h.clock.now, "Globex Corporation", { touchDaysAgo: 50 });
    await h.kw.scan();
    expect(await h.db.nudge.count({ where: { accountId: globex, rule: "staleContact", status: "open" } })).toBe(1);
    await sendMail(h.server.smtpPort!, { from: `Rita Rep <${RITA.email}>`, to: "Hank <hank@globex.example>", bcc: KEEPWARM_ADDRESS, subject: "Kick-off agenda", text: "Agenda attached.", date: h.clock.now });
    await h.kw.settleInbound();
    await h.kw.deliver();

    const asked = h.fake.messages.find((m) => m.channel === `D${RITA.id.slice(1)}`);
    expect(asked, "a DM to Rita").toBeDefined();
    expect(blockText(asked!.blocks)).toMatch(/couldn't file your email.*Kick-off agenda.*to hank@globex\.example.*no account has the domain globex\.example/s);
    await h.kw.deliver();
    expect(h.fake.messages.filter((m) => m.channel === asked!.channel)).toHaveLength(1); // once per message

    const clicked = await h.click(asked!, "email.file", { nth: 0, user: RITA });
    expect(clicked.status).toBe(200);
    const answer = await h.fake.waitFor((c) => c.method === "response");
    expect(JSON.stringify(answer.body)).toMatch(/Filed “Kick-off agenda” under Globex Corporation/);
    expect(await h.db.touchpoint.findFirstOrThrow({ where: { accountId: globex, source: "email" } })).toMatchObject({ byPersonId: rita.id, summary: "Kick-off agenda", direction: "outbound" });
    expect(await h.db.accountDomain.findUnique({ where: { domain: "globex.example" } })).toMatchObject({ accountId: globex });
    expect(await h.db.nudge.count({ where: { accountId: globex, rule: "staleContact", status: "open" } })).toBe(0);
  });
});
