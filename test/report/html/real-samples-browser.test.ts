/**
 * End-to-end on real inputs: reports built by the library (analyzeFiles → buildReport → renderHtml)
 * from sample dumps/profiles made by the JVM and by Go, opened in Chromium. What the page shows is
 * checked against the runtimes' own output (the program's FACT lines, the Go heap dump program's
 * facts.json, `# runtime.MemStats` in the legacy profile, `go tool pprof -top` totals).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { ROOT, samplePath } from "../../helpers/paths.ts";
import { analyzeFiles } from "../../../src/pipeline.ts";
import { buildReport } from "../../../src/report/build.ts";
import { renderHtml } from "../../../src/report/html/render.ts";
import type { Report } from "../../../src/report/model.ts";
import { hasChromium, launchChromium, NO_CHROMIUM_REASON, openReport, type OpenedReport } from "./browser.ts";

const OUT = join(ROOT, "test-output", "html");
const JAVA = samplePath("java", "DetectorWeakHashMaps.hprof.gz");
const JAVA_FACTS = samplePath("java", "DetectorWeakHashMaps.out.txt");
const GO_TEXT = samplePath("go", "profiles", "mapretain", "default", "heap.txt");
const GO_PROTO = samplePath("go", "profiles", "mapretain", "default", "heap.pb.gz");
const GO_PROTO_TOP = samplePath("go", "profiles", "mapretain", "default", "heap.pb.gz.top.inuse_space");
const GO_DUMP = samplePath("go", "heapdump", "default", "heap.dump");
const GO_DUMP_FACTS = samplePath("go", "heapdump", "default", "facts.json");

async function reportFor(file: string): Promise<Report> {
  const a = await analyzeFiles([{ file }]);
  return buildReport(a, { top: 500, tree: true, flame: true });
}

async function writeAndOpen(browser: Browser, name: string, report: Report): Promise<OpenedReport> {
  const file = join(OUT, name + ".html");
  writeFileSync(file, renderHtml(report));
  return openReport(browser, file);
}

function clean(r: OpenedReport): void {
  expect(r.requests.map((u) => u.split("#")[0])).toEqual([r.url.split("#")[0]]);
  expect(r.errors).toEqual([]);
  expect(r.dialogs).toEqual([]);
}

/** Every finding card, opened, draws one box per path step with the step's field names. */
async function checkAllFindingPaths(r: OpenedReport, report: Report): Promise<void> {
  const p = r.page;
  await p.locator("#tab-findings").click();
  await p.locator("#sec-findings button", { hasText: "Expand all" }).click();
  for (let i = 0; i < report.findings.length; i++) {
    const f = report.findings[i];
    const card = p.locator(`#finding-${i + 1}`);
    expect(await card.locator(".title").innerText()).toBe(f.title);
    const hops = card.locator("ol.chain .hop");
    if (f.path.length <= 24) {
      expect(await hops.count()).toBe(f.path.length);
      const ids = await hops.locator(".id").allInnerTexts();
      expect(ids).toEqual(f.path.map((s) => s.id).filter(Boolean));
    }
  }
}

