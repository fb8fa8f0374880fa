import { describe, expect, it } from "vitest";
import { STAGES } from "../../src/domain/stages.js";
import { admin, rep } from "../fixtures/actors.js";
import { expectOk, expectRejected, seedPortfolio } from "../fixtures/commands.js";
import { createHarness } from "../fixtures/harness.js";
import { textOf } from "../fixtures/messages.js";
import { perTest } from "../fixtures/perTest.js";

describe("stage", () => {
  const h = perTest(() => createHarness("sqlite"));
  const p = perTest(() => seedPortfolio(h));

  const accountRow = (id: string) => h.db.account.findUniqueOrThrow({ where: { id } });
  /** Stage changes the commands recorded (the seed's "initial" rows left out). */
  const movesOf = (accountId: string) => h.db.stageChange.findMany({ where: { accountId, kind: { not: "initial" } }, orderBy: { at: "asc" } });

  describe("happy paths", () => {
    it("moves forward: confirms to the actor, announces to the channel, records who, when and the kind", async () => {
      const out = await expectOk(h, "stage Globex retention", p.actors.owner);
      expect(out.reply.summary).toBe("Globex moved from onboarding to retention.");
      expect(out.reply.visibility).toBe("ephemeral");
      expect(out.announce).toBeDefined();
      expect(out.announce!.visibility).toBe("channel");
      expect(out.announce!.summary).toBe("Globex moved to retention");
      expect(out.announce!.blocks).toEqual([
        { type: "text", text: `**Globex** moved from onboarding to **retention** by <person:${p.people.owner.id}|Olga Owner>.` },
      ]);

      const g = await accountRow(p.accounts.globex);
      expect(g.stage).toBe("retention");
      expect(g.stageSince.toISOString()).toBe(h.clock.now.toISOString());
      const moves = await movesOf(p.accounts.globex);
      expect(moves).toHaveLength(1);
      expect(moves[0]).toMatchObject({ fromStage: "onboarding", toStage: "retention", kind: "forward", byId: p.people.owner.id, byName: "Olga Owner", reason: null });
      expect(moves[0].at.toISOString()).toBe(h.clock.now.toISOString());
    });

    it("next moves one stage on", async () => {
      const out = await expectOk(h, "stage Globex next", p.actors.owner);
      expect(out.reply.summary).toBe("Globex moved from onboarding to retention.");
      expect((await accountRow(p.accounts.globex)).stage).toBe("retention");
    });

    it("a backward move with a reason records it", async () => {
      const out = await expectOk(h, "stage Acme Corp onboarding re-onboarding after the migration", p.actors.owner);
      expect(out.reply.summary).toBe("Acme Corp moved back from retention to onboarding: re-onboarding after the migration");
      expect(out.announce!.blocks[0]).toMatchObject({ text: expect.stringContaining("moved back from retention to **onboarding**") });
      expect(await movesOf(p.accounts.acme)).toMatchObject([{ fromStage: "retention", toStage: "onboarding", kind: "backward", reason: "re-onboarding after the migration" }]);
    });

    it("a manager moves an account they do not own into exit, with a quoted reason", async () => {
      const out = await expectOk(h, 'stage "Acme Corp" exit "chose a competitor on price"', p.actors.manager);
      expect(out.reply.summary).toBe("Acme Corp moved from retention to exit: chose a competitor on price");
      expect(out.announce!.blocks[0]).toMatchObject({ text: expect.stringContaining(`by <person:${p.people.manager.id}|Mona Manager>: chose a competitor on price`) });
      expect((await accountRow(p.accounts.acme)).stage).toBe("exit");
      expect(await movesOf(p.accounts.acme)).toMatchObject([{ kind: "exit", toStage: "exit", byId: p.people.manager.id, reason: "chose a competitor on price" }]);
    });

    it("out of exit is a win-back: no reason needed, and the announcement celebrates", async () => {
      const out = await expectOk(h, "stage Initech retention", admin);
      expect(out.reply.summary).toBe("Initech won back from exit to retention.");
      expect(out.announce!.summary).toBe("Initech won back to retention");
      // An actor with no person record is named, not mentioned.
      expect(out.announce!.blocks).toEqual([{ type: "text", text: "🎉 **Initech** won back from exit to **retention** by Test Admin." }]);
      expect(await movesOf(p.accounts.initech)).toMatchObject([{ fromStage: "exit", toStage: "retention", kind: "win_back", reason: null, byId: null, byName: "Test Admin" }]);
    });

    it("a win-back may carry a reason, even one that starts with a stage word", async () => {
      const out = await expectOk(h, "stage Initech onboarding onboarding again after the pricing change", admin);
      expect(out.reply.summary).toBe("Initech won back from exit to onboarding: onboarding again after the pricing change");
      expect(await movesOf(p.accounts.initech)).toMatchObject([{ kind: "win_back", reason: "onboarding again after the pricing change" }]);
    });

    it("the account's owner (a rep) may move it", async () => {
      await expectOk(h, "stage Globex advocacy", p.actors.owner);
      expect((await accountRow(p.accounts.globex)).stage).toBe("advocacy");
    });

    it("a move re-evaluates the account and says which nudges it cleared", async () => {
      await h.kw.scan();
      const stale = await h.db.nudge.findFirstOrThrow({ where: { accountId: p.accounts.acme, rule: "staleContact" } });
      expect(stale.status).toBe("open");
      // 35 days without contact is stale for retention (30) but not for advocacy (45).
      const out = await expectOk(h, 'stage "Acme Corp" advocacy', p.actors.owner);
      expect(textOf(out.reply)).toContain("That cleared 1 nudge.");
      expect((await h.db.nudge.findUniqueOrThrow({ where: { id: stale.id } })).status).toBe("resolved");
    });
  });

  describe("bad inputs write nothing", () => {
    it("an unknown account and a word that is not a stage are named in one reply", async () => {
      await expectRejected(h, 'stage "Unknown Co" flying', p.actors.manager, {
        code: "unknown_account",
        says: ['No account matches "Unknown Co"; stage: "flying" is not a stage; use awareness,'],
      });
      await expectRejected(h, 'stage "Unknown Co" onboarding', p.actors.manager, { code: "unknown_account", says: [/^⚠️ No account matches "Unknown Co"\.( |$)/m] });
    });

    it("a backward move without a reason is refused, with the command to type", async () => {
      await expectRejected(h, 'stage "Acme Corp" onboarding', p.actors.owner, {
        code: "usage",
        says: ["Moving back from retention to onboarding needs a reason.", 'stage "Acme Corp" onboarding <reason>'],
      });
    });

    it("moving into exit without a reason is refused", async () => {
      await expectRejected(h, 'stage "Acme Corp" exit', p.actors.manager, { code: "usage", says: ["Moving an account to exit needs a reason.", 'stage "Acme Corp" exit <reason>'] });
      await expectRejected(h, 'stage "Acme Corp" exit "   "', p.actors.manager, { code: "usage", says: ["needs a reason"] });
    });

    it("a bad stage names it and the stages there are", async () => {
      await expectRejected(h, 'stage "Acme Corp" shipped', p.actors.owner, {
        code: "usage",
        says: [`"shipped" is not a stage; use ${STAGES.slice(0, -1).join(", ")} or exit (or next)`, "Usage: `stage <account> <stage | next> [reason]`"],
      });
      await expectRejected(h, "stage Acme Corp shipped", p.actors.owner, { code: "usage", says: ['"shipped" is not a stage'] });
    });

    it("a missing stage or account is named", async () => {
      await expectRejected(h, "stage Globex", p.actors.owner, { code: "usage", says: ["stage: the stage is missing"] });
      await expectRejected(h, "stage", p.actors.owner, { code: "usage", says: ["The account is missing."] });
    });

    it("the stage it is already in is a conflict", async () => {
      await expectRejected(h, "stage Globex onboarding", p.actors.owner, { code: "conflict", says: ["Globex is already in onboarding."] });
    });

    it("next has nowhere to go from advocacy or exit", async () => {
      await expectRejected(h, "stage Initech next", admin, { code: "invalid_argument", says: ["Initech is in exit; there is no next stage from there."] });
      await h.db.account.update({ where: { id: p.accounts.globex }, data: { stage: "advocacy" } });
      await expectRejected(h, "stage Globex next", admin, { code: "invalid_argument", says: ["Globex is in advocacy; there is no next stage"] });
    });

    it("a rep who does not own the account cannot move it", async () => {
      await expectRejected(h, 'stage "Acme Corp" advocacy', p.actors.otherRep, {
        code: "forbidden",
        says: ["Only Acme Corp's owner or a manager can change its stage.", "Ask the owner or a manager"],
      });
      // Not even with an exit reason, and not an unknown person claiming the rep role.
      await expectRejected(h, 'stage "Acme Corp" exit "they left"', p.actors.otherRep, { code: "forbidden", says: ["owner or a manager"] });
      await expectRejected(h, "stage Initech retention", rep(null), { code: "forbidden", says: ["Only Initech's owner or a manager"] });
    });

    it("a viewer cannot move even an account they own", async () => {
      await h.db.account.update({ where: { id: p.accounts.globex }, data: { ownerId: p.people.viewer.id } });
      await expectRejected(h, "stage Globex retention", p.actors.viewer, { code: "forbidden", says: ["`stage` needs the rep role; you are viewer."] });
    });

    it("unknown and ambiguous accounts", async () => {
      await expectRejected(h, "stage Globax retention", p.actors.manager, { code: "unknown_account", says: ['Did you mean "Globex"?'] });
      await expectRejected(h, "stage acme retention", p.actors.manager, { code: "ambiguous_account", says: ["• Acme Corp", "• Acme Labs"] });
    });

    it("a reason that is too long is refused", async () => {
      await expectRejected(h, `stage "Acme Corp" exit ${"word ".repeat(250)}`, p.actors.manager, { code: "usage", says: ["reason: the reason is too long (1000 characters at most)"] });
    });
  });
});
