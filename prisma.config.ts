import { mkdirSync } from "node:fs";
import path from "node:path";
import { defineConfig } from "prisma/config";

// One config for both providers; DATABASE_URL's scheme picks schema, migrations folder and adapter.
// The schema's `url = env("DATABASE_URL")` must resolve, else the Prisma 6 CLI falls back to
// downloading a query engine (unreachable here), hence the default.
process.env.DATABASE_URL ??= "file:./data/keepwarm.db";
const url = process.env.DATABASE_URL;
const isPg = /^postgres(ql)?:\/\//.test(url);
const dir = path.join("prisma", isPg ? "postgres" : "sqlite");

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join(dir, "schema.prisma"),
  migrations: { path: path.join(dir, "migrations") },
  adapter: async () => {
    if (isPg) {
      const { cliPgAdapter } = await import("./prisma/pg-cli-adapter.js");
      return cliPgAdapter(url);
    }
    const file = url.replace(/^file:/, "");
    if (file !== ":memory:") mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    const { PrismaBetterSQLite3 } = await import("@prisma/adapter-better-sqlite3");
    return new PrismaBetterSQLite3({ url });
  },
});
