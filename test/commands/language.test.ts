import { describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/commands/registry.js";
import { tokenize } from "../../src/commands/tokens.js";
import { ROLES, roleAtLeast } from "../../src/domain/people.js";
import { admin } from "../fixtures/actors.js";
import { expectOk, expectRejected, seedPortfolio } from "../fixtures/commands.js";
import { createHarness } from "../fixtures/harness.js";
import { textOf } from "../fixtures/messages.js";
import { perTest } from "../fixtures/perTest.js";
import { snapshotDb } from "../fixtures/snapshot.js";

/** The commands this suite covers, in the order help lists them (other commands may sit between). */
const CORE = ["touch", "stage", "complaint", "answer", "resolve", "renewal", "account", "nudges", "ack", "snooze", "why", "help"];

describe("tokenize", () => {
  it.each([
    ['touch "Acme Corp" call "QBR prep"', [["touch", false], ["Acme Corp", true], ["call", false], ["QBR prep", true]]],
    ["touch 'Acme Corp' call", [["touch", false], ["Acme Corp", true], ["call", false]]],
    ["touch “Acme Corp” call ‘QBR prep’", [["touch", false], ["Acme Corp", true], ["call", false], ["QBR prep", true]]],
    ["  touch\tAcme   call  ", [["touch", false], ["Acme", false], ["call", false]]],
    ['stage X exit ""', [["stage", false], ["X", false], ["exit", false], ["", true]]],
    ['touch "O\'Brien & Sons" call', [["touch", false], ["O'Brien & Sons", true], ["call", false]]],
  ])("%s", (text, expected) => {
    expect(tokenize(text).map((t) => [t.value, t.quoted])).toEqual(expected);
  });

  it.each(['touch "Acme', "touch 'Acme", "touch “Acme Corp\" call", "touch ‘Acme"])("an unclosed quote in %s is a usage error", (text) => {
    expect(() => tokenize(text)).toThrowError(/is not closed/);
  });
});

describe("the command language", () => {
  const h = perTest(() => createHarness("sqlite"));
  const p = perTest(() => seedPortfolio(h));

  describe("help", () => {
    it("help lists every command with its usage and summary, and writes nothing", async () => {
      const before = await snapshotDb(h.db);
      const out = await expectOk(h, "help", p.actors.viewer);
      expect(out.reply.summary).toBe("Keepwarm commands");
      const text = textOf(out.reply);
      for (const c of COMMANDS) expect(text).toContain(`\`${c.usage}\`\n${c.summary}`);
      const names = COMMANDS.map((c) => c.name);
      expect(names.filter((n) => CORE.includes(n))).toEqual(CORE);
      expect(names.at(-1)).toBe("help");
      expect(await snapshotDb(h.db)).toEqual(before);
    });

    it("an empty line is help", async () => {
      const out = await expectOk(h, "   ", p.actors.viewer);
      expect(out.reply.summary).toBe("Keepwarm commands");
    });

    it.each(COMMANDS.map((c) => [c.name, c.name]).concat([["log", "touch"], ["show", "account"], ["ACKNOWLEDGE", "ack"]]))("help %s explains %s with its examples", async (asked, name) => {
      const spec = COMMANDS.find((c) => c.name === name)!;
      const out = await expectOk(h, `help ${asked}`, p.actors.viewer);
      expect(out.reply.summary).toBe(spec.usage);
      expect(out.reply.blocks[0]).toEqual({ type: "header", text: name });
      expect(textOf(out.reply)).toContain(`\`${spec.usage}\`\n${spec.summary}`);
      expect(spec.examples.length).toBeGreaterThan(0);
      for (const e of spec.examples) expect(textOf(out.reply)).toContain(`\`${e}\``);
    });

    it("every example in help is a command the language accepts (parses to a known command)", () => {
      for (const c of COMMANDS) {
        for (const e of c.examples) {
          const [head] = tokenize(e);
          expect(COMMANDS.some((x) => x.name === head.value || x.aliases?.includes(head.value)), e).toBe(true);
        }
      }
    });

    it("help for a command that does not exist", async () => {
      await expectRejected(h, "help frobnicate", p.actors.viewer, { code: "unknown_command", says: ['There is no command "frobnicate".', `Commands: ${COMMANDS.map((c) => c.name).join(", ")}`] });
    });
  });

  describe("unknown commands", () => {
    it("a near miss suggests the command", async () => {
      await expectRejected(h, 'tuch "Acme Corp" call', admin, { code: "unknown_command", says: ['I don\'t know the command "tuch".', "Did you mean `touch`?", "`help <command>` explains one."] });
      await expectRejected(h, "snoze 1 1d", admin, { code: "unknown_command", says: ["Did you mean `snooze`?"] });
    });

    it("a far miss lists the commands", async () => {
      const out = await expectRejected(h, "frobnicate Acme", admin, { code: "unknown_command", says: [`Commands: ${COMMANDS.map((c) => c.name).join(", ")}.`] });
      expect(textOf(out.reply)).not.toContain("Did you mean");
    });

    it("a quoted command word is still looked up, and names are case-insensitive", async () => {
      await expectOk(h, '"TOUCH" Globex call', p.actors.owner);
      await expectOk(h, "Touch Globex Call", p.actors.owner);
      expect(await h.db.touchpoint.count({ where: { accountId: p.accounts.globex, kind: "call" } })).toBe(2);
    });
  });

  describe("roles", () => {
    const writers: [string, string][] = [
      ["touch", 'touch "Acme Corp" call'],
      ["stage", 'stage "Acme Corp" advocacy'],
      ["complaint", 'complaint "Acme Corp" high slow'],
      ["answer", "answer #1 hello"],
      ["resolve", "resolve #1 fixed"],
      ["renewal", 'renewal "Acme Corp" 2027-03-31'],
      ["ack", "ack 1"],
      ["snooze", "snooze 1 1d"],
    ];

    it("the role model orders viewer < rep < manager < admin", () => {
      expect(ROLES).toEqual(["viewer", "rep", "manager", "admin"]);
      expect(roleAtLeast("viewer", "rep")).toBe(false);
      expect(roleAtLeast("rep", "rep")).toBe(true);
      expect(roleAtLeast("rep", "manager")).toBe(false);
      expect(roleAtLeast("admin", "manager")).toBe(true);
    });

    it("each command's least role is as documented", () => {
      const minRoles = Object.fromEntries(COMMANDS.filter((c) => CORE.includes(c.name)).map((c) => [c.name, c.minRole]));
      expect(minRoles).toEqual({ touch: "rep", stage: "rep", complaint: "rep", answer: "rep", resolve: "rep", renewal: "rep", account: "viewer", nudges: "viewer", ack: "rep", snooze: "rep", why: "viewer", help: "viewer" });
    });

    it.each(writers)("a viewer cannot %s, and nothing is written", async (name, text) => {
      await h.kw.scan();
      await expectOk(h, 'complaint "Acme Corp" low wrong logo', admin);
      await expectRejected(h, text, p.actors.viewer, { code: "forbidden", says: [`\`${name}\` needs the rep role; you are viewer.`] });
    });

    it("the role check comes before anything else: a viewer's malformed command is refused for the role", async () => {
      await expectRejected(h, "touch Nowhere kayak --on 2026-13-40", p.actors.viewer, { code: "forbidden", says: ["needs the rep role"] });
    });
  });

  describe("argv tokens (the CLI) go through the same language", () => {
    it("runs pre-split words, with names kept whole", async () => {
      const argv = ["touch", "Acme Corp", "call", "QBR prep"].map((value, i) => ({ value, quoted: i === 1 || i === 3 }));
      const out = await h.kw.commandTokens(argv, p.actors.owner, "cli");
      expect(out.ok).toBe(true);
      expect(out.reply.summary).toBe("Logged a call with Acme Corp: QBR prep");
      expect(await h.db.touchpoint.findMany({ where: { accountId: p.accounts.acme } })).toMatchObject([{ kind: "call", summary: "QBR prep" }]);
    });

    it("no words is help; an unknown word is refused", async () => {
      expect((await h.kw.commandTokens([], p.actors.viewer, "cli")).reply.summary).toBe("Keepwarm commands");
      const before = await snapshotDb(h.db);
      const out = await h.kw.commandTokens([{ value: "dance", quoted: false }], admin, "cli");
      expect(out).toMatchObject({ ok: false, error: "unknown_command" });
      expect(await snapshotDb(h.db)).toEqual(before);
    });
  });
});
