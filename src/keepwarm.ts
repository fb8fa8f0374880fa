// The composition root: wires the store, the policy, the rules, the command language and delivery.
// The CLI and the server both start here; adapters get a Keepwarm and never reach past it.
import { randomUUID } from "node:crypto";
import type { Logger } from "pino";
import { runCommand, runCommandTokens, type CommandOutcome } from "./commands/run.js";
import type { ChannelRef, CommandContext } from "./commands/context.js";
import { isValidTimeZone } from "./config/file.js";
import { actOnNudge, type NudgeAction, type NudgeActionResult } from "./nudges/actions.js";
import { resolveChatActor, type ChatIdentity } from "./people/chatActors.js";
import { searchAccounts, type AccountOption } from "./activity/searchAccounts.js";
import type { FormResult } from "./forms/result.js";
import { submitStageForm } from "./forms/stageForm.js";
import { submitTouchForm } from "./forms/touchForm.js";
import { formDraft, type DraftSource, type FormDraft } from "./forms/draft.js";
import { parseSnoozeUntil } from "./commands/dates.js";
import { fullBindingDigest } from "./digests/full.js";
import { homeMessage } from "./home/homeModel.js";
import type { Message } from "./messages/model.js";
import { nudgeMessage } from "./messages/nudgeCard.js";
import { loadNudgeViews } from "./nudges/views.js";
import type { Token } from "./commands/tokens.js";
import type { AppConfig } from "./config/file.js";
import type { Env } from "./config/env.js";
import { drainOutbox, type DrainResult } from "./delivery/worker.js";
import type { ChannelNotifier, ChannelTarget } from "./delivery/notifier.js";
import { renderBindingDigest } from "./scheduler/digestJob.js";
import type { Actor } from "./domain/people.js";
import { runScan, type ScanResult } from "./nudges/scan.js";
import { databaseKind, openDb, type Db } from "./store/client.js";

export interface CommandWhere {
  timeZone?: string | null;
  channel?: ChannelRef;
  directChannel?: ChannelRef;
}

export interface KeepwarmOptions {
  env: Env;
  config: AppConfig;
  log: Logger;
  /** The clock; tests and `scan --as-of` pass their own. */
  clock?: () => Date;
  db?: Db;
}

export class Keepwarm {
  readonly workerId = `worker-${randomUUID().slice(0, 8)}`;
  readonly notifiers: Partial<Record<ChannelTarget["platform"], ChannelNotifier>> = {};
  readonly clock: () => Date;

  private constructor(
    readonly env: Env,
    readonly config: AppConfig,
    readonly log: Logger,
    readonly db: Db,
    clock?: () => Date,
  ) {
    this.clock = clock ?? (() => new Date());
  }

  static async open(opts: KeepwarmOptions): Promise<Keepwarm> {
    const db = opts.db ?? (await openDb(opts.env.DATABASE_URL));
    return new Keepwarm(opts.env, opts.config, opts.log, db, opts.clock);
  }

  get databaseKind() {
    return databaseKind(this.env.DATABASE_URL);
  }

  get policy() {
    return this.config.policy;
  }

  scan(options: { now?: Date; accountIds?: string[] } = {}): Promise<ScanResult> {
    return runScan(this.db, { now: options.now ?? this.clock(), policy: this.policy, accountIds: options.accountIds, log: options.accountIds ? undefined : this.log });
  }

  deliver(now = this.clock()): Promise<DrainResult> {
    return drainOutbox(
      {
        db: this.db,
        notifiers: this.notifiers,
        log: this.log,
        workerId: this.workerId,
        groupAbove: this.config.delivery.groupAbove,
        perChannelIntervalMs: 1000 / this.config.delivery.perChannelPerSecond,
        renderDigest: (bindingId, payload, at) => renderBindingDigest(this.db, bindingId, payload, at),
      },
      now,
    );
  }

  /** `where` is a time zone or, from chat, the channel and the user's zone. */
  commandContext(actor: Actor, source: CommandContext["source"], place: string | CommandWhere = {}): CommandContext {
    const where = typeof place === "string" ? { timeZone: place } : place;
    return {
      db: this.db,
      actor,
      now: this.clock(),
      policy: this.policy,
      timeZone: this.zoneOrDefault(where.timeZone),
      source,
      channel: where.channel,
      directChannel: where.directChannel,
      rescan: async (accountIds) => {
        const r = await this.scan({ accountIds });
        return { resolved: r.resolved, raised: r.raised };
      },
    };
  }

  /** One line of the command language. */
  command(text: string, actor: Actor, source: CommandContext["source"], where?: string | CommandWhere): Promise<CommandOutcome> {
    return runCommand(text, this.commandContext(actor, source, where));
  }

  commandTokens(tokens: Token[], actor: Actor, source: CommandContext["source"], where?: string | CommandWhere): Promise<CommandOutcome> {
    return runCommandTokens(tokens, this.commandContext(actor, source, where));
  }

  /** The Person behind a Slack or Teams user, created on first use. */
  chatActor(identity: ChatIdentity): Promise<Actor> {
    return resolveChatActor(this.db, identity, this.config.people);
  }

  /** Acknowledge or snooze from a button; every message showing the nudge is queued for an update. */
  actOnNudge(nudgeId: number, action: NudgeAction, actor: Actor): Promise<NudgeActionResult> {
    return actOnNudge(this.db, nudgeId, action, actor, this.clock());
  }

  /** The message showing these nudges as they stand now (after a click, to update it in place). */
  async nudgeMessage(nudgeIds: number[]): Promise<Message | null> {
    const views = await loadNudgeViews(this.db, nudgeIds);
    return views.length ? nudgeMessage(views, this.clock()) : null;
  }

  home(actor: Actor, timeZone?: string | null): Promise<Message> {
    return homeMessage(this.db, actor, this.clock(), this.zoneOrDefault(timeZone));
  }

  searchAccounts(typed: string, limit?: number): Promise<AccountOption[]> {
    return searchAccounts(this.db, typed, limit);
  }

  /** Log-a-touchpoint and change-stage forms (modals, cards): per-field errors or the command's reply. */
  submitForm(form: "touch" | "stage", input: unknown, actor: Actor, source: CommandContext["source"], where: CommandWhere = {}): Promise<FormResult> {
    const ctx = this.commandContext(actor, source, where);
    return form === "touch" ? submitTouchForm(input, ctx) : submitStageForm(input, ctx);
  }

  /** The form a half-typed touch/stage line, an account or a nudge opens (null: run the line as a command). */
  formDraft(from: DraftSource): Promise<FormDraft | null> {
    return formDraft(this.db, from);
  }

  /** When a snooze picked from a menu or date picker ("1d", "1w", "2026-12-01") ends; an AppError when it cannot. */
  snoozeUntil(choice: string, timeZone?: string | null): Date {
    return parseSnoozeUntil(choice, this.clock(), this.zoneOrDefault(timeZone));
  }

  /** A channel's digest with its lists in full (a digest's "See all"). */
  fullDigest(bindingId: string): Promise<Message | null> {
    return fullBindingDigest(this.db, bindingId, this.clock());
  }

  /** A person's zone as their platform reports it, or the configured default when it is missing or unknown. */
  private zoneOrDefault(zone: string | null | undefined): string {
    return zone && isValidTimeZone(zone) ? zone : this.config.defaultTimeZone;
  }

  async close(): Promise<void> {
    await this.db.$disconnect();
  }
}
