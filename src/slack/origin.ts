// Where a modal was opened from, carried in its private_metadata (Slack keeps it server-side and
// hands it back with the submission), so the submission can answer in the same place.
import { z } from "zod";

const originSchema = z.object({
  /** The conversation the form was opened in (slash command, message button). */
  channel: z.object({ id: z.string(), teamId: z.string().nullish(), name: z.string().nullish() }).optional(),
  /** The slash command's or message's response_url: an ephemeral answer there needs no channel membership. */
  responseUrl: z.url({ protocol: /^https?$/ }).optional(),
  /** Opened from the App Home: re-publish it afterwards. */
  home: z.boolean().optional(),
  /** For the snooze date picker: the nudge, and the message showing it (to update in place). */
  nudgeId: z.number().int().optional(),
  message: z.object({ channel: z.string(), ts: z.string(), nudgeIds: z.array(z.number().int()), deliveryKey: z.string().optional() }).optional(),
  /** Values the form submits without showing them (a logged message's exact time and author). */
  hidden: z.record(z.string(), z.string()).optional(),
});

export type Origin = z.infer<typeof originSchema>;

const MAX_METADATA = 3000;

export function encodeOrigin(origin: Origin): string {
  const json = JSON.stringify(origin);
  return json.length <= MAX_METADATA ? json : JSON.stringify({ ...origin, message: undefined });
}

export function decodeOrigin(privateMetadata: string | undefined): Origin {
  if (!privateMetadata) return {};
  try {
    const parsed = originSchema.safeParse(JSON.parse(privateMetadata));
    return parsed.success ? parsed.data : {};
  } catch {
    return {};
  }
}
