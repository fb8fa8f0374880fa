import pc from "picocolors";
import type { Message } from "../messages/model.js";
import { renderForTerminal } from "../messages/terminal.js";

// picocolors honours NO_COLOR / FORCE_COLOR itself.
export const useColor = process.stdout.isTTY === true && pc.isColorSupported;

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
