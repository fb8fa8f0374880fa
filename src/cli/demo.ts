import { rmSync } from "node:fs";
import path from "node:path";
import { consoleNotifier } from "../delivery/console.js";
import { RULE_SPECS } from "../rules/index.js";
import { openKeepwarm } from "../startup.js";
import { heading, print, printMessage } from "./output.js";

export const DEMO_DB_FILE = path.resolve("data", "demo.db");

/**
 * The whole loop on a laptop: a fresh SQLite portfolio, a scan as of now, the nudges as the
 * team channel would see them, one acknowledged in place, `why` for one account, and the digest.
 */
export async function runDemo(): Promise<void> {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(DEMO_DB_FILE + suffix, { force: true });
  const kw = await openKeepwarm({ databaseUrl: `file:${DEMO_DB_FILE}` });
  try {
    const now = kw.clock();
    heading("Seeding a demo portfolio");
    const seeded = await kw.seedDemo();
    print(`${seeded.accounts} accounts, ${seeded.people} people, ${seeded.touchpoints} touchpoints, ${seeded.complaints} complaints, ${seeded.feedback} survey answers; channel ${seeded.channelId} watches them all.`);

    heading(`Scan as of ${now.toISOString().slice(0, 16).replace("T", " ")} UTC`);
    const scan = await kw.scan({ now });
    print(`${scan.accounts} accounts checked in ${scan.durationMs} ms: ${scan.raised} nudges raised.`);
    const counts = await kw.nudgeCounts();
    for (const rule of RULE_SPECS) {
      const parts = counts.filter((c) => c.rule === rule.name).map((c) => `${c.count} ${c.severity}`).join(", ");
      print(`  ${rule.title.padEnd(22)} ${parts || "none"}`);
    }

    heading("What #account-team sees (console stands in for Slack/Teams)");
    kw.registerNotifier("console", consoleNotifier(kw.log, print));
    await kw.deliver(now);

    const leo = await kw.cliActor("leo@example.com");
    const [acme] = (await kw.command('account "Acme Corp"', leo, "cli")).reply.nudgeIds ?? [];
    if (acme) {
      heading(`Leo clicks Acknowledge on nudge #${acme}; the message updates in place`);
      printMessage((await kw.command(`ack ${acme} calling them Thursday`, leo, "cli")).reply);
      await kw.deliver();
    }

    heading('Leo logs a call: keepwarm touch "Initech" call "renewal scoping"');
    printMessage((await kw.command('touch "Initech" call "renewal scoping"', leo, "cli")).reply);
    await kw.deliver();

    heading("keepwarm why Globex");
    printMessage((await kw.command("why Globex", leo, "cli")).reply);

    heading("keepwarm account Initrode (a detractor's answer waiting for a reply)");
    printMessage((await kw.command("account Initrode", leo, "cli")).reply);

    heading("Weekly manager digest for #account-team");
    printMessage(await kw.digest({ channelId: seeded.channelId, cadence: "weekly", throughNow: true }));

    heading("Try it yourself");
    print(`The demo database is ${path.relative(process.cwd(), DEMO_DB_FILE)}. Point the CLI at it:`);
    print(`  export DATABASE_URL=file:${path.relative(process.cwd(), DEMO_DB_FILE)}`);
    print('  npx keepwarm nudges all          npx keepwarm account "Stark Industries"');
    print('  npx keepwarm touch Globex call "catch-up"   npx keepwarm why Gringotts   npx keepwarm help');
  } finally {
    await kw.close();
  }
}
