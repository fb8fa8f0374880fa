// Which bound channels a nudge goes to: a notices-only direct chat (made to ask a rep which account
// an email is for) watches no account, so it gets no nudge and no digest.
import { describe, expect, it } from "vitest";
import { NOTICES_ONLY } from "../../src/domain/channels.js";
import { bindingsForAccount, bindingsForNudge } from "../../src/delivery/routing.js";

const route = (id: string, scope: string, scopeValue: string | null = null) => ({ id, platform: "slack", channelId: id, scope, scopeValue, rules: [] });

describe("routing", () => {
  const bindings = [route("all", "all"), route("rita-dm", "owner", "rita"), route("rita-notices", NOTICES_ONLY, "rita"), route("smb", "segment", "SMB")];

  it("sends an account's nudge to the channels whose scope covers it, never to a notices-only chat", () => {
    const nudge = { ownerId: "rita", segment: "smb", rule: "staleContact" };
    expect(bindingsForNudge(nudge, bindings).map((b) => b.id)).toEqual(["all", "rita-dm", "smb"]);
    expect(bindingsForAccount({ ownerId: "rita", segment: null }, bindings).map((b) => b.id)).toEqual(["all", "rita-dm"]);
  });
});
