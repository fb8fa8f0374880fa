// `npm run teams:package`: the Teams app package to upload (dist/keepwarm-teams.zip): the manifest
// from teams/manifest.template.json with the bot's id filled in, and the two icons.
//
//   npm run teams:package                         # bot id from MICROSOFT_APP_ID
//   npm run teams:package -- --app-id <GUID> [--out file.zip] [--website-url https://…]
//   npm run teams:package -- --icons              # redraw teams/color.png and teams/outline.png
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { crc32, deflateRawSync, deflateSync } from "node:zlib";
import { loadEnv } from "../src/config/env.js";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
export const TEAMS_DIR = path.join(ROOT, "teams");
export const DEFAULT_PACKAGE = path.join(ROOT, "dist", "keepwarm-teams.zip");
const DEFAULT_WEBSITE = "https://github.com/keepwarm/keepwarm";

/**
 * Commands left out of the Teams command menus (at most 10 per scope), and why. Every other command
 * of the core is in a menu; a test keeps the two lists and the core's registry in step.
 */
export const COMMANDS_NOT_IN_MENU: Record<string, string> = {
  ack: "the Acknowledge button on every nudge card does it",
  snooze: "the Snooze button on every nudge card does it",
  answer: "a complaint follow-up, typed after `complaint`; help explains it",
  resolve: "a complaint follow-up, typed after `complaint`; help explains it",
  role: "for admins only; help explains it",
  link: "for managers setting up connectors or a shared channel, once per account; help explains it",
  unlink: "for managers setting up connectors; help explains it",
  unwatch: "stopping a channel is rare; `settings` and help explain it",
  renewal: "renewal dates mostly come from the CRM or CSV; help explains it",
  iam: "needed once, when a chat email does not match a Keepwarm person; the welcome message says so",
  contact: "contacts mostly come from touches (`--with`), CSV and the CRM; help explains it",
};

export interface ManifestValues {
  appId: string;
  version: string;
  websiteUrl?: string;
}

export type TeamsManifestJson = Record<string, unknown> & {
  id: string;
  bots: { botId: string; commandLists: { scopes: string[]; commands: { title: string; description?: string }[] }[] }[];
};

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The template with its {{PLACEHOLDERS}} filled in. */
export function renderManifest(template: string, values: ManifestValues): TeamsManifestJson {
  if (!GUID.test(values.appId)) throw new Error(`The bot id must be the Azure Bot's Microsoft App ID (a GUID); got "${values.appId}".`);
  const filled: Record<string, string> = { MICROSOFT_APP_ID: values.appId, VERSION: values.version, WEBSITE_URL: values.websiteUrl ?? DEFAULT_WEBSITE };
  const text = template.replace(/\{\{([A-Z_]+)\}\}/g, (match, name: string) => {
    if (!(name in filled)) throw new Error(`Unknown placeholder ${match} in the manifest template.`);
    return JSON.stringify(filled[name]).slice(1, -1);
  });
  return JSON.parse(text) as TeamsManifestJson;
}

/** Writes the zip; returns the manifest it holds. */
export function buildTeamsPackage(values: ManifestValues, outFile = DEFAULT_PACKAGE): TeamsManifestJson {
  const manifest = renderManifest(readFileSync(path.join(TEAMS_DIR, "manifest.template.json"), "utf8"), values);
  const icons = manifest.icons as { color: string; outline: string };
  mkdirSync(path.dirname(outFile), { recursive: true });
  writeFileSync(
    outFile,
    zip([
      { name: "manifest.json", data: Buffer.from(JSON.stringify(manifest, null, 2)) },
      { name: icons.color, data: readFileSync(path.join(TEAMS_DIR, icons.color)) },
      { name: icons.outline, data: readFileSync(path.join(TEAMS_DIR, icons.outline)) },
    ]),
  );
  return manifest;
}

/** A zip archive (deflate), enough for an app package: files at the root, no directories. */
export function zip(entries: { name: string; data: Buffer }[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  const DOS_DATE = ((2026 - 1980) << 9) | (1 << 5) | 1; // fixed timestamps: the same input gives the same zip
  for (const { name, data } of entries) {
    const nameBytes = Buffer.from(name, "utf8");
    const packed = deflateRawSync(data);
    const crc = crc32(data);
    const header = Buffer.alloc(30);
    header.writeUInt32LE(0x04034b50, 0);
    header.writeUInt16LE(20, 4); // version needed
    header.writeUInt16LE(0x0800, 6); // UTF-8 names
    header.writeUInt16LE(8, 8); // deflate
    header.writeUInt16LE(0, 10);
    header.writeUInt16LE(DOS_DATE, 12);
    header.writeUInt32LE(crc, 14);
    header.writeUInt32LE(packed.length, 18);
    header.writeUInt32LE(data.length, 22);
    header.writeUInt16LE(nameBytes.length, 26);
    header.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // made by
    header.copy(central, 6, 4, 30); // version needed … name length: the same fields
    central.writeUInt16LE(0, 30); // extra, comment, disk, internal attributes
    central.writeUInt16LE(0, 32);
    central.writeUInt16LE(0, 34);
    central.writeUInt16LE(0, 36);
    central.writeUInt32LE(0, 38);
    central.writeUInt32LE(offset, 42);
    locals.push(header, nameBytes, packed);
    centrals.push(central, nameBytes);
    offset += header.length + nameBytes.length + packed.length;
  }
  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, directory, end]);
}

