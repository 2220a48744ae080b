/**
 * The hybrid audit's HTML (a Java app, a Go gateway profile and a Go sidecar heap dump behind one
 * service) in Chromium: one card per process, findings from both runtimes with their paths, a flame
 * graph for the Go profile, and nothing fetched.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Browser } from "playwright-core";
import { ROOT, samplePath } from "../../helpers/paths.ts";
import { planAudit } from "../../../src/audit/manifest.ts";
import { buildAuditReport, runAudit } from "../../../src/audit/audit.ts";
import { renderHtml } from "../../../src/report/html/render.ts";
import { hasChromium, launchChromium, NO_CHROMIUM_REASON, openReport } from "./browser.ts";

const OUT = join(ROOT, "test-output", "html");
const MANIFEST = samplePath("hybrid", "service", "manifest.json");

describe.skipIf(!hasChromium)(`HTML audit report in Chromium${hasChromium ? "" : ` (${NO_CHROMIUM_REASON})`}`, () => {
  let browser: Browser;
  beforeAll(async () => {
    mkdirSync(OUT, { recursive: true });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
  });

  it.skipIf(!existsSync(MANIFEST))("shows every process of the service and findings from both runtimes", async () => {
    const plan = planAudit(MANIFEST);
    const result = await runAudit(plan, { parallel: false });
    const report = buildAuditReport(result, { top: 500, tree: true, flame: true });
    const file = join(OUT, "audit.html");
    writeFileSync(file, renderHtml(report, { title: `heaplens audit: ${plan.service}` }));
    const r = await openReport(browser, file);
    try {
      const p = r.page;
      expect(r.requests.map((u) => u.split("#")[0])).toEqual([r.url.split("#")[0]]);
      expect(r.errors).toEqual([]);
      const cards = await p.locator("#sec-overview .card > h3").allInnerTexts();
      expect(cards).toEqual(report.inputs.map((i) => i.process));
      await p.locator("#tab-findings").click();
      const langs = new Set(report.findings.map((f) => f.language));
      expect(langs.size).toBe(2);
      await p.locator("#sec-findings button", { hasText: "Expand all" }).click();
      for (const [i, f] of report.findings.entries()) {
        const card = p.locator(`#finding-${i + 1}`);
        expect(await card.locator(".det").innerText()).toContain(f.language);
        // Every audit finding names the process it came from (audit.ts sets it in both paths).
        expect(f.process).toBeTruthy();
        expect(await card.locator(".det").innerText()).toContain(f.process);
        if (f.path.length && f.path.length <= 24) expect(await card.locator("ol.chain .hop").count()).toBe(f.path.length);
      }
      // The gateway is a Go pprof profile, so the flame tab must be there (it was skipped when absent).
      expect(report.flame?.length).toBeGreaterThan(0);
      await p.locator("#tab-flame").click();
      expect(await p.locator("#sec-flame svg.flame g").count()).toBeGreaterThan(1);
      await p.locator("#tab-overview").click();
      await p.screenshot({ path: join(OUT, "audit-overview.png"), fullPage: true });
    } finally {
      await r.close();
    }
  });
});
