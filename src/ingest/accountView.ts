/**
 * GET /accounts/{ref}: one account as a feed sees it, with its id in each linked system. The ref is
 * the CRM's external id, else a name as people type it; with `?source=zendesk` it is that system's id.
 */
import { domainsOf } from "../activity/domains.js";
import type { RequestHandler } from "express";
import { z } from "zod";
import { linksOf, accountOfSourceId } from "../activity/links.js";
import { isAppError } from "../domain/errors.js";
import { LINK_SOURCES, type LinkSource } from "../domain/sources.js";
import type { Db } from "../store/client.js";
import { resolveAccount } from "./accountRef.js";
import { parseItem } from "./issues.js";
import type { AccountViewResponse, InvalidPayloadResponse, NotFoundResponse } from "./responses.js";

export const accountViewParams = z.object({
  ref: z.string().describe("The account's external id (the CRM's), else its name; with `source`, its id in that system."),
});

export const accountViewQuery = z.strictObject({
  source: z
    .enum(LINK_SOURCES, { error: () => `expected one of ${LINK_SOURCES.join(", ")}` })
    .optional()
    .describe("Read the ref as the account's id in this system (see externalIds on POST /accounts)."),
});

export function accountViewHandler(db: Db): RequestHandler {
  const queryFields = Object.keys(accountViewQuery.shape);
  return async (req, res) => {
    const query = parseItem(accountViewQuery, { ...req.query }, queryFields);
    if (!query.ok) return void res.status(400).json({ error: "invalid_payload", issues: query.issues } satisfies InvalidPayloadResponse);
    const ref = String(req.params.ref);
    const found = query.data.source ? await bySourceId(db, query.data.source, ref) : await byRef(db, ref);
    if ("error" in found) return void res.status(404).json(found);
    const view = await accountView(db, found.id);
    if (!view) return void res.status(404).json({ error: "unknown_account", message: `No account matches "${ref}".`, hints: [] } satisfies NotFoundResponse);
    res.json(view satisfies AccountViewResponse);
  };
}

async function bySourceId(db: Db, source: LinkSource, sourceId: string): Promise<{ id: string } | NotFoundResponse> {
  const id = await accountOfSourceId(db, source, sourceId);
  if (id) return { id };
  return {
    error: "unknown_account",
    message: `No account is linked to ${source} id "${sourceId}".`,
    hints: [`Link it with POST /api/v1/accounts and "externalIds": { "${source}": "${sourceId}" }, or an accounts CSV with an external_id.${source} column.`],
  };
}

/** By external id, else by name as people type it. */
async function byRef(db: Db, ref: string): Promise<{ id: string } | NotFoundResponse> {
  const byExternalId = await db.account.findUnique({ where: { externalId: ref }, select: { id: true } });
  if (byExternalId) return byExternalId;
  try {
    return { id: (await resolveAccount(db, { account: ref })).id };
  } catch (err) {
    if (!isAppError(err) || err.code !== "unknown_account") throw err;
    return { error: err.code, message: err.message, hints: err.hints };
  }
}

async function accountView(db: Db, id: string): Promise<AccountViewResponse | null> {
  const [account, externalIds, domains] = await Promise.all([
    db.account.findUnique({
      where: { id },
      select: {
        id: true, name: true, externalId: true, segment: true, stage: true, stageSince: true, renewalDate: true, annualValue: true,
        timeZone: true, lastCustomerTouchAt: true, lastComplaintAt: true,
        owner: { select: { name: true, email: true } },
        _count: { select: { complaints: { where: { resolvedAt: null } } } },
      },
    }),
    linksOf(db, id),
    domainsOf(db, id),
  ]);
  if (!account) return null;
  const { _count, stageSince, lastCustomerTouchAt, lastComplaintAt, ...fields } = account;
  return {
    account: {
      ...fields,
      externalIds,
      domains,
      stageSince: stageSince.toISOString(),
      lastCustomerTouchAt: lastCustomerTouchAt?.toISOString() ?? null,
      lastComplaintAt: lastComplaintAt?.toISOString() ?? null,
      openComplaints: _count.complaints,
    },
  };
}
