import { describe, expect, it } from "vitest";
import { RULE_NAMES } from "../../src/rules/index.js";
import { expectOk, expectRejected, seedPortfolio } from "../fixtures/commands.js";
import { DB_KINDS } from "../fixtures/db.js";
import { createHarness } from "../fixtures/harness.js";
import { textOf } from "../fixtures/messages.js";
import { perTest } from "../fixtures/perTest.js";

const DETRACTOR_RULE = "detractorFeedback";

describe.each(DB_KINDS)("feedback on %s", (kind) => {
  const h = perTest(() => createHarness(kind));
  const p = perTest(() => seedPortfolio(h));

  const feedbackOf = (accountId: string) => h.db.feedback.findMany({ where: { accountId }, orderBy: { id: "asc" } });
  const accountFeedback = (accountId: string) =>
    h.db.account.findUniqueOrThrow({ where: { id: accountId }, select: { feedbackId: true, feedbackAt: true, feedbackScore: true, feedbackScale: true, feedbackAskedAt: true } });
  const iso = (d: Date | null) => d?.toISOString() ?? null;

  describe("recording", () => {
    it("records an NPS score with a comment and a contact, says what it means, and sets the account's columns", async () => {
      const out = await expectOk(h, 'feedback "Acme Corp" 4 slow support lately --from Peter', p.actors.owner);
      expect(out.reply.summary).toBe("Recorded NPS 4 from Peter for Acme Corp — a detractor: respond within 48 hours.");
      expect(textOf(out.reply)).toContain("Comment: slow support lately");

      const [f] = await feedbackOf(p.accounts.acme);
      expect(f).toMatchObject({ scale: "nps", score: 4, comment: "slow support lately", contactName: "Peter", source: "cli", byPersonId: p.people.owner.id, idempotencyKey: null });
      expect(iso(f.at)).toBe(h.clock.now.toISOString());
      const account = await accountFeedback(p.accounts.acme);
      expect(account).toMatchObject({ feedbackId: f.id, feedbackScore: 4, feedbackScale: "nps" });
      expect(iso(account.feedbackAt)).toBe(h.clock.now.toISOString());
      expect(iso(account.feedbackAskedAt)).toBe(h.clock.now.toISOString());
    });

    it.each([
      ["a promoter", "feedback Globex 9", "Recorded NPS 9 for Globex — a promoter: a good moment to ask for a reference."],
      ["a passive", "feedback Globex 7", "Recorded NPS 7 for Globex — a passive: content, not yet an advocate."],
      ["a CSAT detractor", "feedback Globex 2 --scale csat", /^Recorded CSAT 2 for Globex — a detractor/],
      ["a CSAT promoter, the scale in capitals", "feedback Globex 5 --scale CSAT", "Recorded CSAT 5 for Globex — a promoter: a good moment to ask for a reference."],
    ])("words %s", async (_what, text, summary) => {
      const out = await expectOk(h, text, p.actors.owner);
      if (typeof summary === "string") expect(out.reply.summary).toBe(summary);
      else expect(out.reply.summary).toMatch(summary);
    });

    it("keeps the latest response by when it was given, whatever order it is recorded in", async () => {
      await expectOk(h, "feedback Globex 9", p.actors.owner);
      const out = await expectOk(h, "feedback Globex 3 --on 2026-11-20", p.actors.owner);
      expect(out.reply.summary).toContain("for Globex on 20 Nov 2026 — a detractor");
      const [latest, older] = await feedbackOf(p.accounts.globex);
      expect(iso(older.at)).toBe("2026-11-20T12:00:00.000Z");
      const account = await accountFeedback(p.accounts.globex);
      expect(account).toMatchObject({ feedbackId: latest.id, feedbackScore: 9 });
      expect(iso(account.feedbackAskedAt)).toBe(h.clock.now.toISOString());
    });

    it("records an ask: only feedbackAskedAt moves, the latest response stays", async () => {
      await expectOk(h, "feedback Globex 8 --on 2026-11-10", p.actors.owner);
      const out = await expectOk(h, "feedback Globex asked --from Joanna", p.actors.owner);
      expect(out.reply.summary).toBe("Noted that you asked Joanna at Globex for feedback.");
      expect(textOf(out.reply)).toContain("`feedback Globex <score>`");
      const [response, ask] = await feedbackOf(p.accounts.globex);
      expect(ask).toMatchObject({ score: null, scale: "nps", contactName: "Joanna" });
      const account = await accountFeedback(p.accounts.globex);
      expect(account).toMatchObject({ feedbackId: response.id, feedbackScore: 8, feedbackScale: "nps" });
      expect(iso(account.feedbackAt)).toBe("2026-11-10T12:00:00.000Z");
      expect(iso(account.feedbackAskedAt)).toBe(h.clock.now.toISOString());
    });

    it("records an ask on an account without responses, quoting a name with spaces in the hint", async () => {
      const out = await expectOk(h, "feedback Acme Corp asked --on yesterday", p.actors.owner);
      expect(out.reply.summary).toBe("Noted that you asked Acme Corp for feedback on 24 Nov 2026.");
      expect(textOf(out.reply)).toContain('`feedback "Acme Corp" <score>`');
      const account = await accountFeedback(p.accounts.acme);
      expect(account).toMatchObject({ feedbackId: null, feedbackAt: null, feedbackScore: null, feedbackScale: null });
      expect(iso(account.feedbackAskedAt)).toBe("2026-11-24T12:00:00.000Z");
    });

    it("creates the contact it names once, with role other; an existing contact keeps its role", async () => {
      await h.db.contact.create({ data: { accountId: p.accounts.acme, name: "Peter Gibbons", nameKey: "peter gibbons", role: "champion", source: "api" } });
      await expectOk(h, 'feedback "Acme Corp" 6 --from "peter gibbons"', p.actors.owner);
      await expectOk(h, "feedback Globex 9 --from Joanna", p.actors.owner);
      await expectOk(h, "feedback Globex asked --from JOANNA", p.actors.owner);
      const contacts = await h.db.contact.findMany({ orderBy: { name: "asc" }, select: { accountId: true, name: true, role: true, source: true } });
      expect(contacts).toEqual([
        { accountId: p.accounts.globex, name: "Joanna", role: "other", source: "cli" },
        { accountId: p.accounts.acme, name: "Peter Gibbons", role: "champion", source: "api" },
      ]);
    });

    it.skipIf(!RULE_NAMES.includes(DETRACTOR_RULE as never))("opens a detractor nudge on the account", async () => {
      await expectOk(h, 'feedback "Acme Corp" 2 --from Peter', p.actors.owner);
      expect(await h.db.nudge.count({ where: { accountId: p.accounts.acme, rule: DETRACTOR_RULE } })).toBe(1);
    });
  });

  describe("refusals name every problem and write nothing", () => {
    it("an unknown account and a bad score in one reply", async () => {
      await expectRejected(h, "feedback Globx 11", p.actors.owner, {
        code: "unknown_account",
        says: ['No account matches "Globx"', "score: a NPS score is a whole number from 0 to 10", 'Did you mean "Globex"?'],
      });
    });

    it("an unknown account, a word for a score and an unknown scale in one reply", async () => {
      await expectRejected(h, "feedback Globx great --scale stars", p.actors.owner, {
        code: "unknown_account",
        says: ['No account matches "Globx"', '"great" is not a score', '"stars" is not a scale; use nps or csat'],
      });
    });

    it.each([
      ["a score off its scale", "feedback Globex 7 --scale csat", ["score: a CSAT score is a whole number from 1 to 5"]],
      ["a fraction", "feedback Globex 4.5", ["score: a NPS score is a whole number from 0 to 10"]],
      ["a negative score", "feedback Globex -1", ["score: a NPS score is a whole number from 0 to 10"]],
      ["no score", "feedback Globex", ["the score is missing"]],
    ])("%s", async (_what, text, says) => {
      await expectRejected(h, text, p.actors.owner, { code: "usage", says: [...says, "Usage: `feedback <account>"] });
    });

    it("a date it cannot read", async () => {
      await expectRejected(h, "feedback Globex 9 --on someday", p.actors.owner, { code: "invalid_argument", says: ['"someday" is not a date I understand'] });
    });

    it("a viewer", async () => {
      await expectRejected(h, "feedback Globex 9", p.actors.viewer, { code: "forbidden", says: ["`feedback` needs the rep role"] });
    });
  });

  it("is in help, with examples", async () => {
    const out = await expectOk(h, "help feedback", p.actors.viewer);
    expect(textOf(out.reply)).toContain("feedback <account> <score | asked> [comment] [--scale nps|csat] [--from CONTACT] [--on DATE]");
    expect(textOf(out.reply)).toContain('feedback "Acme Corp" asked --from Peter');
  });
});