describe.skipIf(!hasChromium)(`HTML reports of real samples in Chromium${hasChromium ? "" : ` (${NO_CHROMIUM_REASON})`}`, () => {
  let browser: Browser;
  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.skipIf(!existsSync(JAVA))("Java WeakHashMap dump: findings with their static-field paths, merged, tree and histogram", async () => {
    const report = await reportFor(JAVA);
    expect(report.findings.length).toBeGreaterThan(0);
    const r = await writeAndOpen(browser, "real-java", report);
    try {
      clean(r);
      const p = r.page;
      await checkAllFindingPaths(r, report);
      // The program stored a lambda as a WeakHashMap value in static CALLBACKS (its FACT line names the class).
      const lambda = /FACT lambda\.class=([^/\n]+)/.exec(readFileSync(JAVA_FACTS, "utf8"))![1];
      const cb = p.locator(".finding", { has: p.locator(".via", { hasText: /^CALLBACKS$/ }) }).first();
      expect(await cb.innerText()).toContain(lambda);
      expect(await cb.locator(".hop.root").innerText()).toContain("GC root: sticky-class");
      await p.evaluate(() => window.scrollTo(0, 0));
      await p.screenshot({ path: join(OUT, "real-java-findings.png"), fullPage: true });
      // All findings hang off the DetectorWeakHashMaps class: merged view draws that class once.
      await p.locator("#tab-paths").click();
      expect(await p.locator("#sec-paths .hop .type", { hasText: /^class DetectorWeakHashMaps$/ }).count()).toBe(1);
      expect(await p.locator("#sec-paths a.flink").count()).toBe(report.findings.length);
      await p.screenshot({ path: join(OUT, "real-java-paths.png"), fullPage: true });
      // Tree: the top level lists the largest retainers in the same order as the report's dominators.
      await p.locator("#tab-tree").click();
      const top = await p.locator("#sec-tree li[data-node='0'] > ul > li[role=treeitem] .id").allInnerTexts();
      expect(top.slice(0, 5)).toEqual(report.dominators.slice(0, 5).map((d) => d.id));
      await p.locator("#sec-tree li[data-node='0'] > ul > li[role=treeitem] .row").first().click();
      const first = p.locator("#sec-tree li[data-node='0'] > ul > li[role=treeitem]").first();
      expect(await first.getAttribute("aria-expanded")).toBe("true");
      expect(await first.locator(":scope > ul[role=group] > li[role=treeitem]").count()).toBeGreaterThan(0);
      await p.screenshot({ path: join(OUT, "real-java-tree.png"), fullPage: true });
      // Histogram: filter to the lambda's class and find it.
      await p.locator("#tab-histogram").click();
      await p.fill("#sec-histogram input[type=search]", "Lambda");
      await p.waitForFunction(() => document.querySelectorAll("#sec-histogram tbody tr").length < 50);
      expect((await p.locator("#sec-histogram tbody td.type").allInnerTexts()).some((t) => t.startsWith(lambda))).toBe(true);
      clean(r);
    } finally {
      await r.close();
    }
  });

  it.skipIf(!existsSync(GO_TEXT))("Go legacy text profile: MemStats figures as the runtime wrote them", async () => {
    const report = await reportFor(GO_TEXT);
    const r = await writeAndOpen(browser, "real-go-text", report);
    try {
      clean(r);
      const text = readFileSync(GO_TEXT, "utf8");
      for (const k of ["HeapInuse", "HeapAlloc", "NumGC", "Sys"]) {
        const v = new RegExp(`^# ${k} = (\\d+)$`, "m").exec(text)![1];
        expect(await r.page.locator(`#sec-overview dd[title="${v}"]`).count(), k).toBeGreaterThan(0);
      }
      await r.page.screenshot({ path: join(OUT, "real-go-text-overview.png"), fullPage: true });
    } finally {
      await r.close();
    }
  });

  it.skipIf(!existsSync(GO_PROTO) || !existsSync(GO_PROTO_TOP))("Go proto profile: flame graph totals equal go tool pprof's", async () => {
    const report = await reportFor(GO_PROTO);
    expect(report.flame?.length).toBeGreaterThan(0);
    const r = await writeAndOpen(browser, "real-go-flame", report);
    try {
      clean(r);
      const p = r.page;
      await p.locator("#tab-flame").click();
      const top = readFileSync(GO_PROTO_TOP, "utf8");
      const total = Number(/of (\d+)B total/.exec(top)![1]);
      expect(Number(await p.locator("#sec-flame svg.flame g[data-node='0']").getAttribute("data-value"))).toBe(total);
      // The largest cum function in pprof's -top appears as a frame with that cum value.
      const fill = /^\s*\S+\s+\S+\s+\S+\s+(\d+)B\s+\S+\s+main\.fill$/m.exec(top)!;
      const frames = await p.locator("#sec-flame svg.flame g").evaluateAll((gs) => gs.map((g) => [g.querySelector("title")!.textContent!.split(" — ")[0], Number(g.getAttribute("data-value"))] as [string, number]));
      const fillSum = frames.filter(([n]) => n === "main.fill").reduce((s, [, v]) => Math.max(s, v), 0);
      expect(fillSum).toBe(Number(fill[1]));
      await p.screenshot({ path: join(OUT, "real-go-flame.png"), fullPage: true });
    } finally {
      await r.close();
    }
  });

  it.skipIf(!existsSync(GO_DUMP) || !existsSync(GO_DUMP_FACTS))("Go heap dump: map-retention findings drawn from the global to the bucket array", async () => {
    const report = await reportFor(GO_DUMP);
    const facts = JSON.parse(readFileSync(GO_DUMP_FACTS, "utf8")) as { maps: { name: string; buckets: string; hmap: string }[] };
    const r = await writeAndOpen(browser, "real-godump", report);
    try {
      clean(r);
      await checkAllFindingPaths(r, report);
      const big = facts.maps.find((m) => m.name === "big")!;
      // The bucket array the program printed is drawn as a hop, reached from the map header by "buckets".
      const card = r.page.locator(".finding", { has: r.page.locator(".hop .id", { hasText: big.buckets }) }).first();
      expect(await card.count()).toBe(1);
      expect(await card.locator(".hop .id").allInnerTexts()).toContain(big.hmap);
      expect(await card.locator(".via").allInnerTexts()).toContain("buckets");
      await r.page.evaluate(() => window.scrollTo(0, 0));
      await r.page.screenshot({ path: join(OUT, "real-godump-findings.png"), fullPage: true });
    } finally {
      await r.close();
    }
  });
});
