// Slash commands: /keepwarm runs the command language; /touch and /stage are its shortcuts. A line
// that says too little for touch or stage opens the form instead.
import type { App } from "@slack/bolt";
import type { FormDraft } from "../../forms/draft.js";
import { commandWhere, slashCommand, typedText } from "../payloads.js";
import { announce, ephemeral, guarded, type SlackDeps } from "../replies.js";
import { formView } from "../views.js";

/** Each slash command (as declared in manifest.json) and the command-language words it stands for. */
export const SLASH_COMMANDS: Record<string, string> = { "/keepwarm": "", "/touch": "touch", "/stage": "stage" };

/** `/keepwarm` alone opens the most common form, logging a touchpoint. */
const BARE_KEEPWARM: FormDraft = { form: "touch", account: null };

export function registerCommands(app: App, deps: SlackDeps): void {
  for (const [name, words] of Object.entries(SLASH_COMMANDS)) {
    app.command(name, async ({ command, ack, respond, client }) => {
      await ack();
      await guarded(deps, name, async () => {
        const c = slashCommand.parse(command);
        const line = [words, typedText(c.text).trim()].filter(Boolean).join(" ");
        const draft = line === "" ? BARE_KEEPWARM : await deps.kw.formDraft({ text: line });
        if (draft) {
          const origin = { channel: { id: c.channel_id, teamId: c.team_id ?? null, name: c.channel_name ?? null }, responseUrl: c.response_url };
          await client.views.open({ trigger_id: c.trigger_id, view: formView(draft.form, draft, origin) });
          return;
        }
        const user = await deps.people.resolve(c.user_id, c.user_name);
        const outcome = await deps.kw.command(line, user.actor, "slack", commandWhere(c, user.timeZone));
        await respond(ephemeral(outcome.reply));
        if (outcome.announce) await announce(deps, client, c.channel_id, outcome.announce, (m) => respond(ephemeral(m)));
      }, (m) => respond(ephemeral(m)));
    });
  }
}
