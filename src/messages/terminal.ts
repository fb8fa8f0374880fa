import pc from "picocolors";
import { renderMentions, type Block, type Message } from "./model.js";

/** Renders a message for a terminal: the CLI's replies and the console delivery channel. */
export function renderForTerminal(msg: Message, color = true): string {
  const c = color ? pc : plainColors;
  const charts = (msg.charts ?? []).map((chart) => c.dim(`📊 ${chart.alt}`)); // a terminal shows no pictures: what they say
  return [...msg.blocks.map((b) => renderBlock(b, c)), ...charts].filter((s) => s !== "").join("\n");
}

type Colors = Record<"bold" | "dim" | "cyan" | "yellow" | "italic", (s: string) => string>;
const identity = (s: string) => s;
const plainColors: Colors = { bold: identity, dim: identity, cyan: identity, yellow: identity, italic: identity };

function renderBlock(block: Block, c: Colors): string {
  switch (block.type) {
    case "header":
      return c.bold(inline(block.text, c));
    case "text":
      return inline(block.text, c);
    case "facts": {
      const width = Math.max(...block.facts.map((f) => f.label.length));
      return block.facts.map((f) => `  ${c.dim(f.label.padEnd(width))}  ${inline(f.value, c)}`).join("\n");
    }
    case "actions":
      return c.dim(`  [${block.actions.map((a) => a.label).join("] [")}]`);
    case "context":
      return c.dim(inline(block.text, c));
    case "divider":
      return c.dim("─".repeat(60));
  }
}

function inline(text: string, c: Colors): string {
  return renderMentions(text, (_id, name) => c.cyan(`@${name}`))
    .replace(/\*\*(.+?)\*\*/g, (_m, s: string) => c.bold(s))
    .replace(/(^|\W)_(.+?)_(?=\W|$)/g, (_m, pre: string, s: string) => pre + c.italic(s))
    .replace(/`([^`]+)`/g, (_m, s: string) => c.yellow(s));
}
