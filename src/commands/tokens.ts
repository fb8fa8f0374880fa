import { AppError } from "../domain/errors.js";

export interface Token {
  value: string;
  quoted: boolean;
}

const QUOTES: Record<string, string> = { '"': '"', "'": "'", "“": "”", "‘": "’" };

/**
 * Splits a command line into words; "double", 'single' and typographic “smart” quotes (which
 * Slack and Teams clients insert) group words. An unclosed quote is a usage error, not a guess.
 */
export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const close = QUOTES[ch];
    if (close) {
      const end = text.indexOf(close, i + 1);
      if (end < 0) throw new AppError("usage", `A quote ${ch} is not closed.`, ['Put names with spaces in quotes, e.g. "Acme Corp".']);
      tokens.push({ value: text.slice(i + 1, end), quoted: true });
      i = end + 1;
      continue;
    }
    let end = i;
    while (end < text.length && !/\s/.test(text[end])) end++;
    tokens.push({ value: text.slice(i, end), quoted: false });
    i = end;
  }
  return tokens;
}

/** Pulls `--name value` options out of the words; the rest keep their order. */
export function takeOptions(tokens: Token[], names: string[]): { rest: Token[]; options: Record<string, string> } {
  const rest: Token[] = [];
  const options: Record<string, string> = {};
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    const name = !t.quoted && t.value.startsWith("--") ? t.value.slice(2).toLowerCase() : null;
    if (name === null) {
      rest.push(t);
      continue;
    }
    if (!names.includes(name)) throw new AppError("usage", `Unknown option --${name}.`, names.length ? [`Options here: ${names.map((n) => `--${n}`).join(", ")}`] : []);
    const value = tokens[i + 1];
    if (!value) throw new AppError("usage", `--${name} needs a value.`);
    options[name] = value.value;
    i++;
  }
  return { rest, options };
}

export function joinWords(tokens: Token[]): string {
  return tokens.map((t) => t.value).join(" ").trim();
}
