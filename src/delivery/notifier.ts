import type { Message } from "../messages/model.js";

/** Where a bound channel lives; Teams bindings carry their stored conversation reference. */
export interface ChannelTarget {
  bindingId: string;
  platform: "slack" | "teams" | "console";
  channelId: string;
  teamId: string | null;
  conversationRef: unknown;
}

/**
 * The port each chat platform implements. The core hands it neutral messages; it renders and
 * sends them. Errors it throws say whether trying again can help.
 */
export interface ChannelNotifier {
  post(target: ChannelTarget, message: Message): Promise<{ messageRef: string }>;
  update(target: ChannelTarget, messageRef: string, message: Message): Promise<void>;
  /** A reply under a posted message (a thread in Slack, a reply in Teams). */
  reply(target: ChannelTarget, parentRef: string, message: Message): Promise<{ messageRef: string }>;
  /**
   * After a crash mid-send we cannot know whether the post went out. Platforms that can look
   * (Slack message metadata carries the delivery key) say so here and the worker will not post twice.
   */
  findPosted?(target: ChannelTarget, deliveryKey: string): Promise<string | null>;
}

export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly options: { permanent?: boolean; retryAfterMs?: number } = {},
  ) {
    super(message);
    this.name = "DeliveryError";
  }
}
