import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { HOSTILE, MARK, hostileGoDump, hostileHprof, hostilePprofGz, hostileTextProfile } from "../fixtures/hostile/index.ts";
import { heaplens } from "../helpers/cli.ts";

/**
 * Strings from dumps are data. Dumps built with hostile class names, field names, String values and
 * Go function names (markup, `</script>`, ANSI/OSC escapes, CR, bidi overrides, NUL, lone
 * surrogates) must come out: neutralised in terminal text, valid and exact in JSON, and only
 * inside the inert JSON island in HTML.
 */
const dir = mkdtempSync(join(tmpdir(), "heaplens-hostile-"));
const put = (name: string, bytes: Uint8Array | string) => {
  const p = join(dir, name);
  writeFileSync(p, bytes);
  return p;
};

const inputs = {
  "hprof id8": put("hostile8.hprof", hostileHprof(8)),
  "hprof id4 gz": put("hostile4.hprof.gz", gzipSync(hostileHprof(4))),
  pprof: put("hostile.pb.gz", hostilePprofGz()),
  "pprof text": put("hostile.heap", hostileTextProfile()),
  godump: put("hostile.godump", hostileGoDump()),
};

/** Anything a terminal would act on: C0 controls but newline, DEL, C1 controls, bidi controls. */
const TERMINAL_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

function expectTerminalSafe(text: string, what: string) {
  const m = TERMINAL_CONTROL.exec(text);
  expect(m ? `${what}: control U+${m[0].charCodeAt(0).toString(16)} near ${JSON.stringify(text.slice(Math.max(0, m.index - 40), m.index + 20))}` : "clean").toBe("clean");
}

/** Every string anywhere in a JSON value. */
function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === "string") out.push(v);
  else if (Array.isArray(v)) for (const x of v) strings(x, out);
  else if (v && typeof v === "object") for (const x of Object.values(v)) strings(x, out);
  return out;
}

describe.each(Object.entries(inputs))("hostile %s", (_label, file) => {
  it("terminal text: analyze, histogram and dominators escape control characters", () => {
    for (const args of [["analyze", file, "--top", "100"], ["histogram", file, "--top", "100"], ["dominators", file, "--depth", "8", "--limit", "50"]]) {
      const r = heaplens(args);
      expect(r.stderr, args.join(" ")).toBe("");
      expect(r.code, args.join(" ")).toBe(0);
      expectTerminalSafe(r.stdout, args[0]);
      // The hostile names are shown (escaped), not dropped.
      expect(r.stdout, args[0]).toContain(MARK);
    }
  });

  it("JSON is valid and keeps the raw strings exactly", () => {
    const r = heaplens(["analyze", file, "--json", "--top", "100"]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    const all = strings(report);
    const marked = all.filter((s) => s.includes(MARK));
    expect(marked.length).toBeGreaterThan(0);
    // Raw, not pre-escaped: control characters and markup survive in the model.
    expect(marked.some((s) => /[\u001b<]/.test(s))).toBe(true);
    if (file.includes(".hprof")) {
      // Modified UTF-8 in HPROF can carry NUL and lone surrogates: kept exactly, escaped by JSON.
      expect(all.some((s) => s.includes(`\u0000${MARK}`))).toBe(true);
      expect(all.some((s) => s.includes(`\ud800${MARK}`))).toBe(true);
      expect(r.stdout).toContain("\\ud800");
    }
    // Round trip: stringify(parse(x)) parses to the same value.
    expect(JSON.parse(JSON.stringify(report))).toEqual(report);
  });

  it("HTML: data only inside the JSON island, which cannot close its script element", () => {
    const out = join(dir, `${_label.replace(/\W/g, "_")}.html`);
    const r = heaplens(["report", file, "-o", out]);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(out, "utf8");
    const open = '<script type="application/json" id="heaplens-data">';
    const start = html.indexOf(open);
    expect(start).toBeGreaterThan(0);
    const end = html.indexOf("</script>", start);
    const island = html.slice(start + open.length, end);
    expect(island).not.toMatch(/<\/script|<!--|<script|[<>]/i);
    const data = JSON.parse(island);
    expect(strings(data).some((s) => s.includes(MARK))).toBe(true);
    // Outside the island no dump text at all: it is rendered by the client with textContent.
    const outside = html.slice(0, start) + html.slice(end);
    expect(outside).not.toContain(MARK);
    expect(html.match(/<script/gi)!.length).toBe(2); // the island and the client code
  });
});

describe("hostile names outside the dump", () => {
  it("a file name with markup is escaped in the HTML title", () => {
    const file = put(`evil<script>alert(1)<\u200eb>${MARK}.hprof`, hostileHprof(8));
    const out = join(dir, "named.html");
    const r = heaplens(["report", file, "-o", out]);
    expect(r.code, r.stderr).toBe(0);
    const html = readFileSync(out, "utf8");
    const head = html.slice(0, html.indexOf("<script"));
    expect(head).not.toContain("<script>alert(1)");
    expect(head).toContain("&#60;script&#62;alert(1)");
  });

  it("error messages that quote dump bytes are terminal-safe and one line", () => {
    const bad = `heap profile: 1: 1 [1: 1] @ heap/1048576\n1: 1 [1: 1] @ 0x1\n${HOSTILE.osc}${HOSTILE.ansi} ${"x".repeat(50_000)}\n`;
    const file = put("bad-text.heap", bad);
    const r = heaplens(["analyze", file]);
    expect(r.code).toBe(2);
    expectTerminalSafe(r.stderr.replace(/\n$/, ""), "stderr");
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr.length).toBeLessThan(4000);
  });
});
