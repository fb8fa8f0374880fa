// Sending neutral messages as Adaptive Card activities: as a reply in the turn, in place of the card
// a button was pressed on, or as a new post at the root of the conversation.
import { CardFactory, MessageFactory, TurnContext, type Activity } from "botbuilder";
import type { Message } from "../messages/model.js";
import { renderCard, type CardOptions } from "./cards/adaptiveCard.js";
import { rootConversationId } from "./conversation.js";

/** A message activity carrying the card; `summary` is what notifications and screen readers show. */
export function cardActivity(message: Message, options: CardOptions): Partial<Activity> {
  const activity = MessageFactory.attachment(CardFactory.adaptiveCard(renderCard(message, options)));
  activity.summary = message.summary;
  return activity;
}

export async function replyWith(context: TurnContext, message: Message, options: CardOptions): Promise<void> {
  await context.sendActivity(cardActivity(message, options));
}

/** Replaces the card a button was pressed on (the submission's replyToId); a new reply when there is none. */
export async function replaceCard(context: TurnContext, message: Message, options: CardOptions): Promise<void> {
  const cardId = context.activity.replyToId;
  if (!cardId) return replyWith(context, message, options);
  await context.updateActivity({ ...cardActivity(message, options), id: cardId });
}

/** A new post in the conversation itself (in a channel: a new thread, not a reply in this one). */
export async function postToConversation(context: TurnContext, message: Message, options: CardOptions): Promise<void> {
  const activity = TurnContext.applyConversationReference(cardActivity(message, options), TurnContext.getConversationReference(context.activity));
  activity.conversation = { ...activity.conversation!, id: rootConversationId(context.activity) };
  delete activity.replyToId;
  await context.adapter.sendActivities(context, [activity]);
}
