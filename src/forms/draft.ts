import { takeAccount } from "../commands/accountArg.js";
import { findCommand } from "../commands/registry.js";
import { tokenize, type Token } from "../commands/tokens.js";
import { isAppError } from "../domain/errors.js";
import { STAGES } from "../domain/stages.js";
import { TOUCHPOINT_KINDS } from "../domain/touchpoints.js";
import type { Db } from "../store/client.js";
import { messageDraft, type ChatMessage } from "./messageDraft.js";
import type { FormName, FormValues } from "./model.js";

/** The forms about one account: they open with it picked when it is known. */
export type AccountFormName = Extract<FormName, "touch" | "stage">;

/** What a form opens with: which form, the account when it is already known, and any values prefilled. */
export interface FormDraft {
  form: AccountFormName;
  account: { id: string; name: string } | null;
  /** Fields shown filled in (by field name). */
  values?: FormValues;
  /** Values the form carries back with its submission without showing them (a message's exact time). */
  hidden?: FormValues;
}

/**
 * A half-typed command line, an account (a "log touchpoint" button), a nudge (its button), or a chat
 * message ("Log as touchpoint"; the time zone is the person's, for the message's day).
 */
export type DraftSource =
  | { text: string }
  | { accountId: string; form?: AccountFormName }
  | { nudgeId: number; form?: AccountFormName }
  | { message: ChatMessage; timeZone?: string | null };

const KEYWORD: Record<AccountFormName, (word: string) => boolean> = {
  touch: (w) => (TOUCHPOINT_KINDS as readonly string[]).includes(w),
  stage: (w) => w === "next" || (STAGES as readonly string[]).includes(w),
};

const accountSelect = { id: true, name: true } as const;

/**
 * The form to open instead of running a line: only when the line is a touch or stage command that
 * says nothing beyond the account (no words, or just a known account). A line that says more runs
 * as a command, so its mistakes get the command's own usage message. Null: run the line.
 */
export async function formDraft(db: Db, from: DraftSource): Promise<FormDraft | null> {
  if ("text" in from) return draftFromText(db, from.text);
  if ("message" in from) return messageDraft(db, from.message, from.timeZone ?? "UTC");
  if ("accountId" in from) {
    const account = await db.account.findUnique({ where: { id: from.accountId }, select: accountSelect });
    return account ? { form: from.form ?? "touch", account } : null;
  }
  const nudge = await db.nudge.findUnique({ where: { id: from.nudgeId }, select: { account: { select: accountSelect } } });
  return nudge ? { form: from.form ?? "touch", account: nudge.account } : null;
}

async function draftFromText(db: Db, text: string): Promise<FormDraft | null> {
  let tokens: Token[];
  try {
    tokens = tokenize(text);
  } catch {
    return null;
  }
  const [head, ...args] = tokens;
  const name = head ? findCommand(head.value)?.name : undefined;
  if (name !== "touch" && name !== "stage") return null;
  if (args.length === 0) return { form: name, account: null };
  try {
    const { account, rest } = await takeAccount(db, args, "", { isKeyword: KEYWORD[name] });
    return rest.length === 0 ? { form: name, account: { id: account.id, name: account.name } } : null;
  } catch (err) {
    if (isAppError(err)) return null; // unknown or ambiguous: the command says which accounts it could be
    throw err;
  }
}
