import { exitOnError, openKeepwarm } from "../startup.js";
import { readProcessEnv } from "../config/env.js";
import { createSlackAdapter } from "../slack/index.js";
import { createTeamsAdapter } from "../teams/index.js";
import { startServer } from "./app.js";

/** `npm start` (or `node dist/server/main.js`): migrate if needed, then serve and schedule until SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const env = readProcessEnv();
  const kw = await openKeepwarm({ server: true, env });
  const adapters = (await Promise.all([createSlackAdapter(kw, env), createTeamsAdapter(kw, env)])).filter((a) => a !== null);
  const server = await startServer(kw, { port: env.PORT, adapters });
  const stop = async (signal: string) => {
    kw.log.info({ signal }, "shutting down");
    await server.close();
    await kw.close();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop("SIGINT"));
  process.once("SIGTERM", () => void stop("SIGTERM"));
}

main().catch(exitOnError);
