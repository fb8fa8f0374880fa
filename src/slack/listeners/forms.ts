// Modal submissions (one listener per neutral form) and the account picker's type-ahead. A
// submission's ack carries the field errors, so the core call comes first here (it is fast: one
// write and a rescan of one account).
import type { App } from "@slack/bolt";
import { z } from "zod";
import { FORM_NAMES, type FormName } from "../../forms/model.js";
import type { Message } from "../../messages/model.js";
import { decodeOrigin, type Origin } from "../origin.js";
import { originWhere, readFields } from "../payloads.js";
import { announce, answer, ephemeral, guarded, postToResponseUrl, publishHome, refreshNudges, type SlackDeps } from "../replies.js";
import { ACCOUNT_PICKER, accountOptions, callbackIdOf, doneView } from "../views.js";

const submission = z.object({ user: z.object({ id: z.string(), name: z.string().optional() }) });
const suggestion = z.object({ value: z.string().default("") });
const MAX_OPTIONS = 50;
const SORRY = "Something went wrong on our side; it has been logged. Try again in a moment.";

export function registerForms(app: App, deps: SlackDeps): void {
  app.options(ACCOUNT_PICKER, async ({ ack, payload }) => {
    const accounts = await deps.kw.searchAccounts(suggestion.parse(payload).value, MAX_OPTIONS);
    await ack(accountOptions(accounts));
  });

  for (const form of FORM_NAMES) {
    app.view(callbackIdOf(form), async ({ ack, body, view, client }) => {
      const origin = decodeOrigin(view.private_metadata);
      const who = submission.parse(body).user;
      const inputs = Object.keys(view.state.values);
      let result;
      try {
        const user = await deps.people.resolve(who.id, who.name);
        // A form about a nudge (snooze) names it in the origin, as the Teams card names it in its action.
        const values = { ...origin.hidden, ...readFields(view.state.values), ...(origin.nudgeId !== undefined && { nudge: origin.nudgeId }) };
        result = await deps.kw.submitForm(form, values, user.actor, "slack", originWhere(origin, who.id, user.timeZone));
      } catch (err) {
        deps.log.error({ err, form }, "slack: form submission failed");
        return void (await ack({ response_action: "errors", errors: { [inputs[0]]: SORRY } }));
      }
      if (!result.ok) return void (await ack({ response_action: "errors", errors: onInputs(result.errors, inputs) }));
      // Without a conversation to answer in (App Home), the modal itself shows the answer.
      const answersInModal = form !== "snooze" && !origin.responseUrl && !origin.channel;
      await ack(answersInModal ? { response_action: "update", view: doneView(result.reply) } : undefined);
      await guarded(deps, `${form} form reply`, () => followUp(deps, client, form, origin, who.id, result));
    });
  }
}

/**
 * After a form is done: a form about a nudge shows its outcome in the nudge's message, brought up to
 * date; any other answers the person where the form was opened, and tells the channel what is news.
 */
async function followUp(deps: SlackDeps, client: Parameters<typeof answer>[0], form: FormName, origin: Origin, userId: string, result: { reply: Message; announce?: Message }) {
  if (form === "snooze") return refreshNudges(deps, client, origin, userId);
  await answer(client, origin, userId, result.reply);
  const tell = async (m: Message) => (origin.responseUrl ? postToResponseUrl(origin.responseUrl, ephemeral(m)) : undefined);
  if (result.announce && origin.channel) await announce(deps, client, origin.channel.id, result.announce, tell);
  if (origin.home) await publishHome(deps, client, userId);
}

/** Errors keyed by the input blocks they belong to (field names are block ids); any other on the first input. */
function onInputs(errors: Record<string, string>, blockIds: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [field, message] of Object.entries(errors)) out[blockIds.includes(field) ? field : blockIds[0]] ??= message;
  return out;
}
