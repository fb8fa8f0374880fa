// The core's front door and its composition root: the store, the policy, the rules, the command
// language, forms, delivery and the scheduler, wired once. The server, the CLI and the chat adapters
// reach the core only through a Keepwarm; its state is its own.
import { randomUUID } from "node:crypto";
import { setTimeout as delay } from "node:timers/promises";
import type { Readable } from "node:stream";
import type { Router } from "express";
import type { ScheduledTask } from "node-cron";
import type { Logger } from "pino";
import { searchAccounts, type AccountOption } from "./activity/searchAccounts.js";
import { recordSharedChannelMessage, type SharedChannelMessage, type SharedChannelOutcome } from "./activity/sharedChannelMessages.js";
import type { ChannelRef, CommandContext } from "./commands/context.js";
import { parseSnoozeUntil } from "./commands/dates.js";
import { runCommand, runCommandTokens, type CommandOutcome } from "./commands/run.js";
import type { Token } from "./commands/tokens.js";
import type { Env } from "./config/env.js";
import type { AppConfig } from "./config/file.js";
import { runBackfill, type BackfillOptions, type BackfillSummary } from "./connectors/backfill.js";
import { connectorRoutes } from "./connectors/http.js";
import { startSmtpListener, type RunningSmtpListener } from "./connectors/email/listener.js";
import { emailSettings } from "./connectors/email/settings.js";
import { fileWaitingEmail, unmatchedEmailNotices } from "./connectors/email/waiting.js";
import { CONNECTORS, INBOX_SOURCES } from "./connectors/index.js";
import { retryFailed } from "./connectors/inbox.js";
import { connectorStatus, waitingEvents, type ConnectorStatus, type WaitingEvent } from "./connectors/status.js";
import { drainInbox, type InboxDrainResult } from "./connectors/worker.js";
import { AppError } from "./domain/errors.js";
import { EMAIL_SOURCE, type InboxSourceName, type LinkSource } from "./domain/sources.js";
import { seedDemo, type SeedResult } from "./demo/seed.js";
import { consoleNotifier, ensureConsoleBinding } from "./delivery/console.js";
import { directBindingOf } from "./delivery/directBinding.js";
import { unmatchedEmailDelivery } from "./delivery/kinds/unmatchedEmail.js";
import { enqueueDeliveries, type NewDelivery } from "./delivery/outbox.js";
import type { ChannelNotifier, ChannelTarget } from "./delivery/notifier.js";
import { drainOutbox, type DrainResult } from "./delivery/worker.js";
import { bindingDigest, terminalDigest } from "./digests/channelDigest.js";
import type { DigestCadence } from "./digests/period.js";
import type { Actor } from "./domain/people.js";
import { formDraft, type DraftSource, type FormDraft } from "./forms/draft.js";
import { FORMS, type FormName, type FormResult } from "./forms/index.js";
import { homeMessage } from "./home/homeModel.js";
import { createIngestRouter } from "./ingest/api.js";
import { apiTokenVerifier, countActiveApiTokens, createApiToken, listApiTokens, revokeApiToken, type ApiTokenInfo, type CreatedApiToken, type RevokedApiToken } from "./ingest/apiTokens.js";
import { importCsv, type ColumnOptions, type CsvKind, type ImportReport } from "./ingest/csv.js";
import { confirmation } from "./commands/validate.js";
import type { Message } from "./messages/model.js";
import { parseFileEmailValue } from "./messages/unmatchedEmail.js";
import { compactIn } from "./delivery/compactNudges.js";
import { nudgeMessage } from "./messages/nudgeCard.js";
import { loadNudgeViews } from "./messages/nudgeView.js";
import { actOnNudge, type NudgeAction, type NudgeActionResult } from "./nudges/actions.js";
import { runScan, type ScanResult } from "./nudges/scan.js";
import { resolveCliActor } from "./people/actors.js";
import { findChatPerson, resolveChatActor, type ChatIdentity } from "./people/chatActors.js";
import { isValidTimeZone } from "./rules/time.js";
import { enqueueDueDigests } from "./scheduler/digestJob.js";
import { startScheduler } from "./scheduler/scheduler.js";
import { databaseKind, openDb, type Db } from "./store/client.js";

export type Platform = ChannelTarget["platform"];

/** How long applying waits after a request of fewer than GATHER_BELOW inbound events was stored, for the ones right behind it. */
const GATHER_MS = 20;
const GATHER_BELOW = 10;

export interface CommandWhere {
  timeZone?: string | null;
  channel?: ChannelRef;
  directChannel?: ChannelRef;
}

