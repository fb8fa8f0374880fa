import type { Actor, Role } from "../domain/people.js";
import type { Db } from "../store/client.js";

export interface ChatIdentity {
  platform: "slack" | "teams";
  /** Slack user id (U…) or Teams AAD object id. */
  userId: string;
  name: string;
  /** From the platform profile, when its scopes allow. */
  email?: string | null;
}

export interface PeoplePolicy {
  defaultRole: Role;
  admins: string[];
}

const idField = (platform: ChatIdentity["platform"]) => (platform === "slack" ? "slackUserId" : "teamsUserId");

/**
 * The Person behind a chat user: by platform id; else by profile email (linking the two); else a
 * new Person with the default role (admin when their email is listed as one). Safe when two
 * requests from a new user race: the unique platform id makes the loser read the winner's row.
 */
export async function resolveChatActor(db: Db, who: ChatIdentity, people: PeoplePolicy): Promise<Actor> {
  const field = idField(who.platform);
  const email = who.email?.trim().toLowerCase() || null;
  const toActor = (p: { id: string; name: string; role: Role }): Actor => ({ personId: p.id, name: p.name, role: p.role, platform: who.platform, platformUserId: who.userId });

  const known = await db.person.findFirst({ where: { [field]: who.userId } });
  if (known) return toActor(known);
  if (email) {
    const byEmail = await db.person.findUnique({ where: { email } });
    if (byEmail && !byEmail[field]) {
      const linked = await db.person.updateMany({ where: { id: byEmail.id, [field]: null }, data: { [field]: who.userId } });
      if (linked.count) return toActor(byEmail);
    }
  }
  try {
    const role: Role = email && people.admins.map((a) => a.toLowerCase()).includes(email) ? "admin" : people.defaultRole;
    const emailFree = email && !(await db.person.findUnique({ where: { email } }));
    const created = await db.person.create({ data: { name: who.name, email: emailFree ? email : null, role, [field]: who.userId } });
    return toActor(created);
  } catch (err) {
    const again = await db.person.findFirst({ where: { [field]: who.userId } });
    if (again) return toActor(again);
    throw err;
  }
}

/** Moves a chat identity onto the Person with `email` (the `iam` command). */
export async function linkChatIdentity(db: Db, platform: ChatIdentity["platform"], userId: string, email: string) {
  const field = idField(platform);
  return db.$transaction(async (tx) => {
    const target = await tx.person.findUnique({ where: { email: email.toLowerCase() } });
    if (!target) return { status: "unknown_email" as const };
    if (target[field] === userId) return { status: "already" as const, person: target };
    if (target[field]) return { status: "taken" as const, person: target };
    const previous = await tx.person.findFirst({ where: { [field]: userId }, include: { _count: { select: { accounts: true } } } });
    if (previous) {
      await tx.person.update({ where: { id: previous.id }, data: { [field]: null } });
      // A stand-in Person made on first use, with nothing of its own, is folded into the real one.
      if (previous._count.accounts === 0 && !previous.email) await tx.person.delete({ where: { id: previous.id } }).catch(() => undefined);
    }
    const person = await tx.person.update({ where: { id: target.id }, data: { [field]: userId } });
    return { status: "linked" as const, person };
  });
}

/**
 * The Person behind a chat user when there is one (by platform id, else by profile email), else just
 * their name: for activity they did not direct at Keepwarm (a message in a shared channel), which
 * should neither create a Person nor hand out a role.
 */
export async function findChatPerson(db: Db, who: ChatIdentity): Promise<{ personId: string | null; name: string }> {
  const email = who.email?.trim().toLowerCase() || null;
  const person =
    (await db.person.findFirst({ where: { [idField(who.platform)]: who.userId }, select: { id: true, name: true } })) ??
    (email ? await db.person.findUnique({ where: { email }, select: { id: true, name: true } }) : null);
  return person ? { personId: person.id, name: person.name } : { personId: null, name: who.name };
}
