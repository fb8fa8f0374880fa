import type { App } from "@slack/bolt";
import type { SlackDeps } from "../replies.js";
import { registerActions } from "./actions.js";
import { registerCommands } from "./commands.js";
import { registerEvents } from "./events.js";
import { registerForms } from "./forms.js";
import { registerSharedChannel } from "./sharedChannel.js";
import { registerShortcuts } from "./shortcuts.js";

/** Every listener of the app: slash commands, actions, modals and type-ahead, message shortcuts, events, messages in shared channels. */
export function registerListeners(app: App, deps: SlackDeps): void {
  registerCommands(app, deps);
  registerActions(app, deps);
  registerForms(app, deps);
  registerShortcuts(app, deps);
  registerEvents(app, deps);
  registerSharedChannel(app, deps);
}
