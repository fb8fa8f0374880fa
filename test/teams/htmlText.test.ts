import { describe, expect, it } from "vitest";
import { htmlToText } from "../../src/teams/htmlText.js";

describe("a Teams message body as plain text", () => {
  it.each([
    ["<p>Hello <at id=\"0\">Rita Rep</at>, thanks!</p>", "Hello Rita Rep, thanks!"],
    ["<div>one<br>two<br/>three</div>", "one\ntwo\nthree"],
    ["<p>first</p><p>second</p>", "first\nsecond"],
    ["<p>5 &lt; 6 &amp;&amp; 7 &gt; 6 &quot;ok&quot; &#39;x&#39; &#x2713;</p>", "5 < 6 && 7 > 6 \"ok\" 'x' ✓"],
    ["<p>&amp;lt;b&amp;gt; stays text</p>", "&lt;b&gt; stays text"],
    ["<p>great <img alt=\"👍\" src=\"https://x/emoji.png\" itemtype=\"http://schema.skype.com/Emoji\"></p>", "great 👍"],
    ["<p>link <a href=\"https://acme.example\">the doc</a></p>", "link the doc"],
    ["<style>p{color:red}</style><p>visible</p><script>alert(1)</script>", "visible"],
    ["<ul><li>a</li><li>b</li></ul>", "a\nb"],
    ["&bogus; &#0; text", "&bogus; \uFFFD text"], // as HTML decodes a null character reference
  ])("%s", (html, text) => {
    expect(htmlToText(html)).toBe(text);
  });
});
