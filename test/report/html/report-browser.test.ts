/**
 * End-to-end: the hand-built hybrid report (with hostile strings) opened in real Chromium. Checks that
 * findings and paths render, navigation works by mouse and keyboard, nothing is fetched, nothing from
 * the dump runs. Screenshots go to test-output/html/ for a human look.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { ROOT } from "../../helpers/paths.ts";
import { renderHtml } from "../../../src/report/html/render.ts";
import { fixtureReport, HOSTILE } from "../../fixtures/report-fixture.ts";
import { hasChromium, launchChromium, NO_CHROMIUM_REASON, openReport, type OpenedReport } from "./browser.ts";

const OUT = join(ROOT, "test-output", "html");

async function noScriptRan(r: OpenedReport): Promise<void> {
  const w = await r.page.evaluate(() => ({
    pwned: (window as unknown as { __pwned?: unknown }).__pwned,
    scripts: document.scripts.length,
    imgs: document.images.length,
    handlers: [...document.querySelectorAll("*")].filter((e) => [...e.attributes].some((a) => a.name.startsWith("on"))).length,
    csp: (window as unknown as { __csp: string[] }).__csp,
  }));
  expect(w.pwned).toBeUndefined();
  expect(w.scripts).toBe(2);
  expect(w.imgs).toBe(0);
  expect(w.handlers).toBe(0);
  expect(w.csp).toEqual([]);
  expect(r.dialogs).toEqual([]);
}

function onlySelf(r: OpenedReport): void {
  const base = r.url.split("#")[0];
  expect(r.requests.map((u) => u.split("#")[0])).toEqual([base]);
}

async function shot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: join(OUT, name + ".png"), fullPage: true });
}

describe.skipIf(!hasChromium)(`HTML report in Chromium${hasChromium ? "" : ` (${NO_CHROMIUM_REASON})`}`, () => {
  let browser: Browser;
  let file: string;
  let fileNoCsp: string;

  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    file = join(OUT, "fixture.html");
    fileNoCsp = join(OUT, "fixture-nocsp.html");
    writeFileSync(file, renderHtml(fixtureReport()));
    // Without the CSP nothing would block a fetch: proves the page itself requests nothing.
    writeFileSync(fileNoCsp, renderHtml(fixtureReport(), { csp: false }));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it("opens offline, shows the overview with chart and MemStats, and requests nothing", async () => {
    for (const f of [file, fileNoCsp]) {
      const r = await openReport(browser, f);
      try {
        onlySelf(r);
        expect(r.errors).toEqual([]);
        await noScriptRan(r);
        const p = r.page;
        expect(await p.locator("#sec-overview").isVisible()).toBe(true);
        expect(await p.locator("#sec-overview svg.chart rect.bar").count()).toBe(6);
        const ov = await p.locator("#sec-overview").innerText();
        expect(ov).toContain("runtime.MemStats");
        expect(ov).toContain("HeapInuse");
        expect(ov).toContain("21.6 MiB"); // HeapInuse 22659072
        expect(ov).toContain("414,167");
        expect(ov).toContain("sessions-app");
        // Hostile warning text shown literally, controls made visible.
        expect(ov).toContain("\\x1b[31mRED\\x1b[0m\\x07bell");
        expect(ov).toContain(HOSTILE.script);
        if (f === file) {
          await shot(p, "overview-light");
          // A bar of the chart leads to that object in the dominator tree (by keyboard too).
          await p.locator("#sec-overview svg.chart a").first().focus();
          await p.keyboard.press("Enter");
          await p.waitForFunction(() => location.hash === "#node-0x7f0001000");
          expect(await p.locator("#sec-tree li[aria-selected=true] .type").innerText()).toBe("com.example.cache.SessionRegistry");
        }
      } finally {
        await r.close();
      }
    }
  });

  it("links to a finding by #finding-N and draws its GC-root path hop by hop", async () => {
    const r = await openReport(browser, file, { hash: "finding-1" });
    try {
      const p = r.page;
      expect(await p.locator("#sec-findings").isVisible()).toBe(true);
      const card = p.locator("#finding-1");
      expect(await card.getAttribute("data-open")).toBe("1");
      const hops = card.locator("ol.chain .hop");
      expect(await hops.count()).toBe(6);
      expect(await hops.first().innerText()).toContain("GC root: sticky-class");
      expect(await card.locator("ol.chain .via").allInnerTexts()).toEqual(["SESSIONS", "table", "[12]", "value", "arg$1"]);
      expect(await hops.last().innerText()).toContain("user=alice@example.com");
      expect(await hops.nth(2).innerText()).toContain("retains 47.0 MiB");
      expect(await card.locator("p", { hasText: "is shared with" }).innerText()).toBe("Its path as far as java.util.WeakHashMap$Entry[] is shared with finding #3 — see merged retention paths");
      // Click through another finding: collapsed until clicked, then its path renders.
      const f4 = p.locator("#finding-4");
      expect(await f4.getAttribute("data-open")).toBe("0");
      await f4.locator("button.fhead").click();
      expect(await f4.getAttribute("data-open")).toBe("1");
      expect(await f4.locator("ol.chain .hop").count()).toBe(5);
      expect(await f4.locator(".hop.root").innerText()).toContain("thread-object pool-1-thread-3");
      // Keyboard: Enter on a focused finding header toggles it.
      await p.locator("#finding-4 button.fhead").focus();
      await p.keyboard.press("Enter");
      expect(await f4.getAttribute("data-open")).toBe("0");
      // A 60-hop path is elided in the middle and expands on demand.
      await p.locator("#finding-6 button.fhead").click();
      const f6 = p.locator("#finding-6");
      expect(await f6.locator(".hop").count()).toBe(20);
      await f6.getByRole("button", { name: "show 40 more hops" }).click();
      expect(await f6.locator(".hop").count()).toBe(60);
      await p.evaluate(() => window.scrollTo(0, 0));
      await shot(p, "findings-light");
      onlySelf(r);
      expect(r.errors).toEqual([]);
    } finally {
      await r.close();
    }
  });

  it("renders the hostile finding as text and runs none of it", async () => {
    const r = await openReport(browser, file, { hash: "finding-5" });
    try {
      const p = r.page;
      const card = p.locator("#finding-5");
      expect(await card.locator(".title").innerText()).toBe("Stale entries in " + HOSTILE.script + " " + HOSTILE.closeScript);
      const text = await card.innerText();
      expect(text).toContain(HOSTILE.img);
      expect(text).toContain("\\x1b[31mRED");
      expect(text).toContain("half\ufffdpair"); // lone surrogate shown as U+FFFD
      expect(text).toContain("nul\\x00byte");
      expect(text).toContain("\ufffdlow");
      expect(text).toContain("\\u{202e}"); // bidi override made visible
      await p.locator("#finding-5 details summary").click();
      const ev = await card.locator("pre.evidence").innerText();
      expect(ev).toContain("<script>window.__pwned=1</script>");
      expect(ev.split("\n").length).toBeGreaterThan(2); // our JSON layout keeps its line breaks
      await noScriptRan(r);
      await shot(p, "finding-hostile");
    } finally {
      await r.close();
    }
  });

  it("merges paths that share a prefix", async () => {
    const r = await openReport(browser, file, { hash: "paths" });
    try {
      const p = r.page;
      const sec = p.locator("#sec-paths");
      // SessionRegistry is drawn once with two branches below the shared entry table.
      expect(await sec.locator(".hop", { hasText: "com.example.cache.SessionRegistry" }).count()).toBe(1);
      const table = sec.locator(".hop", { hasText: "java.util.WeakHashMap$Entry[]" });
      expect(await table.innerText()).toContain("shared by 2 findings");
      expect(await sec.locator(".branches").first().locator(":scope > div").count()).toBe(2);
      await sec.locator("a.flink", { hasText: "finding #3" }).click();
      await p.waitForFunction(() => location.hash === "#finding-3");
      expect(await p.locator("#finding-3").getAttribute("data-open")).toBe("1");
      await p.goBack();
      await p.waitForFunction(() => location.hash === "#paths");
      await shot(p, "paths-light");
    } finally {
      await r.close();
    }
  });

  it("explores the dominator tree: expand by click and keys, search by type, path to root", async () => {
    const r = await openReport(browser, file, { hash: "tree" });
    try {
      const p = r.page;
      const tree = p.locator("#sec-tree [role=tree]");
      const items = tree.locator("li[role=treeitem]");
      expect(await items.count()).toBe(5); // root + 4 children, lazily created
      const first = items.nth(1);
      expect(await first.innerText()).toContain("com.example.cache.SessionRegistry");
      await first.locator(".row").click();
      expect(await first.getAttribute("aria-expanded")).toBe("true");
      expect(await first.locator("li[role=treeitem]").first().innerText()).toContain("java.util.WeakHashMap");
      expect(await first.locator("li[role=treeitem] .via").first().innerText()).toBe("SESSIONS");
      // Keyboard: Down to the map, Right expands it, Right again moves to its child.
      await p.keyboard.press("ArrowDown");
      await p.keyboard.press("ArrowRight");
      await p.keyboard.press("ArrowRight");
      const focused = await p.evaluate(() => document.activeElement?.querySelector(".type")?.textContent);
      expect(focused).toBe("java.util.WeakHashMap$Entry[]");
      // Children are sorted by retained size.
      const sizes = await p.locator("#sec-tree li[role=treeitem][data-node='0'] > ul > li[role=treeitem]").evaluateAll((els) => els.map((e) => e.querySelector(".rb")!.getAttribute("title")!));
      const nums = sizes.map((s) => Number(s.split(" ")[0].replace(/,/g, "")));
      expect([...nums].sort((a, b) => b - a)).toEqual(nums);
      // Search by type, then reveal a deep node and show its path to root.
      await p.fill("#sec-tree input[type=search]", "lambda");
      const hit = p.locator("#sec-tree .matches button", { hasText: "Session$$Lambda" });
      await hit.waitFor();
      await hit.click();
      const detail = p.locator("#sec-tree .detail");
      expect(await detail.locator("h3").first().innerText()).toContain("Session$$Lambda$14");
      expect(await detail.locator(".hop").count()).toBe(5); // registry → map → table → entry → lambda
      expect(await detail.locator(".hop.root").innerText()).toContain("GC root: sticky-class");
      expect(await detail.locator(".via").allInnerTexts()).toEqual(["SESSIONS", "table", "[12]", "value"]);
      expect(await p.locator("#sec-tree li[aria-selected=true] .type").innerText()).toContain("Session$$Lambda");
      expect(await p.locator("#sec-tree").innerText()).toContain("1,198 smaller children not embedded");
      await shot(p, "tree-light");
      // From a finding to its subject in the tree.
      await p.goto(r.url.split("#")[0] + "#finding-1");
      await p.locator("#finding-1 a", { hasText: "Show the subject in the dominator tree" }).click();
      await p.waitForFunction(() => location.hash.startsWith("#node-"));
      expect(await p.locator("#sec-tree li[aria-selected=true] .type").innerText()).toBe("com.example.Session");
      onlySelf(r);
      expect(r.errors).toEqual([]);
    } finally {
      await r.close();
    }
  });

  it("sorts and filters the histogram", async () => {
    const r = await openReport(browser, file, { hash: "histogram" });
    try {
      const p = r.page;
      const rows = p.locator("#sec-histogram tbody tr");
      expect(await rows.count()).toBe(68);
      const typeOf = (row: ReturnType<typeof rows.first>) => row.locator("td.type").evaluate((td) => td.firstChild!.textContent);
      expect(await typeOf(rows.first())).toBe("java.util.WeakHashMap$Entry");
      await p.locator("#sec-histogram th button", { hasText: "Objects" }).click();
      expect(await p.locator("#sec-histogram th[aria-sort=descending]").innerText()).toContain("Objects");
      expect(await typeOf(rows.first())).toBe("java.lang.String");
      await p.locator("#sec-histogram th button", { hasText: "Objects" }).press("Enter");
      expect(await rows.first().locator("td").nth(1).innerText()).toBe("1");
      await p.fill("#sec-histogram input[type=search]", "entity1");
      await p.waitForFunction(() => document.querySelectorAll("#sec-histogram tbody tr").length === 11);
      await p.fill("#sec-histogram input[type=search]", "<img");
      await p.waitForFunction(() => document.querySelectorAll("#sec-histogram tbody tr").length === 1);
      expect(await typeOf(rows.first())).toBe(HOSTILE.img);
      await p.selectOption("#sec-histogram select", "1");
      await p.fill("#sec-histogram input[type=search]", "");
      await p.waitForFunction(() => document.querySelectorAll("#sec-histogram tbody tr").length === 1);
      expect(await typeOf(rows.first())).toBe("main.(*Cache).Put");
      // From a histogram row to the instances in the dominator tree.
      await p.selectOption("#sec-histogram select", "");
      await p.fill("#sec-histogram input[type=search]", "com.example.Session");
      await p.waitForFunction(() => document.querySelectorAll("#sec-histogram tbody tr").length === 2);
      const idx = (await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelector("td.type")!.firstChild!.textContent))).indexOf("com.example.Session");
      await rows.nth(idx).locator("button.tree-jump").click();
      await p.waitForFunction(() => location.hash === "#tree");
      await p.waitForFunction(() => document.querySelectorAll("#sec-tree .matches button").length > 0, undefined, { timeout: 5000 }).catch(() => undefined);
      const texts = await p.locator("#sec-tree .matches li").allInnerTexts();
      expect(await p.locator("#sec-tree input[type=search]").inputValue()).toBe("com.example.Session");
      expect(texts[0]).toBe("2 matches");
      expect(texts.slice(1).map((t) => t.split(/\s+/)[2]).sort()).toEqual(["com.example.Session", "com.example.Session$$Lambda$14/0x0000000800c4b040"]);
      await noScriptRan(r);
    } finally {
      await r.close();
    }
  });

  it("draws the Go flame graph with map-retention sites highlighted, zooms, and shows the diff", async () => {
    const r = await openReport(browser, file, { hash: "flame" });
    try {
      const p = r.page;
      const marked = p.locator("#sec-flame svg.flame g.marked");
      expect(await marked.count()).toBe(1);
      expect(await marked.getAttribute("aria-label")).toContain("runtime.hashGrow");
      expect(await marked.getAttribute("aria-label")).toContain("go.map.retained-buckets");
      const put = p.locator("#sec-flame svg.flame g", { has: p.locator("text", { hasText: "main.(*Cache).Put" }) });
      await put.click();
      // Zoomed: Put spans the full width now.
      const w = await p.locator("#sec-flame svg.flame").evaluate((s) => {
        const g = [...s.querySelectorAll("g")].find((x) => x.querySelector("text")?.textContent === "main.(*Cache).Put")!;
        return Number(g.querySelector("rect")!.getAttribute("width")) / Number(s.getAttribute("width"));
      });
      expect(w).toBeGreaterThan(0.99);
      expect(await p.locator("#sec-flame .tip").innerText()).toContain("main.(*Cache).Put");
      // Keyboard: focus the graph; Down moves to the largest child, Up back, Escape zooms out one level.
      await p.locator("#sec-flame svg.flame").focus();
      await p.keyboard.press("ArrowDown");
      expect(await p.locator("#sec-flame .tip").innerText()).toContain("runtime.hashGrow");
      await p.keyboard.press("ArrowUp");
      await p.keyboard.press("ArrowUp");
      expect(await p.locator("#sec-flame .tip").innerText()).toContain("main.main");
      await p.keyboard.press("Escape");
      const rootW = await p.locator("#sec-flame svg.flame").evaluate((s) => {
        const g = [...s.querySelectorAll("g")].find((x) => x.querySelector("text")?.textContent === "main.(*Cache).Put")!;
        return Number(g.querySelector("rect")!.getAttribute("width")) / Number(s.getAttribute("width"));
      });
      expect(rootW).toBeLessThan(0.99);
      await p.fill("#sec-flame input[type=search]", "bufio");
      await p.waitForFunction(() => document.querySelector("#sec-flame .filters span")?.textContent?.startsWith("2 matching frames"));
      expect(await p.locator("#sec-flame g.hit").count()).toBe(0); // zoomed into main.main: not drawn
      await p.locator("#sec-flame button", { hasText: "Reset zoom" }).click();
      expect(await p.locator("#sec-flame g.hit").count()).toBe(2);
      expect(await p.locator("#sec-flame .filters span").innerText()).toContain("1.00 MiB (5.17% of all)");
      await shot(p, "flame-light");
      await p.locator("#tab-diff").click();
      const rows = p.locator("#sec-diff tbody tr");
      expect(await rows.count()).toBe(4);
      expect(await rows.first().innerText()).toContain("main.(*Cache).Put");
      expect(await rows.first().locator("td.pos").innerText()).toContain("+10.4 MiB");
      await shot(p, "diff-light");
      await noScriptRan(r);
      onlySelf(r);
    } finally {
      await r.close();
    }
  });

  it("is readable in dark mode (system preference and toggle) and navigable by keyboard", async () => {
    const r = await openReport(browser, file, { colorScheme: "dark", hash: "finding-2" });
    try {
      const p = r.page;
      const bg = () => p.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(await bg()).toBe("rgb(13, 17, 23)");
      await shot(p, "findings-dark");
      await p.locator("#theme-toggle").click();
      expect(await bg()).toBe("rgb(255, 255, 255)");
      await p.locator("#theme-toggle").click();
      expect(await bg()).toBe("rgb(13, 17, 23)");
      // Tabs: arrow keys move between sections.
      await p.locator("#tab-findings").focus();
      await p.keyboard.press("ArrowRight");
      expect(await p.evaluate(() => document.activeElement?.id)).toBe("tab-paths");
      expect(await p.locator("#sec-paths").isVisible()).toBe(true);
      await p.keyboard.press("ArrowRight");
      await p.keyboard.press("ArrowRight");
      expect(await p.locator("#sec-histogram").isVisible()).toBe(true);
      await p.locator("#tab-overview").click();
      await shot(p, "overview-dark");
      await p.locator("#tab-tree").click();
      await shot(p, "tree-dark");
      await p.locator("#tab-flame").click();
      await shot(p, "flame-dark");
      expect(r.errors).toEqual([]);
    } finally {
      await r.close();
    }
  });
});
