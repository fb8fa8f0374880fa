import type { Actor } from "../../src/domain/people.js";

export const admin: Actor = { personId: null, name: "Test Admin", role: "admin", platform: "console" };
export const rep = (personId: string | null = null, name = "Rita Rep"): Actor => ({ personId, name, role: "rep", platform: "console" });
