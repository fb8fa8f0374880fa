import type { Message } from "../messages/model.js";

/** Commands the greeting suggests; a test checks each is a real command of the core. */
export const GREETING_COMMANDS = ["watch", "digest", "touch", "nudges", "dm", "iam", "help"] as const;

/** The short card Keepwarm posts when it is added to a team, a group chat or a personal chat. */
export function greetingMessage(scope: "personal" | "channel"): Message {
  const setup =
    scope === "channel"
      ? "**Set up this channel:** `@Keepwarm watch all` (or `watch mine`) posts nudges here; `@Keepwarm digest weekly monday 09:00` adds a manager digest."
      : "**Get your own nudges here:** `dm on`. Say `iam you@company.com` once so I know which accounts are yours.";
  return {
    summary: "Keepwarm is here: it nudges you before customer relationships go cold.",
    visibility: "channel",
    blocks: [
      { type: "header", text: "👋 Keepwarm is here" },
      { type: "text", text: "I nudge you before customer relationships go cold: contacts gone quiet, complaints waiting for an answer, renewals coming up." },
      { type: "text", text: setup },
      { type: "text", text: '**Log what you did:** `touch "Acme Corp" call QBR prep`. **See what needs you:** `nudges`.' },
      { type: "context", text: "`help` lists every command. Nudges come with buttons: Acknowledge, Snooze, Log touchpoint." },
    ],
  };
}
