/**
 * Email capture: reps BCC or forward customer mail to Keepwarm's SMTP listener (listener.ts), each
 * message becomes an inbox event (readMail.ts) and the inbox worker logs it as an email touchpoint on
 * the account whose domain matches the customer side (apply.ts). A message matching no account waits
 * until the domain is linked (`link <account> domain acme.com`) or its sender picks the account.
 * See the README, "Capture email".
 */
import { accountsOfDomains } from "../../activity/domains.js";
import { EMAIL_SOURCE } from "../../domain/sources.js";
import { defineInboxSource } from "../connector.js";
import { applyEmail, applyEmails } from "./apply.js";
import { EMAIL_VARIABLES, emailSettings, type EmailSettings } from "./settings.js";

export const email = defineInboxSource<EmailSettings>({
  source: EMAIL_SOURCE,
  variables: EMAIL_VARIABLES,
  settings: emailSettings,
  apply: applyEmail,
  applyMany: applyEmails,
  async matched(db, domains) {
    const owners = await accountsOfDomains(db, domains);
    return domains.filter((d) => owners.get(d));
  },
});
