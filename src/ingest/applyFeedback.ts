/** Feedback from a survey tool or a spreadsheet: a batch is written in one transaction (src/activity/feedback.ts). */
import { recordFeedback, type FeedbackToRecord } from "../activity/feedback.js";
import type { Ingester } from "./ingester.js";
import type { IngestFeedback } from "./schemas.js";
import { assertNotFuture, resolveMoment } from "./times.js";

export const feedbackIngester: Ingester<IngestFeedback, FeedbackToRecord> = {
  preload: (items, lookups) => lookups.preload(items, []),
  async prepare(_db, item, ctx, lookups) {
    const account = await lookups.account(item);
    const at = item.at ? resolveMoment(item.at, account.timeZone, ctx.now) : ctx.now;
    assertNotFuture("Feedback", "at", at, ctx.now);
    // The score was checked against its scale by the schema.
    return { accountId: account.id, scale: item.scale, score: item.score ?? null, comment: item.comment, contactName: item.contact, at, byPersonId: null, idempotencyKey: item.idempotencyKey ?? null };
  },
  async write(db, f, ctx) {
    const [result] = await recordFeedback(db, [f], ctx.source, ctx.now);
    return result;
  },
  writeMany: (db, items, ctx) => recordFeedback(db, items, ctx.source, ctx.now),
};
