import { describe, expect, it } from "vitest";
import { COMPLAINT_SEVERITIES } from "../../src/domain/complaints.js";
import { expectOk, expectRejected, seedPortfolio } from "../fixtures/commands.js";
import { createHarness } from "../fixtures/harness.js";
import { textOf } from "../fixtures/messages.js";
import { perTest, replaceFixture } from "../fixtures/perTest.js";

describe("complaint", () => {
  const h = perTest(() => createHarness("sqlite"));
  const p = perTest(() => seedPortfolio(h));

  const complaintsOf = (accountId: string) => h.db.complaint.findMany({ where: { accountId }, orderBy: { id: "asc" } });

  it("logs a complaint with a severity: the reply gives its number and deadline; the row and the account's clock are stored", async () => {
    const out = await expectOk(h, 'complaint "Acme Corp" high invoices doubled since the migration', p.actors.owner);
    const [c] = await complaintsOf(p.accounts.acme);
    expect(out.reply.summary).toBe(`Logged complaint #${c.id} (high) for Acme Corp: invoices doubled since the migration`);
    expect(out.reply.blocks).toEqual([
      { type: "text", text: `Logged complaint **#${c.id}** (high) for **Acme Corp**: invoices doubled since the migration` },
      { type: "context", text: `A first response is due within 8 hours. Record it with \`answer #${c.id} <note>\`.` },
    ]);
    expect(c).toMatchObject({ severity: "high", summary: "invoices doubled since the migration", source: "cli", openedById: p.people.owner.id, firstResponseAt: null, resolvedAt: null });
    expect(c.openedAt.toISOString()).toBe(h.clock.now.toISOString());
    const a = await h.db.account.findUniqueOrThrow({ where: { id: p.accounts.acme } });
    expect(a.lastComplaintAt?.toISOString()).toBe(h.clock.now.toISOString());
    expect(await h.db.complaint.count()).toBe(1);
    // A complaint is not a touch.
    expect(await h.db.touchpoint.count()).toBe(0);
  });

  it.each(COMPLAINT_SEVERITIES.map((s, i) => [s, [72, 24, 8, 2][i]] as const))("severity %s is stored and due within %i hours", async (severity, hours) => {
    const out = await expectOk(h, `complaint Globex ${severity.toUpperCase()} onboarding emails go to spam`, p.actors.owner);
    const [c] = await complaintsOf(p.accounts.globex);
    expect(c).toMatchObject({ severity, summary: "onboarding emails go to spam" });
    expect(textOf(out.reply)).toContain(`(${severity}) for **Globex**`);
    expect(textOf(out.reply)).toContain(`due within ${hours} hours.`);
  });

  it("without a severity it is medium, and an unquoted multi-word name still works", async () => {
    await expectOk(h, "complaint Umbrella Health the dashboard is slow", p.actors.owner);
    expect(await complaintsOf(p.accounts.umbrella)).toMatchObject([{ severity: "medium", summary: "the dashboard is slow" }]);
  });

  it("speaks of business hours when the policy counts only those", async () => {
    await replaceFixture(h, () => createHarness("sqlite", { policy: { complaints: { businessHours: {}, responseHours: { high: 4 } } } }));
    await replaceFixture(p, () => seedPortfolio(h));
    const out = await expectOk(h, 'complaint "Acme Corp" high the export fails', p.actors.owner);
    expect(textOf(out.reply)).toContain("due within 4 business hours");
  });

  it("a complaint that goes unanswered past its deadline raises a nudge on the next scan", async () => {
    await expectOk(h, "complaint Globex critical the site is down", p.actors.owner);
    expect(await h.db.nudge.count({ where: { rule: "unansweredComplaint" } })).toBe(0);
    h.clock.advanceHours(3);
    await h.kw.scan();
    const [c] = await complaintsOf(p.accounts.globex);
    expect(await h.db.nudge.findMany({ where: { rule: "unansweredComplaint" } })).toMatchObject([{ accountId: p.accounts.globex, subject: `complaint:${c.id}`, status: "open" }]);
  });

  describe("bad inputs write nothing", () => {
    it("a missing summary is named, with or without a severity", async () => {
      const says = ["summary: the summary is missing: what is the customer unhappy about?", "Usage: `complaint <account> [low|medium|high|critical] <summary>`"];
      await expectRejected(h, 'complaint "Acme Corp"', p.actors.owner, { code: "usage", says });
      await expectRejected(h, 'complaint "Acme Corp" critical', p.actors.owner, { code: "usage", says });
      await expectRejected(h, "complaint", p.actors.owner, { code: "usage", says: ["The account is missing."] });
      await expectRejected(h, 'complaint "Initek" critical', p.actors.owner, { code: "unknown_account", says: ['No account matches "Initek"; summary: the summary is missing', 'Did you mean "Initech"?'] });
    });

    it("unknown and ambiguous accounts", async () => {
      await expectRejected(h, "complaint Initek high billing is wrong", p.actors.owner, { code: "unknown_account", says: ['No account matches "Initek".', 'Did you mean "Initech"?'] });
      await expectRejected(h, "complaint Acme high billing is wrong", p.actors.owner, { code: "ambiguous_account", says: ["• Acme Corp", "• Acme Labs"] });
    });

    it("a viewer cannot log complaints", async () => {
      await expectRejected(h, 'complaint "Acme Corp" high slow', p.actors.viewer, { code: "forbidden", says: ["`complaint` needs the rep role"] });
    });

    it("a summary that is too long is refused", async () => {
      await expectRejected(h, `complaint "Acme Corp" "${"y".repeat(2001)}"`, p.actors.owner, { code: "usage", says: ["the summary is too long"] });
    });
  });
});

