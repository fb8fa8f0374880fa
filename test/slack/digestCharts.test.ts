// The digest's charts in Slack, through the real delivery path: the scheduled digest is posted, then
// its PNGs are uploaded (getUploadURLExternal → bytes → completeUploadExternal) into its thread; a
// failed upload leaves the digest posted once, never posted again.
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";
import { enqueueDueDigests } from "../../src/scheduler/digestJob.js";
import { perTest } from "../fixtures/perTest.js";
import { addAccount } from "../fixtures/seed.js";
import { CHANNEL, slackHarness } from "../fixtures/slack.js";

const h = perTest(() => slackHarness("sqlite"));

/** A channel watching everything with a daily digest, stale accounts (nudges) and renewals ahead; the nudges delivered. */
async function channelWithADueDigest(): Promise<void> {
  await h.responseTo((await h.slash("/keepwarm", "watch all")).responseUrl);
  await h.responseTo((await h.slash("/keepwarm", "digest daily 09:00")).responseUrl);
  for (let i = 1; i <= 3; i++) await addAccount(h.db, h.clock.now, `Account ${i}`, { touchDaysAgo: 35 + i, renewalDate: `2027-0${i}-15` });
  await h.kw.scan();
  await h.kw.deliver();
  h.clock.set("2026-11-26T08:00:00Z"); // 09:00 in Paris
  expect(await enqueueDueDigests(h.db, h.clock.now, h.kw.log)).toBe(1);
}

const digestPosts = () => h.fake.callsTo("chat.postMessage").filter((c) => String((c.body.metadata as { event_payload?: { delivery_key?: string } })?.event_payload?.delivery_key).startsWith("digest:"));

describe("the digest's charts in Slack", () => {
  it("are uploaded as PNGs into the digest's thread, with titles and alt text", async () => {
    await channelWithADueDigest();
    expect(await h.kw.deliver()).toMatchObject({ sent: 1, retried: 0, failed: 0 });

    const [digest] = digestPosts();
    const ts = h.fake.messages.find((m) => m.metadata?.event_payload.delivery_key === (digest.body.metadata as { event_payload: { delivery_key: string } }).event_payload.delivery_key)!.ts;
    expect(h.fake.files.map((f) => f.filename)).toEqual(["nudges-by-week.png", "health-bands.png", "renewals-by-month.png"]);
    for (const file of h.fake.files) {
      expect(file, file.filename).toMatchObject({ channel: CHANNEL.id, threadTs: ts });
      expect(file.bytes!.length).toBe(file.length);
      expect(file.bytes!.length).toBeLessThan(1_000_000);
      const png = PNG.sync.read(file.bytes!);
      expect(png.width).toBeGreaterThan(300);
      expect(png.width).toBeLessThanOrEqual(1024);
      expect(png.height).toBeLessThanOrEqual(1024);
    }
    const [weeks, bands, renewals] = h.fake.files;
    expect(weeks.title).toBe("Open and cleared nudges, last 8 weeks");
    const raised = await h.db.nudge.count(); // stale contact and renewal nudges, all raised this week, none cleared
    expect(raised).toBeGreaterThanOrEqual(3);
    expect(weeks.altText).toContain(`16 Nov 0 open, 0 cleared; 23 Nov ${raised} open, 0 cleared.`);
    expect(renewals.altText).toContain("Jan 2027 1 renewal");
    // Every watched account was scored by the scans before the digest.
    expect(bands.altText).toMatch(new RegExp(`^Accounts by health \\(${await h.db.account.count()} scored\\)`));
    // The upload is the last thing sent: nothing else was posted in the thread.
    expect(h.fake.messages.filter((m) => m.thread_ts === ts)).toEqual([]);
  });

  it("a failed upload leaves the digest posted once: logged, delivered, never retried", async () => {
    await channelWithADueDigest();
    h.fake.script("files.getUploadURLExternal", () => ({ json: { ok: false, error: "internal_error" } }));
    expect(await h.kw.deliver()).toMatchObject({ sent: 1, retried: 0, failed: 0 });
    h.clock.advanceHours(1);
    expect(await h.kw.deliver()).toMatchObject({ sent: 0, retried: 0, failed: 0 });
    expect(digestPosts()).toHaveLength(1);
    expect(h.fake.callsTo("files.getUploadURLExternal").length).toBeGreaterThan(0);
    expect(h.fake.callsTo("files.completeUploadExternal")).toEqual([]);
    expect(await h.db.delivery.findFirstOrThrow({ where: { kind: "digest" } })).toMatchObject({ status: "sent", attempts: 1 });
  });
});
