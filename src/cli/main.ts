#!/usr/bin/env node
import { Command, InvalidArgumentError } from "commander";
import { COMMANDS, findCommand } from "../commands/registry.js";
import { parseCalendarDate } from "../commands/dates.js";
import { exitOnError, openKeepwarm } from "../startup.js";
import { registerConnectorCommands } from "./connectors.js";
import { runDemo } from "./demo.js";
import { runDigest, runImport, runMigrate, runScanCommand } from "./operations.js";
import { printMessage } from "./output.js";
import { syncCommand } from "./sync.js";
import { tokenCommand } from "./tokens.js";

function asOfDate(value: string): Date {
  if (/T/.test(value) && !Number.isNaN(Date.parse(value))) return new Date(value);
  const d = parseCalendarDate(value);
  if (!d) throw new InvalidArgumentError("expected YYYY-MM-DD or an ISO date-time");
  return d.set({ hour: 12 }).toJSDate();
}

const program = new Command("keepwarm")
  .description("Keeps customer relationships from going cold: nudges, commands and digests for account teams.")
  .showHelpAfterError();

program.command("demo").description("fresh SQLite demo portfolio under ./data: scan, nudges, an acknowledgement and a digest").action(runDemo);
program
  .command("scan")
  .description("evaluate every rule for every account and raise/resolve nudges")
  .option("--as-of <date>", "pretend it is this date (YYYY-MM-DD or ISO date-time)", asOfDate)
  .option("--deliver", "also deliver what the scan queued (to the console)")
  .action(runScanCommand);
program
  .command("digest")
  .description("print a manager digest for a channel binding (or the whole portfolio)")
  .option("--channel <id>", "a bound channel's id")
  .option("--daily", "the last day instead of the last week")
  .option("--as-of <date>", "pretend it is this date", asOfDate)
  .action(runDigest);
/** Repeatable options: each occurrence is kept (they may also hold several comma-separated pairs). */
const each = (value: string, previous: string[] = []) => [...previous, value];
program
  .command("import")
  .description("import a CSV file: accounts, touchpoints, complaints or contacts, in Keepwarm's columns or a CRM export's")
  .argument("<kind>", "accounts | touchpoints | complaints | contacts")
  .argument("<file>", "CSV file with a header row")
  .option("--map <field=Header,…>", "read a field from the file's column (Header+Header joins two); repeatable", each)
  .option("--set <field=value,…>", "the same value for every row; repeatable", each)
  .option("--skip-empty <field,…>", "skip rows without this field instead of rejecting them; repeatable", each)
  .option("--preset <name>", "a CRM's standard export: hubspot | salesforce")
  .addHelpText("after", `\nExamples:\n  keepwarm import accounts companies.csv --preset hubspot\n  keepwarm import accounts accounts.csv --map name=account,value=revenue,segment=sector\n  keepwarm import touchpoints pipeline.csv --map date=close_date,who=sales_agent,note=product,key=opportunity_id+close_date --set kind=meeting --skip-empty date\n`)
  .action(runImport);
program.command("migrate").description("apply database migrations for DATABASE_URL").action(runMigrate);
program.addCommand(tokenCommand());
registerConnectorCommands(program);
program.addCommand(syncCommand());

const languageHelp = COMMANDS.map((c) => `  ${c.usage}`).join("\n");
program.addHelpText("after", `\nAccount commands (also in Slack and Teams):\n${languageHelp}\n\nExamples:\n  keepwarm touch "Acme Corp" call "QBR prep"\n  keepwarm stage Globex exit "moved to a competitor"\n`);

async function runLanguageCommand(argv: string[]): Promise<void> {
  const kw = await openKeepwarm();
  try {
    const actor = await kw.cliActor();
    // The shell already split the words; a word with spaces was quoted on the command line.
    const tokens = argv.map((value) => ({ value, quoted: /\s/.test(value) }));
    const outcome = await kw.commandTokens(tokens, actor, "cli");
    printMessage(outcome.reply);
    if (outcome.announce) printMessage(outcome.announce);
    process.exitCode = outcome.ok ? 0 : 2;
  } finally {
    await kw.close();
  }
}

const [first] = process.argv.slice(2);
const run = first && findCommand(first) ? runLanguageCommand(process.argv.slice(2)) : program.parseAsync(process.argv);
run.catch(exitOnError);
