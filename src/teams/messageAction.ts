// "Log as touchpoint" in a Teams message's ⋯ → More actions (a message-extension action command,
// declared in teams/manifest.template.json): fetchTask opens a dialog with the touch form prefilled
// from the message; submitAction logs it through the touch form, or shows the form again with its errors.
import { CardFactory, type MessagingExtensionAction, type MessagingExtensionActionResponse, type TurnContext } from "botbuilder";
import { z } from "zod";
import { CARRIED_VALUES, type ChatMessage } from "../forms/messageDraft.js";
import type { Keepwarm } from "../keepwarm.js";
import { renderForTerminal } from "../messages/terminal.js";
import { ACCOUNT_NAME_INPUT, messageTouchCard, type MessageTouchCardState } from "./cards/messageTouchCard.js";
import { rootConversationId, whereOf } from "./conversation.js";
import { htmlToText } from "./htmlText.js";
import { actorOf } from "./people.js";

export const LOG_TOUCHPOINT_COMMAND = "logTouchpoint";

const TITLE = "Log as touchpoint";
const CANNOT_READ = "I can't read that message: Teams didn't give me its text. Log it with `touch` in a chat with me instead.";
const NO_AUTHOR = "I can't tell who wrote that message (an app or a bot?), so I can't log it as a touchpoint. Log it with `touch` instead.";
/** Identity types of people from outside the organisation. */
const EXTERNAL_IDENTITIES = new Set(["anonymousGuest", "federatedUser"]);

const messagePayload = z.object({
  id: z.string().min(1),
  createdDateTime: z.iso.datetime({ offset: true }),
  body: z.object({ contentType: z.string().optional(), content: z.string().optional() }).nullish(),
  from: z.object({ user: z.object({ id: z.string().optional(), displayName: z.string().optional(), userIdentityType: z.string().optional() }).nullish() }).nullish(),
});

/** What the dialog's inputs and its button's data come back as: strings by input id. */
const submitted = z.record(z.string(), z.unknown()).transform((data) => {
  const values: Record<string, string> = {};
  for (const [key, v] of Object.entries(data)) if (typeof v === "string" && v.trim() !== "") values[key] = v.trim().slice(0, 4000);
  return values;
});

export async function fetchMessageTask(kw: Keepwarm, context: TurnContext, action: MessagingExtensionAction): Promise<MessagingExtensionActionResponse> {
  const read = readMessage(context, action.messagePayload);
  if (typeof read === "string") return say(read);
  const draft = await kw.formDraft({ message: read, timeZone: context.activity.localTimezone ?? null });
  if (!draft) return say(CANNOT_READ);
  const values = definedOnly({ ...draft.values, [ACCOUNT_NAME_INPUT]: draft.account?.name });
  return dialog({ values, errors: {}, carried: definedOnly(draft.hidden ?? {}) });
}

export async function submitMessageTask(kw: Keepwarm, context: TurnContext, action: MessagingExtensionAction): Promise<MessagingExtensionActionResponse> {
  const values = submitted.safeParse(action.data ?? {});
  if (!values.success) return say(CANNOT_READ);
  const result = await kw.submitForm("touch", values.data, await actorOf(kw, context), "teams", await whereOf(context));
  if (result.ok) return say(renderForTerminal(result.reply, false));
  const carried = new Set<string>(CARRIED_VALUES);
  const split = (keep: boolean) => Object.fromEntries(Object.entries(values.data).filter(([key]) => carried.has(key) === keep));
  return dialog({ values: split(false), errors: result.errors, carried: split(true) });
}

/** The message as the core reads it, or why it cannot be logged. */
function readMessage(context: TurnContext, payload: unknown): ChatMessage | string {
  const parsed = messagePayload.safeParse(payload ?? {});
  if (!parsed.success) return CANNOT_READ; // no message, or no date: nothing Teams let us see
  const { body, from, createdDateTime } = parsed.data;
  const raw = body?.content ?? "";
  const text = body?.contentType === "text" ? raw.trim() : htmlToText(raw);
  if (!text) return CANNOT_READ;
  const user = from?.user;
  if (!user?.id || !user.displayName?.trim()) return NO_AUTHOR;
  return {
    platform: "teams",
    channelId: rootConversationId(context.activity),
    messageId: parsed.data.id,
    text,
    postedAt: new Date(createdDateTime),
    author: { userId: user.id, name: user.displayName.trim(), ...(user.userIdentityType && EXTERNAL_IDENTITIES.has(user.userIdentityType) && { external: true }) },
  };
}

function dialog(state: MessageTouchCardState): MessagingExtensionActionResponse {
  return { task: { type: "continue", value: { title: TITLE, width: "medium", height: "medium", card: CardFactory.adaptiveCard(messageTouchCard(state)) } } };
}

function say(text: string): MessagingExtensionActionResponse {
  return { task: { type: "message", value: text } };
}

function definedOnly(values: Record<string, string | undefined>): Record<string, string> {
  return Object.fromEntries(Object.entries(values).filter((e): e is [string, string] => e[1] !== undefined));
}
