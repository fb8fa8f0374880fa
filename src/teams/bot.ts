// The Teams bot: routes each activity to one handler. Installation stores nothing (a channel's
// conversation reference is stored on its binding when someone says `watch` there); it greets.
import { TeamsActivityHandler, type MessagingExtensionAction, type MessagingExtensionActionResponse, type TurnContext } from "botbuilder";
import type { Keepwarm } from "../keepwarm.js";
import { handleCommand } from "./commands.js";
import { isPersonal } from "./conversation.js";
import { greetingMessage } from "./greeting.js";
import { fetchMessageTask, LOG_TOUCHPOINT_COMMAND, submitMessageTask } from "./messageAction.js";
import { replyWith } from "./replies.js";
import { isConversationChatter, recordConversationMessage } from "./sharedChannel.js";
import { handleSubmission, isSubmission } from "./submissions.js";

export class KeepwarmTeamsBot extends TeamsActivityHandler {
  /** ourTenantId: the tenant whose people are "ours" in a shared channel (else the activity's tenant). */
  constructor(
    private readonly kw: Keepwarm,
    private readonly ourTenantId: string | null = null,
  ) {
    super();
    this.onMessage(async (context, next) => {
      if (isSubmission(context.activity.value)) await handleSubmission(this.kw, context);
      // With resource-specific consent every message of a channel or group chat arrives; only those mentioning the bot are commands.
      else if (isConversationChatter(context.activity)) await recordConversationMessage(this.kw, context, this.ourTenantId);
      else await handleCommand(this.kw, context);
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

  // "Log as touchpoint" on a message (the app manifest's one message action): its dialog, then its submission.
  protected override async handleTeamsMessagingExtensionFetchTask(context: TurnContext, action: MessagingExtensionAction): Promise<MessagingExtensionActionResponse> {
    if (action.commandId !== LOG_TOUCHPOINT_COMMAND) return super.handleTeamsMessagingExtensionFetchTask(context, action);
    return fetchMessageTask(this.kw, context, action);
  }

  protected override async handleTeamsMessagingExtensionSubmitAction(context: TurnContext, action: MessagingExtensionAction): Promise<MessagingExtensionActionResponse> {
    if (action.commandId !== LOG_TOUCHPOINT_COMMAND) return super.handleTeamsMessagingExtensionSubmitAction(context, action);
    return submitMessageTask(this.kw, context, action);
  }

  private async greet(context: TurnContext): Promise<void> {
    this.kw.log.info({ platform: "teams", conversation: context.activity.conversation?.conversationType }, "added to a conversation");
    await replyWith(context, greetingMessage(isPersonal(context.activity) ? "personal" : "channel"), { view: "reply" });
  }
}
