/**
 * What a delivery kind is, in the style of a job definition: its key (stored in Delivery.kind), a
 * zod schema for the payload it stores, and the handler that sends a claimed row. Each kind is one
 * file in src/delivery/kinds/, listed once in src/delivery/kinds/index.ts; the worker knows nothing
 * kind-specific.
 */
import type { z } from "zod";
import type { Message } from "../messages/model.js";
import type { Policy } from "../rules/policy.js";
import type { Db } from "../store/client.js";
import type { ChannelTarget } from "./notifier.js";

/** A claimed outbox row, its payload parsed by its kind's schema. */
export interface ClaimedDelivery<P = unknown> {
  id: string;
  dedupeKey: string;
  bindingId: string;
  nudgeIds: number[];
  payload: P;
  /** Including this one: more than 1 means an earlier attempt may already have gone out. */
  attempts: number;
}

/** What a handler may do while sending to one channel. Sends are paced per channel by the worker. */
export interface SendContext {
  db: Db;
  target: ChannelTarget;
  now: Date;
  policy: Policy;
  post(message: Message): Promise<{ messageRef: string }>;
  update(messageRef: string, message: Message): Promise<void>;
  reply(parentRef: string, message: Message): Promise<{ messageRef: string }>;
  /** The message an earlier attempt of this row already posted, when the platform can look it up (Slack metadata). */
  findEarlierPost(row: ClaimedDelivery): Promise<string | null>;
}

export interface DeliveryKind<P = unknown> {
  key: string;
  payload: z.ZodType<P>;
  /**
   * Rows of this kind due together for one channel may share one message: more than the config's
   * `delivery.groupAbove` go out in messages of at most this many. Grouped kinds are sent first.
   */
  groupUpTo?: number;
  /**
   * Sends the rows (one, or a group). Throw a DeliveryError to retry or fail them; return normally
   * when they are done, including when there turned out to be nothing to say.
   */
  send(ctx: SendContext, rows: ClaimedDelivery<P>[]): Promise<void>;
}

export function defineDeliveryKind<P>(kind: DeliveryKind<P>): DeliveryKind<P> {
  return Object.freeze(kind);
}

type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** An outbox row to insert (src/delivery/outbox.ts); each kind's file has the function that builds its own. */
export interface NewDelivery {
  kind: string;
  bindingId: string;
  nudgeIds: number[];
  /** Unique: enqueueing the same thing twice (a retry, a second replica) is a no-op. */
  dedupeKey: string;
  payload?: { [key: string]: JsonValue };
  notBefore: Date;
}

/**
 * Posts (or replies) once: the message carries the row's key, and when an earlier attempt may have
 * gone out (a crash after claiming, a response lost to a timeout), a platform that can look the key
 * up says so and nothing is sent again.
 */
export async function sendOnce(ctx: SendContext, row: ClaimedDelivery, message: Message, send: (m: Message) => Promise<{ messageRef: string }>): Promise<string> {
  const existing = await ctx.findEarlierPost(row);
  return existing ?? (await send({ ...message, deliveryKey: row.dedupeKey })).messageRef;
}
