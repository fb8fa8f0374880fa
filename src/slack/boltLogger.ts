import { LogLevel, type Logger as BoltLogger } from "@slack/bolt";
import type { Logger } from "pino";

const ORDER = [LogLevel.DEBUG, LogLevel.INFO, LogLevel.WARN, LogLevel.ERROR];

/** Bolt's and the Web API client's logs, through our structured logger. */
export function boltLogger(log: Logger, initial: LogLevel = LogLevel.WARN): BoltLogger {
  const child = log.child({ component: "slack-bolt" });
  let level = initial;
  const at = (l: LogLevel, write: (text: string) => void) => (...msg: unknown[]) => {
    if (ORDER.indexOf(l) >= ORDER.indexOf(level)) write(msg.map((m) => (m instanceof Error ? m.message : typeof m === "string" ? m : JSON.stringify(m))).join(" "));
  };
  return {
    debug: at(LogLevel.DEBUG, (t) => child.debug(t)),
    info: at(LogLevel.INFO, (t) => child.info(t)),
    warn: at(LogLevel.WARN, (t) => child.warn(t)),
    error: at(LogLevel.ERROR, (t) => child.error(t)),
    setLevel: (l) => {
      level = l;
    },
    getLevel: () => level,
    setName: () => undefined,
  };
}
