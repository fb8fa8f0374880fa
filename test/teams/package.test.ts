// The Teams app package: built by the same code as `npm run teams:package`, read back from the zip,
// and checked with Microsoft's own manifest tooling (@microsoft/app-manifest, schemas bundled in it).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { inflateRawSync } from "node:zlib";
import { AppManifestUtils, TeamsManifestConverter } from "@microsoft/app-manifest";
import { afterAll, describe, expect, it } from "vitest";
import { COMMANDS, findCommand } from "../../src/commands/registry.js";
import { buildTeamsPackage, COMMANDS_NOT_IN_MENU, renderManifest, TEAMS_DIR, type TeamsManifestJson } from "../../scripts/teams-package.js";
import { LOG_TOUCHPOINT_COMMAND } from "../../src/teams/messageAction.js";

const APP_ID = "8a7b6c5d-1234-4abc-9def-0123456789ab";
const dir = mkdtempSync(path.join(tmpdir(), "keepwarm-teams-pkg-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The files of a zip archive (central directory, then each local entry inflated). */
function unzip(zip: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const end = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  let at = zip.readUInt32LE(end + 16);
  for (let i = 0; i < zip.readUInt16LE(end + 10); i++) {
    expect(zip.readUInt32LE(at)).toBe(0x02014b50);
    const method = zip.readUInt16LE(at + 10);
    const packed = zip.readUInt32LE(at + 20);
    const nameLength = zip.readUInt16LE(at + 28);
    const name = zip.toString("utf8", at + 46, at + 46 + nameLength);
    const local = zip.readUInt32LE(at + 42);
    const dataAt = local + 30 + zip.readUInt16LE(local + 26) + zip.readUInt16LE(local + 28);
    const raw = zip.subarray(dataAt, dataAt + packed);
    files.set(name, method === 8 ? inflateRawSync(raw) : raw);
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return files;
}

function pngInfo(data: Buffer) {
  expect(data.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20), colorType: data.readUInt8(25) };
}

const validate = async (manifest: unknown) => AppManifestUtils.validateAgainstSchema(TeamsManifestConverter.jsonToManifest(JSON.stringify(manifest)));
const template = () => readFileSync(path.join(TEAMS_DIR, "manifest.template.json"), "utf8");

describe("Teams app package", () => {
  const out = path.join(dir, "keepwarm-teams.zip");
  const built = buildTeamsPackage({ appId: APP_ID, version: "0.1.0" }, out);
  const files = unzip(readFileSync(out));
  const manifest = JSON.parse(files.get("manifest.json")!.toString("utf8")) as TeamsManifestJson;
  const lists = manifest.bots[0].commandLists;

  it("holds the manifest and the two icons, at the root", () => {
    expect([...files.keys()].sort()).toEqual(["color.png", "manifest.json", "outline.png"]);
    expect(manifest).toEqual(built);
  });

  it("passes Microsoft's manifest schema, and the schema does catch mistakes", async () => {
    expect(manifest.manifestVersion).toBe("1.30");
    expect(await validate(manifest)).toEqual([]);
    const tooMany = structuredClone(manifest);
    tooMany.bots[0].commandLists[0].commands.push(...Array.from({ length: 3 }, (_, i) => ({ title: `extra${i}`, description: "x" })));
    const broken = { ...structuredClone(manifest), accentColor: "orange" };
    expect((await validate(tooMany)).join("\n")).toMatch(/commands/);
    expect((await validate(broken)).join("\n")).toMatch(/accentColor/);
  });

  it("fills the bot id in and refuses one that is not an app id", () => {
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots[0].botId).toBe(APP_ID);
    expect(JSON.stringify(manifest)).not.toContain("{{");
    expect(() => renderManifest(template(), { appId: "keepwarm", version: "1.0.0" })).toThrow(/GUID/);
  });

  it("has a 192×192 color icon and a 32×32 outline icon with transparency", () => {
    expect(pngInfo(files.get("color.png")!)).toEqual({ width: 192, height: 192, colorType: 6 });
    expect(pngInfo(files.get("outline.png")!)).toEqual({ width: 32, height: 32, colorType: 6 });
  });

  it("lists only real commands, at most 10 per scope, and every command is in a menu or left out on purpose", () => {
    for (const list of lists) {
      expect(list.commands.length).toBeLessThanOrEqual(10);
      for (const c of list.commands) expect(findCommand(c.title)?.name, c.title).toBe(c.title);
    }
    const inMenus = new Set(lists.flatMap((l) => l.commands.map((c) => c.title)));
    const omitted = Object.keys(COMMANDS_NOT_IN_MENU);
    expect(omitted.filter((c) => inMenus.has(c))).toEqual([]);
    expect(omitted.filter((c) => !findCommand(c))).toEqual([]);
    expect(COMMANDS.map((c) => c.name).filter((c) => !inMenus.has(c) && !omitted.includes(c))).toEqual([]);
    expect(lists.flatMap((l) => l.scopes).sort()).toEqual(["groupChat", "personal", "team"]);
  });

  it("declares Log as touchpoint as a message action the bot answers, with a dialog fetched from the bot", async () => {
    const extensions = manifest.composeExtensions as { botId: string; commands: Record<string, unknown>[] }[];
    expect(extensions).toHaveLength(1);
    expect(extensions[0].botId).toBe(APP_ID);
    expect(extensions[0].commands).toEqual([
      { id: LOG_TOUCHPOINT_COMMAND, type: "action", title: "Log as touchpoint", description: expect.any(String), context: ["message"], fetchTask: true },
    ]);
    const inCompose = structuredClone(manifest) as Record<string, any>;
    inCompose.composeExtensions[0].commands[0].context = ["chat"];
    await expect(validate(inCompose)).rejects.toThrow(/composeExtensions/); // Microsoft's tooling knows the contexts
  });

  it("asks for resource-specific consent to read the messages of a channel and of a group chat (the customer's shared channel), for the bot's app id", async () => {
    expect(manifest.authorization).toEqual({
      permissions: { resourceSpecific: [{ name: "ChannelMessage.Read.Group", type: "Application" }, { name: "ChatMessage.Read.Chat", type: "Application" }] },
    });
    // RSC needs the app's Entra id in webApplicationInfo (the resource is unused by RSC but must be present).
    expect(manifest.webApplicationInfo).toEqual({ id: APP_ID, resource: expect.stringMatching(/^https:\/\//) });
    expect(manifest.bots[0]).toMatchObject({ scopes: expect.arrayContaining(["team", "groupChat"]) });
    expect((manifest.description as { full: string }).full).toContain("keeps no message text"); // the store requires saying how the data read is used
    const misspelt = structuredClone(manifest) as Record<string, any>;
    misspelt.authorization.permissions.resourceSpecific[0].type = "Application-only";
    await expect(validate(misspelt)).rejects.toThrow(/authorization/); // Microsoft's tooling checks these entries
  });

  it("is what `npm run teams:package` builds, with the bot id from MICROSOFT_APP_ID", () => {
    const cliOut = path.join(dir, "cli.zip");
    const run = (env: Record<string, string>) =>
      spawnSync(process.execPath, ["--import", "tsx", "scripts/teams-package.ts", "--out", cliOut], { env: { ...process.env, ...env }, encoding: "utf8" });
    const ok = run({ MICROSOFT_APP_ID: APP_ID });
    expect(ok.stderr).toBe("");
    expect(ok.status).toBe(0);
    const cliManifest = JSON.parse(unzip(readFileSync(cliOut)).get("manifest.json")!.toString("utf8"));
    expect(cliManifest.bots[0].botId).toBe(APP_ID);
    const missing = run({ MICROSOFT_APP_ID: "" });
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain("Set MICROSOFT_APP_ID");
  });
});
