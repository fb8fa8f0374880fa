import { accountCommand } from "./account.js";
import { ackCommand, snoozeCommand } from "./ack.js";
import { answerCommand, resolveCommand } from "./answer.js";
import { complaintCommand } from "./complaint.js";
import { feedbackCommand } from "./feedback.js";
import { contactCommand } from "./contact.js";
import type { CommandSpec } from "./context.js";
import { helpCommand } from "./help.js";
import { nudgesCommand } from "./nudges.js";
import { renewalCommand } from "./renewal.js";
import { stageCommand } from "./stage.js";
import { touchCommand } from "./touch.js";
import { whyCommand } from "./why.js";
import { dmCommand, unwatchCommand, watchCommand } from "./watch.js";
import { digestCommand } from "./digestSchedule.js";
import { quietCommand } from "./quiet.js";
import { prefsCommand } from "./prefs.js";
import { settingsCommand } from "./settings.js";
import { iamCommand, roleCommand } from "./people.js";
import { linkCommand, unlinkCommand } from "./link.js";

/** The command language shared by the CLI, Slack and Teams, in the order help lists it. */
export const COMMANDS: CommandSpec[] = [
  touchCommand,
  contactCommand,
  stageCommand,
  complaintCommand,
  answerCommand,
  resolveCommand,
  feedbackCommand,
  renewalCommand,
  accountCommand,
  nudgesCommand,
  ackCommand,
  snoozeCommand,
  whyCommand,
  watchCommand,
  unwatchCommand,
  digestCommand,
  quietCommand,
  prefsCommand,
  settingsCommand,
  linkCommand,
  unlinkCommand,
  dmCommand,
  iamCommand,
  roleCommand,
];
COMMANDS.push(helpCommand(() => COMMANDS));

export function findCommand(name: string): CommandSpec | undefined {
  const n = name.toLowerCase();
  return COMMANDS.find((c) => c.name === n || c.aliases?.includes(n));
}
