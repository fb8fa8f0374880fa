// The Person behind a Teams user. Teams puts no email in activities; the roster has it (the user's
// email or UPN), so a user is looked up once per process and linked to an existing Person by email,
// as Slack does with the profile email. A failed lookup falls back to the name (`iam` links later).
import { TeamsInfo, type TurnContext } from "botbuilder";
import type { Actor } from "../domain/people.js";
import type { Keepwarm } from "../keepwarm.js";
import { identityOf } from "./conversation.js";

const TTL_MS = 10 * 60_000;
// One cache per Keepwarm (per process in production; per test harness in tests).
const caches = new WeakMap<Keepwarm, Map<string, { email: string | null; at: number }>>();

export async function actorOf(kw: Keepwarm, context: TurnContext): Promise<Actor> {
  const identity = identityOf(context.activity);
  let cache = caches.get(kw);
  if (!cache) caches.set(kw, (cache = new Map()));
  return kw.chatActor({ ...identity, email: await emailOf(context, identity.userId, cache) });
}

async function emailOf(context: TurnContext, userId: string, emails: Map<string, { email: string | null; at: number }>): Promise<string | null> {
  const cached = emails.get(userId);
  if (cached && Date.now() - cached.at < TTL_MS) return cached.email;
  const from = context.activity.from;
  const member = from?.id ? await TeamsInfo.getMember(context, from.id).catch(() => null) : null;
  const candidate = member?.email ?? member?.userPrincipalName ?? null;
  const email = candidate && /^[^@\s]+@[^@\s]+$/.test(candidate) ? candidate : null;
  emails.set(userId, { email, at: Date.now() });
  return email;
}
