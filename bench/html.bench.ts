/**
 * HTML report: render time and file size for a report the size of a ~1 GB heap's (200k histogram
 * rows, a 50k-node dominator tree, 200 findings, a 20k-frame flame graph), and time until the page
 * is interactive in Chromium (the client sets <html data-ready>). Budget: the file stays ≤ 10 MB.
 * `measureTimeToInteractive(file)` is exported for other benchmarks.
 */
import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { renderHtml } from "../src/report/html/render.ts";
import { syntheticBigReport } from "../test/fixtures/report-fixture.ts";
import { hasChromium, launchChromium, NO_CHROMIUM_REASON, openReport } from "../test/report/html/browser.ts";

export const HTML_SIZE_BUDGET = 10 * 1024 * 1024;

export interface InteractiveTiming {
  /** From page.goto to data-ready, measured in Node (includes navigation and parsing). */
  wallMs: number;
  /** performance.now() in the page when the client marked itself ready. */
  pageMs: number;
  /** Extra: milliseconds to open each heavy tab (histogram, tree, flame) after load. */
  tabs: Record<string, number>;
}

export async function measureTimeToInteractive(htmlFile: string): Promise<InteractiveTiming> {
  const browser = await launchChromium();
  try {
    const t0 = performance.now();
    const r = await openReport(browser, htmlFile);
    const wallMs = performance.now() - t0;
    const pageMs = Number(await r.page.getAttribute("html", "data-ready-ms"));
    const tabs: Record<string, number> = {};
    for (const tab of ["histogram", "tree", "flame", "findings", "paths"]) {
      if ((await r.page.locator("#tab-" + tab).count()) === 0) continue;
      tabs[tab] = await r.page.evaluate((id) => {
        const t = performance.now();
        (document.getElementById("tab-" + id) as HTMLButtonElement).click();
        return performance.now() - t;
      }, tab);
    }
    if (r.requests.length !== 1) throw new Error("the report made network requests: " + r.requests.join(", "));
    if (r.errors.length) throw new Error("page errors: " + r.errors.join("; "));
    await r.close();
    return { wallMs, pageMs, tabs };
  } finally {
    await browser.close();
  }
}

const mb = (n: number) => (n / 1024 / 1024).toFixed(2) + " MB";

async function main(): Promise<void> {
  let t = performance.now();
  const report = syntheticBigReport({ histogramRows: 200_000, treeNodes: 50_000, findings: 200, flameNodes: 20_000 });
  console.log(`synthetic report        ${(performance.now() - t).toFixed(0)} ms`);
  t = performance.now();
  const html = renderHtml(report);
  const renderMs = performance.now() - t;
  const bytes = Buffer.byteLength(html, "utf8");
  console.log(`renderHtml              ${renderMs.toFixed(0)} ms, ${mb(bytes)} (budget ${mb(HTML_SIZE_BUDGET)})`);
  const file = join(tmpdir(), "heaplens-bench-report.html");
  writeFileSync(file, html);
  console.log(`peak RSS after render   ${mb(process.resourceUsage().maxRSS * 1024)}`);
  if (bytes > HTML_SIZE_BUDGET) {
    console.log("FAIL: report exceeds the size budget");
    process.exitCode = 1;
  }
  if (!hasChromium) {
    console.log(`time to interactive     ${NO_CHROMIUM_REASON}`);
    return;
  }
  const timing = await measureTimeToInteractive(file);
  console.log(`time to interactive     ${timing.wallMs.toFixed(0)} ms wall (goto → data-ready), ${timing.pageMs} ms in page`);
  for (const [tab, ms] of Object.entries(timing.tabs)) console.log(`  open tab ${tab.padEnd(14)} ${ms.toFixed(0)} ms`);
  console.log(`file                    ${file}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
