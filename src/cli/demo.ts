import { rmSync } from "node:fs";
import path from "node:path";
import { consoleNotifier } from "../delivery/console.js";
import { seedDemo } from "../demo/seed.js";
import { RULE_NAMES, RULE_TITLES } from "../domain/nudges.js";
import type { Actor } from "../domain/people.js";
import { renderBindingDigest } from "../scheduler/digestJob.js";
import { digestPeriod } from "../digests/period.js";
import { openForCli } from "./bootstrap.js";
import { heading, print, printMessage } from "./output.js";

export const DEMO_DB_FILE = path.resolve("data", "demo.db");

/**
 * The whole loop on a laptop: a fresh SQLite portfolio, a scan as of now, the nudges as the
 * team channel would see them, one acknowledged in place, `why` for one account, and the digest.
 */
export async function runDemo(): Promise<void> {
  for (const suffix of ["", "-wal", "-shm", "-journal"]) rmSync(DEMO_DB_FILE + suffix, { force: true });
  const kw = await openForCli({ databaseUrl: `file:${DEMO_DB_FILE}` });
  try {
    const now = kw.clock();
    heading("Seeding a demo portfolio");
    const seeded = await seedDemo(kw.db, now, kw.config.defaultTimeZone);
    print(`${seeded.accounts} accounts, ${seeded.people} people, ${seeded.touchpoints} touchpoints, ${seeded.complaints} complaints; channel ${seeded.channelId} watches them all.`);

    heading(`Scan as of ${now.toISOString().slice(0, 16).replace("T", " ")} UTC`);
    const scan = await kw.scan({ now });
    print(`${scan.accounts} accounts checked in ${scan.durationMs} ms: ${scan.raised} nudges raised.`);
    const byRule = await kw.db.nudge.groupBy({ by: ["rule", "severity"], _count: { _all: true } });
    for (const rule of RULE_NAMES) {
      const rows = byRule.filter((r) => r.rule === rule);
      const parts = rows.map((r) => `${r._count._all} ${r.severity}`).join(", ");
      print(`  ${RULE_TITLES[rule].padEnd(22)} ${parts || "none"}`);
    }

    heading("What #account-team sees (console stands in for Slack/Teams)");
    kw.notifiers.console = consoleNotifier(kw.log, print);
    await kw.deliver(now);

    const leo: Actor = await actorFor(kw, "leo@example.com");
    const acme = await kw.db.nudge.findFirst({ where: { account: { name: "Acme Corp" } }, select: { id: true } });
    if (acme) {
      heading(`Leo clicks Acknowledge on nudge #${acme.id}; the message updates in place`);
      printMessage((await kw.command(`ack ${acme.id} calling them Thursday`, leo, "cli")).reply);
      await kw.deliver();
    }

    heading('Leo logs a call: keepwarm touch "Initech" call "renewal scoping"');
    printMessage((await kw.command('touch "Initech" call "renewal scoping"', leo, "cli")).reply);
    await kw.deliver();

    heading("keepwarm why Globex");
    printMessage((await kw.command("why Globex", leo, "cli")).reply);

    heading("Weekly manager digest for #account-team");
    const binding = await kw.db.channelBinding.findFirstOrThrow({ where: { channelId: seeded.channelId } });
    const period = digestPeriod("weekly", now, binding.timeZone);
    const digest = await renderBindingDigest(kw.db, binding.id, { cadence: "weekly", periodStart: period.start.toISOString(), periodEnd: now.toISOString() }, now);
    if (digest) printMessage(digest);

    heading("Try it yourself");
    print(`The demo database is ${path.relative(process.cwd(), DEMO_DB_FILE)}. Point the CLI at it:`);
    print(`  export DATABASE_URL=file:${path.relative(process.cwd(), DEMO_DB_FILE)}`);
    print('  npx keepwarm nudges all          npx keepwarm account "Stark Industries"');
    print('  npx keepwarm touch Globex call "catch-up"   npx keepwarm why Gringotts   npx keepwarm help');
  } finally {
    await kw.close();
  }
}

async function actorFor(kw: { db: import("../store/client.js").Db }, email: string): Promise<Actor> {
  const p = await kw.db.person.findUniqueOrThrow({ where: { email } });
  return { personId: p.id, name: p.name, role: p.role, platform: "console" };
}
