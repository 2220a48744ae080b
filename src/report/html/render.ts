import { createHash } from "node:crypto";
import type { Report } from "../model.ts";
import { CLIENT_JS } from "./client.ts";
import { buildPageData, DEFAULT_BUDGET, type PageBudget } from "./page-data.ts";
import { PAGE_CSS } from "./styles.ts";
import { htmlEscape, jsonForScript } from "../escape.ts";

export interface RenderHtmlOptions {
  title?: string;
  /** Size budget for the embedded sections (defaults keep a ~1 GB dump's report to a few MB). */
  budget?: Partial<PageBudget>;
  /**
   * Emit a Content-Security-Policy that forbids every network fetch and any script but ours
   * (default true). Tests turn it off to prove the page itself requests nothing.
   */
  csp?: boolean;
}

function sha256(text: string): string {
  return "sha256-" + createHash("sha256").update(text, "utf8").digest("base64");
}

/** One self-contained HTML page (inline CSS, JS and data; no network) for a Report. Pure. */
export function renderHtml(report: Report, options: { title?: string } & RenderHtmlOptions = {}): string {
  const title = options.title ?? defaultTitle(report);
  const data = buildPageData(report, title, { ...DEFAULT_BUDGET, ...options.budget });
  const json = jsonForScript(data);
  const csp = options.csp === false ? "" :
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src '${sha256(CLIENT_JS)}'; ` +
    `style-src '${sha256(PAGE_CSS)}'; img-src data:; base-uri 'none'; form-action 'none'">\n`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
${csp}<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${htmlEscape(title)}</title>
<style>${PAGE_CSS}</style>
</head>
<body>
<a class="skip" href="#main">Skip to content</a>
<header class="top">
<div class="head"><h1 id="title">${htmlEscape(title)}</h1>
<span class="meta" id="meta"></span></div>
<button class="btn" id="theme-toggle" type="button" aria-pressed="false">Dark theme</button>
</header>
<nav class="tabs" id="tabs" role="tablist" aria-label="Report sections"></nav>
<main id="main" tabindex="-1">
<noscript><p>This report needs JavaScript to display its data (the data is embedded in this file; nothing is downloaded).</p></noscript>
<section id="sec-overview" role="tabpanel" aria-labelledby="tab-overview" hidden></section>
<section id="sec-findings" role="tabpanel" aria-labelledby="tab-findings" hidden></section>
<section id="sec-paths" role="tabpanel" aria-labelledby="tab-paths" hidden></section>
<section id="sec-tree" role="tabpanel" aria-labelledby="tab-tree" hidden></section>
<section id="sec-histogram" role="tabpanel" aria-labelledby="tab-histogram" hidden></section>
<section id="sec-flame" role="tabpanel" aria-labelledby="tab-flame" hidden></section>
<section id="sec-diff" role="tabpanel" aria-labelledby="tab-diff" hidden></section>
</main>
<script type="application/json" id="heaplens-data">${json}</script>
<script>${CLIENT_JS}</script>
</body>
</html>
`;
}

function defaultTitle(r: Report): string {
  const names = r.inputs.map((i) => i.process || i.file);
  const what = r.service ?? (names.length ? names.slice(0, 3).join(", ") + (names.length > 3 ? ` +${names.length - 3}` : "") : "report");
  return `heaplens — ${what}`;
}
