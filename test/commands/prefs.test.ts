// `prefs`: a person's own preferences in one place — which rules reach them as direct messages (the
// rule filter of their direct chat's binding), their digest there, compact nudges — each change
// naming every problem at once and writing nothing when refused.
import { describe, expect, it } from "vitest";
import type { ChannelRef } from "../../src/commands/context.js";
import { compactIn } from "../../src/delivery/compactNudges.js";
import type { Actor } from "../../src/domain/people.js";
import { RULE_NAMES } from "../../src/rules/index.js";
import { expectRejected, seedPortfolio } from "../fixtures/commands.js";
import { createHarness } from "../fixtures/harness.js";
import { textOf } from "../fixtures/messages.js";
import { perTest } from "../fixtures/perTest.js";

const DM: ChannelRef = { platform: "slack", channelId: "D-OLGA", teamId: "T1", direct: true };

describe("prefs", () => {
  const h = perTest(() => createHarness("sqlite"));
  const p = perTest(() => seedPortfolio(h));
  const inDm = (text: string, actor: Actor = p.actors.owner) => h.kw.command(text, actor, "slack", { directChannel: DM });
  const dmBinding = () => h.db.channelBinding.findFirstOrThrow({ where: { channelId: DM.channelId } });

  it("turns rules off and on for direct messages, by the words `watch` takes", async () => {
    expect((await inDm("dm on")).ok).toBe(true);
    const off = await inDm("prefs dm renewals stalled off");
    expect(off.ok).toBe(true);
    expect(textOf(off.reply)).toContain("Renewal approaching, Stalled in stage no longer reach you as direct messages.");
    expect((await dmBinding()).rules).toEqual(RULE_NAMES.filter((r) => r !== "renewalApproaching" && r !== "stalledInStage"));
    await inDm("prefs dm renewals stalled on");
    expect((await dmBinding()).rules).toEqual([]); // every rule again: stored as no filter
    const shown = textOf((await inDm("prefs")).reply);
    expect(shown).toContain("Direct messages: every rule.");
    expect(shown).toContain("Compact nudges: off.");
    expect(shown).toContain("Quiet hours: none");
  });

  it("turns the direct digest off and on, and compact nudges in the person's own channels", async () => {
    await inDm("dm on");
    await inDm("prefs digest on");
    expect(await dmBinding()).toMatchObject({ digestCadence: "daily" });
    await inDm("prefs digest off");
    expect(await dmBinding()).toMatchObject({ digestCadence: "off" });

    const binding = await dmBinding();
    expect(await compactIn(h.db, { bindingId: binding.id })).toBe(false);
    await inDm("prefs compact on");
    expect(await compactIn(h.db, { bindingId: binding.id })).toBe(true);
    expect(await compactIn(h.db, { platform: "slack", channelId: DM.channelId })).toBe(true);
    // Only the channels of one's own accounts: a team channel stays as it is.
    const team = await h.db.channelBinding.create({ data: { platform: "slack", channelId: "C-TEAM", scope: "all", rules: [] } });
    expect(await compactIn(h.db, { bindingId: team.id })).toBe(false);
  });

  it("names every problem in one reply and writes nothing", async () => {
    await inDm("dm on");
    await expectRejected(h, "prefs dm flying renewals maybe", p.actors.owner, { code: "usage", says: ['"maybe" is not on or off', '"flying" is not a rule'] });
    await expectRejected(h, "prefs colour on", p.actors.owner, { code: "usage", says: ['"colour" is not a preference: dm, digest or compact'] });
    // Without a direct chat with the bot there is nothing to filter.
    await expectRejected(h, "prefs dm renewals off", p.actors.otherRep, { code: "usage", says: ["`dm on`"] });
  });
});
