import { describe, expect, it } from "vitest";
import { renderHtml } from "../../../src/report/html/render.ts";
import { jsonForScript as jsonForHtml } from "../../../src/report/escape.ts";
import { CLIENT_JS } from "../../../src/report/html/client.ts";
import { PAGE_CSS } from "../../../src/report/html/styles.ts";
import { buildPageData, DEFAULT_BUDGET, type PageData } from "../../../src/report/html/page-data.ts";
import { fixtureReport, HOSTILE, syntheticBigReport } from "../../fixtures/report-fixture.ts";

const DATA_OPEN = '<script type="application/json" id="heaplens-data">';

function embedded(html: string): { raw: string; data: PageData } {
  const start = html.indexOf(DATA_OPEN) + DATA_OPEN.length;
  const end = html.indexOf("</script>", start);
  const raw = html.slice(start, end);
  return { raw, data: JSON.parse(raw) as PageData };
}

describe("renderHtml", () => {
  const html = renderHtml(fixtureReport());

  it("embeds the data as JSON that cannot close the script element and parses back exactly", () => {
    const { raw, data } = embedded(html);
    expect(raw).not.toMatch(/[<>&\u2028\u2029]/);
    // Hostile strings survive as data, byte for byte (lone surrogates and NUL included).
    const f = data.findings.find((x) => x.detector === "java.weakhashmap.stale-entries")!;
    expect(f.title).toBe("Stale entries in " + HOSTILE.script + " " + HOSTILE.closeScript);
    const last = f.path[f.path.length - 1];
    expect(last.value).toBe(HOSTILE.script + HOSTILE.loneHigh + HOSTILE.nul);
    expect(last.via).toBe(HOSTILE.ansi);
    expect(f.path[2].via).toBe(HOSTILE.loneLow);
    expect(data.strings).toContain(HOSTILE.img);
  });

  it("is one file: exactly our two script elements, no external resource of any kind", () => {
    expect(html.match(/<script\b/gi)).toHaveLength(2);
    expect(html.match(/<\/script/gi)).toHaveLength(2);
    expect(html).not.toMatch(/\b(src|href)\s*=\s*["']?(https?:|\/\/)/i);
    expect(html).not.toMatch(/@import|url\(/i);
    // The only absolute URL is the SVG namespace (an identifier, never fetched).
    const urls = (html.match(/https?:\/\/[^\s"'<>]+/g) ?? []).filter((u) => u !== "http://www.w3.org/2000/svg");
    expect(urls).toEqual([]);
    expect(html).toContain("default-src 'none'");
  });

  it("keeps the client script and stylesheet inert inside their elements", () => {
    expect(CLIENT_JS).not.toMatch(/<\/script|<!--|<script/i);
    expect(PAGE_CSS).not.toMatch(/<\/style/i);
    expect(CLIENT_JS).not.toMatch(/innerHTML|outerHTML|insertAdjacentHTML|document\.write|eval\(|new Function/);
    // Parses as a script (syntax check only; running it needs a DOM).
    expect(() => new Function(CLIENT_JS)).not.toThrow();
  });

  it("escapes the title in markup", () => {
    const t = renderHtml(fixtureReport(), { title: HOSTILE.script + " & more" });
    expect(t).toContain("<title>&#60;script&#62;window.__pwned=1&#60;/script&#62; &#38; more</title>");
    expect(t.match(/<script\b/gi)).toHaveLength(2);
  });

  it("escapes every character that could end or confuse an HTML script block", () => {
    const s = jsonForHtml({ a: "</script><!--\u2028\u2029&", b: "\ud800", c: "\u0000" });
    expect(s).not.toMatch(/[<>&\u2028\u2029]/);
    expect(JSON.parse(s)).toEqual({ a: "</script><!--\u2028\u2029&", b: "\ud800", c: "\u0000" });
    expect(s).toContain("\\ud800");
    expect(Buffer.from(s, "utf8").toString("utf8")).toBe(s);
  });

  it("orders findings by severity then bytes, keeping the order of an already sorted list", () => {
    const { data } = embedded(html);
    const sev = { critical: 4, high: 3, medium: 2, low: 1, info: 0 } as const;
    for (let i = 1; i < data.findings.length; i++) {
      const a = data.findings[i - 1], b = data.findings[i];
      expect(sev[a.severity] > sev[b.severity] || (sev[a.severity] === sev[b.severity] && a.retainedBytes >= b.retainedBytes)).toBe(true);
    }
    expect(data.findings[0].detector).toBe("java.weakhashmap.value-reaches-key");
  });

  it("embeds the dominator tree columnar, with via/root and omitted-children counts", () => {
    const { data } = embedded(html);
    const t = data.tree!;
    expect(t.parent[0]).toBe(-1);
    for (let i = 1; i < t.parent.length; i++) expect(t.parent[i]).toBeLessThan(i);
    const lambda = t.id.indexOf("0x7f0005000");
    const viaOf = new Map<number, string>();
    for (let i = 0; i < t.via.length; i += 2) viaOf.set(t.via[i], data.strings[t.via[i + 1]]);
    expect(viaOf.get(lambda)).toBe("value");
    const moreOf = new Map<number, number>();
    for (let i = 0; i < t.more.length; i += 2) moreOf.set(t.more[i], t.more[i + 1]);
    expect(moreOf.get(t.id.indexOf("0x7f0004000"))).toBe(1198);
    expect(moreOf.get(0)).toBe(2);
  });
});

describe("page budgets", () => {
  it("bounds a ~1 GB heap's report and keeps everything on finding paths", () => {
    const report = syntheticBigReport({ histogramRows: 60_000, treeNodes: 60_000, findings: 50, flameNodes: 40_000 });
    const data = buildPageData(report, "big");
    expect(data.hist.type.length).toBeLessThanOrEqual(DEFAULT_BUDGET.maxHistogramRows);
    expect(data.hist.type.length + data.hist.omitted.rows).toBe(60_000);
    // The largest row by each measure is always kept.
    const maxRetained = Math.max(...report.histogram.map((r) => r.retainedBytes));
    expect(Math.max(...data.hist.retained)).toBe(maxRetained);
    const tree = data.tree!;
    expect(tree.id.length).toBeLessThanOrEqual(DEFAULT_BUDGET.maxTreeNodes + 10_000);
    expect(tree.omitted).toBeGreaterThan(0);
    for (let i = 1; i < tree.parent.length; i++) expect(tree.parent[i]).toBeGreaterThanOrEqual(0);
    expect(data.flames[0].name.length).toBeLessThanOrEqual(DEFAULT_BUDGET.maxFlameNodes);
    const html = renderHtml(report);
    expect(html.length).toBeLessThan(10 * 1024 * 1024);
  });

  it("flattens a 100k-deep dominator chain without recursion", () => {
    const report = fixtureReport();
    let node = report.tree!.children[0];
    for (let i = 0; i < 100_000; i++) {
      const c = { id: "0xdead" + i.toString(16), type: "Node", shallowBytes: 24, retainedBytes: 1e6 - i, children: [] };
      node.children.push(c);
      node = c;
    }
    const data = buildPageData(report, "deep", { ...DEFAULT_BUDGET, maxTreeNodes: 1000 });
    expect(data.tree!.id.length).toBeLessThanOrEqual(1000 + 50);
    // Finding-path objects are kept even though the budget is tiny.
    for (const id of ["0x7f0006000", "0x7f00a4000", "0x7f00c3000"]) expect(data.tree!.id).toContain(id);
  });
});
