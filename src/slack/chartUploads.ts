// A message's charts in Slack: PNG files uploaded into the thread of the message they go with
// (files.getUploadURLExternal → the bytes → files.completeUploadExternal, behind filesUploadV2).
import { webApi } from "@slack/bolt";
import type { Logger } from "pino";
import type { MessageChart } from "../messages/model.js";

/**
 * Never throws. The message is already posted and its delivery is once-only: failing here would have
 * the outbox retry the whole post. So a failed upload is logged and the post stands; its words carry
 * what the charts show.
 */
export async function uploadChartsInThread(client: webApi.WebClient, log: Logger, at: { channel: string; ts: string }, charts: MessageChart[]): Promise<void> {
  if (charts.length === 0) return;
  try {
    await client.filesUploadV2({
      channel_id: at.channel,
      thread_ts: at.ts,
      file_uploads: charts.map((c) => ({ file: c.png.data, filename: `${c.key}.png`, title: c.title, alt_text: c.alt })),
    });
  } catch (err) {
    log.warn({ channel: at.channel, ts: at.ts, charts: charts.map((c) => c.key), err: (err as Error).message }, "slack: chart upload failed; the message stays posted without its charts");
  }
}
