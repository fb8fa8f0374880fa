// The neutral Message as an Adaptive Card (schema 1.5): headers and text as TextBlocks, facts as a
// FactSet, actions as buttons and in-card forms, dividers as separators, mentions as Teams mentions;
// charts (with their PNG fallbacks) right after the first facts, where the counts are.
import type { Block, Message } from "../../messages/model.js";
import { actionElements, errorLine, formKey, type CardView, type FormState } from "./actions.js";
import { chartElement } from "./charts.js";
import { Mentions, teamsMarkdown, textLines } from "./text.js";
import type { AdaptiveCardJson, CardElement } from "./types.js";

export interface CardOptions {
  view: CardView;
  /** Forms to show open, by formKey(action id, value), with what was typed and what was wrong. */
  forms?: Record<string, FormState>;
  /** Lines at the end of the card: what just happened, or what went wrong. */
  notices?: { text: string; error?: boolean }[];
}

export function renderCard(message: Message, options: CardOptions): AdaptiveCardJson {
  const mentions = new Mentions(message.people);
  const md = (text: string) => teamsMarkdown(text, mentions);
  const shown = options.view === "nudges" ? message.nudgeIds : undefined;
  const opened = new Set<string>();
  const body: CardElement[] = [];
  const charts = (message.charts ?? []).map(chartElement);
  let chartsShown = false;
  let separate = false;
  for (const block of message.blocks) {
    if (block.type === "divider") {
      separate = body.length > 0;
      continue;
    }
    if (block.type === "actions") block.actions.forEach((a) => options.forms?.[formKey(a.id, a.value)] && opened.add(formKey(a.id, a.value)));
    const elements = blockElements(block, md, { view: options.view, shown, forms: options.forms });
    if (separate && elements.length) elements[0] = { ...elements[0], separator: true, spacing: "Medium" };
    if (elements.length) separate = false;
    body.push(...elements);
    if (block.type === "facts" && !chartsShown) {
      body.push(...charts);
      chartsShown = true;
    }
  }
  if (!chartsShown) body.push(...charts);
  // A form whose action is gone (the nudge resolved meanwhile) still says what went wrong.
  const orphaned = Object.entries(options.forms ?? {}).filter(([key]) => !opened.has(key));
  for (const [, state] of orphaned) body.push(...Object.values(state.errors).map(errorLine));
  for (const notice of options.notices ?? []) body.push(notice.error ? errorLine(md(notice.text)) : { type: "TextBlock", text: md(notice.text), wrap: true, color: "Good", spacing: "Small" });

  const entities = mentions.entities();
  return {
    type: "AdaptiveCard",
    $schema: "http://adaptivecards.io/schemas/adaptive-card.json",
    version: "1.5",
    body,
    fallbackText: message.summary,
    msteams: { width: "Full", ...(entities.length ? { entities } : {}) },
  };
}

function blockElements(block: Exclude<Block, { type: "divider" }>, md: (t: string) => string, actionContext: Parameters<typeof actionElements>[1]): CardElement[] {
  switch (block.type) {
    case "header":
      return [{ type: "TextBlock", text: md(block.text), style: "heading", size: "Medium", weight: "Bolder", wrap: true }];
    case "text":
      return lines(block.text, md, {});
    case "context":
      return lines(block.text, md, { isSubtle: true, size: "Small" });
    case "facts":
      return [{ type: "FactSet", facts: block.facts.map((f) => ({ title: md(f.label), value: md(f.value) })) }];
    case "actions":
      return actionElements(block.actions, actionContext);
  }
}

function lines(text: string, md: (t: string) => string, style: Record<string, unknown>): CardElement[] {
  return textLines(text).map(({ line, gapBefore }, i) => ({
    type: "TextBlock",
    text: md(line),
    wrap: true,
    ...style,
    ...(i > 0 && !gapBefore ? { spacing: "None" } : {}),
  }));
}
