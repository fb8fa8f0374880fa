import { AppError } from "../domain/errors.js";
import type { Db } from "../store/client.js";

/** `<@U123>` / `<@U123|name>`: a platform mention, which adapters pass through (Teams rewrites its own to this form). */
const MENTION = /^<@([^|>]+)(?:\|[^>]*)?>$/;

/** A person named in a command: a mention, an email, or a name (exact, else a unique prefix). */
export async function findPerson(db: Db, text: string, usage: string) {
  const mention = text.match(MENTION);
  if (mention) {
    const person = await db.person.findFirst({ where: { OR: [{ slackUserId: mention[1] }, { teamsUserId: mention[1] }] } });
    if (!person) throw new AppError("not_found", `${text} has not used Keepwarm yet, so I don't know them.`, ["They can say `iam <their email>` once to link themselves."]);
    return person;
  }
  const typed = text.replace(/^@/, "").trim();
  if (typed.includes("@")) {
    const person = await db.person.findUnique({ where: { email: typed.toLowerCase() } });
    if (!person) throw new AppError("not_found", `Nobody with the email ${typed}.`, [usage]);
    return person;
  }
  const people = await db.person.findMany({ select: { id: true, name: true, email: true, role: true, managerId: true, slackUserId: true, teamsUserId: true } });
  const lower = typed.toLowerCase();
  const exact = people.filter((p) => p.name.toLowerCase() === lower);
  const matches = exact.length ? exact : people.filter((p) => p.name.toLowerCase().startsWith(lower));
  if (matches.length === 1) return db.person.findUniqueOrThrow({ where: { id: matches[0].id } });
  if (matches.length > 1) throw new AppError("invalid_argument", `"${typed}" could be ${matches.map((p) => p.name).join(", ")}.`, ["Use their email or @mention them."]);
  throw new AppError("not_found", `I don't know anyone called "${typed}".`, [usage]);
}
