import type { Actor } from "../domain/people.js";
import type { Db } from "../store/client.js";

export const LOCAL_ADMIN: Actor = { personId: null, name: "Local admin", role: "admin", platform: "console" };

/** The CLI acts as KEEPWARM_USER (an email or exact name of a Person) or as a local admin. */
export async function resolveCliActor(db: Db, who: string | undefined): Promise<Actor> {
  if (!who) return LOCAL_ADMIN;
  const person = await db.person.findFirst({ where: { OR: [{ email: who.toLowerCase() }, { name: who }] } });
  if (!person) throw new Error(`KEEPWARM_USER="${who}" is not a known person (by email or name).`);
  return { personId: person.id, name: person.name, role: person.role, platform: "console" };
}
