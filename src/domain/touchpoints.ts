export const TOUCHPOINT_KINDS = ["call", "email", "meeting", "message", "note", "qbr", "other"] as const;
export type TouchpointKind = (typeof TOUCHPOINT_KINDS)[number];

/** Internal notes are not contact with the customer: they never reset the stale-contact clock. */
export function isCustomerFacing(kind: TouchpointKind): boolean {
  return kind !== "note";
}
