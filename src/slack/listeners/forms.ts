// Modal submissions and the account picker's type-ahead. A submission's ack carries the field
// errors, so the core call comes first here (it is fast: one write and a rescan of one account).
import type { App } from "@slack/bolt";
import { z } from "zod";
import { isAppError } from "../../domain/errors.js";
import type { FormName } from "../../forms/draft.js";
import { decodeOrigin } from "../origin.js";
import { originWhere, readFields } from "../payloads.js";
import { announce, answer, ephemeral, guarded, postToResponseUrl, publishHome, refreshNudges, type SlackDeps } from "../replies.js";
import { ACCOUNT_PICKER, accountOptions, doneView, formOfView, SNOOZE_FIELD, VIEWS } from "../views.js";

const submission = z.object({ user: z.object({ id: z.string(), name: z.string().optional() }) });
const suggestion = z.object({ value: z.string().default("") });
const MAX_OPTIONS = 50;
const FIRST_FIELD = "account";

export function registerForms(app: App, deps: SlackDeps): void {
  app.options(ACCOUNT_PICKER, async ({ ack, payload }) => {
    const accounts = await deps.kw.searchAccounts(suggestion.parse(payload).value, MAX_OPTIONS);
    await ack(accountOptions(accounts));
  });

  for (const callbackId of [VIEWS.touch, VIEWS.stage]) {
    app.view(callbackId, async ({ ack, body, view, client }) => {
      const form = formOfView(callbackId) as FormName;
      const origin = decodeOrigin(view.private_metadata);
      const who = submission.parse(body).user;
      try {
        const user = await deps.people.resolve(who.id, who.name);
        const result = await deps.kw.submitForm(form, readFields(view.state.values), user.actor, "slack", originWhere(origin, who.id, user.timeZone));
        if (!result.ok) return void (await ack({ response_action: "errors", errors: onInputs(result.errors, Object.keys(view.state.values)) }));
        // Without a conversation to answer in (App Home), the modal itself shows the answer.
        await ack(origin.responseUrl || origin.channel ? undefined : { response_action: "update", view: doneView(result.reply) });
        await guarded(deps, `${callbackId} reply`, async () => {
          await answer(client, origin, who.id, result.reply);
          const tell = async (m: Parameters<typeof ephemeral>[0]) => (origin.responseUrl ? postToResponseUrl(origin.responseUrl, ephemeral(m)) : undefined);
          if (result.announce && origin.channel) await announce(deps, client, origin.channel.id, result.announce, tell);
          if (origin.home) await publishHome(deps, client, who.id);
        });
      } catch (err) {
        deps.log.error({ err, view: callbackId }, "slack: form submission failed");
        await ack({ response_action: "errors", errors: { [FIRST_FIELD]: "Something went wrong on our side; it has been logged. Try again in a moment." } });
      }
    });
  }

  app.view(VIEWS.snooze, async ({ ack, body, view, client }) => {
    const origin = decodeOrigin(view.private_metadata);
    const who = submission.parse(body).user;
    const date = readFields(view.state.values)[SNOOZE_FIELD] ?? "";
    try {
      if (origin.nudgeId === undefined) throw new Error("snooze form without a nudge");
      const user = await deps.people.resolve(who.id, who.name);
      await deps.kw.actOnNudge(origin.nudgeId, { type: "snooze", until: deps.kw.snoozeUntil(date, user.timeZone) }, user.actor);
    } catch (err) {
      if (!isAppError(err)) deps.log.error({ err, view: VIEWS.snooze }, "slack: snooze submission failed");
      return void (await ack({ response_action: "errors", errors: { [SNOOZE_FIELD]: isAppError(err) ? err.message : "Something went wrong on our side; try again." } }));
    }
    await ack();
    await guarded(deps, "snooze refresh", () => refreshNudges(deps, client, origin, who.id));
  });
}

/** Errors keyed by the input blocks they belong to (field names are block ids); any other on the first input. */
function onInputs(errors: Record<string, string>, blockIds: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors)) out[blockIds.includes(field) ? field : (blockIds[0] ?? FIRST_FIELD)] ??= message;
  return out;
}
