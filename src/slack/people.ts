// A Slack user as a Keepwarm Person: users.info gives the name, the profile email (to link an
// existing Person) and the time zone (for dates the person types and times we show them).
import type { webApi } from "@slack/bolt";
import type { Logger } from "pino";
import { z } from "zod";
import type { Actor } from "../domain/people.js";
import type { Keepwarm } from "../keepwarm.js";

export interface SlackUser {
  actor: Actor;
  /** IANA zone from the Slack profile, when Slack gave one. */
  timeZone: string | null;
}

const userInfo = z.object({
  user: z.object({
    name: z.string().optional(),
    real_name: z.string().optional(),
    tz: z.string().optional(),
    is_bot: z.boolean().optional(),
    profile: z.object({ email: z.string().optional(), real_name: z.string().optional(), display_name: z.string().optional() }).partial().optional(),
  }),
});

interface Profile {
  name: string | null;
  email: string | null;
  timeZone: string | null;
  at: number;
}

const PROFILE_TTL_MS = 10 * 60_000;
const MAX_CACHED = 5_000;

/** Resolves Slack users to actors; profiles are cached for a few minutes (users.info is rate-limited). */
export class SlackPeople {
  private profiles = new Map<string, Profile>();

  constructor(
    private kw: Keepwarm,
    private client: webApi.WebClient,
    private log: Logger,
  ) {}

  async resolve(userId: string, fallbackName?: string): Promise<SlackUser> {
    const profile = await this.profile(userId);
    const actor = await this.kw.chatActor({ platform: "slack", userId, name: profile.name ?? fallbackName ?? userId, email: profile.email });
    return { actor, timeZone: profile.timeZone };
  }

  /** A user's name and time zone from their profile, without making them a Person (null: Slack would not say). */
  async lookup(userId: string): Promise<{ name: string | null; timeZone: string | null }> {
    const { name, timeZone } = await this.profile(userId);
    return { name, timeZone };
  }

  /** Who a user is on Slack (name and email from the profile), without making them a Person. */
  async identify(userId: string): Promise<{ platform: "slack"; userId: string; name: string; email: string | null }> {
    const profile = await this.profile(userId);
    return { platform: "slack", userId, name: profile.name ?? userId, email: profile.email };
  }

  private async profile(userId: string): Promise<Profile> {
    const cached = this.profiles.get(userId);
    if (cached && Date.now() - cached.at < PROFILE_TTL_MS) return cached;
    let profile: Profile = { name: null, email: null, timeZone: null, at: Date.now() };
    try {
      const { user } = userInfo.parse(await this.client.users.info({ user: userId }));
      profile = { name: user.real_name || user.profile?.real_name || user.profile?.display_name || user.name || null, email: user.profile?.email ?? null, timeZone: user.tz ?? null, at: Date.now() };
    } catch (err) {
      // Still usable without the profile: the Person is found by Slack id, or created by name.
      this.log.warn({ user: userId, err: (err as Error).message }, "slack: users.info failed; going on without the profile");
      return profile;
    }
    if (this.profiles.size >= MAX_CACHED) this.profiles.clear();
    this.profiles.set(userId, profile);
    return profile;
  }
}
