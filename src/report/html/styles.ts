/**
 * The page's stylesheet (inlined into the report; no web fonts, no url()). Light and dark themes
 * from prefers-color-scheme, overridable by the toggle (html[data-theme]).
 */
export const PAGE_CSS = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --fg: #1f2328; --muted: #59636e; --panel: #f6f8fa; --border: #d1d9e0;
  --accent: #0969da; --accent-fg: #ffffff; --bar: #54aeff; --bar2: #8250df; --focus: #0969da;
  --sev-critical: #a40e26; --sev-high: #cf222e; --sev-medium: #bc4c00; --sev-low: #9a6700; --sev-info: #59636e;
  --root: #1a7f37; --mark: #6639ba; --hop: #eaeef2; --code: #eff2f5; --good: #1a7f37; --bad: #cf222e;
}
:root[data-theme="dark"] {
  color-scheme: dark;
  --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --panel: #151b23; --border: #3d444d;
  --accent: #4493f8; --accent-fg: #0d1117; --bar: #1f6feb; --bar2: #a371f7; --focus: #4493f8;
  --sev-critical: #ff7b72; --sev-high: #f85149; --sev-medium: #db6d28; --sev-low: #d29922; --sev-info: #9198a1;
  --root: #3fb950; --mark: #b392f0; --hop: #212830; --code: #1c2229; --good: #3fb950; --bad: #f85149;
}
@media (prefers-color-scheme: dark) {
  :root:not([data-theme="light"]) {
    color-scheme: dark;
    --bg: #0d1117; --fg: #e6edf3; --muted: #9198a1; --panel: #151b23; --border: #3d444d;
    --accent: #4493f8; --accent-fg: #0d1117; --bar: #1f6feb; --bar2: #a371f7; --focus: #4493f8;
    --sev-critical: #ff7b72; --sev-high: #f85149; --sev-medium: #db6d28; --sev-low: #d29922; --sev-info: #9198a1;
    --root: #3fb950; --mark: #b392f0; --hop: #212830; --code: #1c2229; --good: #3fb950; --bad: #f85149;
  }
}
* { box-sizing: border-box; }
html, body { margin: 0; background: var(--bg); color: var(--fg); }
body { font: 14px/1.5 system-ui, -apple-system, "Segoe UI", "Noto Sans", "DejaVu Sans", sans-serif; }
code, .mono, .type, .id, .via, .value { font-family: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 12.5px; }
a { color: var(--accent); }
:focus-visible { outline: 2px solid var(--focus); outline-offset: 2px; }
.skip { position: absolute; left: -9999px; }
.skip:focus { left: 8px; top: 8px; background: var(--panel); padding: 4px 8px; z-index: 10; }
header.top { display: flex; align-items: center; gap: 16px; padding: 10px 20px; border-bottom: 1px solid var(--border); background: var(--panel); position: sticky; top: 0; z-index: 5; flex-wrap: wrap; }
header.top .head { flex: 1; min-width: 0; }
header.top h1 { font-size: 17px; margin: 0; font-weight: 600; overflow-wrap: anywhere; }
header.top .meta { color: var(--muted); font-size: 12px; display: block; overflow-wrap: anywhere; }
header.top .spacer { flex: 1; }
nav.tabs { display: flex; gap: 2px; padding: 0 20px; border-bottom: 1px solid var(--border); background: var(--bg); flex-wrap: wrap; }
nav.tabs button { background: none; border: none; border-bottom: 2px solid transparent; color: var(--fg); padding: 9px 12px; cursor: pointer; font: inherit; }
nav.tabs button[aria-selected="true"] { border-bottom-color: var(--accent); font-weight: 600; }
nav.tabs .count { background: var(--hop); border-radius: 10px; padding: 0 7px; font-size: 12px; margin-left: 4px; }
main { padding: 16px 20px 40px; max-width: 1400px; }
section[hidden] { display: none; }
h2 { font-size: 18px; margin: 8px 0 12px; }
h3 { font-size: 15px; margin: 18px 0 8px; }
.muted { color: var(--muted); }
.small { font-size: 12px; }
button.btn, select, input[type="search"], input[type="text"] { font: inherit; color: var(--fg); background: var(--bg); border: 1px solid var(--border); border-radius: 6px; padding: 4px 10px; }
button.btn { cursor: pointer; background: var(--panel); }
button.btn:hover { border-color: var(--accent); }
button.link { background: none; border: none; color: var(--accent); cursor: pointer; padding: 0; font: inherit; text-decoration: underline; }
.cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(340px, 1fr)); gap: 12px; }
.card > .muted { overflow-wrap: anywhere; }
.card { border: 1px solid var(--border); border-radius: 8px; padding: 12px 14px; background: var(--panel); min-width: 0; }
.card h3 { margin: 0 0 6px; font-size: 14px; overflow-wrap: anywhere; }
dl.kv { display: grid; grid-template-columns: auto 1fr; gap: 2px 12px; margin: 0; }
dl.kv dt { color: var(--muted); }
dl.kv dd { margin: 0; text-align: right; font-variant-numeric: tabular-nums; overflow-wrap: break-word; min-width: 0; }
.stats { display: flex; gap: 24px; flex-wrap: wrap; margin: 4px 0 16px; }
.stat .n { font-size: 22px; font-weight: 600; font-variant-numeric: tabular-nums; }
.stat .l { color: var(--muted); font-size: 12px; }
.chart { width: 100%; max-width: 1000px; overflow: visible; }
.chart text { fill: var(--fg); font-size: 12px; }
.chart .lbl { font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
.chart rect.bar { fill: var(--bar); }
.chart rect.track { fill: var(--hop); }
.chart a { cursor: pointer; }
.chart a:hover rect.bar { fill: var(--bar2); }
.chart a:focus { outline: none; }
.chart a:focus-visible rect.track { stroke: var(--focus); stroke-width: 2; }
.warn { border-left: 3px solid var(--sev-medium); padding: 4px 10px; margin: 4px 0; background: var(--panel); overflow-wrap: anywhere; }
.sev { display: inline-block; border-radius: 10px; padding: 0 8px; font-size: 12px; font-weight: 600; color: #fff; text-transform: uppercase; letter-spacing: .02em; }
.sev-critical { background: var(--sev-critical); } .sev-high { background: var(--sev-high); } .sev-medium { background: var(--sev-medium); }
.sev-low { background: var(--sev-low); } .sev-info { background: var(--sev-info); }
:root[data-theme="dark"] .sev { color: #0d1117; }
@media (prefers-color-scheme: dark) { :root:not([data-theme="light"]) .sev { color: #0d1117; } }
.finding { border: 1px solid var(--border); border-radius: 8px; margin: 0 0 12px; background: var(--bg); scroll-margin-top: 110px; }
.finding.target { box-shadow: 0 0 0 2px var(--accent); }
.finding > .fhead { display: flex; gap: 10px; align-items: center; width: 100%; text-align: left; background: var(--panel); border: none; border-radius: 8px; padding: 10px 14px; cursor: pointer; color: var(--fg); font: inherit; flex-wrap: wrap; }
.finding > .fhead .num { color: var(--muted); font-variant-numeric: tabular-nums; }
.finding > .fhead .title { font-weight: 600; flex: 1; min-width: 200px; overflow-wrap: anywhere; }
.finding > .fhead .bytes { font-variant-numeric: tabular-nums; font-weight: 600; }
.finding > .fhead .chev { transition: transform .1s; }
.finding[data-open="1"] > .fhead .chev { transform: rotate(90deg); }
.finding .fbody { padding: 4px 16px 14px; }
.finding .fbody p { margin: 8px 0; overflow-wrap: anywhere; white-space: pre-wrap; }
.finding .advice { border-left: 3px solid var(--good); padding: 6px 10px; background: var(--panel); white-space: pre-wrap; overflow-wrap: anywhere; }
.finding .det { color: var(--muted); font-size: 12px; }
.filters { display: flex; gap: 8px; align-items: center; flex-wrap: wrap; margin: 0 0 12px; }
ol.chain { list-style: none; margin: 8px 0; padding: 0; }
ol.chain > li { margin: 0; padding: 0; }
.hop { display: inline-flex; flex-direction: column; gap: 1px; border: 1px solid var(--border); border-radius: 6px; padding: 5px 10px; background: var(--hop); max-width: 100%; min-width: 260px; }
.hop.root { border-color: var(--root); border-width: 2px; }
.hop.subject { border-color: var(--sev-high); border-width: 2px; }
.hop .line1 { display: flex; gap: 8px; align-items: baseline; flex-wrap: wrap; }
.hop .type { font-weight: 600; overflow-wrap: anywhere; }
.hop .id { color: var(--muted); }
.hop .sz { color: var(--muted); font-size: 12px; font-variant-numeric: tabular-nums; }
.hop .value { background: var(--code); border-radius: 4px; padding: 0 4px; overflow-wrap: anywhere; }
.hop .rootkind { color: var(--root); font-weight: 600; font-size: 12px; overflow-wrap: anywhere; }
.arrow { padding: 2px 0 2px 18px; color: var(--muted); display: flex; gap: 6px; align-items: center; }
.arrow .via { color: var(--fg); background: var(--code); border-radius: 4px; padding: 0 5px; overflow-wrap: anywhere; }
.elide { margin: 4px 0 4px 18px; }
.mtree .mroot { margin: 0 0 18px; }
.mtree .branches { margin: 0 0 0 22px; padding: 0 0 0 14px; border-left: 2px solid var(--border); }
.mtree .branches > div { margin: 6px 0 10px; }
.flink { font-size: 12px; margin-left: 6px; }
.tree-wrap { display: grid; grid-template-columns: minmax(0, 2fr) minmax(280px, 1fr); gap: 16px; align-items: start; }
@media (max-width: 900px) { .tree-wrap { grid-template-columns: 1fr; } }
ul[role="tree"], ul[role="group"] { list-style: none; margin: 0; padding: 0; }
ul[role="group"] { padding-left: 18px; }
li[role="treeitem"] > .row { display: flex; gap: 8px; align-items: center; padding: 2px 6px; border-radius: 4px; cursor: pointer; white-space: nowrap; }
li[role="treeitem"]:focus { outline: none; }
li[role="treeitem"]:focus > .row { outline: 2px solid var(--focus); }
li[role="treeitem"][aria-selected="true"] > .row { background: var(--hop); }
li[role="treeitem"] > .row .tw { width: 14px; display: inline-block; color: var(--muted); flex: none; }
li[role="treeitem"] > .row .type { overflow: hidden; text-overflow: ellipsis; flex: 0 1 auto; min-width: 12ch; }
li[role="treeitem"] > .row .rootkind { flex: 0 3 auto; min-width: 0; overflow: hidden; text-overflow: ellipsis; }
li[role="treeitem"] > .row .via { background: var(--code); border-radius: 4px; padding: 0 5px; }
li[role="treeitem"] > .row .id, li[role="treeitem"] > .row .via, li[role="treeitem"] > .row .onpath { flex: none; }
li[role="treeitem"] > .row .rb { font-variant-numeric: tabular-nums; min-width: 84px; text-align: right; flex: none; }
li[role="treeitem"] > .row .pbar { width: 60px; height: 8px; background: var(--hop); border-radius: 4px; flex: none; overflow: hidden; }
li[role="treeitem"] > .row .pbar > span { display: block; height: 100%; background: var(--bar); }
li[role="treeitem"] > .row .onpath { color: var(--sev-high); font-size: 11px; font-weight: 600; }
.tree-box { border: 1px solid var(--border); border-radius: 8px; padding: 8px; max-height: 70vh; overflow: auto; background: var(--bg); }
.detail h3 { overflow-wrap: anywhere; }
.detail { border: 1px solid var(--border); border-radius: 8px; padding: 10px 14px; background: var(--panel); position: sticky; top: 110px; max-height: 80vh; overflow: auto; }
.matches { list-style: none; padding: 0; margin: 6px 0; max-height: 200px; overflow: auto; }
.matches li button { width: 100%; text-align: left; }
table.grid { border-collapse: collapse; width: 100%; font-variant-numeric: tabular-nums; }
table.grid th, table.grid td { border-bottom: 1px solid var(--border); padding: 4px 8px; text-align: right; }
table.grid th:first-child, table.grid td:first-child { text-align: left; }
table.grid td.type { overflow-wrap: anywhere; max-width: 700px; }
table.grid th button { background: none; border: none; color: var(--fg); font: inherit; font-weight: 600; cursor: pointer; padding: 0; }
table.grid th[aria-sort="descending"] button::after { content: " \\25BE"; }
table.grid th[aria-sort="ascending"] button::after { content: " \\25B4"; }
table.grid tbody tr:hover { background: var(--panel); }
.tree-jump { margin-left: 8px; opacity: 0; }
table.grid tr:hover .tree-jump, .tree-jump:focus-visible { opacity: .85; }
td.pos { color: var(--bad); } td.neg { color: var(--good); }
.flame-box { position: relative; border: 1px solid var(--border); border-radius: 8px; overflow: hidden; }
svg.flame { display: block; width: 100%; }
svg.flame rect { stroke: var(--bg); stroke-width: 0.5; cursor: pointer; }
svg.flame text { font-size: 11px; fill: #1f2328; pointer-events: none; font-family: ui-monospace, "DejaVu Sans Mono", monospace; }
svg.flame g.marked rect { fill: var(--mark); }
svg.flame g.marked text { fill: var(--bg); font-weight: 600; }
svg.flame g.marked rect { stroke: var(--fg); stroke-width: 1; }
svg.flame g.hit rect { stroke: var(--fg); stroke-width: 2; }
svg.flame g:focus { outline: none; }
svg.flame g:focus rect { stroke: var(--focus); stroke-width: 2; }
.legend { display: flex; gap: 14px; align-items: center; flex-wrap: wrap; margin: 8px 0; font-size: 12px; }
.swatch { display: inline-block; width: 12px; height: 12px; border-radius: 2px; vertical-align: middle; margin-right: 4px; }
.tip { min-height: 1.5em; margin: 6px 0; overflow-wrap: anywhere; }
.empty { color: var(--muted); font-style: italic; }
.evidence { background: var(--code); border-radius: 6px; padding: 8px; overflow: auto; max-height: 240px; font-size: 12px; white-space: pre-wrap; overflow-wrap: anywhere; }
.ctl { color: var(--sev-medium); }
`;
