import { beforeEach, describe, expect, it } from "vitest";
import type { Actor } from "../../src/domain/people.js";
import { renderForTerminal } from "../../src/messages/terminal.js";
import { createHarness } from "../fixtures/harness.js";
import { perTest } from "../fixtures/perTest.js";
import { addAccount } from "../fixtures/seed.js";

const h = perTest(() => createHarness("sqlite"));
let leo: Actor;
let acme: string;
beforeEach(async () => {
  leo = await h.kw.chatActor({ platform: "slack", userId: "U-LEO", name: "Leo Martin", email: "leo@example.com" });
  acme = await addAccount(h.db, h.clock.now, "Acme Corp", { touchDaysAgo: 50, ownerId: leo.personId });
  await addAccount(h.db, h.clock.now, "Acme Labs", { touchDaysAgo: 2 });
  await addAccount(h.db, h.clock.now, "Globex", { touchDaysAgo: 2, ownerId: leo.personId });
});

describe("log-a-touchpoint form", () => {
  it("logs the touch, clears the stale-contact nudge and replies like the command", async () => {
    await h.kw.scan();
    expect(await h.db.nudge.count({ where: { status: "open", rule: "staleContact" } })).toBe(1);
    const result = await h.kw.submitForm("touch", { account: acme, kind: "call", date: "2026-11-24", note: " QBR prep " }, leo, "slack");
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(renderForTerminal(result.reply, false)).toMatch(/Logged a call with Acme Corp on .*24 Nov.*: QBR prep[\s\S]*cleared 1 nudge/);
    const touch = await h.db.touchpoint.findFirstOrThrow();
    expect(touch).toMatchObject({ kind: "call", summary: "QBR prep", source: "slack", byPersonId: leo.personId });
    expect(touch.occurredAt.toISOString()).toBe("2026-11-24T12:00:00.000Z");
    expect(await h.db.nudge.count({ where: { status: "open" } })).toBe(0);
  });

  it("records who reached out, and a note as internal whatever the choice says", async () => {
    await h.kw.submitForm("touch", { account: acme, kind: "email", direction: "inbound", note: "asked for SSO" }, leo, "teams");
    await h.kw.submitForm("touch", { account: acme, kind: "call" }, leo, "teams");
    await h.kw.submitForm("touch", { account: acme, kind: "note", direction: "inbound", note: "budget frozen" }, leo, "teams");
    expect((await h.db.touchpoint.findMany({ orderBy: { kind: "asc" } })).map((t) => [t.kind, t.direction])).toEqual([["call", "outbound"], ["email", "inbound"], ["note", "internal"]]);
  });

  it.each([
    [{ account: "ACCOUNT", kind: "call", direction: "sideways" }, "direction", /Pick who reached out/],
    [{ kind: "call" }, "account", /Pick an account/],
    [{ account: "ACCOUNT", kind: "lunch" }, "kind", /Pick a kind/],
    [{ account: "ACCOUNT", kind: "call", date: "2026-02-30" }, "date", /not a date|Use a date/],
    [{ account: "ACCOUNT", kind: "call", date: "2026-12-25" }, "date", /future/],
    [{ account: "nope", kind: "call" }, "account", /no longer exists/],
  ])("rejects %j with an error on the %s field and writes nothing", async (input, field, message) => {
    const values = JSON.parse(JSON.stringify(input).replace("ACCOUNT", acme));
    const result = await h.kw.submitForm("touch", values, leo, "slack");
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors)).toEqual([field]);
    expect(result.errors[field]).toMatch(message);
    expect(await h.db.touchpoint.count()).toBe(0);
  });
});

describe("change-stage form", () => {
  it("needs a reason to move into exit, then records the move and announces it", async () => {
    const missing = await h.kw.submitForm("stage", { account: acme, stage: "exit" }, leo, "slack");
    expect(missing).toEqual({ ok: false, errors: { reason: "Say why the customer is leaving." } });
    expect(await h.db.stageChange.count({ where: { kind: { not: "initial" } } })).toBe(0);

    const done = await h.kw.submitForm("stage", { account: acme, stage: "exit", reason: "budget cut" }, leo, "slack");
    expect(done.ok).toBe(true);
    if (!done.ok) return;
    expect(done.announce?.visibility).toBe("channel");
    expect(await h.db.stageChange.findFirstOrThrow({ where: { kind: { not: "initial" } } })).toMatchObject({ fromStage: "retention", toStage: "exit", reason: "budget cut", byId: leo.personId, kind: "exit" });
  });

  it("a rep cannot move someone else's account", async () => {
    const other = await h.db.account.findFirstOrThrow({ where: { name: "Acme Labs" } });
    const result = await h.kw.submitForm("stage", { account: other.id, stage: "advocacy" }, leo, "slack");
    expect(result.ok).toBe(false);
    expect(await h.db.stageChange.count({ where: { kind: { not: "initial" } } })).toBe(0);
  });
});

describe("account search and home", () => {
  it("finds by prefix, then by word", async () => {
    expect((await h.kw.searchAccounts("acme")).map((a) => a.name)).toEqual(["Acme Corp", "Acme Labs"]);
    expect((await h.kw.searchAccounts("labs")).map((a) => a.name)).toEqual(["Acme Labs"]);
    expect(await h.kw.searchAccounts("zzz")).toEqual([]);
  });

  it("home lists the person's open nudges with actions, then their accounts most urgent first", async () => {
    await h.kw.scan();
    const home = await h.kw.home(leo, "UTC");
    const text = renderForTerminal(home, false);
    expect(text).toMatch(/Your open nudges \(1\)[\s\S]*Stale contact: Acme Corp/);
    expect(text.indexOf("🔴 Acme Corp")).toBeGreaterThan(-1);
    expect(text.indexOf("Acme Corp ·")).toBeLessThan(text.indexOf("Globex ·"));
    expect(text).not.toMatch(/Acme Labs/);
    const actions = home.blocks.flatMap((b) => (b.type === "actions" ? b.actions.map((a) => a.id) : []));
    expect(actions).toEqual(expect.arrayContaining(["nudge.ack", "nudge.snooze", "nudge.touch", "account.touch"]));
  });

  it("home asks an unlinked person to say who they are", async () => {
    const text = renderForTerminal(await h.kw.home({ personId: null, name: "Guest", role: "viewer", platform: "slack" }), false);
    expect(text).toMatch(/iam <your work email>/);
  });
});
