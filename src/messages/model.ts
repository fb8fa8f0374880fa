// The platform-neutral message model. The core builds these; Slack renders them as Block Kit,
// Teams as Adaptive Cards, the terminal as text. Action ids are shared by every renderer.
//
// Text is a small markdown subset every renderer understands: **bold**, _italic_, `code`,
// and person mentions written as <person:ID|Name> (rendered as a platform mention when the
// person has one on that platform, else as the name).

export type Visibility = "ephemeral" | "channel";

export interface Fact {
  label: string;
  value: string;
}

/** Every action a message can offer; each adapter has one handler per id (its compiler checks none is missing). */
export const ACTION_IDS = ["nudge.ack", "nudge.snooze", "nudge.touch", "account.show", "account.touch", "account.stage", "digest.all", "email.file"] as const;
export type ActionId = (typeof ACTION_IDS)[number];

export interface Choice {
  label: string;
  value: string;
}

export interface Action {
  id: ActionId;
  label: string;
  /** Opaque to renderers; handed back when the action is taken (e.g. the nudge id). */
  value: string;
  style?: "primary" | "danger";
  /** For a menu (e.g. snooze 1 day / 1 week / pick a date). */
  choices?: Choice[];
}

export type Block =
  | { type: "header"; text: string }
  | { type: "text"; text: string }
  | { type: "facts"; facts: Fact[] }
  | { type: "actions"; actions: Action[] }
  | { type: "context"; text: string }
  | { type: "divider" };

/** Platform identities of the people mentioned, so renderers can turn mentions into real ones. */
export interface PersonRef {
  name: string;
  slackUserId?: string | null;
  teamsUserId?: string | null;
}

/**
 * A picture that goes with a message (the digest's charts): a PNG for platforms that show images
 * (Slack uploads it in the message's thread), and its numbers for platforms that draw charts
 * themselves (Teams, with the PNG as the fallback).
 */
export interface MessageChart {
  /** Stable name, e.g. for the uploaded file: "nudges-by-week". */
  key: string;
  title: string;
  /** What the picture shows, in words, for screen readers and clients that show no images. */
  alt: string;
  /** "bars": one series; "groupedBars": several side by side per category. */
  kind: "bars" | "groupedBars";
  xTitle: string;
  yTitle: string;
  /** `tone` colours a series by meaning where the platform has such colours (Teams' good/warning). */
  series: { name: string; tone?: "good" | "warning" | "attention" | "neutral"; points: { x: string; y: number }[] }[];
  png: { data: Buffer; width: number; height: number };
}

export interface Message {
  /** Plain fallback for notifications and screen readers. */
  summary: string;
  blocks: Block[];
  visibility: Visibility;
  /** Nudges shown in this message, carried as platform metadata where supported. */
  nudgeIds?: number[];
  people?: Record<string, PersonRef>;
  /** The outbox row this message delivers; platforms that carry metadata store it to avoid re-posting after a crash. */
  deliveryKey?: string;
  /** A grouped post delivers several outbox rows: all their keys, so each can be found after a crash. */
  deliveryKeys?: string[];
  /** Pictures shown with the message: Slack uploads them into a new post's thread, Teams draws them in the card. */
  charts?: MessageChart[];
}

export function mention(person: { id: string; name: string } | null | undefined, fallback = "nobody"): string {
  return person ? `<person:${person.id}|${person.name.replace(/[|>]/g, " ")}>` : fallback;
}

export const MENTION_PATTERN = /<person:([^|>]+)\|([^>]*)>/g;

/** Replaces mention tokens with what a renderer wants (a platform mention or the name). */
export function renderMentions(text: string, render: (id: string, name: string) => string): string {
  return text.replace(MENTION_PATTERN, (_m, id: string, name: string) => render(id, name));
}

export function message(summary: string, blocks: Block[], visibility: Visibility = "ephemeral"): Message {
  return { summary, blocks, visibility };
}

/** The acting person as a mention and its people entry, so the announcement @mentions them on their platform. */
export function actorMention(actor: { personId: string | null; name: string; platform: string; platformUserId?: string }): { text: string; people: Record<string, PersonRef> } {
  if (!actor.personId) return { text: actor.name, people: {} };
  const ref: PersonRef = {
    name: actor.name,
    slackUserId: actor.platform === "slack" ? (actor.platformUserId ?? null) : null,
    teamsUserId: actor.platform === "teams" ? (actor.platformUserId ?? null) : null,
  };
  return { text: mention({ id: actor.personId, name: actor.name }), people: { [actor.personId]: ref } };
}
