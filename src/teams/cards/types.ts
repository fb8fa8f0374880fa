import type { MentionEntity } from "./text.js";

/** One Adaptive Card element or action, as JSON. */
export interface CardElement {
  type: string;
  [property: string]: unknown;
}

/** An Adaptive Card (schema 1.5) with Teams' own extensions. */
export interface AdaptiveCardJson {
  type: "AdaptiveCard";
  $schema: string;
  version: "1.5";
  body: CardElement[];
  fallbackText?: string;
  msteams: { width: "Full"; entities?: MentionEntity[] };
}
