// Filter for `prisma db pull --print` on SQLite: re-introspection keeps the enum types of the current
// schema but prints their defaults as strings (`@default("rep")`), which the schema parser rejects.
// Reads a schema on stdin, writes it on stdout with enum defaults unquoted.
import { fileURLToPath } from "node:url";

export function fixPulledEnums(schema) {
  const enums = new Set([...schema.matchAll(/^enum\s+(\w+)/gm)].map((m) => m[1]));
  return schema
    .split("\n")
    .map((line) => {
      const m = line.match(/^\s+\w+\s+(\w+)[?[\]]*\s/);
      return m && enums.has(m[1]) ? line.replace(/@default\("(\w+)"\)/, "@default($1)") : line;
    })
    .join("\n");
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  let input = "";
  process.stdin.setEncoding("utf8");
  process.stdin.on("data", (c) => (input += c));
  process.stdin.on("end", () => process.stdout.write(fixPulledEnums(input)));
}
