import { exitOnError, openForCli } from "../cli/bootstrap.js";
import { startServer } from "./app.js";

/** `npm start`: migrate if needed, then serve and schedule until SIGINT/SIGTERM. */
async function main(): Promise<void> {
  const kw = await openForCli({ server: true });
  const server = await startServer(kw, { port: kw.env.PORT });
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
