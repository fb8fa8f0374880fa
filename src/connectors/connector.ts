/**
 * What a connector is: one folder per source (src/connectors/<source>/) holding its settings, how it
 * reads what arrives (a vendor's webhook request, a mail over SMTP), and how one stored event is
 * applied to Keepwarm. The shared machinery around it (src/connectors/http.ts, inbox.ts, worker.ts)
 * knows nothing of any source:
 *
 *   request ─▶ receive (signature on the raw body, zod) ─▶ inbox (one write) ─▶ the vendor is answered
 *   inbox worker ─▶ apply (activity operations, watermarks) ─▶ applied | unmatched (waits for `link`)
 *
 * An InboxSource is the applying half; a Connector adds the webhook route. Email is an InboxSource
 * whose events arrive through its own SMTP listener (src/connectors/email/).
 */
import type { Logger } from "pino";
import type { Env } from "../config/env.js";
import type { ConnectorsConfig } from "../config/file.js";
import type { InboxSourceName, LinkSource } from "../domain/sources.js";
import type { Db } from "../store/client.js";

/** The request as the vendor sent it: the raw body is what signatures are computed over. */
export interface InboundRequest {
  method: string;
  /** The URL the vendor called, as best known (KEEPWARM_PUBLIC_URL + path, or protocol, host and path). */
  url: string;
  headers: Record<string, string | undefined>;
  rawBody: Buffer;
}

/** One event a request carries, ready for the inbox. */
export interface ReceivedEvent {
  /** Same event, same key: the vendor's event id, or the object's id and modification time. */
  idempotencyKey: string;
  type: string;
  /** The vendor's id of the account the event is about (an organization, a company), when it names one. */
  accountSourceId: string | null;
  /** What it is about, in a line a person reads in `keepwarm connectors unmatched`. */
  summary: string;
  occurredAt: Date;
  payload: object;
}

export interface PayloadIssue {
  path: (string | number)[];
  message: string;
}

export type Reception =
  | {
      ok: true;
      events: ReceivedEvent[];
      /** What the vendor expects back (Salesforce wants a SOAP acknowledgement); JSON { received } otherwise. */
      reply?: { contentType: string; body: string };
    }
  /** 401: not from the vendor (signature, timestamp, org); `reason` is logged, never the secret. 400: unreadable. */
  | { ok: false; status: 401; reason: string }
  | { ok: false; status: 400; issues: PayloadIssue[] };

/** An inbox row as the worker hands it to its connector. */
export interface StoredEvent {
  id: string;
  type: string;
  accountSourceId: string | null;
  summary: string;
  occurredAt: Date;
  payload: unknown;
  attempts: number;
}

export interface ApplyContext<Settings = unknown> {
  db: Db;
  now: Date;
  config: ConnectorsConfig;
  log: Logger;
  settings: Settings;
  /** A new account's time zone (keepwarm.config.json's defaultTimeZone). */
  defaultTimeZone: string;
}

export type ApplyOutcome =
  /** `outcome` says what changed, or why nothing did (an older event than the stored state). */
  | { status: "applied"; outcome: string; accountIds: string[] }
  /** No account is linked to the event's source id yet: it waits until `link` names one. */
  /** `accountSourceId` names the account's id when only applying found it (a deal's or a call's company). */
  | { status: "unmatched"; outcome: string; accountSourceId?: string }
  /** Not yet: it is due again at `until` (a meeting that has not happened), without counting as a failed attempt. */
  | { status: "deferred"; outcome: string; until: Date };

export interface InboxSource<Settings = unknown, Prepared = unknown> {
  source: InboxSourceName;
  /** The environment variables it needs, for `keepwarm connectors status` and the README. */
  variables: readonly string[];
  /** Its settings from the environment, or null when it is not configured (its events then wait, its route answers 404). */
  settings(env: Env): Settings | null;
  /**
   * Optional: reads what a batch of claimed events needs from the vendor in a few calls (HubSpot's
   * batch reads) before they are applied. Throwing retries the whole batch with backoff.
   */
  prepare?(events: StoredEvent[], ctx: ApplyContext<Settings>): Promise<Prepared>;
  /**
   * Applies one stored event through the core's activity operations. It must be safe to run twice (a
   * crash between applying and recording it, a second replica): each write is keyed (ticket id,
   * comment id) or guarded by a watermark. Throws to be retried with backoff.
   */
  apply(event: StoredEvent, ctx: ApplyContext<Settings>, prepared: Prepared): Promise<ApplyOutcome>;
  /**
   * Optional: applies the events of a batch that can be written together (HubSpot's engagements: one
   * multi-row insert for a hundred calls) and returns their outcomes by event id; the others are
   * applied one by one. Same rules as `apply`; when it throws, every event goes through `apply`.
   */
  applyMany?(events: StoredEvent[], ctx: ApplyContext<Settings>, prepared: Prepared): Promise<Map<string, ApplyOutcome>>;
  /**
   * Which of these ids of waiting events now find an account (so an event recorded as unmatched just
   * as its account was linked is applied at once). By default: the ids linked to this source by `link`.
   */
  matched?(db: Db, accountSourceIds: string[]): Promise<string[]>;
}

export interface Connector<Settings = unknown, Prepared = unknown> extends InboxSource<Settings, Prepared> {
  source: LinkSource;
  /** Where the vendor posts, under the one server: /connectors/<source>. */
  path: string;
  /** Verifies and reads a request. Pure: stores nothing; `now` is when it arrived. */
  receive(request: InboundRequest, settings: Settings, now: Date): Reception;
  /** Optional: reads what happened before the webhooks were set up (`keepwarm sync <source>`, src/connectors/backfill.ts). */
  backfill?: Backfill<Settings>;
}

/**
 * A backfill reads the vendor's objects phase by phase (companies before the calls made to them),
 * page by page; each page becomes inbox events applied like webhook events. The cursor after each
 * page is recorded, so a killed run resumes after the last page it recorded.
 */
export interface Backfill<Settings = unknown> {
  phases: readonly string[];
  /** The pages of one phase from `cursor` (null: its start); a page's `cursor` is where the next one starts (null: the phase is done). */
  pages(phase: string, cursor: string | null, ctx: BackfillContext<Settings>): AsyncIterable<BackfillPage>;
}

export interface BackfillContext<Settings = unknown> {
  settings: Settings;
  config: ConnectorsConfig;
  /** Only what was modified since then; null: everything. */
  since: Date | null;
  log: Logger;
  /** Loads something the phases share once per run (HubSpot's owners). */
  once<T>(key: string, load: () => Promise<T>): Promise<T>;
}

export interface BackfillPage {
  events: ReceivedEvent[];
  cursor: string | null;
  /** How many objects the phase has left after this page, as the vendor counts them (for the progress bar). */
  remaining: number;
}

export function defineConnector<S, P = undefined>(connector: Connector<S, P>): Connector {
  return Object.freeze(connector) as unknown as Connector;
}

export function defineInboxSource<S, P = undefined>(source: InboxSource<S, P>): InboxSource {
  return Object.freeze(source) as unknown as InboxSource;
}
