import pc from "picocolors";
import type { Message } from "../messages/model.js";
import { renderForTerminal } from "../messages/terminal.js";

export const useColor = process.stdout.isTTY === true && !process.env.NO_COLOR;

export function print(text = ""): void {
  process.stdout.write(`${text}\n`);
}

export function printMessage(msg: Message): void {
  print(renderForTerminal(msg, useColor));
}

export function heading(text: string): void {
  print();
  print(useColor ? pc.bold(pc.magenta(`━━ ${text} `.padEnd(70, "━"))) : `== ${text} ==`);
}
