/** What a Salesforce record's changes are made as, and the Keepwarm account its Salesforce account is linked to. */
import { accountOfSourceId } from "../../activity/links.js";
import type { Actor } from "../../domain/people.js";
import type { ApplyContext, ApplyOutcome } from "../connector.js";
import { SOURCE } from "./objects.js";

/** Who resolves a complaint or creates an account when Salesforce says so (its users are not Keepwarm's people yet). */
export const SALESFORCE: Actor = { personId: null, name: "Salesforce", role: "admin", platform: "console" };

/** The account linked to `salesforceAccountId`, or the outcome of an event that waits for one (`link` releases it). */
export async function linkedAccount(ctx: ApplyContext, salesforceAccountId: string | null, what: string): Promise<{ accountId: string } | { waits: ApplyOutcome }> {
  if (!salesforceAccountId) return { waits: { status: "unmatched", outcome: `${what} is on no account in Salesforce, so no account can be found for it` } };
  const accountId = await accountOfSourceId(ctx.db, SOURCE, salesforceAccountId);
  if (accountId) return { accountId };
  return { waits: { status: "unmatched", outcome: `no account is linked to Salesforce account ${salesforceAccountId}: \`link <account> salesforce ${salesforceAccountId}\`` } };
}
