// A message typed to the bot: the command language of the core, nothing parsed here.
import type { TurnContext } from "botbuilder";
import type { Keepwarm } from "../keepwarm.js";
import { commandText, whereOf } from "./conversation.js";
import { actorOf } from "./people.js";
import { postToConversation, replyWith } from "./replies.js";
import { accountFormMessage, openAccountForm } from "./submissions.js";

export async function handleCommand(kw: Keepwarm, context: TurnContext): Promise<void> {
  const text = await commandText(context);
  const actor = await actorOf(kw, context);
  const where = await whereOf(context, true);
  // `touch "Acme Corp"` (or `stage "Acme Corp"`) with nothing more opens the form for it, as a button would.
  const draft = text ? await kw.formDraft({ text }) : null;
  if (draft?.account) {
    return replyWith(context, accountFormMessage(draft.form, draft.account), { view: "form", forms: openAccountForm(draft.form, draft.account.id) });
  }
  const outcome = await kw.command(text, actor, "teams", where);
  kw.log.info({ platform: "teams", command: text.split(" ")[0] || "help", ok: outcome.ok, error: outcome.error }, "command");
  await replyWith(context, outcome.reply, { view: "reply" });
  // News for the team (a stage change) goes to the channel itself; a personal chat has no team to tell.
  if (outcome.announce && where.channel) await postToConversation(context, outcome.announce, { view: "reply" });
}
