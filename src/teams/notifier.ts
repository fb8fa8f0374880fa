// Proactive posts for the delivery outbox: the binding's stored conversation reference,
// continueConversationAsync, then a new post, an update in place, or a reply in the post's thread.
import { TurnContext, type Activity, type CloudAdapter, type ConversationReference } from "botbuilder";
import { z } from "zod";
import { DeliveryError, type ChannelNotifier, type ChannelTarget } from "../delivery/notifier.js";
import type { Message } from "../messages/model.js";
import type { CardView } from "./cards/actions.js";
import { deliveryErrorFrom } from "./deliveryErrors.js";
import { cardActivity } from "./replies.js";

const storedReference = z.looseObject({
  serviceUrl: z.string().min(1),
  conversation: z.looseObject({ id: z.string().min(1), conversationType: z.string().optional() }),
});

/** A message with nudges is a nudge card (its buttons update it in place); anything else is just shown. */
const viewOf = (message: Message): CardView => (message.nudgeIds?.length ? "nudges" : "reply");

export function teamsNotifier(adapter: CloudAdapter, appId: string): ChannelNotifier {
  /** Runs `send` in a proactive turn for the binding's conversation; failures come back as DeliveryErrors. */
  async function inConversation<T>(target: ChannelTarget, send: (context: TurnContext, ref: Partial<ConversationReference>) => Promise<T>): Promise<T> {
    const parsed = storedReference.safeParse(target.conversationRef);
    if (!parsed.success) throw new DeliveryError(`Teams channel ${target.channelId} has no usable conversation reference; say \`watch\` in it again.`, { permanent: true });
    const ref = parsed.data as unknown as Partial<ConversationReference>;
    let outcome: { value: T } | { error: unknown } | undefined;
    try {
      // The adapter hands errors inside the turn to onTurnError; catch them here so the outbox sees them.
      await adapter.continueConversationAsync(appId, ref, async (context) => {
        try {
          outcome = { value: await send(context, ref) };
        } catch (error) {
          outcome = { error };
        }
      });
    } catch (error) {
      outcome = { error };
    }
    if (!outcome || "error" in outcome) throw deliveryErrorFrom(outcome?.error ?? new Error("the proactive turn did not run"));
    return outcome.value;
  }

  /** A new activity in `conversationId` (no replyToId: a post of its own). */
  async function send(context: TurnContext, ref: Partial<ConversationReference>, conversationId: string, message: Message): Promise<{ messageRef: string }> {
    const activity = TurnContext.applyConversationReference(cardActivity(message, { view: viewOf(message) }), ref);
    activity.conversation = { ...activity.conversation!, id: conversationId };
    delete activity.replyToId;
    const [response] = await context.adapter.sendActivities(context, [activity as Partial<Activity>]);
    if (!response?.id) throw new DeliveryError("Teams accepted the message but returned no activity id");
    return { messageRef: response.id };
  }

  return {
    post: (target, message) => inConversation(target, (context, ref) => send(context, ref, ref.conversation!.id, message)),
    update: (target, messageRef, message) =>
      inConversation(target, async (context) => {
        await context.updateActivity({ ...cardActivity(message, { view: viewOf(message) }), id: messageRef });
      }),
    // In a channel a reply goes into the post's thread; chats have no threads, so it is a new message there.
    reply: (target, parentRef, message) =>
      inConversation(target, (context, ref) => {
        const root = ref.conversation!.id;
        return send(context, ref, ref.conversation!.conversationType === "channel" ? `${root};messageid=${parentRef}` : root, message);
      }),
  };
}
