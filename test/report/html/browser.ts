/**
 * Chromium for the HTML report's end-to-end tests and benchmark: the system (Debian) chromium driven
 * by playwright-core (no browser downloads). Tests skip with a visible reason when it is absent.
 */
import { existsSync } from "node:fs";
import { pathToFileURL } from "node:url";
import type { Browser, BrowserContextOptions, Page } from "playwright-core";

export const CHROMIUM = process.env.HEAPLENS_CHROMIUM ?? "/usr/bin/chromium";
export const hasChromium = existsSync(CHROMIUM);
export const NO_CHROMIUM_REASON = `skipped: no chromium at ${CHROMIUM} (apt-get install chromium)`;
export const CHROMIUM_ARGS = [
  "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
  "--disable-component-update", "--disable-sync", "--no-first-run",
];

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import("playwright-core");
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS, headless: true });
}

export interface OpenedReport {
  page: Page;
  url: string;
  /** Every request the page attempted (the report's own file:// URL is the only one allowed). */
  requests: string[];
  /** Uncaught page errors and console errors. */
  errors: string[];
  dialogs: string[];
  close(): Promise<void>;
}

/** Opens a report file in a fresh context and waits until the client script marks it interactive. */
export async function openReport(browser: Browser, file: string, opts: BrowserContextOptions & { hash?: string } = {}): Promise<OpenedReport> {
  const { hash, ...ctxOpts } = opts;
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...ctxOpts });
  const page = await context.newPage();
  const requests: string[] = [];
  const errors: string[] = [];
  const dialogs: string[] = [];
  page.on("request", (r) => requests.push(r.url()));
  page.on("pageerror", (e) => errors.push(String(e)));
  page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
  page.on("dialog", (d) => { dialogs.push(d.message()); void d.dismiss(); });
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) => w.__csp.push(e.violatedDirective + " " + e.blockedURI));
  });
  const url = pathToFileURL(file).href + (hash ? "#" + hash : "");
  await page.goto(url);
  await page.waitForSelector("html[data-ready='1']", { timeout: 30_000 });
  return { page, url, requests, errors, dialogs, close: () => context.close() };
}
