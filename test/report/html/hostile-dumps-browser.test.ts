/**
 * Dumps whose class names, field names, string values and Go function names are hostile (markup,
 * script-breaking sequences, terminal escapes, NUL, lone surrogates), read by the real readers and
 * rendered: Chromium must show them as text and run none of them.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { ROOT } from "../../helpers/paths.ts";
import { analyzeFiles } from "../../../src/pipeline.ts";
import { buildReport } from "../../../src/report/build.ts";
import { renderHtml } from "../../../src/report/html/render.ts";
import { hostileGoDump, hostileHprof, hostileTextProfile, MARK } from "../../fixtures/hostile/index.ts";
import { hasChromium, launchChromium, NO_CHROMIUM_REASON, openReport } from "./browser.ts";

const OUT = join(ROOT, "test-output", "html");

describe.skipIf(!hasChromium)(`HTML reports of hostile dumps in Chromium${hasChromium ? "" : ` (${NO_CHROMIUM_REASON})`}`, () => {
  let browser: Browser;
  let dir: string;
  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    dir = mkdtempSync(join(tmpdir(), "heaplens-hostile-"));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const cases: [string, string, () => Uint8Array | string][] = [
    ["hprof", "hostile.hprof", () => hostileHprof(8)],
    // The proto form (hostilePprofGz) is left out: its writer emits period_type after the string table,
    // and the reader rightly rejects it. The text form carries the same hostile function names.
    ["pprof-text", "hostile.heap.txt", () => hostileTextProfile()],
    ["godump", "hostile.dump", () => hostileGoDump()],
  ];

  for (const [kind, name, make] of cases) {
    it(`${kind}: every tab renders the hostile names as text and nothing runs`, async () => {
      const input = join(dir, name);
      writeFileSync(input, make());
      const a = await analyzeFiles([{ file: input }]);
      const report = buildReport(a, { top: 500, tree: true, flame: true });
      const html = renderHtml(report);
      const file = join(OUT, `hostile-${kind}.html`);
      writeFileSync(file, html);
      expect(html.match(/<script\b/gi)).toHaveLength(2);
      const r = await openReport(browser, file);
      try {
        const p = r.page;
        let seen = 0;
        const tabs = await p.locator("nav.tabs button").evaluateAll((els) => els.map((e) => e.id));
        for (const id of tabs) {
          await p.locator("#" + id).click();
          if (id === "tab-findings") {
            const expand = p.locator("#sec-findings button", { hasText: "Expand all" });
            if (await expand.count()) await expand.click();
          }
          if (id === "tab-tree") {
            // Open the first levels so hostile type names and field names are in the DOM.
            for (const row of await p.locator("#sec-tree li[role=treeitem][aria-expanded=false] > .row").all()) await row.click();
          }
          const text = await p.locator("main").innerText();
          seen += text.split(MARK).length - 1;
        }
        // The hostile names were displayed (as text) somewhere.
        expect(seen).toBeGreaterThan(0);
        const w = await p.evaluate(() => ({
          scripts: document.scripts.length,
          imgs: document.images.length,
          handlers: [...document.querySelectorAll("*")].filter((e) => [...e.attributes].some((x) => x.name.startsWith("on"))).length,
          csp: (window as unknown as { __csp: string[] }).__csp,
        }));
        expect(w).toEqual({ scripts: 2, imgs: 0, handlers: 0, csp: [] });
        expect(r.dialogs).toEqual([]);
        expect(r.errors).toEqual([]);
        expect(r.requests.map((u) => u.split("#")[0])).toEqual([r.url.split("#")[0]]);
        await p.locator("#tab-overview").click();
        await p.screenshot({ path: join(OUT, `hostile-${kind}.png`), fullPage: true });
      } finally {
        await r.close();
      }
    });
  }
});
