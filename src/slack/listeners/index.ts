import type { App } from "@slack/bolt";
import type { SlackDeps } from "../replies.js";
import { registerActions } from "./actions.js";
import { registerCommands } from "./commands.js";
import { registerEvents } from "./events.js";
import { registerForms } from "./forms.js";

/** Every listener of the app: slash commands, actions, modals and type-ahead, events. */
export function registerListeners(app: App, deps: SlackDeps): void {
  registerCommands(app, deps);
  registerActions(app, deps);
  registerForms(app, deps);
  registerEvents(app, deps);
}
