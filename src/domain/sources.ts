/**
 * The systems an account can be linked to by id (besides the CRM id in Account.externalId): each has
 * a connector in src/connectors/. The names are stored on links and inbound events: never rename one.
 */
export const LINK_SOURCES = ["hubspot", "salesforce", "zendesk"] as const;
export type LinkSource = (typeof LINK_SOURCES)[number];

export function isLinkSource(value: string): value is LinkSource {
  return (LINK_SOURCES as readonly string[]).includes(value);
}
