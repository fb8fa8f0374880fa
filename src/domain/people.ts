export const ROLES = ["viewer", "rep", "manager", "admin"] as const;
export type Role = (typeof ROLES)[number];

export function roleAtLeast(role: Role, needed: Role): boolean {
  return ROLES.indexOf(role) >= ROLES.indexOf(needed);
}

export type Platform = "slack" | "teams" | "console";

/** Who is asking: resolved by the adapter (Slack user, Teams user, CLI) to a Person when known. */
export interface Actor {
  personId: string | null;
  name: string;
  role: Role;
  platform: Platform;
  /** The platform's own user id (Slack U…, Teams AAD object id), for mentions. */
  platformUserId?: string;
}
