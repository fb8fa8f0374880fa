// A scripted chat platform (the notifier the outbox sends through): records every call (including the
// ones that fail), fails on demand per channel, can "lose" a response after the post went out, can hold
// a send open until released, and can answer findPosted from the delivery keys it has seen (as Slack
// metadata would).
import type { ChannelNotifier, ChannelTarget } from "../../src/delivery/notifier.js";
import type { Message } from "../../src/messages/model.js";

export interface Call {
  op: "post" | "update" | "reply";
  channelId: string;
  /** For update: the message updated; for reply: the parent. */
  ref: string | null;
  message: Message;
  /** The ref the platform gave back (posts and replies that succeeded). */
  result: string | null;
  failed: boolean;
}

type Failure = Error | ((call: Call) => Error | null);

export interface FakeChannels {
  notifier: ChannelNotifier;
  /** Every attempt, failed ones included. */
  calls: Call[];
  /** Only what reached the channel. */
  delivered(): Call[];
  posts(channelId?: string): Call[];
  /** The next calls fail (per channel, or "*" for all) until cleared. */
  failWith(channel: string, failure: Failure | null): void;
  /** The next post (or reply) to this channel goes out, then the response is lost (the caller sees `error`). */
  loseResponseOnce(channel: string, error: Error, op?: "post" | "reply"): void;
  /** Sends wait for `release()` once this is set; `waiting` resolves when the first send is held. */
  hold(): { waiting: Promise<void>; release(): void };
}

export function fakeChannels(opts: { findPosted?: boolean } = {}): FakeChannels {
  const calls: Call[] = [];
  const failures = new Map<string, Failure>();
  const lose = new Map<string, { error: Error; op: Call["op"] }>();
  const postedKeys = new Map<string, string>();
  let gate: { held: Promise<void>; onHeld: () => void } | null = null;
  let counter = 0;

  const failureFor = (call: Call): Error | null => {
    const f = failures.get(call.channelId) ?? failures.get("*");
    if (!f) return null;
    return typeof f === "function" ? f(call) : f;
  };

  async function send(op: Call["op"], target: ChannelTarget, ref: string | null, message: Message): Promise<string | null> {
    const call: Call = { op, channelId: target.channelId, ref, message, result: null, failed: false };
    calls.push(call);
    if (gate) {
      gate.onHeld();
      await gate.held;
    }
    const error = failureFor(call);
    if (error) {
      call.failed = true;
      throw error;
    }
    const result = op === "update" ? ref : `${target.channelId}/m${++counter}`;
    call.result = result;
    // Like Slack metadata: a grouped post carries every row's key.
    for (const key of message.deliveryKeys ?? (message.deliveryKey ? [message.deliveryKey] : [])) if (result) postedKeys.set(key, result);
    const lost = lose.get(target.channelId);
    if (lost && lost.op === op) {
      lose.delete(target.channelId);
      throw lost.error; // it went out; the caller just never heard back
    }
    return result;
  }

  const notifier: ChannelNotifier = {
    async post(target, message) {
      return { messageRef: (await send("post", target, null, message))! };
    },
    async update(target, messageRef, message) {
      await send("update", target, messageRef, message);
    },
    async reply(target, parentRef, message) {
      return { messageRef: (await send("reply", target, parentRef, message))! };
    },
  };
  if (opts.findPosted) notifier.findPosted = async (_target, key) => postedKeys.get(key) ?? null;

  return {
    notifier,
    calls,
    delivered: () => calls.filter((c) => c.result !== null),
    posts: (channelId) => calls.filter((c) => c.op === "post" && c.result !== null && (!channelId || c.channelId === channelId)),
    failWith(channel, failure) {
      if (failure) failures.set(channel, failure);
      else failures.delete(channel);
    },
    loseResponseOnce(channel, error, op = "post") {
      lose.set(channel, { error, op });
    },
    hold() {
      let release!: () => void;
      let onHeld!: () => void;
      const held = new Promise<void>((r) => (release = r));
      const waiting = new Promise<void>((r) => (onHeld = r));
      gate = { held, onHeld };
      return {
        waiting,
        release: () => {
          gate = null;
          release();
        },
      };
    },
  };
}
