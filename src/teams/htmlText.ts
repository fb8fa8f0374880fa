// A Teams message body (HTML) as plain text, for a touchpoint's note: html-to-text (the converter
// mailparser uses), without link targets, with an emoji image as its alt text, lists and paragraphs
// as lines.
import { convert } from "html-to-text";

const OPTIONS = {
  wordwrap: false,
  selectors: [
    { selector: "a", options: { ignoreHref: true } },
    { selector: "img", format: "altText" },
    { selector: "p", options: { leadingLineBreaks: 1, trailingLineBreaks: 1 } },
    { selector: "ul", options: { itemPrefix: " " } },
    { selector: "ol", format: "unorderedList", options: { itemPrefix: " " } },
  ],
  formatters: {
    altText: (elem: { attribs?: Record<string, string> }, _walk: unknown, builder: { addInline(text: string): void }) => builder.addInline(elem.attribs?.alt ?? ""),
  },
};

export function htmlToText(html: string): string {
  return convert(html, OPTIONS as Parameters<typeof convert>[1])
    .replace(/[ \t]+/g, " ")
    .replace(/\s*\n\s*/g, "\n")
    .trim();
}
