import { describe, expect, it } from "vitest";
import { htmlEscape, jsonForScript, terminalSafe } from "../../src/report/escape.ts";

describe("terminalSafe", () => {
  it("shows control characters as visible escapes", () => {
    expect(terminalSafe("a\u001b[31mred\u001b[0m")).toBe("a\\x1b[31mred\\x1b[0m");
    expect(terminalSafe("\u001b]0;title\u0007")).toBe("\\x1b]0;title\\x07");
    expect(terminalSafe("safe\roverwritten")).toBe("safe\\x0doverwritten");
    expect(terminalSafe("nul\u0000")).toBe("nul\\x00");
    expect(terminalSafe("c1\u009b31m")).toBe("c1\\x9b31m"); // 8-bit CSI
    expect(terminalSafe("del\u007f")).toBe("del\\x7f");
  });

  it("neutralises bidi controls (Trojan Source) and invisible characters", () => {
    for (const c of ["\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066", "\u2067", "\u2068", "\u2069", "\u200e", "\u200f", "\u061c", "\u200b", "\ufeff", "\u2028", "\u2029"]) {
      const out = terminalSafe(`a${c}b`);
      expect(out, `U+${c.charCodeAt(0).toString(16)}`).not.toContain(c);
      expect(out).toMatch(/^a\\(x|u\{)[0-9a-f]+\}?b$/);
    }
  });

  it("escapes lone surrogates but keeps valid pairs", () => {
    expect(terminalSafe("x\ud800y")).toBe("x\\u{d800}y");
    expect(terminalSafe("x\udc00")).toBe("x\\u{dc00}");
    expect(terminalSafe("emoji \ud83d\ude00")).toBe("emoji \ud83d\ude00");
  });

  it("leaves ordinary text alone", () => {
    const s = "java.util.HashMap$Node[] · main.(*T).run └─ → «ü» 中文";
    expect(terminalSafe(s)).toBe(s);
  });
});

describe("htmlEscape", () => {
  it("escapes markup and attribute delimiters", () => {
    const out = htmlEscape(`<script>alert("x")</script> ' \` &amp;`);
    expect(out).not.toMatch(/[<>"'`]/);
    expect(out).toContain("&#60;script&#62;");
    expect(out).toContain("&#38;amp;");
  });
});

describe("jsonForScript", () => {
  const nasty = ["</script><script>alert(1)</script>", "<!--", "]]>", "\u2028\u2029", "nul\u0000", "lone\ud800", "\udfff", "&lt;", "\u001b[2J"];

  it("cannot close or comment out its script element", () => {
    const out = jsonForScript({ nasty });
    expect(out).not.toMatch(/<\/script|<!--|[<>&\u2028\u2029]/i);
  });

  it("is valid JSON for any string and round-trips exactly", () => {
    const value = { nasty, all: String.fromCharCode(...Array.from({ length: 0x800 }, (_, i) => i)) };
    expect(JSON.parse(jsonForScript(value))).toEqual(value);
    // Well-formed: lone surrogates are written as \u escapes, so the text is valid UTF-8.
    expect(Buffer.from(jsonForScript(value), "utf8").toString("utf8")).toBe(jsonForScript(value));
  });
});
