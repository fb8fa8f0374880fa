import { describe, expect, it } from "vitest";
import { loadSnapshotPage } from "../../src/nudges/snapshots.js";
import { evaluateAccount, RULE_NAMES, RULE_TITLES, type RuleName } from "../../src/rules/index.js";
import { admin } from "../fixtures/actors.js";
import { expectOk, expectRejected, seedPortfolio } from "../fixtures/commands.js";
import { createHarness } from "../fixtures/harness.js";
import { textOf } from "../fixtures/messages.js";
import { perTest } from "../fixtures/perTest.js";
import { bindChannel } from "../fixtures/seed.js";
import { snapshotDb } from "../fixtures/snapshot.js";

describe("account and why (read-only)", () => {
  const h = perTest(() => createHarness("sqlite"));
  const p = perTest(() => seedPortfolio(h));

  describe("account", () => {
    it("shows stage, owner, renewal and last touch to a viewer, and writes nothing", async () => {
      await h.db.account.update({ where: { id: p.accounts.acme }, data: { renewalDate: "2027-03-31", segment: "Enterprise", annualValue: 125000 } });
      const before = await snapshotDb(h.db);
      const out = await expectOk(h, 'account "Acme Corp"', p.actors.viewer);
      expect(out.reply.summary).toBe("Acme Corp: retention");
      expect(out.reply.blocks[0]).toEqual({ type: "header", text: "Acme Corp" });
      expect(out.reply.blocks[1]).toEqual({
        type: "facts",
        facts: [
          { label: "Stage", value: "retention since 26 Sep 2026" },
          { label: "Owner", value: `<person:${p.people.owner.id}|Olga Owner>` },
          { label: "Segment", value: "Enterprise" },
          { label: "Renewal", value: "31 Mar 2027" },
          { label: "Annual value", value: "125,000" },
          { label: "Last customer touch", value: "21 Oct 2026" },
        ],
      });
      expect(out.reply.blocks.at(-1)).toEqual({ type: "actions", actions: [{ id: "account.touch", label: "Log touchpoint", value: p.accounts.acme }] });
      expect(out.reply.nudgeIds).toEqual([]);
      expect(await snapshotDb(h.db)).toEqual(before);
    });

    it("lists recent touches, open complaints, stage history and open nudges", async () => {
      await expectOk(h, 'touch "Acme Corp" note "internal: budget freeze"', p.actors.owner);
      await expectOk(h, 'touch "Acme Corp" email "asked for a quote" --direction in --on "40 days ago"', p.actors.owner);
      await expectOk(h, 'complaint "Acme Corp" high invoices doubled', p.actors.owner);
      await expectOk(h, 'stage "Acme Corp" onboarding "new team"', p.actors.owner);
      await h.kw.scan();
      const open = await h.db.nudge.findMany({ where: { accountId: p.accounts.acme, status: "open" }, select: { id: true } });
      expect(open.length).toBeGreaterThan(0);
      const complaint = await h.db.complaint.findFirstOrThrow({ where: { accountId: p.accounts.acme } });

      const out = await expectOk(h, "show acme corp", p.actors.viewer);
      const text = textOf(out.reply);
      expect(out.reply.summary).toBe("Acme Corp: onboarding");
      expect(text).toContain("**Recent touches**\n• 25 Nov 2026 note · internal by Olga Owner: internal: budget freeze\n• ");
      expect(text).toContain("• 16 Oct 2026 email ← inbound by Olga Owner: asked for a quote");
      expect(text).toContain(`**Open complaints**\n• #${complaint.id} (high) invoices doubled, opened 25 Nov 2026, **not answered yet**`);
      expect(text).toContain("25 Nov 2026: retention → onboarding by Olga Owner (new team)");
      expect(text).toContain("Stale contact: Acme Corp");
      expect([...(out.reply.nudgeIds ?? [])].sort()).toEqual(open.map((n) => n.id).sort());
    });

    it("an unowned account with no touches", async () => {
      await h.db.account.update({ where: { id: p.accounts.initech }, data: { lastCustomerTouchAt: null } });
      const out = await expectOk(h, "account initech", p.actors.viewer);
      expect(out.reply.blocks[1]).toMatchObject({ facts: expect.arrayContaining([{ label: "Owner", value: "unassigned" }, { label: "Last customer touch", value: "never" }, { label: "Renewal", value: "not set" }]) });
    });

    it("bad inputs write nothing", async () => {
      await expectRejected(h, "account", p.actors.viewer, { code: "usage", says: ["The account is missing.", "Usage: `account <account>`"] });
      await expectRejected(h, 'account "Acme Corp" extra words', p.actors.viewer, { code: "usage", says: ['Unexpected words after the account: "extra words". Quote names with spaces.'] });
      await expectRejected(h, "account Acme", p.actors.viewer, { code: "ambiguous_account", says: ["• Acme Corp", "• Acme Labs"] });
      await expectRejected(h, "account Globexx", p.actors.viewer, { code: "unknown_account", says: ['Did you mean "Globex"?'] });
    });
  });

  describe("why", () => {
    const verdictsFor = async (accountId: string) => {
      const [snapshot] = await loadSnapshotPage(h.db, { afterId: null, size: 1, onlyIds: [accountId] });
      return evaluateAccount(snapshot, h.config.policy, h.clock.now);
    };

    it("explains every rule's verdict, firing or not, and writes nothing", async () => {
      const before = await snapshotDb(h.db);
      const out = await expectOk(h, 'why "Acme Corp"', p.actors.viewer);
      expect(out.reply.summary).toBe("Why for Acme Corp");
      expect(out.reply.blocks[0]).toEqual({ type: "header", text: "Why (or why not) for Acme Corp, as of 25 Nov 15:00" });
      const [health, ...ruleBlocks] = out.reply.blocks.filter((b) => b.type === "text").map((b) => (b as { text: string }).text);
      expect(ruleBlocks).toHaveLength(RULE_NAMES.length);
      // The health score first, with what costs it points: 35 days without a touch (due at 30) costs contact points.
      expect(health).toMatch(/^\S+ \*\*Health \d+\/100\*\* · \w/);
      expect(health).toMatch(/−\d+ contact: /);

      const verdicts = await verdictsFor(p.accounts.acme);
      for (const [i, v] of verdicts.entries()) {
        const icon = v.candidates.length ? "🔔" : "·";
        expect(ruleBlocks[i].startsWith(`${icon} **${RULE_TITLES[v.rule as RuleName]}**: ${v.explanation}`)).toBe(true);
      }
      // Stale contact fires (35 days, retention expects 30) but no scan has raised it yet.
      expect(ruleBlocks[0]).toMatch(/^🔔 \*\*Stale contact\*\*: No customer touch for 35 days; retention accounts expect one every 30/);
      expect(ruleBlocks[0]).toContain("↳ not raised yet: the next scan will raise it (warning).");
      expect(ruleBlocks.filter((t) => t.startsWith("🔔"))).toHaveLength(1);
      expect(ruleBlocks[2]).toContain("No renewal date recorded");
      expect(textOf(out.reply)).toContain("No channel watches this account");
      expect(await snapshotDb(h.db)).toEqual(before);
    });

    it("says when a quiet rule could fire", async () => {
      const out = await expectOk(h, "why Globex", p.actors.viewer);
      const stale = out.reply.blocks.find((b) => b.type === "text" && b.text.includes("**Stale contact**"));
      // Touched 2 days ago, onboarding expects one every 7: due from 30 Nov.
      expect(stale).toMatchObject({ text: expect.stringMatching(/^· \*\*Stale contact\*\*: Last customer touch 2 days ago;.*due in 5 days/) });
      expect(stale).toMatchObject({ text: expect.stringContaining("↳ could fire from 30 Nov 00:00 if nothing changes.") });
    });

    it("follows a nudge through raise, acknowledgement and snooze, and says where it is posted", async () => {
      await bindChannel(h.db, "C-team");
      await bindChannel(h.db, "C-enterprise", { scope: "segment", scopeValue: "enterprise" });
      await h.kw.scan();
      const nudge = await h.db.nudge.findFirstOrThrow({ where: { accountId: p.accounts.acme, rule: "staleContact" } });
      await h.db.nudgeMessage.create({ data: { nudgeId: nudge.id, platform: "console", channelId: "C-team", messageRef: "m1", version: 1, shownNudgeIds: [nudge.id] } });

      const raised = textOf((await expectOk(h, 'why "Acme Corp"', p.actors.viewer)).reply);
      expect(raised).toContain(`↳ nudge #${nudge.id}, raised 25 Nov 15:00, warning, open; shown in console C-team.`);
      expect(raised).toContain("Nudges for this account go to console C-team (each channel may filter rules).");
      expect(raised).not.toContain("C-enterprise");

      await expectOk(h, `ack ${nudge.id}`, p.actors.owner);
      expect(textOf((await expectOk(h, 'why "Acme Corp"', p.actors.viewer)).reply)).toContain("acknowledged by Olga Owner: it won't be posted again unless it gets louder");

      await expectOk(h, `snooze ${nudge.id} 2026-12-01`, p.actors.owner);
      expect(textOf((await expectOk(h, 'why "Acme Corp"', p.actors.viewer)).reply)).toContain("snoozed by Olga Owner until 1 Dec 09:00: it comes back then if still true");
    });

    it("says when the last contact was, who reached out, and where it was logged from", async () => {
      const none = textOf((await expectOk(h, 'why "Acme Corp"', p.actors.viewer)).reply);
      expect(none).toContain("Last contact: none recorded yet (notes are not contact).");
      await expectOk(h, 'touch "Acme Corp" email "asked about SSO" --direction in --on yesterday', p.actors.owner);
      await h.kw.command('touch "Acme Corp" note "internal only"', p.actors.owner, "slack");
      expect(textOf((await expectOk(h, 'why "Acme Corp"', p.actors.viewer)).reply)).toContain("Last contact: an email on 24 Nov 12:00, the customer reached out; from a command in the terminal.");
      await h.kw.command('touch "Acme Corp" call', p.actors.owner, "slack");
      expect(textOf((await expectOk(h, 'why "Acme Corp"', p.actors.viewer)).reply)).toContain("Last contact: a call on 25 Nov 15:00, we reached out (Olga Owner); from Slack (a command or form).");
    });

    it("mentions earlier nudges once a touch resolved them", async () => {
      await h.kw.scan();
      const nudge = await h.db.nudge.findFirstOrThrow({ where: { accountId: p.accounts.acme, rule: "staleContact" } });
      await expectOk(h, 'touch "Acme Corp" call', p.actors.owner);
      const text = textOf((await expectOk(h, 'why "Acme Corp"', admin)).reply);
      expect(text).toContain(`Earlier: #${nudge.id} Stale contact resolved 25 Nov 15:00.`);
      expect(text).toMatch(/^· \*\*Stale contact\*\*: Last customer touch today/m);
    });

    it("bad inputs write nothing", async () => {
      await expectRejected(h, "why", p.actors.viewer, { code: "usage", says: ["The account is missing.", "Usage: `why <account>`"] });
      await expectRejected(h, 'why "Acme Corp" now', p.actors.viewer, { code: "usage", says: ['Unexpected words after the account: "now"'] });
      await expectRejected(h, "why Initek", p.actors.viewer, { code: "unknown_account", says: ['Did you mean "Initech"?'] });
    });
  });
});
