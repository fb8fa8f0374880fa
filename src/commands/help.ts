import { AppError } from "../domain/errors.js";
import { message, type Block } from "../messages/model.js";
import type { CommandSpec } from "./context.js";

/** Built from the registry it documents, so help can never list a command that does not exist. */
export function helpCommand(registry: () => CommandSpec[]): CommandSpec {
  return {
    name: "help",
    usage: "help [command]",
    summary: "List the commands, or explain one.",
    examples: ["help", "help touch"],
    minRole: "viewer",
    async run(tokens) {
      const all = registry();
      const asked = tokens[0]?.value.toLowerCase();
      if (!asked) {
        const blocks: Block[] = [
          { type: "header", text: "Keepwarm commands" },
          { type: "text", text: all.map((c) => `\`${c.usage}\`\n${c.summary}`).join("\n\n") },
          { type: "context", text: 'Put account names with spaces in quotes: touch "Acme Corp" call. `help <command>` shows examples.' },
        ];
        return { reply: message("Keepwarm commands", blocks) };
      }
      const spec = all.find((c) => c.name === asked || c.aliases?.includes(asked));
      if (!spec) throw new AppError("unknown_command", `There is no command "${asked}".`, [`Commands: ${all.map((c) => c.name).join(", ")}`]);
      return {
        reply: message(spec.usage, [
          { type: "header", text: spec.name },
          { type: "text", text: `\`${spec.usage}\`\n${spec.summary}` },
          { type: "text", text: `Examples:\n${spec.examples.map((e) => `\`${e}\``).join("\n")}` },
        ]),
      };
    },
  };
}
