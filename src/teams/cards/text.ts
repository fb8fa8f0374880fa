// The neutral markdown subset as Teams reads it in a TextBlock or a fact: **bold** and _italic_ are
// understood as they are; `code` is not, so it becomes bold (or plain inside bold text); person
// mentions become real Teams mentions (<at>Name</at> plus an entity) when we know their Teams id.
import { renderMentions, type Message } from "../../messages/model.js";

export interface MentionEntity {
  type: "mention";
  text: string;
  mentioned: { id: string; name: string };
}

/** Collects the mention entities a card needs, one per person. */
export class Mentions {
  private byId = new Map<string, MentionEntity>();

  constructor(private people: Message["people"] = {}) {}

  /** The text of one mention: a Teams mention when the person has a Teams id, else their name. */
  render(personId: string, name: string): string {
    const teamsId = this.people?.[personId]?.teamsUserId;
    if (!teamsId) return name;
    const text = `<at>${name}</at>`;
    if (!this.byId.has(teamsId)) this.byId.set(teamsId, { type: "mention", text, mentioned: { id: teamsId, name } });
    return text;
  }

  entities(): MentionEntity[] {
    return [...this.byId.values()];
  }
}

/** One line of neutral text as Teams markdown. */
export function teamsMarkdown(text: string, mentions: Mentions): string {
  const withMentions = renderMentions(text, (id, name) => mentions.render(id, name));
  const inBold = withMentions.includes("**");
  return withMentions.replace(/`([^`]+)`/g, (_m, code: string) => (inBold ? code : `**${code}**`));
}

/** Splits text into lines for separate TextBlocks (a newline inside one TextBlock is not reliable across Teams clients). */
export function textLines(text: string): { line: string; gapBefore: boolean }[] {
  const out: { line: string; gapBefore: boolean }[] = [];
  let gap = false;
  for (const line of text.split("\n")) {
    if (line.trim() === "") {
      gap = out.length > 0;
      continue;
    }
    out.push({ line, gapBefore: gap });
    gap = false;
  }
  return out;
}
