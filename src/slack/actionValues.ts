// How a neutral action's value travels through Slack and back. Buttons carry the value as is; a menu
// (snooze) carries "value:choice" in each option, since Slack hands back only the chosen option.

const SEPARATOR = ":";

export function encodeChoice(value: string, choice: string): string {
  return `${value}${SEPARATOR}${choice}`;
}

export function decodeChoice(optionValue: string): { value: string; choice: string } | null {
  const at = optionValue.lastIndexOf(SEPARATOR);
  if (at <= 0 || at === optionValue.length - 1) return null;
  return { value: optionValue.slice(0, at), choice: optionValue.slice(at + 1) };
}

/** A nudge id from an action value ("42" or "42:1d"); null when it is not one. */
export function nudgeIdOf(value: string | undefined): number | null {
  if (!value) return null;
  const head = decodeChoice(value)?.value ?? value;
  return /^\d+$/.test(head) ? Number(head) : null;
}
