import type { Actor, Role } from "../domain/people.js";
import type { Message } from "../messages/model.js";
import type { Policy } from "../rules/policy.js";
import type { Db } from "../store/client.js";
import type { Token } from "./tokens.js";

/** The chat conversation a command was typed in (absent on the CLI). */
export interface ChannelRef {
  platform: "slack" | "teams";
  channelId: string;
  teamId?: string | null;
  channelName?: string | null;
  /** Teams: the conversation reference proactive posts need. */
  conversationRef?: unknown;
  /** A one-to-one chat with the bot, rather than a team channel. */
  direct?: boolean;
}

export interface CommandContext {
  db: Db;
  actor: Actor;
  now: Date;
  policy: Policy;
  /** The actor's time zone, for dates they type and times we show them. */
  timeZone: string;
  /** Where the command came from, recorded as the touchpoint source. */
  source: "cli" | "slack" | "teams";
  /** Where the command was typed, for the channel commands (watch, unwatch, digest, settings). */
  channel?: ChannelRef;
  /** The actor's one-to-one conversation with the bot, when the platform can reach it (for `dm`). */
  directChannel?: ChannelRef;
  /** Re-evaluates these accounts at once, so a touch clears its nudge before the reply. */
  rescan(accountIds: string[]): Promise<{ resolved: number; raised: number }>;
  /** Applies what the connectors' inbox holds now (after `link` made waiting events due), rescans included. */
  applyInbound(): Promise<{ applied: number; unmatched: number }>;
}

export interface CommandReply {
  /** To the person who typed the command. */
  reply: Message;
  /** For the channel, when the action is news for the team (a stage change). */
  announce?: Message;
}

export interface CommandSpec {
  name: string;
  aliases?: string[];
  usage: string;
  summary: string;
  examples: string[];
  /** The least role that may run it; commands may check ownership on top. */
  minRole: Role;
  run(args: Token[], ctx: CommandContext): Promise<CommandReply>;
}
