// The Teams bot: routes each activity to one handler. Installation stores nothing (a channel's
// conversation reference is stored on its binding when someone says `watch` there); it greets.
import { TeamsActivityHandler, type TurnContext } from "botbuilder";
import type { Keepwarm } from "../keepwarm.js";
import { handleCommand } from "./commands.js";
import { isPersonal } from "./conversation.js";
import { greetingMessage } from "./greeting.js";
import { replyWith } from "./replies.js";
import { handleSubmission, isSubmission } from "./submissions.js";

export class KeepwarmTeamsBot extends TeamsActivityHandler {
  constructor(private readonly kw: Keepwarm) {
    super();
    this.onMessage(async (context, next) => {
      await (isSubmission(context.activity.value) ? handleSubmission(this.kw, context) : handleCommand(this.kw, context));
      await next();
    });
    // Teams sends conversationUpdate (bot among membersAdded) when the app is added to a team, a
    // group chat or a personal chat; the parallel installationUpdate is not greeted a second time.
    this.onMembersAdded(async (context, next) => {
      if (context.activity.membersAdded?.some((m) => m.id === context.activity.recipient.id)) await this.greet(context);
      await next();
    });
    this.onInstallationUpdate(async (context, next) => {
      this.kw.log.info({ platform: "teams", action: context.activity.action, conversation: context.activity.conversation?.conversationType }, "app installation changed");
      await next();
    });
  }

  private async greet(context: TurnContext): Promise<void> {
    this.kw.log.info({ platform: "teams", conversation: context.activity.conversation?.conversationType }, "added to a conversation");
    await replyWith(context, greetingMessage(isPersonal(context.activity) ? "personal" : "channel"), { view: "reply" });
  }
}
