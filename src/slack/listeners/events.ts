// Events API subscriptions (declared in manifest.json): the App Home tab.
import type { App } from "@slack/bolt";
import { guarded, publishHome, type SlackDeps } from "../replies.js";

export function registerEvents(app: App, deps: SlackDeps): void {
  app.event("app_home_opened", async ({ event, client }) => {
    if (event.tab !== "home") return;
    await guarded(deps, "app_home_opened", () => publishHome(deps, client, event.user));
  });
}