/** An RGBA PNG drawn by a coverage function (0..1 of the shape at a point), supersampled for smooth edges. */
export function png(size: number, paint: (x: number, y: number) => [number, number, number, number]): Buffer {
  const rows: Buffer[] = [];
  const SS = 4;
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4); // filter byte 0 (none)
    for (let x = 0; x < size; x++) {
      const sum = [0, 0, 0, 0];
      for (let i = 0; i < SS * SS; i++) {
        const [r, g, b, a] = paint((x + ((i % SS) + 0.5) / SS) / size, (y + (Math.floor(i / SS) + 0.5) / SS) / size);
        sum[0] += r * a;
        sum[1] += g * a;
        sum[2] += b * a;
        sum[3] += a;
      }
      const alpha = sum[3] / (SS * SS);
      for (let c = 0; c < 3; c++) row[1 + x * 4 + c] = sum[3] ? Math.round(sum[c] / sum[3]) : 0;
      row[1 + x * 4 + 3] = Math.round(alpha * 255);
    }
    rows.push(row);
  }
  const chunk = (type: string, data: Buffer) => {
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.writeUInt8(8, 8); // bit depth
  ihdr.writeUInt8(6, 9); // RGBA
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk("IHDR", ihdr), chunk("IDAT", deflateSync(Buffer.concat(rows), { level: 9 })), chunk("IEND", Buffer.alloc(0))]);
}

/** The icons: an ember in a ring, warm orange (color, 192×192) and white on transparent (outline, 32×32). */
export function drawIcons(): { color: Buffer; outline: Buffer } {
  const ring = (x: number, y: number, r: number, width: number) => Math.abs(Math.hypot(x - 0.5, y - 0.5) - r) <= width / 2;
  const dot = (x: number, y: number, r: number) => Math.hypot(x - 0.5, y - 0.54) <= r;
  const color = png(192, (x, y) => (ring(x, y, 0.3, 0.08) || dot(x, y, 0.12) ? [255, 255, 255, 1] : [232, 89, 12, 1]));
  const outline = png(32, (x, y) => (ring(x, y, 0.36, 0.1) || dot(x, y, 0.15) ? [255, 255, 255, 1] : [0, 0, 0, 0]));
  return { color, outline };
}

interface Args {
  appId?: string;
  out?: string;
  websiteUrl?: string;
  icons: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { icons: false };
  for (let i = 0; i < argv.length; i++) {
    const value = () => argv[++i] ?? fail(`${argv[i - 1]} needs a value`);
    if (argv[i] === "--app-id") args.appId = value();
    else if (argv[i] === "--out") args.out = path.resolve(value());
    else if (argv[i] === "--website-url") args.websiteUrl = value();
    else if (argv[i] === "--icons") args.icons = true;
    else fail(`Unknown argument ${argv[i]}`);
  }
  return args;
}

function fail(message: string): never {
  console.error(message);
  process.exit(1);
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  if (args.icons) {
    const { color, outline } = drawIcons();
    writeFileSync(path.join(TEAMS_DIR, "color.png"), color);
    writeFileSync(path.join(TEAMS_DIR, "outline.png"), outline);
    console.log("Wrote teams/color.png (192×192) and teams/outline.png (32×32).");
    return;
  }
  const appId = args.appId ?? loadEnv().MICROSOFT_APP_ID;
  if (!appId) fail("Set MICROSOFT_APP_ID (the Azure Bot's Microsoft App ID) or pass --app-id <GUID>.");
  const version = (JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string }).version;
  const outFile = args.out ?? DEFAULT_PACKAGE;
  let manifest: TeamsManifestJson;
  try {
    manifest = buildTeamsPackage({ appId, version, websiteUrl: args.websiteUrl }, outFile);
  } catch (err) {
    fail((err as Error).message);
  }
  const problems = await validateManifest(manifest);
  if (problems === null) console.warn("(@microsoft/app-manifest is not installed: the manifest was not checked against its schema.)");
  else if (problems.length) fail(`The manifest does not match its schema:\n  ${problems.join("\n  ")}`);
  console.log(`Wrote ${path.relative(process.cwd(), outFile)} for bot ${appId}. Upload it in the Teams admin center or the Developer Portal.`);
}

/** Microsoft's own manifest check (a dev dependency): problems, or null when the tool is not installed. */
export async function validateManifest(manifest: TeamsManifestJson): Promise<string[] | null> {
  let tooling: typeof import("@microsoft/app-manifest");
  try {
    tooling = await import("@microsoft/app-manifest");
  } catch {
    return null;
  }
  const { AppManifestUtils, TeamsManifestConverter } = tooling;
  const typed = TeamsManifestConverter.jsonToManifest(JSON.stringify(manifest));
  return AppManifestUtils.validateAgainstSchema(typed);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => fail((err as Error).stack ?? String(err)));
}
