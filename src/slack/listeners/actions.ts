// Buttons and menus of the neutral message model, wherever they are shown (channel message,
// ephemeral reply, App Home). Each one: ack, read the payload, one core call, show the result.
import type { App, webApi } from "@slack/bolt";
import { isAppError } from "../../domain/errors.js";
import type { AccountFormName } from "../../forms/draft.js";
import type { ActionId, Message } from "../../messages/model.js";
import { PICK_A_DATE } from "../../messages/nudgeCard.js";
import { decodeChoice, nudgeIdOf } from "../actionValues.js";
import { actionValue, blockActions, clickOrigin, originWhere, type BlockActions } from "../payloads.js";
import { ephemeral, guarded, notice, refreshNudges, type SlackDeps } from "../replies.js";
import { formView } from "../views.js";

interface Click {
  body: BlockActions;
  value: string;
  client: webApi.WebClient;
  /** Answers the person who clicked (ephemeral), where Slack gave a response_url. */
  tell(m: Message): Promise<unknown>;
}

/** Every action id of the neutral model has its handler here (the compiler checks none is missing). */
export const ACTION_HANDLERS: Record<ActionId, (deps: SlackDeps, click: Click) => Promise<void>> = {
  "nudge.ack": async (deps, { body, value, client, tell }) => {
    const nudgeId = requireNudgeId(value);
    const user = await deps.people.resolve(body.user.id, body.user.name);
    await attempt(tell, () => deps.kw.actOnNudge(nudgeId, { type: "acknowledge" }, user.actor));
    await refreshNudges(deps, client, clickOrigin(body, nudgeId), body.user.id);
  },

  "nudge.snooze": async (deps, { body, value, client, tell }) => {
    const picked = decodeChoice(value);
    const nudgeId = requireNudgeId(picked?.value);
    const origin = clickOrigin(body, nudgeId);
    if (picked!.choice === PICK_A_DATE) {
      await client.views.open({ trigger_id: body.trigger_id, view: formView("snooze", { values: { until: PICK_A_DATE } }, origin) });
      return;
    }
    const user = await deps.people.resolve(body.user.id, body.user.name);
    const result = await deps.kw.submitForm("snooze", { nudge: nudgeId, until: picked!.choice }, user.actor, "slack", originWhere(origin, body.user.id, user.timeZone));
    if (!result.ok) await tell(notice(`⚠️ ${Object.values(result.errors)[0]}`));
    await refreshNudges(deps, client, origin, body.user.id);
  },

  "nudge.touch": async (deps, { body, value, client, tell }) => {
    const nudgeId = requireNudgeId(value);
    const draft = await deps.kw.formDraft({ nudgeId });
    if (!draft) return void (await tell(notice(`There is no nudge #${nudgeId} any more.`)));
    await client.views.open({ trigger_id: body.trigger_id, view: formView(draft.form, draft, clickOrigin(body)) });
  },

  "account.touch": (deps, click) => openAccountForm(deps, click, "touch"),

  "account.stage": (deps, click) => openAccountForm(deps, click, "stage"),

  "account.show": async (deps, { body, value, tell }) => {
    const found = await deps.kw.formDraft({ accountId: value });
    if (!found?.account) return void (await tell(notice("That account no longer exists.")));
    const user = await deps.people.resolve(body.user.id, body.user.name);
    const outcome = await deps.kw.commandTokens([{ value: "account", quoted: false }, { value: found.account.name, quoted: true }], user.actor, "slack", { timeZone: user.timeZone });
    await tell(outcome.reply);
  },

  "digest.all": async (deps, { value, tell }) => {
    const full = await deps.kw.fullDigest(value);
    await tell(full ?? notice("This channel no longer has a digest."));
  },

  "email.file": async (deps, { body, value, tell }) => {
    const user = await deps.people.resolve(body.user.id, body.user.name);
    await attempt(tell, async () => tell(await deps.kw.fileEmail(value, user.actor)));
  },
};

export function registerActions(app: App, deps: SlackDeps): void {
  for (const [id, handle] of Object.entries(ACTION_HANDLERS)) {
    app.action(id, async ({ ack, body, respond, client }) => {
      await ack();
      const parsed = blockActions.safeParse(body);
      if (!parsed.success) return deps.log.warn({ action: id, issues: parsed.error.issues.slice(0, 3) }, "slack: unexpected action payload");
      const tell = (m: Message) => (parsed.data.response_url ? respond(ephemeral(m)) : Promise.resolve());
      await guarded(deps, id, () => handle(deps, { body: parsed.data, value: actionValue(parsed.data), client, tell }), tell);
    });
  }
}

async function openAccountForm(deps: SlackDeps, { body, value, client, tell }: Click, form: AccountFormName): Promise<void> {
  const draft = await deps.kw.formDraft({ accountId: value, form });
  if (!draft) return void (await tell(notice("That account no longer exists.")));
  await client.views.open({ trigger_id: body.trigger_id, view: formView(draft.form, draft, clickOrigin(body)) });
}

function requireNudgeId(value: string | undefined): number {
  const id = nudgeIdOf(value);
  if (id === null) throw new Error(`not a nudge id: ${value}`);
  return id;
}

/**
 * Runs a nudge action; a person's mistake (already resolved, a past date) is told to them. Either
 * way the message is refreshed afterwards, so a stale one catches up with the nudge.
 */
async function attempt(tell: (m: Message) => Promise<unknown>, act: () => Promise<unknown>): Promise<void> {
  try {
    await act();
  } catch (err) {
    if (!isAppError(err)) throw err;
    await tell(notice(`⚠️ ${err.message}`));
  }
}
