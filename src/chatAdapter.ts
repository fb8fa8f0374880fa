import type { Express } from "express";
import type { ChannelNotifier } from "./delivery/notifier.js";

/**
 * A chat platform plugged into the one server: its routes, and the notifier the delivery outbox
 * sends through. Everything platform-specific lives behind this (src/slack, src/teams).
 */
export interface ChatAdapter {
  platform: "slack" | "teams";
  /** Adds the platform's routes to the shared express app (before it starts listening). */
  mount(app: Express): void;
  notifier: ChannelNotifier;
  /** Running without credentials (Teams' emulator mode): not a real chat platform, so the console stand-in stays on. */
  localMode?: boolean;
  /** After the server listens (e.g. Slack Socket Mode connects). */
  start?(): Promise<void>;
  stop?(): Promise<void>;
}
