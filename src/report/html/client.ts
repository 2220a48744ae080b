/**
 * The report page's script: plain ES2020, inlined into the HTML. It reads the embedded JSON
 * (<script type="application/json" id="heaplens-data">) and builds every element with
 * createElement/textContent: dump strings never reach innerHTML, never become URLs or handlers.
 * Written without backticks and "${" so it can live in this raw template string.
 * When the first view is interactive it sets <html data-ready="1"> (tests and the benchmark wait on it).
 */
export const CLIENT_JS = String.raw`(function () {
"use strict";
var D = JSON.parse(document.getElementById("heaplens-data").textContent);
var S = D.strings;
var SVGNS = "http://www.w3.org/2000/svg";

/* ---------- helpers ---------- */
var CTL = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/* Dump text is data: control and bidi characters become visible escapes, lone surrogates U+FFFD. */
function clean(s, keepLines) {
  if (s === undefined || s === null) return "";
  s = String(s);
  return s.replace(CTL, function (c) {
    var code = c.charCodeAt(0);
    if (keepLines && (code === 10 || code === 9)) return c;
    if (code >= 0xd800 && code <= 0xdfff) return "\ufffd";
    var h = code.toString(16);
    return code < 0x100 ? "\\x" + (h.length < 2 ? "0" + h : h) : "\\u{" + h + "}";
  });
}
function el(tag, props, kids) {
  var e = document.createElement(tag);
  if (props) for (var k in props) {
    var v = props[k];
    if (v === undefined || v === null || v === false) continue;
    if (k === "text") e.textContent = clean(v);
    else if (k === "lines") e.textContent = clean(v, true);
    else if (k === "cls") e.className = v;
    else if (k === "on") for (var ev in v) e.addEventListener(ev, v[ev]);
    else e.setAttribute(k, v === true ? "" : String(v));
  }
  if (kids) append(e, kids);
  return e;
}
function append(e, kids) {
  for (var i = 0; i < kids.length; i++) {
    var c = kids[i];
    if (c === null || c === undefined || c === false) continue;
    e.appendChild(typeof c === "string" || typeof c === "number" ? document.createTextNode(clean(c)) : c);
  }
  return e;
}
function svg(tag, attrs) {
  var e = document.createElementNS(SVGNS, tag);
  if (attrs) for (var k in attrs) e.setAttribute(k, String(attrs[k]));
  return e;
}
function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); return e; }
function fmtBytes(n) {
  if (n === undefined || n === null || isNaN(n)) return "–";
  var a = Math.abs(n), u = ["B", "KiB", "MiB", "GiB", "TiB"], i = 0;
  while (a >= 1024 && i < u.length - 1) { a /= 1024; i++; }
  var s = i === 0 ? String(Math.round(a)) : a.toFixed(a < 10 ? 2 : a < 100 ? 1 : 0);
  return (n < 0 ? "-" : "") + s + " " + u[i];
}
function fmtNum(n) {
  if (n === undefined || n === null || isNaN(n)) return "–";
  return Math.round(n).toLocaleString("en-US");
}
function pct(a, b) { return b > 0 ? (100 * a / b).toFixed(a / b < 0.1 ? 2 : 1) + "%" : "–"; }
function bytesEl(n, cls) { return el("span", { cls: cls || "", title: fmtNum(n) + " bytes", text: fmtBytes(n) }); }
function debounce(fn, ms) { var t = 0; return function () { clearTimeout(t); t = setTimeout(fn, ms); }; }
var SEV = { critical: 4, high: 3, medium: 2, low: 1, info: 0 };
function sevBadge(s) { var k = SEV[s] === undefined ? "info" : s; return el("span", { cls: "sev sev-" + k, text: k }); }

/* ---------- theme ---------- */
var root = document.documentElement;
function storedTheme() { try { return localStorage.getItem("heaplens-theme"); } catch (e) { return null; } }
function effectiveTheme() {
  var t = root.getAttribute("data-theme");
  if (t) return t;
  return window.matchMedia && window.matchMedia("(prefers-color-scheme: dark)").matches ? "dark" : "light";
}
var st = storedTheme();
if (st === "dark" || st === "light") root.setAttribute("data-theme", st);
var themeBtn = document.getElementById("theme-toggle");
function syncThemeBtn() {
  var dark = effectiveTheme() === "dark";
  themeBtn.textContent = dark ? "Light theme" : "Dark theme";
  themeBtn.setAttribute("aria-pressed", dark ? "true" : "false");
}
themeBtn.addEventListener("click", function () {
  var next = effectiveTheme() === "dark" ? "light" : "dark";
  root.setAttribute("data-theme", next);
  try { localStorage.setItem("heaplens-theme", next); } catch (e) { /* file:// may deny storage */ }
  syncThemeBtn();
  if (flameRedraw) flameRedraw();
});
syncThemeBtn();

/* ---------- header ---------- */
document.getElementById("title").textContent = clean(D.title);
var metaBits = [D.tool.name + " " + D.tool.version];
if (D.service) metaBits.push("service " + D.service);
if (D.generatedAt) metaBits.push(D.generatedAt);
document.getElementById("meta").textContent = clean(metaBits.join(" · "));

/* ---------- findings index ---------- */
var F = D.findings;
var idToFindings = Object.create(null);
F.forEach(function (f, i) {
  var ids = [f.subject.id];
  f.path.forEach(function (s) { ids.push(s.id); });
  ids.forEach(function (id) {
    if (!id) return;
    var l = idToFindings[id] || (idToFindings[id] = []);
    if (l[l.length - 1] !== i) l.push(i);
  });
});
function findingLink(i) {
  return el("a", { href: "#finding-" + (i + 1), cls: "flink", text: "finding #" + (i + 1) });
}

/* ---------- tabs ---------- */
var TABS = [
  { id: "overview", label: "Overview", show: true },
  { id: "findings", label: "Findings", show: true, count: F.length },
  { id: "paths", label: "Retention paths", show: D.merged.nodes.length > 0 },
  { id: "tree", label: "Dominator tree", show: !!D.tree },
  { id: "histogram", label: "Histogram", show: D.hist.type.length > 0 },
  { id: "flame", label: "Flame graph", show: D.flames.length > 0 },
  { id: "diff", label: "Diff", show: !!D.diff }
];
var nav = document.getElementById("tabs");
var rendered = {};
var renderers = {};
var current = null;
TABS.forEach(function (t) {
  var sec = document.getElementById("sec-" + t.id);
  if (!t.show) { sec.remove(); return; }
  var b = el("button", { role: "tab", id: "tab-" + t.id, "aria-controls": "sec-" + t.id, "aria-selected": "false", tabindex: "-1" }, [t.label]);
  if (t.count !== undefined) b.appendChild(el("span", { cls: "count", text: String(t.count) }));
  b.addEventListener("click", function () { go(t.id); });
  nav.appendChild(b);
  t.button = b; t.section = sec;
});
var shownTabs = TABS.filter(function (t) { return t.show; });
nav.addEventListener("keydown", function (ev) {
  var i = shownTabs.findIndex(function (t) { return t.id === current; });
  var n = -1;
  if (ev.key === "ArrowRight") n = (i + 1) % shownTabs.length;
  else if (ev.key === "ArrowLeft") n = (i - 1 + shownTabs.length) % shownTabs.length;
  else if (ev.key === "Home") n = 0;
  else if (ev.key === "End") n = shownTabs.length - 1;
  if (n < 0) return;
  ev.preventDefault();
  go(shownTabs[n].id);
  shownTabs[n].button.focus();
});
function go(id) {
  if (location.hash !== "#" + id) history.pushState(null, "", "#" + id);
  show(id);
}
function show(id) {
  var t = shownTabs.find(function (x) { return x.id === id; }) || shownTabs[0];
  shownTabs.forEach(function (x) {
    var on = x === t;
    x.button.setAttribute("aria-selected", on ? "true" : "false");
    x.button.tabIndex = on ? 0 : -1;
    x.section.hidden = !on;
  });
  current = t.id;
  if (!rendered[t.id]) { rendered[t.id] = true; renderers[t.id](t.section); }
  return t;
}
function route() {
  var h = location.hash.slice(1);
  try { h = decodeURIComponent(h); } catch (e) { /* keep the raw fragment */ }
  var m = /^finding-(\d+)$/.exec(h);
  if (m) { show("findings"); openFinding(parseInt(m[1], 10) - 1, true); return; }
  var n = /^node-(.+)$/.exec(h);
  if (n && D.tree) { show("tree"); treeRevealById(n[1]); return; }
  show(h || "overview");
}
window.addEventListener("hashchange", route);
window.addEventListener("popstate", route);

/* ---------- path chain (root → … → subject) ---------- */
function hopBox(step, isRoot, isSubject) {
  var box = el("div", { cls: "hop" + (isRoot ? " root" : "") + (isSubject ? " subject" : "") });
  if (step.root) box.appendChild(el("div", { cls: "rootkind", text: "GC root: " + step.root }));
  else if (isRoot) box.appendChild(el("div", { cls: "rootkind", text: "GC root" }));
  var l1 = el("div", { cls: "line1" }, [el("span", { cls: "type", text: step.type || "?" })]);
  if (step.id) l1.appendChild(el("span", { cls: "id", text: step.id }));
  box.appendChild(l1);
  var sz = [];
  if (step.retainedBytes !== undefined) sz.push("retains " + fmtBytes(step.retainedBytes));
  if (step.shallowBytes !== undefined) sz.push("self " + fmtBytes(step.shallowBytes));
  if (sz.length) box.appendChild(el("div", { cls: "sz", text: sz.join(" · "), title: (step.retainedBytes !== undefined ? fmtNum(step.retainedBytes) + " bytes retained" : "") }));
  if (step.value !== undefined && step.value !== "") box.appendChild(el("div", null, [el("span", { cls: "value", text: step.value, title: "value" })]));
  if (isSubject) box.appendChild(el("div", { cls: "sz", text: "the retained object this finding is about" }));
  return box;
}
function arrow(via, nextType) {
  // Calling-context paths (Go profiles) label each hop with the callee itself: do not repeat it.
  if (via && via === nextType) via = "";
  return el("div", { cls: "arrow", "aria-label": via ? "references via " + clean(via) : "references" }, [
    el("span", { text: "\u2193", "aria-hidden": "true" }),
    via ? el("span", { cls: "via", text: via }) : el("span", { cls: "muted small", text: "" })
  ]);
}
var ELIDE_AT = 24, KEEP_EDGE = 10;
/*
 * A path drawn as boxes joined by labelled arrows. opts: label, noSubject, leadArrow (arrow before the
 * first box too), isRoot(i) / isSubject(i) overrides, decorate(box, i) to add links.
 */
function drawChain(path, opts) {
  opts = opts || {};
  var ol = el("ol", { cls: "chain", "aria-label": opts.label || "Path from GC root" });
  function makeStep(i) {
    var s = path[i];
    var li = el("li");
    if (i > 0 || opts.leadArrow) li.appendChild(arrow(s.via, s.type));
    var isRoot = opts.isRoot ? opts.isRoot(i) : i === 0;
    var isSubj = opts.isSubject ? opts.isSubject(i) : i === path.length - 1 && !opts.noSubject;
    var box = hopBox(s, isRoot, isSubj);
    if (opts.decorate) opts.decorate(box, i);
    li.appendChild(box);
    return li;
  }
  function addStep(i) { ol.appendChild(makeStep(i)); }
  if (path.length <= ELIDE_AT) { for (var i = 0; i < path.length; i++) addStep(i); return ol; }
  for (var a = 0; a < KEEP_EDGE; a++) addStep(a);
  var hidden = path.length - 2 * KEEP_EDGE;
  var li = el("li", { cls: "elide" });
  var b = el("button", { cls: "btn", text: "show " + hidden + " more hops" });
  b.addEventListener("click", function () {
    var marker = li;
    for (var j = KEEP_EDGE; j < path.length - KEEP_EDGE; j++) ol.insertBefore(makeStep(j), marker);
    var next = marker.nextSibling;
    marker.remove();
    var focusable = next && next.querySelector ? next : null;
    if (focusable) { focusable.tabIndex = -1; focusable.focus({ preventScroll: true }); }
  });
  li.appendChild(b);
  ol.appendChild(li);
  for (var z = path.length - KEEP_EDGE; z < path.length; z++) addStep(z);
  return ol;
}

/* ---------- overview ---------- */
var MEMSTATS_KEYS = ["HeapAlloc", "HeapInuse", "HeapIdle", "HeapReleased", "HeapSys", "HeapObjects", "Sys", "TotalAlloc", "Mallocs", "Frees", "StackInuse", "NumGC", "PauseTotalNs"];
function stat(n, label, title) { return el("div", { cls: "stat", title: title || "" }, [el("div", { cls: "n", text: n }), el("div", { cls: "l", text: label })]); }
function memstatsBlock(ms) {
  var box = el("div");
  var dl = el("dl", { cls: "kv" });
  var shown = {};
  MEMSTATS_KEYS.forEach(function (k) {
    if (ms[k] === undefined) return;
    shown[k] = 1;
    var v = ms[k];
    var bytesLike = /Alloc|Inuse|Idle|Released|Sys$/.test(k) && typeof v === "number";
    dl.appendChild(el("dt", { text: k }));
    dl.appendChild(el("dd", { text: bytesLike ? fmtBytes(v) : typeof v === "number" ? fmtNum(v) : String(v), title: String(v) }));
  });
  box.appendChild(el("h3", { text: "runtime.MemStats" }));
  box.appendChild(dl);
  var rest = Object.keys(ms).filter(function (k) { return !shown[k]; });
  if (rest.length) {
    var det = el("details", null, [el("summary", { text: rest.length + " more figures" })]);
    var dl2 = el("dl", { cls: "kv small" });
    rest.forEach(function (k) {
      var v = ms[k];
      dl2.appendChild(el("dt", { text: k }));
      dl2.appendChild(el("dd", { text: typeof v === "object" ? JSON.stringify(v).slice(0, 200) : String(v) }));
    });
    det.appendChild(dl2);
    box.appendChild(det);
  }
  return box;
}
function inputCard(inp) {
  var c = el("div", { cls: "card" });
  c.appendChild(el("h3", { text: inp.process || inp.file }));
  c.appendChild(el("div", { cls: "muted small", text: inp.language + " · " + inp.format + " · " + inp.file }));
  var dl = el("dl", { cls: "kv" });
  function kv(k, v, t) { dl.appendChild(el("dt", { text: k })); dl.appendChild(el("dd", { text: v, title: t || "" })); }
  kv("objects", fmtNum(inp.objects));
  kv("bytes", fmtBytes(inp.shallowBytes), fmtNum(inp.shallowBytes) + " bytes");
  kv("GC roots", fmtNum(inp.roots));
  kv("unreachable objects", fmtNum(inp.unreachableObjects));
  kv("unreachable bytes", fmtBytes(inp.unreachableBytes), fmtNum(inp.unreachableBytes) + " bytes");
  var meta = inp.meta || {};
  Object.keys(meta).forEach(function (k) {
    var v = meta[k];
    if (k === "memstats") return;
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") kv(k, String(v).slice(0, 200));
    else if (Array.isArray(v) && v.length <= 12 && v.every(function (x) { return typeof x !== "object"; })) kv(k, v.join(", ").slice(0, 200));
  });
  c.appendChild(dl);
  if (meta.memstats && typeof meta.memstats === "object") c.appendChild(memstatsBlock(meta.memstats));
  return c;
}
function barChart(rows, total) {
  var rowH = 26, labelW = 420, barW = 440, w = labelW + barW + 90;
  var s = svg("svg", { "class": "chart", viewBox: "0 0 " + w + " " + (rows.length * rowH + 6), role: "img", "aria-label": "Largest retainers by retained size" });
  var max = rows.reduce(function (m, r) { return Math.max(m, r.retainedBytes); }, 1);
  rows.forEach(function (r, i) {
    var y = i * rowH + 3;
    var g = svg("g");
    if (treeIndexById(r.id) >= 0) {
      // A bar links to the object in the dominator tree (the href is ours; the id is URI-encoded).
      var a = svg("a", { href: "#node-" + encodeURIComponent(r.id), "aria-label": clean(r.type) + ", " + fmtBytes(r.retainedBytes) + " retained: show in the dominator tree" });
      a.appendChild(g);
      s.appendChild(a);
    } else s.appendChild(g);
    var t = svg("title"); t.textContent = clean(r.type + " " + r.id + ": " + fmtNum(r.retainedBytes) + " bytes retained"); g.appendChild(t);
    var lbl = svg("text", { x: labelW - 8, y: y + 16, "text-anchor": "end", "class": "lbl" });
    // In a multi-process audit, say whose heap each retainer is in.
    var name = clean((D.inputs.length > 1 && r.process ? r.process + ": " : "") + r.type);
    lbl.textContent = name.length > 52 ? "\u2026" + name.slice(name.length - 51) : name;
    g.appendChild(lbl);
    g.appendChild(svg("rect", { "class": "track", x: labelW, y: y + 3, width: barW, height: rowH - 8, rx: 3 }));
    g.appendChild(svg("rect", { "class": "bar", x: labelW, y: y + 3, width: Math.max(1, barW * r.retainedBytes / max), height: rowH - 8, rx: 3 }));
    var v = svg("text", { x: labelW + barW + 6, y: y + 16 });
    v.textContent = fmtBytes(r.retainedBytes) + (total ? " (" + pct(r.retainedBytes, total) + ")" : "");
    g.appendChild(v);
  });
  return s;
}
/* Audits: one row per process, the cross-language ranking, then each process's own retainers and findings. */
function serviceOverview(sec) {
  var sevOf = function (p) {
    return Object.keys(SEV).filter(function (k) { return p.findings.bySeverity[k]; }).map(function (k) { return p.findings.bySeverity[k] + " " + k; }).join(", ") || "none";
  };
  var findingLink = function (i) {
    var f = F[i];
    return el("li", null, [sevBadge(f.severity), " ", el("a", { href: "#finding-" + (i + 1), text: f.title }), " \u2014 ", bytesEl(f.retainedBytes)]);
  };
  sec.appendChild(el("h3", { text: "Service" + (D.service ? " " + D.service : "") + ": " + D.processes.length + " processes" }));
  var head = el("tr", null, ["Process", "Runtime", "Inputs", "Objects", "Heap", "Reachable", "Findings"].map(function (h) { return el("th", { scope: "col", text: h }); }));
  var body = el("tbody");
  D.processes.forEach(function (p) {
    body.appendChild(el("tr", null, [el("td", { text: p.name }), el("td", { text: p.runtime }), el("td", { text: p.formats.join(" + ") }),
      el("td", { text: fmtNum(p.objects) }), el("td", null, [bytesEl(p.shallowBytes)]), el("td", null, [bytesEl(p.reachableBytes)]), el("td", { text: sevOf(p) })]));
  });
  sec.appendChild(el("table", { cls: "grid" }, [el("thead", null, [head]), body]));
  var cross = (D.crossLanguage || []).filter(function (c) { return c.finding >= 0; });
  if (cross.length) {
    sec.appendChild(el("h3", { text: "Cross-language retention" }));
    sec.appendChild(el("p", { cls: "muted small", text: "Java objects held only by JNI global references (native code, a Go host), Go map retention and Java weak-map pinning, ranked together by bytes." }));
    sec.appendChild(el("ul", null, cross.map(function (c) {
      var li = findingLink(c.finding);
      li.appendChild(el("span", { cls: "muted small", text: " \u00b7 " + (c.process || "") + " (" + c.language + ")" }));
      return li;
    })));
  }
  D.processes.forEach(function (p) {
    sec.appendChild(el("h3", { text: "Process " + p.name + " (" + p.runtime + ")" }));
    sec.appendChild(el("p", { cls: "muted small", text: p.files.join(", ") + (p.baseFiles && p.baseFiles.length ? " \u00b7 base " + p.baseFiles.join(", ") : "") }));
    if (p.topRetainers.length) sec.appendChild(barChart(p.topRetainers, p.reachableBytes));
    if (p.findingIndexes.length) sec.appendChild(el("ul", null, p.findingIndexes.map(findingLink)));
    else sec.appendChild(el("p", { cls: "muted small", text: "No findings in this process." }));
  });
}
renderers.overview = function (sec) {
  var sm = D.summary;
  sec.appendChild(el("h2", { text: "Overview" }));
  var bySev = {};
  F.forEach(function (f) { bySev[f.severity] = (bySev[f.severity] || 0) + 1; });
  var sevText = Object.keys(SEV).filter(function (k) { return bySev[k]; }).map(function (k) { return bySev[k] + " " + k; }).join(", ");
  sec.appendChild(el("div", { cls: "stats" }, [
    stat(fmtNum(sm.objects), "objects"),
    stat(fmtBytes(sm.shallowBytes), "heap bytes", fmtNum(sm.shallowBytes) + " bytes"),
    stat(fmtBytes(sm.reachableBytes), "reachable from GC roots", fmtNum(sm.reachableBytes) + " bytes"),
    stat(fmtBytes(sm.unreachableBytes), "unreachable (garbage not yet collected)", fmtNum(sm.unreachableBytes) + " bytes"),
    stat(fmtNum(sm.roots), "GC roots"),
    stat(String(F.length + D.findingsOmitted), "findings" + (sevText ? " (" + sevText + ")" : ""))
  ]));
  if (D.processes && D.processes.length) serviceOverview(sec);
  if (F.length) {
    sec.appendChild(el("h3", { text: "Most important findings" }));
    var ul = el("ul");
    F.slice(0, 5).forEach(function (f, i) {
      ul.appendChild(el("li", null, [sevBadge(f.severity), " ", el("a", { href: "#finding-" + (i + 1), text: f.title }), " — ", bytesEl(f.retainedBytes),
        D.inputs.length > 1 && f.process ? el("span", { cls: "muted small", text: " · " + f.process }) : null]));
    });
    sec.appendChild(ul);
  }
  if (D.dominators.length) {
    sec.appendChild(el("h3", { text: "Largest retainers" }));
    sec.appendChild(el("p", { cls: "muted small", text: "Objects that alone keep the most memory alive: freeing one frees everything it retains." }));
    sec.appendChild(barChart(D.dominators.slice(0, 12), sm.reachableBytes));
  }
  sec.appendChild(el("h3", { text: D.inputs.length === 1 ? "Input" : "Inputs" }));
  var cards = el("div", { cls: "cards" });
  D.inputs.forEach(function (inp) { cards.appendChild(inputCard(inp)); });
  sec.appendChild(cards);
  if (D.skipped.length) {
    sec.appendChild(el("h3", { text: "Skipped inputs" }));
    D.skipped.forEach(function (s) { sec.appendChild(el("div", { cls: "warn", text: s.entry + ": " + s.reason })); });
  }
  if (D.warnings.length) {
    sec.appendChild(el("h3", { text: "Warnings" }));
    D.warnings.forEach(function (w) { sec.appendChild(el("div", { cls: "warn", text: w })); });
    if (D.warningsOmitted) sec.appendChild(el("p", { cls: "muted", text: D.warningsOmitted + " more warnings not shown" }));
  }
};

/* ---------- findings ---------- */
var findingEls = [];
function findingBody(f, i) {
  var body = el("div", { cls: "fbody", id: "finding-body-" + (i + 1) });
  var det = [f.detector, f.language];
  if (f.process) det.push(f.process);
  det.push(fmtNum(f.count) + (f.count === 1 ? " object" : " objects"));
  det.push(fmtNum(f.retainedBytes) + " bytes retained");
  body.appendChild(el("div", { cls: "det" }, [det.join(" · ") + " · ", el("a", { href: "#finding-" + (i + 1), text: "link to this finding" })]));
  body.appendChild(el("p", { lines: f.explanation }));
  if (f.advice) body.appendChild(el("div", { cls: "advice" }, [el("strong", { text: "What to change: " }), el("span", { lines: f.advice })]));
  body.appendChild(el("h3", { text: "Why it stays in memory (path from a GC root)" }));
  if (f.path.length) body.appendChild(drawChain(f.path, { label: "GC-root path of finding " + (i + 1) }));
  else body.appendChild(el("p", { cls: "empty", text: "No path recorded (the object is not reachable from a root over strong references)." }));
  var rel = D.merged.related[i] || [];
  if (rel.length) {
    var upTo = D.merged.sharedUpTo[i], sharedStep = upTo >= 0 ? f.path[upTo] : null;
    var p = el("p", { cls: "small" }, [sharedStep ? "Its path as far as " : "Shares part of its path with ", sharedStep ? el("code", { text: sharedStep.type }) : null, sharedStep ? " is shared with " : null]);
    rel.forEach(function (j, k) { if (k) p.appendChild(document.createTextNode(", ")); p.appendChild(findingLink(j)); });
    p.appendChild(document.createTextNode(" — see "));
    p.appendChild(el("a", { href: "#paths", text: "merged retention paths" }));
    body.appendChild(p);
  }
  if (D.tree && treeIndexById(f.subject.id) >= 0) {
    body.appendChild(el("p", { cls: "small" }, [el("a", { href: "#node-" + encodeURIComponent(f.subject.id), text: "Show the subject in the dominator tree" })]));
  }
  var ev = f.evidence || {};
  if (Object.keys(ev).length) {
    var d = el("details", null, [el("summary", { text: "Evidence" })]);
    d.appendChild(el("pre", { cls: "evidence", lines: JSON.stringify(ev, null, 2) }));
    body.appendChild(d);
  }
  body.appendChild(el("div", { cls: "muted small", text: "signature " + f.signature }));
  return body;
}
function setOpen(i, open) {
  var rec = findingEls[i];
  if (!rec) return;
  if (open && !rec.body) { rec.body = findingBody(F[i], i); rec.card.appendChild(rec.body); }
  if (rec.body) rec.body.hidden = !open;
  rec.card.setAttribute("data-open", open ? "1" : "0");
  rec.head.setAttribute("aria-expanded", open ? "true" : "false");
}
function openFinding(i, scroll) {
  if (!rendered.findings) { rendered.findings = true; renderers.findings(document.getElementById("sec-findings")); }
  if (i < 0 || i >= F.length) return;
  setOpen(i, true);
  findingEls.forEach(function (r, j) { r.card.classList.toggle("target", j === i); });
  if (scroll) { findingEls[i].card.scrollIntoView({ block: "start" }); findingEls[i].head.focus({ preventScroll: true }); }
}
renderers.findings = function (sec) {
  sec.appendChild(el("h2", { text: "Findings" }));
  if (!F.length) { sec.appendChild(el("p", { cls: "empty", text: "No findings: no detector reported a problem." })); return; }
  sec.appendChild(el("p", { cls: "muted small", text: "Most important first (severity, then retained bytes). Each finding shows the chain of references that keeps the memory alive, starting at a GC root (something the runtime always keeps: a static field, a thread, a global)." }));
  var filt = el("input", { type: "search", placeholder: "Filter findings (title, type, detector)", "aria-label": "Filter findings" });
  var sevSel = el("select", { "aria-label": "Minimum severity" });
  ["info", "low", "medium", "high", "critical"].forEach(function (s) { sevSel.appendChild(el("option", { value: s, text: s === "info" ? "all severities" : s + " and above" })); });
  var expandAll = el("button", { cls: "btn", text: "Expand all" });
  var collapseAll = el("button", { cls: "btn", text: "Collapse all" });
  sec.appendChild(el("div", { cls: "filters" }, [filt, sevSel, expandAll, collapseAll]));
  var list = el("div");
  F.forEach(function (f, i) {
    var card = el("article", { cls: "finding", id: "finding-" + (i + 1), "data-open": "0" });
    var head = el("button", { cls: "fhead", "aria-expanded": "false", "aria-controls": "finding-body-" + (i + 1) }, [
      el("span", { cls: "chev", text: "\u25B8", "aria-hidden": "true" }),
      el("span", { cls: "num", text: "#" + (i + 1) }),
      sevBadge(f.severity),
      el("span", { cls: "title", text: f.title }),
      el("span", { cls: "muted small", text: fmtNum(f.count) + " \u00d7 " + (f.subject.type || "") }),
      bytesEl(f.retainedBytes, "bytes")
    ]);
    head.addEventListener("click", function () { setOpen(i, card.getAttribute("data-open") !== "1"); });
    card.appendChild(head);
    list.appendChild(card);
    findingEls.push({ card: card, head: head, body: null, hay: (f.title + " " + f.subject.type + " " + f.detector + " " + f.path.map(function (s) { return s.type + " " + s.via; }).join(" ")).toLowerCase() });
  });
  sec.appendChild(list);
  if (D.findingsOmitted) sec.appendChild(el("p", { cls: "muted", text: D.findingsOmitted + " lower-ranked findings not embedded (see the JSON report)." }));
  function applyFilter() {
    var q = filt.value.trim().toLowerCase(), min = SEV[sevSel.value] || 0;
    findingEls.forEach(function (r, i) { r.card.hidden = (q && r.hay.indexOf(q) < 0) || (SEV[F[i].severity] || 0) < min; });
  }
  filt.addEventListener("input", debounce(applyFilter, 120));
  sevSel.addEventListener("change", applyFilter);
  expandAll.addEventListener("click", function () { findingEls.forEach(function (r, i) { if (!r.card.hidden) setOpen(i, true); }); });
  collapseAll.addEventListener("click", function () { findingEls.forEach(function (r, i) { setOpen(i, false); }); });
  for (var k = 0; k < Math.min(2, F.length); k++) setOpen(k, true);
};

/* ---------- merged retention paths ---------- */
renderers.paths = function (sec) {
  var M = D.merged;
  sec.appendChild(el("h2", { text: "Retention paths, merged" }));
  sec.appendChild(el("p", { cls: "muted small", text: "All findings' GC-root paths drawn as one tree: where several findings hang off the same root or container, the shared part is drawn once and the paths branch below it. " + M.sharedObjects + " objects lie on more than one finding's path." }));
  var top = el("div", { cls: "mtree" });
  sec.appendChild(top);
  // Each segment is a run of single-child hops drawn as one chain; branches indent below its last box.
  var work = M.roots.map(function (r) { return [r, top, false]; }).reverse();
  var boxes = 0;
  while (work.length && boxes < 20000) {
    var w = work.pop(), run = [], v = w[0];
    for (;;) {
      run.push(v);
      var n = M.nodes[v];
      if (n.children.length !== 1 || n.seeAlso !== undefined) break;
      v = n.children[0];
    }
    boxes += run.length;
    var steps = run.map(function (i) { return M.nodes[i]; });
    var isTop = w[1] === top;
    var chain = drawChain(steps, {
      label: "Shared retention path",
      leadArrow: !isTop,
      isRoot: function (k) { return isTop && k === 0; },
      isSubject: function (k) { return steps[k].subjectOf.length > 0; },
      decorate: function (box, k) {
        var nd = steps[k];
        if (nd.findings.length > 1 && nd.children.length !== 1) box.appendChild(el("div", { cls: "sz", text: "shared by " + nd.findings.length + " findings" }));
        if (nd.subjectOf.length) {
          var fl = el("div", { cls: "small" });
          nd.subjectOf.forEach(function (j) { fl.appendChild(findingLink(j)); });
          box.appendChild(fl);
        }
        if (nd.seeAlso !== undefined) box.appendChild(el("div", { cls: "muted small", text: "\u21AA also reached by another path (drawn above)" }));
      }
    });
    var holder = el("div", { cls: isTop ? "mroot" : "" }, [chain]);
    w[1].appendChild(holder);
    var last = M.nodes[run[run.length - 1]];
    if (last.children.length > 1 && last.seeAlso === undefined) {
      var br = el("div", { cls: "branches", "aria-label": last.children.length + " branches" });
      holder.appendChild(br);
      for (var c = last.children.length - 1; c >= 0; c--) work.push([last.children[c], br, false]);
    }
  }
  if (work.length) sec.appendChild(el("p", { cls: "muted", text: "(truncated: too many paths to draw)" }));
};

/* ---------- dominator tree ---------- */
var T = D.tree, tKids = null, tById = null, tVia = {}, tRoot = {}, tMore = {}, tLower = null;
function treeInit() {
  if (tKids) return;
  var n = T.id.length;
  tKids = new Array(n);
  for (var i = 0; i < n; i++) tKids[i] = [];
  for (var j = 1; j < n; j++) if (T.parent[j] >= 0) tKids[T.parent[j]].push(j);
  for (var k = 0; k < n; k++) if (tKids[k].length > 1) tKids[k].sort(function (a, b) { return T.retained[b] - T.retained[a]; });
  for (var p = 0; p < T.via.length; p += 2) tVia[T.via[p]] = S[T.via[p + 1]];
  for (var q = 0; q < T.root.length; q += 2) tRoot[T.root[q]] = S[T.root[q + 1]];
  for (var m = 0; m < T.more.length; m += 2) tMore[T.more[m]] = T.more[m + 1];
  tById = Object.create(null);
  for (var z = 0; z < n; z++) if (tById[T.id[z]] === undefined) tById[T.id[z]] = z;
}
function treeIndexById(id) { if (!T) return -1; treeInit(); var v = tById[id]; return v === undefined ? -1 : v; }
var treeItems = {}, treeSel = -1, treeBox = null, treeDetail = null;
function treeItem(i) {
  var total = T.retained[0] || 1;
  var kids = tKids[i];
  var li = el("li", { role: "treeitem", tabindex: "-1", "data-node": String(i), "aria-selected": "false" });
  if (kids.length || tMore[i]) li.setAttribute("aria-expanded", "false");
  var bar = el("span", { cls: "pbar", "aria-hidden": "true" }, [el("span")]);
  bar.firstChild.style.width = Math.max(1, Math.round(60 * T.retained[i] / total)) + "px";
  var row = el("div", { cls: "row" }, [
    el("span", { cls: "tw", text: kids.length || tMore[i] ? "\u25B8" : "", "aria-hidden": "true" }),
    bar,
    el("span", { cls: "rb", text: fmtBytes(T.retained[i]), title: fmtNum(T.retained[i]) + " bytes retained (" + pct(T.retained[i], total) + ")" })
  ]);
  if (tVia[i]) row.appendChild(el("span", { cls: "via", text: tVia[i] }));
  row.appendChild(el("span", { cls: "type", text: S[T.type[i]] }));
  if (tRoot[i]) row.appendChild(el("span", { cls: "rootkind small", text: "root: " + tRoot[i] }));
  row.appendChild(el("span", { cls: "id muted", text: i === 0 ? "" : T.id[i] }));
  var fs = idToFindings[T.id[i]];
  if (fs) row.appendChild(el("span", { cls: "onpath", text: "finding #" + (fs[0] + 1) + (fs.length > 1 ? " +" + (fs.length - 1) : "") }));
  row.addEventListener("click", function () { treeSelect(i, true); treeToggle(i); });
  li.appendChild(row);
  treeItems[i] = li;
  return li;
}
function treeToggle(i, force) {
  var li = treeItems[i];
  if (!li || !li.hasAttribute("aria-expanded")) return;
  var open = force !== undefined ? force : li.getAttribute("aria-expanded") !== "true";
  var grp = li.querySelector(":scope > ul");
  if (open && !grp) {
    grp = el("ul", { role: "group" });
    tKids[i].forEach(function (c) { grp.appendChild(treeItem(c)); });
    if (tMore[i]) grp.appendChild(el("li", { role: "none", cls: "muted small", text: "\u2026 " + fmtNum(tMore[i]) + " smaller children not embedded in this report" }));
    li.appendChild(grp);
  }
  if (grp) grp.hidden = !open;
  li.setAttribute("aria-expanded", open ? "true" : "false");
  li.querySelector(".tw").textContent = open ? "\u25BE" : "\u25B8";
}
function treeAncestors(i) { var a = []; for (var v = i; v >= 0; v = T.parent[v]) a.push(v); return a.reverse(); }
function treeSelect(i, focus) {
  if (treeSel >= 0 && treeItems[treeSel]) { treeItems[treeSel].setAttribute("aria-selected", "false"); treeItems[treeSel].tabIndex = -1; }
  treeSel = i;
  var li = treeItems[i];
  li.setAttribute("aria-selected", "true");
  li.tabIndex = 0;
  if (focus) li.focus({ preventScroll: true });
  li.scrollIntoView({ block: "nearest" });
  treeShowDetail(i);
}
function treeReveal(i) {
  var anc = treeAncestors(i);
  for (var k = 0; k < anc.length - 1; k++) treeToggle(anc[k], true);
  treeSelect(i, true);
}
function treeRevealById(id) {
  var i = treeIndexById(id);
  if (i >= 0) treeReveal(i);
}
function treeShowDetail(i) {
  clear(treeDetail);
  treeDetail.appendChild(el("h3", { text: S[T.type[i]] }));
  var dl = el("dl", { cls: "kv" });
  function kv(k, v, t) { dl.appendChild(el("dt", { text: k })); dl.appendChild(el("dd", { text: v, title: t || "" })); }
  if (i > 0) kv("id", T.id[i]);
  kv("retained", fmtBytes(T.retained[i]) + " (" + pct(T.retained[i], T.retained[0]) + ")", fmtNum(T.retained[i]) + " bytes");
  kv("self", fmtBytes(T.shallow[i]), fmtNum(T.shallow[i]) + " bytes");
  kv("children", fmtNum(tKids[i].length + (tMore[i] || 0)));
  treeDetail.appendChild(dl);
  var fs = idToFindings[T.id[i]];
  if (fs) {
    var p = el("p", { cls: "small" }, ["On the path of "]);
    fs.slice(0, 20).forEach(function (j) { p.appendChild(findingLink(j)); });
    treeDetail.appendChild(p);
  }
  treeDetail.appendChild(el("h3", { text: "Path to root" }));
  treeDetail.appendChild(el("p", { cls: "muted small", text: "Dominator chain: each object below is kept alive only through the one above it." }));
  var chainNodes = treeAncestors(i);
  // The synthetic top ("GC roots") says nothing on a path: start at the real root object.
  if (chainNodes.length > 1 && T.parent[chainNodes[0]] < 0 && T.id[chainNodes[0]] === "root") chainNodes.shift();
  var steps = chainNodes.map(function (v) {
    return { id: v === 0 ? "" : T.id[v], type: S[T.type[v]], via: tVia[v] || "", root: tRoot[v], retainedBytes: T.retained[v], shallowBytes: T.shallow[v] };
  });
  treeDetail.appendChild(drawChain(steps, { label: "Dominator path to root", noSubject: true }));
}
function visibleTreeItems() {
  return Array.prototype.filter.call(treeBox.querySelectorAll("li[role=treeitem]"), function (li) { return li.offsetParent !== null; });
}
renderers.tree = function (sec) {
  treeInit();
  sec.appendChild(el("h2", { text: "Dominator tree" }));
  sec.appendChild(el("p", { cls: "muted small", text: "Each object's children are the objects it alone keeps alive; retained size is what freeing it would free. Sorted by retained size. Arrow keys move, Right/Left expand and collapse, Enter selects." + (T.omitted ? " " + fmtNum(T.omitted) + " small nodes are not embedded." : "") }));
  var search = el("input", { type: "search", placeholder: "Search by type…", "aria-label": "Search the dominator tree by type" });
  var matches = el("ul", { cls: "matches", "aria-label": "Search results" });
  sec.appendChild(el("div", { cls: "filters" }, [search]));
  sec.appendChild(matches);
  treeBox = el("div", { cls: "tree-box" });
  var ul = el("ul", { role: "tree", "aria-label": "Dominator tree" });
  treeBox.appendChild(ul);
  treeDetail = el("aside", { cls: "detail", "aria-live": "polite" });
  sec.appendChild(el("div", { cls: "tree-wrap" }, [treeBox, treeDetail]));
  ul.appendChild(treeItem(0));
  treeToggle(0, true);
  treeSelect(0, false);
  ul.addEventListener("keydown", function (ev) {
    if (treeSel < 0) return;
    var items, pos, k = ev.key;
    if (k === "ArrowDown" || k === "ArrowUp" || k === "Home" || k === "End") {
      items = visibleTreeItems();
      pos = items.indexOf(treeItems[treeSel]);
      var nx = k === "ArrowDown" ? pos + 1 : k === "ArrowUp" ? pos - 1 : k === "Home" ? 0 : items.length - 1;
      if (nx >= 0 && nx < items.length) treeSelect(parseInt(items[nx].getAttribute("data-node"), 10), true);
    } else if (k === "ArrowRight") {
      var li = treeItems[treeSel];
      if (li.getAttribute("aria-expanded") === "false") treeToggle(treeSel, true);
      else if (tKids[treeSel].length) treeSelect(tKids[treeSel][0], true);
    } else if (k === "ArrowLeft") {
      var l2 = treeItems[treeSel];
      if (l2.getAttribute("aria-expanded") === "true") treeToggle(treeSel, false);
      else if (T.parent[treeSel] >= 0) treeSelect(T.parent[treeSel], true);
    } else if (k === "Enter" || k === " ") {
      treeToggle(treeSel);
    } else return;
    ev.preventDefault();
  });
  var lowerTypes = null;
  function runSearch() {
    clear(matches);
    var q = search.value.trim().toLowerCase();
    if (!q) return;
    if (!lowerTypes) lowerTypes = {};
    var hits = [];
    for (var i = 0; i < T.id.length; i++) {
      var t = T.type[i], lt = lowerTypes[t];
      if (lt === undefined) lt = lowerTypes[t] = S[t].toLowerCase();
      if (lt.indexOf(q) >= 0 || T.id[i].toLowerCase() === q) hits.push(i);
    }
    hits.sort(function (a, b) { return T.retained[b] - T.retained[a]; });
    matches.appendChild(el("li", { cls: "muted small", text: hits.length + " match" + (hits.length === 1 ? "" : "es") + (hits.length > 100 ? " (largest 100 shown)" : "") }));
    hits.slice(0, 100).forEach(function (i) {
      var b = el("button", { cls: "btn" }, [fmtBytes(T.retained[i]) + "  " + S[T.type[i]] + "  " + (i ? T.id[i] : "")]);
      b.addEventListener("click", function () { treeReveal(i); });
      matches.appendChild(el("li", null, [b]));
    });
  }
  search.addEventListener("input", debounce(runSearch, 150));
};

/* Opens the dominator tree searching for instances of a type (from the histogram). */
function treeSearchButton(type) {
  var b = el("button", { cls: "link small tree-jump", text: "in tree", "aria-label": "Find " + clean(type) + " in the dominator tree" });
  b.addEventListener("click", function () {
    go("tree");
    var input = document.querySelector("#sec-tree input[type=search]");
    input.value = type;
    input.dispatchEvent(new Event("input"));
    input.focus();
  });
  return b;
}

/* ---------- histogram ---------- */
renderers.histogram = function (sec) {
  var H = D.hist, n = H.type.length;
  var langs = {};
  for (var i = 0; i < n; i++) langs[H.lang[i]] = 1;
  sec.appendChild(el("h2", { text: "Class / allocation-site histogram" }));
  sec.appendChild(el("p", { cls: "muted small", text: "Retained = memory freed if every instance of the type went away (not the sum of each instance's retained size)." }));
  var filt = el("input", { type: "search", placeholder: "Filter by type…", "aria-label": "Filter histogram by type" });
  var langSel = null;
  var ctl = el("div", { cls: "filters" }, [filt]);
  if (Object.keys(langs).length > 1) {
    langSel = el("select", { "aria-label": "Language" }, [el("option", { value: "", text: "all languages" }), el("option", { value: "0", text: "Java" }), el("option", { value: "1", text: "Go" })]);
    ctl.appendChild(langSel);
  }
  var info = el("span", { cls: "muted small" });
  ctl.appendChild(info);
  sec.appendChild(ctl);
  var cols = [
    { key: "type", label: "Type", get: function (i) { return S[H.type[i]]; } },
    { key: "count", label: "Objects", get: function (i) { return H.count[i]; } },
    { key: "shallow", label: "Shallow", get: function (i) { return H.shallow[i]; } },
    { key: "retained", label: "Retained", get: function (i) { return H.retained[i]; } }
  ];
  var sortCol = 3, desc = true, limit = 200, view = [];
  var table = el("table", { cls: "grid" });
  var trh = el("tr");
  cols.forEach(function (c, ci) {
    var th = el("th", { scope: "col" });
    var b = el("button", { text: c.label });
    b.addEventListener("click", function () {
      if (sortCol === ci) desc = !desc; else { sortCol = ci; desc = ci !== 0; }
      limit = 200; compute();
    });
    th.appendChild(b);
    c.th = th;
    trh.appendChild(th);
  });
  table.appendChild(el("thead", null, [trh]));
  var tbody = el("tbody");
  table.appendChild(tbody);
  var foot = el("div", { cls: "filters" });
  sec.appendChild(table);
  sec.appendChild(foot);
  if (H.omitted.rows) sec.appendChild(el("p", { cls: "muted small", text: fmtNum(H.omitted.rows) + " smaller types not embedded (" + fmtNum(H.omitted.count) + " objects, " + fmtBytes(H.omitted.shallow) + ")." }));
  var lowerCache = null;
  function compute() {
    var q = filt.value.trim().toLowerCase(), lf = langSel ? langSel.value : "";
    view = [];
    if (q && !lowerCache) lowerCache = {};
    for (var i = 0; i < n; i++) {
      if (lf !== "" && String(H.lang[i]) !== lf) continue;
      if (q) {
        var t = H.type[i], lt = lowerCache[t];
        if (lt === undefined) lt = lowerCache[t] = S[t].toLowerCase();
        if (lt.indexOf(q) < 0) continue;
      }
      view.push(i);
    }
    var get = cols[sortCol].get, sgn = desc ? -1 : 1;
    if (sortCol === 0) view.sort(function (a, b) { var x = get(a), y = get(b); return x < y ? -sgn : x > y ? sgn : 0; });
    else view.sort(function (a, b) { return sgn * (get(a) - get(b)); });
    cols.forEach(function (c, ci) { if (ci === sortCol) c.th.setAttribute("aria-sort", desc ? "descending" : "ascending"); else c.th.removeAttribute("aria-sort"); });
    draw();
  }
  function draw() {
    clear(tbody);
    var frag = document.createDocumentFragment();
    var m = Math.min(limit, view.length);
    var sc = 0, ss = 0;
    for (var k = 0; k < view.length; k++) { sc += H.count[view[k]]; ss += H.shallow[view[k]]; }
    for (var j = 0; j < m; j++) {
      var i = view[j];
      var typeCell = el("td", { cls: "type mono", text: S[H.type[i]] });
      if (D.tree) typeCell.appendChild(treeSearchButton(S[H.type[i]]));
      frag.appendChild(el("tr", null, [
        typeCell,
        el("td", { text: fmtNum(H.count[i]) }),
        el("td", { text: fmtBytes(H.shallow[i]), title: fmtNum(H.shallow[i]) + " bytes" }),
        el("td", { text: fmtBytes(H.retained[i]), title: fmtNum(H.retained[i]) + " bytes" })
      ]));
    }
    tbody.appendChild(frag);
    info.textContent = fmtNum(view.length) + " types · " + fmtNum(sc) + " objects · " + fmtBytes(ss) + " shallow";
    clear(foot);
    if (m < view.length) {
      var more = el("button", { cls: "btn", text: "Show " + Math.min(500, view.length - m) + " more (" + fmtNum(view.length - m) + " not shown)" });
      more.addEventListener("click", function () { limit += 500; draw(); });
      foot.appendChild(more);
    }
  }
  filt.addEventListener("input", debounce(function () { limit = 200; compute(); }, 150));
  if (langSel) langSel.addEventListener("change", function () { limit = 200; compute(); });
  compute();
};

/* ---------- flame graph (icicle) ---------- */
var flameRedraw = null;
function hashHue(s) { var h = 0; for (var i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0; return Math.abs(h); }
renderers.flame = function (sec) {
  sec.appendChild(el("h2", { text: "Flame graph" }));
  sec.appendChild(el("p", { cls: "muted small", text: "Icicle view of where memory was allocated: the top bar is everything, each bar below is a function called from the one above, and a bar's width is its share. Click a bar to zoom in; with the graph focused, arrow keys move, Enter zooms, Escape zooms out." }));
  var sel = el("select", { "aria-label": "Profile" });
  D.flames.forEach(function (f, i) { sel.appendChild(el("option", { value: String(i), text: f.process + " · " + f.sampleType })); });
  var search = el("input", { type: "search", placeholder: "Highlight function…", "aria-label": "Highlight functions matching" });
  var reset = el("button", { cls: "btn", text: "Reset zoom" });
  var ctl = el("div", { cls: "filters" }, [D.flames.length > 1 ? sel : null, search, reset]);
  sec.appendChild(ctl);
  var legend = el("div", { cls: "legend" });
  sec.appendChild(legend);
  var tip = el("div", { cls: "tip mono", "aria-live": "polite" });
  sec.appendChild(tip);
  var box = el("div", { cls: "flame-box" });
  sec.appendChild(box);
  var FL, kids, cum, zoom, cursor, gByNode, total, unitBytes, anyMarked;
  function load(idx) {
    FL = D.flames[idx];
    var n = FL.name.length;
    kids = new Array(n);
    for (var i = 0; i < n; i++) kids[i] = [];
    for (var j = 1; j < n; j++) if (FL.parent[j] >= 0) kids[FL.parent[j]].push(j);
    // Values are cumulative; if some node's children sum to more than its value, they were self values.
    var selfSem = false;
    for (var a = 0; a < n && !selfSem; a++) { var s = 0; for (var b = 0; b < kids[a].length; b++) s += FL.value[kids[a][b]]; if (s > FL.value[a] * 1.000001 + 1e-9) selfSem = true; }
    cum = FL.value.slice();
    if (selfSem) for (var z = n - 1; z > 0; z--) if (FL.parent[z] >= 0) cum[FL.parent[z]] += cum[z];
    for (var k = 0; k < n; k++) kids[k].sort(function (x, y) { return cum[y] - cum[x]; });
    FL.marks = {};
    anyMarked = false;
    for (var m = 0; m < FL.mark.length; m += 2) { FL.marks[FL.mark[m]] = S[FL.mark[m + 1]]; anyMarked = true; }
    total = cum[0] || 1;
    unitBytes = /space|bytes|alloc_space|inuse_space/i.test(FL.sampleType);
    zoom = 0; cursor = 0;
    clear(legend);
    legend.appendChild(el("span", { text: FL.sampleType + ": total " + fmtValue(total) + (FL.omitted ? " · " + fmtNum(FL.omitted) + " tiny frames not embedded" : "") }));
    if (anyMarked) {
      var sw = el("span", { cls: "swatch" }); sw.style.background = "var(--mark)";
      legend.appendChild(el("span", null, [sw, "map-retention site (a finding)"]));
    }
    draw();
  }
  function fmtValue(v) { return unitBytes ? fmtBytes(v) : fmtNum(v); }
  function label(i) { return clean(S[FL.name[i]]); }
  function describe(i) {
    var t = label(i) + " — " + fmtValue(cum[i]) + " (" + pct(cum[i], total) + " of all";
    if (zoom && zoom !== i) t += ", " + pct(cum[i], cum[zoom]) + " of zoomed";
    t += ")";
    if (FL.marks[i]) t += " — " + clean(FL.marks[i]);
    return t;
  }
  function draw() {
    clear(box);
    gByNode = {};
    var W = Math.max(600, box.clientWidth || 1000), rowH = 18;
    var dark = effectiveTheme() === "dark";
    var rows = [];
    var anc = [];
    for (var v = FL.parent[zoom]; v >= 0; v = FL.parent[v]) anc.push(v);
    anc.reverse();
    var depth0 = anc.length;
    // Ancestors of the zoomed node span the full width.
    anc.forEach(function (a, d) { rows.push([a, d, 0, W, true]); });
    var queue = [[zoom, depth0, 0, W]];
    var drawn = 0, maxDepth = depth0;
    while (queue.length && drawn < 8000) {
      var q = queue.pop(), node = q[0], d = q[1], x = q[2], w = q[3];
      rows.push([node, d, x, w, false]);
      drawn++;
      if (d > maxDepth) maxDepth = d;
      var cx = x;
      var ks = kids[node];
      for (var c = 0; c < ks.length; c++) {
        var cw = w * cum[ks[c]] / (cum[node] || 1);
        if (cw >= 0.5) queue.push([ks[c], d + 1, cx, cw]);
        cx += cw;
      }
    }
    var H = (maxDepth + 1) * rowH + 2;
    var s = svg("svg", { "class": "flame", viewBox: "0 0 " + W + " " + H, width: W, height: H, role: "tree", tabindex: "0", "aria-label": "Flame graph of " + clean(FL.process) + " " + clean(FL.sampleType) });
    var q2 = search.value.trim().toLowerCase();
    rows.forEach(function (r) {
      var i = r[0];
      var g = svg("g", { role: "treeitem", "data-node": i, "data-value": cum[i], "aria-label": describe(i) });
      var name = label(i);
      var marked = FL.marks[i] !== undefined;
      if (marked) g.setAttribute("class", "marked");
      if (q2 && name.toLowerCase().indexOf(q2) >= 0) g.setAttribute("class", (marked ? "marked " : "") + "hit");
      var h = hashHue(name);
      var rect = svg("rect", { x: r[2].toFixed(2), y: r[1] * rowH, width: Math.max(0.5, r[3] - 0.5).toFixed(2), height: rowH - 1, rx: 2 });
      if (!marked) rect.style.fill = r[4] ? (dark ? "#3d444d" : "#d0d7de") : "hsl(" + (10 + h % 45) + "," + (dark ? 60 : 75) + "%," + (dark ? 55 : 62 + h % 12) + "%)";
      var t = svg("title"); t.textContent = describe(i);
      g.appendChild(t);
      g.appendChild(rect);
      if (r[3] > 30) {
        var tx = svg("text", { x: (r[2] + 4).toFixed(2), y: r[1] * rowH + 13 });
        var maxChars = Math.floor((r[3] - 8) / 6.7);
        tx.textContent = name.length > maxChars ? name.slice(0, Math.max(0, maxChars - 1)) + "\u2026" : name;
        g.appendChild(tx);
      }
      g.addEventListener("click", function () { zoom = i; cursor = i; draw(); tip.textContent = describe(i); });
      g.addEventListener("mouseenter", function () { tip.textContent = describe(i); });
      gByNode[i] = g;
      s.appendChild(g);
    });
    s.addEventListener("keydown", onKey);
    s.addEventListener("focus", function () { markCursor(); });
    box.appendChild(s);
    markCursor();
  }
  function markCursor() {
    Array.prototype.forEach.call(box.querySelectorAll("g[aria-selected]"), function (g) { g.removeAttribute("aria-selected"); g.querySelector("rect").style.stroke = ""; });
    var g = gByNode[cursor];
    if (!g) return;
    g.setAttribute("aria-selected", "true");
    g.querySelector("rect").style.stroke = "var(--focus)";
    g.querySelector("rect").style.strokeWidth = "2";
    tip.textContent = describe(cursor);
  }
  function onKey(ev) {
    var k = ev.key, p = FL.parent[cursor], next = -1;
    if (k === "ArrowUp") next = p;
    else if (k === "ArrowDown") next = kids[cursor].find(function (c) { return gByNode[c]; });
    else if (k === "ArrowLeft" || k === "ArrowRight") {
      if (p >= 0) { var sib = kids[p].filter(function (c) { return gByNode[c]; }); var at = sib.indexOf(cursor); next = sib[at + (k === "ArrowLeft" ? -1 : 1)]; }
    } else if (k === "Enter") { zoom = cursor; draw(); box.querySelector("svg").focus(); ev.preventDefault(); return; }
    else if (k === "Escape") { zoom = p >= 0 && zoom !== 0 ? FL.parent[zoom] : 0; draw(); box.querySelector("svg").focus(); ev.preventDefault(); return; }
    else return;
    ev.preventDefault();
    if (next !== undefined && next >= 0 && gByNode[next]) { cursor = next; markCursor(); }
  }
  sel.addEventListener("change", function () { load(parseInt(sel.value, 10)); });
  var matchInfo = el("span", { cls: "muted small", "aria-live": "polite" });
  ctl.appendChild(matchInfo);
  function searchSummary() {
    var q = search.value.trim().toLowerCase();
    if (!q) { matchInfo.textContent = ""; return; }
    // Share of the total under matching frames (a match below another match is not counted twice).
    var n = FL.name.length, under = new Uint8Array(n), count = 0, sum = 0;
    for (var i = 0; i < n; i++) {
      var p = FL.parent[i];
      if (p >= 0 && under[p]) { under[i] = 1; if (label(i).toLowerCase().indexOf(q) >= 0) count++; continue; }
      if (label(i).toLowerCase().indexOf(q) >= 0) { under[i] = 1; count++; sum += cum[i]; }
    }
    matchInfo.textContent = count + " matching frames, " + fmtValue(sum) + " (" + pct(sum, total) + " of all)";
  }
  search.addEventListener("input", debounce(function () { draw(); searchSummary(); }, 150));
  reset.addEventListener("click", function () { zoom = 0; cursor = 0; draw(); });
  flameRedraw = function () { if (FL) draw(); };
  window.addEventListener("resize", debounce(function () { if (current === "flame") draw(); }, 200));
  load(0);
};

/* ---------- diff ---------- */
renderers.diff = function (sec) {
  var E = D.diff.entries;
  sec.appendChild(el("h2", { text: "Diff against the base profile" }));
  var tb = 0, tc = 0;
  E.forEach(function (e) { tb += e.base; tc += e.current; });
  sec.appendChild(el("div", { cls: "stats" }, [stat(fmtBytes(tb), "base"), stat(fmtBytes(tc), "current"), stat((tc - tb >= 0 ? "+" : "") + fmtBytes(tc - tb), "change")]));
  var filt = el("input", { type: "search", placeholder: "Filter…", "aria-label": "Filter diff rows" });
  var grown = el("label", null, [el("input", { type: "checkbox" }), " only growth"]);
  sec.appendChild(el("div", { cls: "filters" }, [filt, grown]));
  var cols = [
    { label: "Site / type", get: function (e) { return e.key; } },
    { label: "Kind", get: function (e) { return e.kind; } },
    { label: "Base", get: function (e) { return e.base; } },
    { label: "Current", get: function (e) { return e.current; } },
    { label: "Change", get: function (e) { return e.delta; } },
    { label: "Objects", get: function (e) { return (e.currentCount || 0) - (e.baseCount || 0); } }
  ];
  var sortCol = 4, desc = true;
  var maxAbs = E.reduce(function (m, e) { return Math.max(m, Math.abs(e.delta)); }, 1);
  var table = el("table", { cls: "grid" }), trh = el("tr"), tbody = el("tbody");
  cols.forEach(function (c, ci) {
    var th = el("th", { scope: "col" }), b = el("button", { text: c.label });
    b.addEventListener("click", function () { if (sortCol === ci) desc = !desc; else { sortCol = ci; desc = ci > 1; } draw(); });
    th.appendChild(b); c.th = th; trh.appendChild(th);
  });
  table.appendChild(el("thead", null, [trh]));
  table.appendChild(tbody);
  sec.appendChild(table);
  if (D.diff.omitted) sec.appendChild(el("p", { cls: "muted small", text: fmtNum(D.diff.omitted) + " smaller changes not embedded." }));
  function draw() {
    var q = filt.value.trim().toLowerCase(), onlyGrowth = grown.querySelector("input").checked;
    var rows = E.filter(function (e) { return (!q || e.key.toLowerCase().indexOf(q) >= 0) && (!onlyGrowth || e.delta > 0); });
    var get = cols[sortCol].get, sgn = desc ? -1 : 1;
    rows.sort(function (a, b) {
      var x = get(a), y = get(b);
      if (sortCol === 4 && desc) return Math.abs(y) - Math.abs(x);
      return typeof x === "string" ? (x < y ? -sgn : x > y ? sgn : 0) : sgn * (x - y);
    });
    cols.forEach(function (c, ci) { if (ci === sortCol) c.th.setAttribute("aria-sort", desc ? "descending" : "ascending"); else c.th.removeAttribute("aria-sort"); });
    clear(tbody);
    rows.slice(0, 1000).forEach(function (e) {
      var bar = el("span", { cls: "pbar", "aria-hidden": "true" });
      bar.style.display = "inline-block"; bar.style.height = "8px"; bar.style.marginLeft = "6px"; bar.style.borderRadius = "3px";
      bar.style.width = (e.delta === 0 ? 0 : Math.max(1, Math.round(80 * Math.abs(e.delta) / maxAbs))) + "px";
      bar.style.background = e.delta > 0 ? "var(--bad)" : "var(--good)";
      var dc = (e.currentCount || 0) - (e.baseCount || 0);
      tbody.appendChild(el("tr", null, [
        el("td", { cls: "type mono", text: e.key }),
        el("td", { text: e.kind }),
        el("td", { text: fmtBytes(e.base), title: fmtNum(e.base) }),
        el("td", { text: fmtBytes(e.current), title: fmtNum(e.current) }),
        el("td", { cls: e.delta > 0 ? "pos" : e.delta < 0 ? "neg" : "", title: fmtNum(e.delta) }, [(e.delta > 0 ? "+" : "") + fmtBytes(e.delta), bar]),
        el("td", { text: e.baseCount === undefined && e.currentCount === undefined ? "" : (dc > 0 ? "+" : "") + fmtNum(dc) })
      ]));
    });
  }
  filt.addEventListener("input", debounce(draw, 150));
  grown.querySelector("input").addEventListener("change", draw);
  draw();
};

/* ---------- start ---------- */
route();
root.setAttribute("data-ready-ms", String(Math.round(performance.now())));
root.setAttribute("data-ready", "1");
})();
`;