describe("answer and resolve", () => {
  const h = perTest(() => createHarness("sqlite"));
  const p = perTest(() => seedPortfolio(h));

  const open = async (text: string) => {
    await expectOk(h, text, p.actors.owner);
    return h.db.complaint.findFirstOrThrow({ orderBy: { id: "desc" } });
  };
  const complaint = (id: number) => h.db.complaint.findUniqueOrThrow({ where: { id } });

  it("answers by complaint number: stores the first response and a touch, and says how to close it", async () => {
    const c = await open('complaint "Acme Corp" high invoices doubled');
    const out = await expectOk(h, `answer #${c.id} called them, refund on its way`, p.actors.otherRep);
    expect(out.reply.blocks[0]).toEqual({ type: "text", text: `Answered complaint **#${c.id}** for **Acme Corp**: called them, refund on its way` });
    expect(textOf(out.reply)).toContain(`Close it with \`resolve #${c.id}\` when it is fixed.`);

    const after = await complaint(c.id);
    expect(after).toMatchObject({ firstResponseById: p.people.otherRep.id, firstResponseNote: "called them, refund on its way", resolvedAt: null });
    expect(after.firstResponseAt?.toISOString()).toBe(h.clock.now.toISOString());
    const touches = await h.db.touchpoint.findMany({ where: { accountId: p.accounts.acme } });
    expect(touches).toMatchObject([{ kind: "message", summary: `Answered complaint #${c.id}: called them, refund on its way`, byPersonId: p.people.otherRep.id, source: "cli" }]);
    // An answer is contact with the customer.
    const a = await h.db.account.findUniqueOrThrow({ where: { id: p.accounts.acme } });
    expect(a.lastCustomerTouchAt?.toISOString()).toBe(h.clock.now.toISOString());
  });

  it("answers by bare number and by account name (its one unanswered complaint)", async () => {
    const first = await open("complaint Globex low typo in the invoice");
    await expectOk(h, `answer ${first.id}`, p.actors.owner);
    expect((await complaint(first.id)).firstResponseAt).not.toBeNull();

    const second = await open("complaint Globex medium the export is empty");
    const out = await expectOk(h, "answer Globex emailed an apology and a fix date", p.actors.owner);
    expect(out.reply.summary).toBe(`Answered complaint #${second.id} for Globex: emailed an apology and a fix date`);
    expect(await complaint(second.id)).toMatchObject({ firstResponseNote: "emailed an apology and a fix date" });
  });

  it("an answer clears the unanswered-complaint nudge and, being contact, the stale-contact one", async () => {
    const c = await open('complaint "Acme Corp" high invoices doubled');
    h.clock.advanceHours(9);
    await h.kw.scan();
    const rules = async () => (await h.db.nudge.findMany({ where: { accountId: p.accounts.acme, status: "open" } })).map((n) => n.rule).sort();
    expect(await rules()).toEqual(["staleContact", "unansweredComplaint"]);
    const out = await expectOk(h, `answer #${c.id} on it`, p.actors.owner);
    expect(textOf(out.reply)).toContain("That cleared 2 nudges.");
    expect(await rules()).toEqual([]);
  });

  it("answering twice keeps the first response time and logs the second as a further touch", async () => {
    const c = await open("complaint Globex high slow");
    await expectOk(h, `answer #${c.id} first`, p.actors.owner);
    const firstAt = (await complaint(c.id)).firstResponseAt;
    h.clock.advanceHours(2);
    const out = await expectOk(h, `answer #${c.id} second`, p.actors.otherRep);
    expect(out.reply.summary).toBe(`Complaint #${c.id} (Globex) already had a first response; logged this as a further touch.`);
    expect(await complaint(c.id)).toMatchObject({ firstResponseAt: firstAt, firstResponseNote: "first", firstResponseById: p.people.owner.id });
    expect(await h.db.touchpoint.count({ where: { accountId: p.accounts.globex } })).toBe(2);
  });

  it("resolves by number with a resolution, which also counts as the first response when there was none", async () => {
    const c = await open("complaint Globex high slow");
    const out = await expectOk(h, `resolve #${c.id} refund issued and confirmed`, p.actors.owner);
    expect(out.reply.summary).toBe(`Resolved complaint #${c.id} for Globex: refund issued and confirmed`);
    const after = await complaint(c.id);
    expect(after).toMatchObject({ resolution: "refund issued and confirmed", resolvedById: p.people.owner.id, firstResponseById: p.people.owner.id });
    expect(after.resolvedAt?.toISOString()).toBe(h.clock.now.toISOString());
    expect(after.firstResponseAt?.toISOString()).toBe(h.clock.now.toISOString());
  });

  it("resolves by account an answered complaint, keeping the answer's time; resolving again says so", async () => {
    const c = await open('complaint "Acme Corp" low wrong logo');
    await expectOk(h, `answer #${c.id}`, p.actors.owner);
    const answeredAt = (await complaint(c.id)).firstResponseAt;
    h.clock.advanceHours(5);
    const out = await expectOk(h, 'resolve "Acme Corp"', p.actors.owner);
    expect(out.reply.summary).toBe(`Resolved complaint #${c.id} for Acme Corp.`);
    const after = await complaint(c.id);
    expect(after.firstResponseAt).toEqual(answeredAt);
    expect(after.resolvedAt?.toISOString()).toBe(h.clock.now.toISOString());

    const again = await expectOk(h, `resolve #${c.id} twice`, p.actors.owner);
    expect(again.reply.summary).toBe(`Complaint #${c.id} was already resolved.`);
    expect(await complaint(c.id)).toEqual(after);
  });

  describe("bad inputs write nothing", () => {
    it("an account with several unanswered complaints lists them to pick by number", async () => {
      const a = await open("complaint Globex high slow dashboard");
      const b = await open("complaint Globex low typo");
      await expectRejected(h, "answer Globex sorry", p.actors.owner, {
        code: "usage",
        says: ["Globex has 2 unanswered complaints; say which by number.", `• #${a.id} slow dashboard`, `• #${b.id} typo`],
      });
    });

    it("an account with nothing pending says so", async () => {
      await expectRejected(h, "answer Globex hello", p.actors.owner, { code: "not_found", says: ["Globex has no unanswered complaint."] });
      const c = await open("complaint Globex high slow");
      await expectOk(h, `answer #${c.id}`, p.actors.owner);
      await expectRejected(h, "answer Globex again", p.actors.owner, { code: "not_found", says: ["Globex has no unanswered complaint."] });
      await expectOk(h, `resolve #${c.id}`, p.actors.owner);
      await expectRejected(h, "resolve Globex", p.actors.owner, { code: "not_found", says: ["Globex has no unresolved complaint."] });
    });

    it("an unknown complaint number", async () => {
      await expectRejected(h, "answer #999 hello", p.actors.owner, { code: "unknown_complaint", says: ["There is no complaint #999.", "`account <name>` shows an account's open complaints."] });
      await expectRejected(h, "resolve 999", p.actors.owner, { code: "unknown_complaint", says: ["There is no complaint #999."] });
    });

    it("a complaint number too large for the database is unknown, not a crash", async () => {
      await expectRejected(h, "answer #99999999999 hello", p.actors.owner, { code: "unknown_complaint", says: ["There is no complaint #99999999999."] });
    });

    it("answering a resolved complaint is a conflict", async () => {
      const c = await open("complaint Globex high slow");
      await expectOk(h, `resolve #${c.id}`, p.actors.owner);
      await expectRejected(h, `answer #${c.id} late`, p.actors.owner, { code: "conflict", says: [`Complaint #${c.id} is already resolved.`] });
    });

    it("a missing complaint and an unknown account", async () => {
      await expectRejected(h, "answer", p.actors.owner, { code: "usage", says: ["Which complaint? Give its number (#12) or the account.", "Usage: `answer <account | #complaint> [note]`"] });
      await expectRejected(h, "resolve", p.actors.owner, { code: "usage", says: ["Usage: `resolve <account | #complaint> [resolution]`"] });
      await expectRejected(h, "answer Globx sorry", p.actors.owner, { code: "unknown_account", says: ['Did you mean "Globex"?'] });
    });

    it("a viewer can neither answer nor resolve", async () => {
      const c = await open("complaint Globex high slow");
      await expectRejected(h, `answer #${c.id}`, p.actors.viewer, { code: "forbidden", says: ["`answer` needs the rep role"] });
      await expectRejected(h, `resolve #${c.id}`, p.actors.viewer, { code: "forbidden", says: ["`resolve` needs the rep role"] });
    });
  });
});
