/**
 * The systems an account can be linked to by id (besides the CRM id in Account.externalId): each has
 * a connector in src/connectors/. The names are stored on links and inbound events: never rename one.
 */
export const LINK_SOURCES = ["hubspot", "salesforce", "zendesk"] as const;
export type LinkSource = (typeof LINK_SOURCES)[number];

/** Mail sent to Keepwarm's SMTP listener (src/connectors/email/): an inbox source matched by domain, not by a link. */
export const EMAIL_SOURCE = "email";

/** Everything the inbound inbox stores events from: the linked systems, and email. */
export const INBOX_SOURCES = [...LINK_SOURCES, EMAIL_SOURCE] as const;
export type InboxSourceName = (typeof INBOX_SOURCES)[number];

export function isInboxSource(value: string): value is InboxSourceName {
  return (INBOX_SOURCES as readonly string[]).includes(value);
}

export function isLinkSource(value: string): value is LinkSource {
  return (LINK_SOURCES as readonly string[]).includes(value);
}

/** A Salesforce record id: 15 case-sensitive characters, or those 15 and a 3-character checksum of their case (the API's form). */
export function isSalesforceId(id: string): boolean {
  return /^[a-zA-Z0-9]{15}(?:[a-zA-Z0-9]{3})?$/.test(id);
}

/**
 * The form a source's id is stored and matched in. A Salesforce id is its first 15 characters, so the
 * 15- and the 18-character forms of one record (Classic shows one, Lightning and the API the other)
 * are the same link; any other id is kept as given.
 */
export function canonicalSourceId(source: LinkSource, id: string): string {
  return source === "salesforce" && isSalesforceId(id) ? id.slice(0, 15) : id;
}
