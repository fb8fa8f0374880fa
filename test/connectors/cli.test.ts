// `keepwarm connectors status | unmatched | retry` in their own process, on a database whose inbox
// holds events in every state.
import { describe, expect, it } from "vitest";
import { recordOutcomes, storeEvents } from "../../src/connectors/inbox.js";
import { runCli } from "../fixtures/cli.js";
import { createHarness } from "../fixtures/harness.js";
import { perTest } from "../fixtures/perTest.js";

describe("keepwarm connectors (the CLI)", () => {
  const h = perTest(() => createHarness("sqlite"));

  async function inbox() {
    const at = (m: number) => new Date(Date.UTC(2026, 10, 25, 14, m));
    const ev = (n: string, minute: number, org: string | null = "org-1") => ({ idempotencyKey: n, type: "ticket.created", accountSourceId: org, summary: `ticket created · #${n}`, occurredAt: at(minute), payload: { n } });
    await storeEvents(h.db, "zendesk", [ev("1", 1), ev("2", 2), ev("3", 3), ev("4", 4)], at(5));
    const id = async (key: string) => (await h.db.inboundEvent.findFirstOrThrow({ where: { idempotencyKey: key } })).id;
    await recordOutcomes(h.db, "zendesk", [
      { id: await id("1"), status: "applied", outcome: "opened complaint #1" },
      { id: await id("2"), status: "unmatched", outcome: "no account is linked to Zendesk organization org-1: `link <account> zendesk org-1`" },
    ], at(6));
    await h.db.inboundEvent.updateMany({ where: { idempotencyKey: "3" }, data: { status: "failed", lastError: "Zendesk payload unreadable" } });
    await h.db.inboundEvent.updateMany({ where: { idempotencyKey: "4" }, data: { nextAttemptAt: new Date("2099-01-01T00:00:00Z") } }); // pending, its next attempt far ahead
  }

  it("status counts each connector's events and says how to configure one that is not", async () => {
    await inbox();
    const run = await runCli(h.t.url, "connectors", "status");
    expect(run.code).toBe(0);
    const zendesk = run.stdout.split("\n").find((l) => l.startsWith("zendesk"))!;
    expect(zendesk.split(/\s{2,}/)).toEqual(["zendesk", "no (set ZENDESK_WEBHOOK_SECRET)", "4", "1", "1", "1", "1", "2026-11-25 14:05 UTC"]);
  });

  it("unmatched lists what waits for a person, oldest first, with why; --source filters", async () => {
    await inbox();
    const run = await runCli(h.t.url, "connectors", "unmatched");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("2 events waiting:");
    expect(run.stdout).toMatch(/2026-11-25 14:02 {2}zendesk {2}unmatched {2}ticket created · #2\n {6}no account is linked to Zendesk organization org-1: `link <account> zendesk org-1`/);
    expect(run.stdout).toMatch(/14:03 {2}zendesk {2}failed {2}ticket created · #3\n {6}Zendesk payload unreadable/);
    const other = await runCli(h.t.url, "connectors", "unmatched", "--source", "hubspot");
    expect(other.stdout).toContain("Nothing waits");
    const bad = await runCli(h.t.url, "connectors", "unmatched", "--source", "pipedrive");
    expect(bad.code).toBe(2);
    expect(bad.stdout).toContain('Unknown connector "pipedrive": use hubspot, salesforce, zendesk, email.');
  });

  it("retry queues failed events again and tries them at once", async () => {
    await inbox();
    const run = await runCli({ url: h.t.url, env: { ZENDESK_WEBHOOK_SECRET: "s3cret" } }, "connectors", "retry", "zendesk");
    expect(run.code).toBe(0);
    // Its payload still cannot be read, so it fails again (and waits for its next attempt); nothing is lost.
    expect(run.stdout).toContain("Queued 1 failed event again: 0 applied, 0 unmatched, 1 failing still.");
    expect(await h.db.inboundEvent.findFirstOrThrow({ where: { idempotencyKey: "3" } })).toMatchObject({ status: "pending", attempts: 1 });
  });
});