/** A message seen in a chat conversation, as an adapter reports it: our author as their chat identity. */
export type ChatMessageSeen = Omit<SharedChannelMessage, "ourAuthor"> & { ourAuthor(): Promise<ChatIdentity> };

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
  readonly clock: () => Date;
  private readonly notifiers: Partial<Record<Platform, ChannelNotifier>> = {};
  /** Inbound events applied after a webhook, one pass at a time in this process (see applySoon). */
  private inbound: Promise<void> = Promise.resolve();
  private inboundQueued = false;
  /** Shared-channel messages being recorded (Slack answers before they are: see settleSharedChannels). */
  private readonly sharedChannelWork = new Set<Promise<unknown>>();

  private constructor(
    private readonly env: Env,
    private readonly config: AppConfig,
    readonly log: Logger,
    private readonly db: Db,
    clock?: () => Date,
  ) {
    this.clock = clock ?? (() => new Date());
  }

  static async open(opts: KeepwarmOptions): Promise<Keepwarm> {
    const db = opts.db ?? (await openDb(opts.env.DATABASE_URL));
    return new Keepwarm(opts.env, opts.config, opts.log, db, opts.clock);
  }

  // ── Wiring: platforms, the HTTP API, the scheduler ──────────────────────────────────────────

  /** Where the outbox sends a platform's deliveries (src/slack, src/teams, the console stand-in). */
  registerNotifier(platform: Platform, notifier: ChannelNotifier): void {
    this.notifiers[platform] = notifier;
  }

  platforms(): Platform[] {
    return Object.keys(this.notifiers) as Platform[];
  }

  /**
   * The console stand-in channel, bound to every account: printed by the console notifier already
   * registered, else to standard output.
   */
  async useConsole(): Promise<string> {
    this.notifiers.console ??= consoleNotifier(this.log);
    return (await ensureConsoleBinding(this.db, this.config.defaultTimeZone)).channelId;
  }

  async health(): Promise<{ status: "ok"; database: string; platforms: Platform[] } | { status: "unavailable"; error: string }> {
    try {
      await this.db.$queryRawUnsafe("SELECT 1");
      return { status: "ok", database: databaseKind(this.env.DATABASE_URL), platforms: this.platforms() };
    } catch (err) {
      return { status: "unavailable", error: (err as Error).message };
    }
  }

  /** The ingestion API's routes: every request needs KEEPWARM_API_TOKEN or a managed token (`keepwarm token create`). */
  ingestApi(): Router {
    // A new link (externalIds) may have released connector events that waited for it: apply them soon.
    const onActivity = async (accountIds: string[]) => {
      await this.scan({ accountIds });
      this.applySoon();
    };
    const envToken = this.env.KEEPWARM_API_TOKEN;
    return createIngestRouter({ db: this.db, envToken, now: this.clock, defaultTimeZone: this.config.defaultTimeZone, logger: this.log, onActivity });
  }

  /** What can open the ingestion API now: the environment's token, and how many managed ones are active. */
  async apiTokenSources(): Promise<{ envToken: boolean; managedTokens: number }> {
    return { envToken: Boolean(this.env.KEEPWARM_API_TOKEN), managedTokens: await countActiveApiTokens(this.db) };
  }

  // ── API tokens (`keepwarm token …`) ─────────────────────────────────────────────────────────

  /** A new managed token: the token itself is in the answer only, the database keeps its hash. */
  createApiToken(name: string): Promise<CreatedApiToken> {
    return createApiToken(this.db, name, this.clock());
  }

  apiTokens(): Promise<ApiTokenInfo[]> {
    return listApiTokens(this.db);
  }

  revokeApiToken(name: string): Promise<RevokedApiToken> {
    return revokeApiToken(this.db, name, this.clock());
  }

  /** The vendors' webhook routes (POST /connectors/<source>); an unconfigured connector's answers 404. */
  connectorRoutes(): Router {
    return connectorRoutes({ db: this.db, env: this.env, log: this.log, now: this.clock, connectors: CONNECTORS, onStored: (stored) => this.applySoon(stored) });
  }

  /**
   * Applies inbound events soon after a webhook or a mail stored them, in the background: what
   * arrives while a pass runs goes in one more pass, and a request of a few events first waits
   * GATHER_MS for the ones right behind it (a steady stream of single mails would otherwise cost a
   * pass, and a rescan, each; a webhook body of a hundred goes at once). The scheduler's inbox job is
   * the safety net.
   */
  private applySoon(stored = 1): void {
    if (this.inboundQueued) return;
    this.inboundQueued = true;
    const wait = stored < GATHER_BELOW ? GATHER_MS : 0;
    this.inbound = this.inbound
      .then(() => (wait ? delay(wait) : undefined))
      .then(async () => {
        this.inboundQueued = false;
        await this.applyInbound();
      })
      .catch((err: unknown) => this.log.error({ err }, "applying inbound events failed; the scheduler's inbox job will try again"));
  }

  /** Resolves when the background applying that webhooks started is done (tests, shutdown). */
  settleInbound(): Promise<void> {
    return this.inbound;
  }

  /** The periodic jobs under database leases: the scan, the outbox drain, the digest check, the connectors' inbox. */
  startScheduler(): ScheduledTask[] {
    const { scan, deliver, digests, inbox } = this.config.schedules;
    return startScheduler({
      db: this.db,
      log: this.log,
      workerId: this.workerId,
      clock: this.clock,
      jobs: {
        scan: { schedule: scan, run: (now) => this.scan({ now }) },
        deliver: { schedule: deliver, run: (now) => this.deliver(now) },
        digests: { schedule: digests, run: (now) => enqueueDueDigests(this.db, now, this.log) },
        inbox: { schedule: inbox, run: (now) => this.applyInbound(now) },
      },
    });
  }

  // ── The loop: scan, deliver ─────────────────────────────────────────────────────────────────

  scan(options: { now?: Date; accountIds?: string[] } = {}): Promise<ScanResult> {
    const { accountIds } = options;
    return runScan(this.db, { now: options.now ?? this.clock(), policy: this.config.policy, accountIds, log: accountIds ? undefined : this.log });
  }

  deliver(now = this.clock()): Promise<DrainResult> {
    const { groupAbove, perChannelPerSecond } = this.config.delivery;
    return drainOutbox({ db: this.db, notifiers: this.notifiers, log: this.log, workerId: this.workerId, groupAbove, perChannelIntervalMs: 1000 / perChannelPerSecond, policy: this.config.policy }, now);
  }

  /** Applies what the connectors and the SMTP listener received (claimed in one write, safe beside other replicas), then rescans what changed. */
  applyInbound(now = this.clock()): Promise<InboxDrainResult> {
    const deps = {
      db: this.db, env: this.env, log: this.log, workerId: this.workerId, connectors: INBOX_SOURCES, config: this.config.connectors, defaultTimeZone: this.config.defaultTimeZone,
      rescan: (accountIds: string[]) => this.scan({ accountIds }),
      onUnmatched: (events: { id: string; source: string }[]) => this.askWhichAccount(events.filter((e) => e.source === EMAIL_SOURCE).map((e) => e.id), now),
    };
    return drainInbox(deps, now);
  }

  connectorStatus(): Promise<ConnectorStatus[]> {
    return connectorStatus(this.db, this.env, INBOX_SOURCES);
  }

  /** Email capture: Keepwarm's SMTP listener, when SMTP_PORT is set (null otherwise). */
  async startEmailCapture(): Promise<RunningSmtpListener | null> {
    const settings = emailSettings(this.env);
    if (!settings) return null;
    const verify = apiTokenVerifier(this.db, { envToken: this.env.KEEPWARM_API_TOKEN, now: this.clock, logger: this.log });
    return startSmtpListener(settings, { db: this.db, log: this.log, now: this.clock, authenticate: async (token) => (await verify(token)) !== null, onStored: () => this.applySoon() });
  }

  /** Files an email that matched no account under the account its sender picked (the buttons of askWhichAccount's message). */
  async fileEmail(value: string, actor: Actor): Promise<Message> {
    const picked = parseFileEmailValue(value);
    if (!picked) throw new AppError("invalid_argument", "That button is out of date.");
    const filed = await fileWaitingEmail(this.db, picked.eventId, picked.accountId, actor.personId, this.clock());
    await this.applyInbound();
    const domain = filed.domainAdded ? ` ${filed.domainAdded} is ${filed.account.name}'s domain now, so its next mail finds it.` : "";
    return confirmation(`Filed “${filed.subject || "(no subject)"}” under **${filed.account.name}**.${domain}`);
  }

  /** Each sender of mail that matched no account is asked, in their direct chat, which account it is for (once per message). */
  private async askWhichAccount(eventIds: string[], now: Date): Promise<void> {
    if (eventIds.length === 0) return;
    const rows: NewDelivery[] = [];
    for (const { personId, ...mail } of await unmatchedEmailNotices(this.db, eventIds)) {
      const bindingId = await directBindingOf(this.db, personId, this.config.defaultTimeZone);
      if (bindingId) rows.push(unmatchedEmailDelivery(bindingId, mail, now)); // else nowhere to reach them: the mail waits in `keepwarm connectors unmatched`
    }
    if (rows.length) await this.db.$transaction((tx) => enqueueDeliveries(tx, rows));
  }

  /** Inbound events waiting for a person: unmatched (no linked account) or failed. */
  waitingEvents(opts: { source?: string; limit?: number } = {}): Promise<{ total: number; events: WaitingEvent[] }> {
    return waitingEvents(this.db, opts);
  }

  /** Failed inbound events queued again (after the cause is fixed), applied at once. */
  async retryFailedEvents(source?: InboxSourceName): Promise<{ queued: number; result: InboxDrainResult }> {
    const queued = await retryFailed(this.db, this.clock(), source);
    return { queued, result: await this.applyInbound() };
  }

  /** The connectors that can backfill (`keepwarm sync <source>`). */
  backfillSources(): LinkSource[] {
    return CONNECTORS.filter((c) => c.backfill).map((c) => c.source);
  }

  /** Reads what a vendor holds from before its webhooks (resuming a run that was killed) and applies it. */
  backfill(source: LinkSource, options: BackfillOptions = {}): Promise<BackfillSummary> {
    const connector = CONNECTORS.find((c) => c.source === source && c.backfill);
    if (!connector) throw new AppError("invalid_argument", `${source} has no sync: use ${this.backfillSources().join(", ")}.`);
    const deps = { db: this.db, env: this.env, log: this.log, config: this.config.connectors, now: this.clock, applyInbound: () => this.applyInbound() };
    return runBackfill(deps, connector, options);
  }

  // ── People acting: commands, forms, buttons ─────────────────────────────────────────────────

  /** One line of the command language. */
  command(text: string, actor: Actor, source: CommandContext["source"], where?: string | CommandWhere): Promise<CommandOutcome> {
    return runCommand(text, this.commandContext(actor, source, where));
  }

  commandTokens(tokens: Token[], actor: Actor, source: CommandContext["source"], where?: string | CommandWhere): Promise<CommandOutcome> {
    return runCommandTokens(tokens, this.commandContext(actor, source, where));
  }

  /** A submitted form (modal, card): per-field errors, or the same reply its command gives. */
  submitForm(form: FormName, input: unknown, actor: Actor, source: CommandContext["source"], where: CommandWhere = {}): Promise<FormResult> {
    return FORMS[form].submit(input, this.commandContext(actor, source, where));
  }

  /** The form a half-typed touch/stage line, an account or a nudge opens (null: run the line as a command). */
  formDraft(from: DraftSource): Promise<FormDraft | null> {
    return formDraft(this.db, "message" in from ? { ...from, timeZone: this.zoneOrDefault(from.timeZone) } : from);
  }

  /** Acknowledge from a button; every message showing the nudge is queued for an update. */
  actOnNudge(nudgeId: number, action: NudgeAction, actor: Actor): Promise<NudgeActionResult> {
    return actOnNudge(this.db, nudgeId, action, actor, this.clock());
  }

  /** When a snooze picked from a menu or date picker ("1d", "1w", "2026-12-01") ends; an AppError when it cannot. */
  snoozeUntil(choice: string, timeZone?: string | null): Date {
    return parseSnoozeUntil(choice, this.clock(), this.zoneOrDefault(timeZone));
  }

  /** The Person behind a Slack or Teams user, created on first use. */
  chatActor(identity: ChatIdentity): Promise<Actor> {
    return resolveChatActor(this.db, identity, this.config.people);
  }

  /** Who the CLI acts as: `who` (an email or name), else KEEPWARM_USER, else a local admin. */
  cliActor(who = this.env.KEEPWARM_USER): Promise<Actor> {
    return resolveCliActor(this.db, who);
  }

  // ── The customer's shared channels ──────────────────────────────────────────────────────────

  /**
   * A message in a chat conversation: in a channel linked with `link <account> here`, a coalesced
   * touchpoint (at most one per direction and window); a new one rescans its account at once, so a
   * stale-contact nudge resolves. Elsewhere nothing is stored.
   */
  recordSharedChannelMessage(message: ChatMessageSeen): Promise<SharedChannelOutcome> {
    const work = this.recordShared(message);
    this.sharedChannelWork.add(work);
    void work.then(() => this.sharedChannelWork.delete(work), () => this.sharedChannelWork.delete(work));
    return work;
  }

  /** Resolves when the shared-channel messages being recorded are (the bench, shutdown). */
  async settleSharedChannels(): Promise<void> {
    await Promise.allSettled([...this.sharedChannelWork]);
  }

  private async recordShared(message: ChatMessageSeen): Promise<SharedChannelOutcome> {
    const ourAuthor = async () => findChatPerson(this.db, await message.ourAuthor());
    const outcome = await recordSharedChannelMessage(this.db, { ...message, ourAuthor }, { windowMinutes: this.config.sharedChannels.windowMinutes, now: this.clock() });
    if (outcome.status === "recorded") await this.scan({ accountIds: [outcome.accountId] });
    return outcome;
  }

  // ── What people see ─────────────────────────────────────────────────────────────────────────

  /** The message showing these nudges as they stand now (after a click, to update it in place), as that channel shows nudges. */
  async nudgeMessage(nudgeIds: number[], channel?: { platform: "slack" | "teams"; channelId: string }): Promise<Message | null> {
    const views = await loadNudgeViews(this.db, nudgeIds);
    if (!views.length) return null;
    return nudgeMessage(views, this.clock(), { compact: channel ? await compactIn(this.db, channel) : false });
  }

  home(actor: Actor, timeZone?: string | null): Promise<Message> {
    return homeMessage(this.db, actor, this.clock(), this.zoneOrDefault(timeZone), this.config.policy);
  }

  searchAccounts(typed: string, limit?: number): Promise<AccountOption[]> {
    return searchAccounts(this.db, typed, limit);
  }

  /** A channel's digest with its lists in full (a digest's "See all"). */
  fullDigest(bindingId: string): Promise<Message | null> {
    return bindingDigest(this.db, bindingId, { now: this.clock(), full: true });
  }

  /**
   * A digest for the terminal: a bound channel's (by its channel id) or the whole portfolio's. With
   * `throughNow` the period runs up to now instead of the last local midnight (the demo shows today).
   */
  digest(opts: { channelId?: string; cadence: DigestCadence; throughNow?: boolean }): Promise<Message> {
    return terminalDigest(this.db, { ...opts, now: this.clock(), defaultTimeZone: this.config.defaultTimeZone });
  }

  // ── Data in: CSV, the demo ──────────────────────────────────────────────────────────────────

  /** A CSV import; connector events its `external_id.<source>` columns released are applied before it returns. */
  async importCsv(kind: CsvKind, input: Readable, onProgress?: (done: number) => void, columns?: ColumnOptions): Promise<ImportReport> {
    const options = { now: this.clock(), defaultTimeZone: this.config.defaultTimeZone, onProgress, columns, connectors: this.config.connectors };
    const report = await importCsv(this.db, kind, input, options);
    await this.applyInbound();
    return report;
  }

  seedDemo(): Promise<SeedResult> {
    return seedDemo(this.db, this.clock(), this.config.defaultTimeZone);
  }

  /** Nudges by rule and severity, for the demo's summary. */
  async nudgeCounts(): Promise<{ rule: string; severity: string; count: number }[]> {
    const rows = await this.db.nudge.groupBy({ by: ["rule", "severity"], _count: { _all: true } });
    return rows.map((r) => ({ rule: r.rule, severity: r.severity, count: r._count._all }));
  }

  async close(): Promise<void> {
    await this.db.$disconnect();
  }

  // ── Inside ──────────────────────────────────────────────────────────────────────────────────

  /** `where` is a time zone or, from chat, the channel and the user's zone. */
  private commandContext(actor: Actor, source: CommandContext["source"], place: string | CommandWhere = {}): CommandContext {
    const where = typeof place === "string" ? { timeZone: place } : place;
    return {
      db: this.db,
      actor,
      now: this.clock(),
      policy: this.config.policy,
      timeZone: this.zoneOrDefault(where.timeZone),
      source,
      channel: where.channel,
      directChannel: where.directChannel,
      rescan: async (accountIds) => {
        const r = await this.scan({ accountIds });
        return { resolved: r.resolved, raised: r.raised };
      },
      applyInbound: async () => {
        const r = await this.applyInbound();
        return { applied: r.applied, unmatched: r.unmatched };
      },
    };
  }

  /** A person's zone as their platform reports it, or the configured default when it is missing or unknown. */
  private zoneOrDefault(zone: string | null | undefined): string {
    return zone && isValidTimeZone(zone) ? zone : this.config.defaultTimeZone;
  }
}
