export const TOUCHPOINT_KINDS = ["call", "email", "meeting", "message", "note", "qbr", "other"] as const;
export type TouchpointKind = (typeof TOUCHPOINT_KINDS)[number];

/** Who reached out: the customer (inbound), we (outbound), or nobody: a note for ourselves (internal). */
export const TOUCHPOINT_DIRECTIONS = ["inbound", "outbound", "internal"] as const;
export type TouchpointDirection = (typeof TOUCHPOINT_DIRECTIONS)[number];

/** Internal notes are not contact with the customer: they never reset the stale-contact clock. */
export function isCustomerFacing(kind: TouchpointKind): boolean {
  return kind !== "note";
}

/** A touchpoint's direction when none is given: a note is internal; any other contact, ours (outbound). */
export function defaultDirection(kind: TouchpointKind): TouchpointDirection {
  return isCustomerFacing(kind) ? "outbound" : "internal";
}

/** Why a kind and a direction do not go together, or null: a note is internal, and only a note is. */
export function directionProblem(kind: TouchpointKind, direction: TouchpointDirection): string | null {
  if (kind === "note" && direction !== "internal") return `a note is internal (it is not contact with the customer); log a ${direction} contact as a call, email, meeting or message`;
  if (kind !== "note" && direction === "internal") return `a ${kind} is contact with the customer: inbound (they reached out) or outbound (we did); an internal touchpoint is a note`;
  return null;
}

/** How a direction reads in a list of touches: "← inbound", "→ outbound", "· internal". */
export function directionMark(direction: TouchpointDirection): string {
  return direction === "inbound" ? "← inbound" : direction === "outbound" ? "→ outbound" : "· internal";
}

/** Where a touchpoint was logged from, in words (`why` says where the last contact came from). */
export function touchSourceLabel(source: string): string {
  const known: Record<string, string> = {
    cli: "a command in the terminal", slack: "Slack (a command or form)", teams: "Teams (a command or form)", api: "the ingestion API",
    csv: "a CSV import", demo: "the demo data", hubspot: "HubSpot (the CRM)", salesforce: "Salesforce (the CRM)", zendesk: "Zendesk (a reply to a ticket)",
    email: "an email sent to Keepwarm (BCC or forward)", "slack-channel": "the customer's shared Slack channel", "teams-channel": "the customer's shared Teams channel",
  };
  return known[source] ?? source;
}

/** "a call", "an email": a kind with its article, for sentences. */
export function aKind(kind: TouchpointKind): string {
  return `${/^[aeiou]/.test(kind) ? "an" : "a"} ${kind}`;
}
