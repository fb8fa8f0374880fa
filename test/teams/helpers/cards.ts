// Cards checked with Microsoft's own Adaptive Cards library (the renderer's object model: it parses
// every element and action, and validates properties, ids and versions), not only by eye.
import { createRequire } from "node:module";

// The package's lib/ is extension-less ESM that Node cannot load; its UMD bundle parses fine without a DOM.
const AC = createRequire(import.meta.url)("adaptivecards/dist/adaptivecards.js") as typeof import("adaptivecards");

/** Everything the parser or the validator had to say about a card (empty: a valid 1.5 card). */
export function adaptiveCardProblems(json: unknown): string[] {
  const card = new AC.AdaptiveCard();
  const context = new AC.SerializationContext(AC.Versions.v1_5);
  card.parse(json, context);
  const problems: string[] = [];
  for (let i = 0; i < context.eventCount; i++) problems.push(`parse: ${context.getEventAt(i).message}`);
  for (const event of card.validateProperties().validationEvents) problems.push(`validate: ${AC.ValidationEvent[event.event]}: ${event.message}`);
  return problems;
}
