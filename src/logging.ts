import pino, { type Logger } from "pino";

export type { Logger };

/** The one structured logger. Pretty on a terminal, JSON lines otherwise (for log shippers). */
export function createLogger(level: string = "info", pretty = process.stdout.isTTY === true): Logger {
  if (pretty) {
    return pino({ level, transport: { target: "pino-pretty", options: { colorize: true, translateTime: "SYS:HH:MM:ss", ignore: "pid,hostname" } } });
  }
  return pino({ level });
}

export const silentLogger: Logger = pino({ level: "silent" });
