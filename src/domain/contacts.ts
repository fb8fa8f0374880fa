/** What a contact is to the relationship; `other` when nobody said. */
export const CONTACT_ROLES = ["champion", "decision_maker", "user", "other"] as const;
export type ContactRole = (typeof CONTACT_ROLES)[number];

/** The words people type for a role: "decision-maker", "dm", "champion". */
export function contactRoleOf(word: string): ContactRole | null {
  const w = word.toLowerCase().replace(/[\s-]+/g, "_");
  if ((CONTACT_ROLES as readonly string[]).includes(w)) return w as ContactRole;
  if (w === "dm" || w === "decider" || w === "buyer" || w === "economic_buyer") return "decision_maker";
  if (w === "end_user") return "user";
  return null;
}

/** "decision maker". */
export function roleLabel(role: ContactRole): string {
  return role.replace("_", " ");
}
