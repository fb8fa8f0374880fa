// The one Block Kit renderer: the neutral message model in, Slack blocks and fallback text out.
import type { types } from "@slack/bolt";
import { chunk } from "../collections.js";
import type { Action, Block, Message, PersonRef } from "../messages/model.js";
import { encodeChoice } from "./actionValues.js";
import { toFallbackText, toMrkdwn, toPlainText } from "./mrkdwn.js";

export type SlackBlock = types.KnownBlock;
type ActionElement = types.Button | types.StaticSelect;
type People = Record<string, PersonRef> | undefined;

export interface SlackMessage {
  text: string;
  blocks: SlackBlock[];
}

/** Slack's limits: blocks per message and per view (modal, App Home), and per-field lengths. */
export const MAX_MESSAGE_BLOCKS = 50;
export const MAX_VIEW_BLOCKS = 100;
const LIMIT = { header: 150, section: 3000, field: 2000, fields: 10, elements: 25, label: 75, value: 2000, option: 150, fallback: 3000 };

export const NUDGE_METADATA_EVENT = "keepwarm_nudge";
export const MESSAGE_METADATA_EVENT = "keepwarm_message";

export function renderMessage(msg: Message, maxBlocks = MAX_MESSAGE_BLOCKS): SlackMessage {
  return { text: clip(toFallbackText(msg.summary, msg.people), LIMIT.fallback), blocks: renderBlocks(msg.blocks, msg.people, maxBlocks) };
}

/** Blocks for a message or a view; past `maxBlocks` the rest is cut and says so. */
export function renderBlocks(blocks: Block[], people: People, maxBlocks = MAX_MESSAGE_BLOCKS): SlackBlock[] {
  const out = blocks.flatMap((b) => renderBlock(b, people));
  if (out.length <= maxBlocks) return out;
  return [...out.slice(0, maxBlocks - 1), { type: "context", elements: [{ type: "mrkdwn", text: "_…cut short to fit in Slack._" }] }];
}

/**
 * Slack message metadata: the nudges shown (so a click can re-render all of them) and the outbox
 * key (so a retried delivery can find the message that already went out).
 */
export function messageMetadata(msg: Message): types.MessageMetadata | undefined {
  const nudgeIds = msg.nudgeIds ?? [];
  if (nudgeIds.length === 0 && !msg.deliveryKey) return undefined;
  const payload: Record<string, unknown> = {
    nudge_ids: nudgeIds,
    ...(msg.deliveryKey && { delivery_key: msg.deliveryKey }),
    ...(msg.deliveryKeys && msg.deliveryKeys.length > 1 && { delivery_keys: msg.deliveryKeys }),
  };
  // Slack accepts arrays of numbers in a payload; @slack/types only spells out objects.
  return { event_type: nudgeIds.length ? NUDGE_METADATA_EVENT : MESSAGE_METADATA_EVENT, event_payload: payload as types.MessageMetadata["event_payload"] };
}

function renderBlock(block: Block, people: People): SlackBlock[] {
  switch (block.type) {
    case "header":
      return [{ type: "header", text: { type: "plain_text", text: clip(toPlainText(block.text, people), LIMIT.header), emoji: true } }];
    case "text":
      return splitLines(toMrkdwn(block.text, people), LIMIT.section).map((text) => ({ type: "section", text: { type: "mrkdwn", text } }));
    case "facts":
      return chunk(block.facts, LIMIT.fields).map((facts) => ({
        type: "section",
        fields: facts.map((f) => ({ type: "mrkdwn", text: clip(`*${toMrkdwn(f.label, people)}*\n${toMrkdwn(f.value, people)}`, LIMIT.field) })),
      }));
    case "context":
      return [{ type: "context", elements: [{ type: "mrkdwn", text: clip(toMrkdwn(block.text, people), LIMIT.section) }] }];
    case "actions":
      return chunk(block.actions, LIMIT.elements).map((actions) => ({ type: "actions", elements: actions.map(renderAction) }));
    case "divider":
      return [{ type: "divider" }];
  }
}

/** A button, or a menu when the action offers choices (snooze: 1 day, 1 week, pick a date). */
export function renderAction(action: Action): ActionElement {
  const label = { type: "plain_text" as const, text: clip(action.label, LIMIT.label), emoji: true };
  if (action.choices?.length) {
    return {
      type: "static_select",
      action_id: action.id,
      placeholder: label,
      options: action.choices.map((c) => ({ text: { type: "plain_text", text: clip(c.label, LIMIT.label) }, value: clip(encodeChoice(action.value, c.value), LIMIT.option) })),
    };
  }
  return { type: "button", action_id: action.id, text: label, value: clip(action.value, LIMIT.value), ...(action.style && { style: action.style }) };
}

export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Splits at line breaks into pieces of at most `max` characters (a longer single line is cut). */
function splitLines(text: string, max: number): string[] {
  const pieces: string[] = [];
  let current = "";
  for (const line of text.split("\n")) {
    const candidate = current ? `${current}\n${line}` : line;
    if (candidate.length <= max) {
      current = candidate;
      continue;
    }
    if (current) pieces.push(current);
    current = clip(line, max);
  }
  pieces.push(current);
  return pieces.filter((p) => p.trim() !== ""); // Slack rejects an empty section
}
