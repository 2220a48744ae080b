import { SEVERITY_ORDER, type Finding } from "../../analysis/detectors/types.ts";
import type { CrossLanguageEntry, DiffEntry, FlameNode, ProcessSummary, Report, ReportInput, TreeNode } from "../model.ts";
import { mergeFindingPaths, type MergedPaths } from "./path-graph.ts";

/**
 * The JSON the page embeds. Repeated strings (type and function names) go through one string table
 * and the big sections are columnar (one array per field), which keeps a report for a ~1 GB dump
 * within a few MB. Every section is bounded by a budget; what is cut is counted in `omitted`.
 */
export interface PageData {
  v: 1;
  title: string;
  tool: { name: string; version: string };
  generatedAt?: string;
  service?: string;
  strings: string[];
  inputs: ReportInput[];
  summary: Report["summary"];
  warnings: string[];
  warningsOmitted: number;
  skipped: { entry: string; reason: string }[];
  dominators: Report["dominators"];
  findings: Finding[];
  findingsOmitted: number;
  merged: MergedPaths;
  hist: HistColumns;
  tree?: TreeColumns;
  flames: FlameColumns[];
  diff?: { entries: DiffEntry[]; omitted: number };
  /** Audits: per-process overview and cross-language ranking; finding indices point into `findings` (-1 when cut). */
  processes?: ProcessSummary[];
  crossLanguage?: CrossLanguageEntry[];
}

export interface HistColumns {
  /** String-table index of the type name. */
  type: number[];
  count: number[];
  shallow: number[];
  retained: number[];
  /** 0 java, 1 go, -1 unknown. */
  lang: number[];
  omitted: { rows: number; count: number; shallow: number };
}

/** Dominator tree in pre-order; `parent[i] < i` (-1 for the top node). */
export interface TreeColumns {
  id: string[];
  type: number[];
  shallow: number[];
  retained: number[];
  parent: number[];
  /** Sparse [node, omitted children, …] pairs. */
  more: number[];
  /** Sparse [node, string index, …] pairs for the optional via / root fields. */
  via: number[];
  root: number[];
  /** Nodes of the input tree left out by the budget. */
  omitted: number;
}

/** Icicle data in pre-order; `parent[i] < i`. */
export interface FlameColumns {
  process: string;
  sampleType: string;
  name: number[];
  value: number[];
  parent: number[];
  /** Sparse [node, string index of the mark reason, …]. */
  mark: number[];
  omitted: number;
}

export interface PageBudget {
  maxHistogramRows: number;
  maxTreeNodes: number;
  maxFlameNodes: number;
  maxFindings: number;
  maxDiffRows: number;
  maxWarnings: number;
  /** Evidence / meta objects larger than this (as JSON) are replaced by a truncated preview. */
  maxBlobChars: number;
}

export const DEFAULT_BUDGET: PageBudget = {
  maxHistogramRows: 20000,
  maxTreeNodes: 40000,
  maxFlameNodes: 30000,
  maxFindings: 2000,
  maxDiffRows: 20000,
  maxWarnings: 500,
  maxBlobChars: 8192,
};

class StringTable {
  readonly list: string[] = [];
  private readonly index = new Map<string, number>();
  id(s: string): number {
    let i = this.index.get(s);
    if (i === undefined) {
      i = this.list.length;
      this.list.push(s);
      this.index.set(s, i);
    }
    return i;
  }
}

export function buildPageData(report: Report, title: string, budget: PageBudget = DEFAULT_BUDGET): PageData {
  const strings = new StringTable();
  // Most important first; stable, so a report already in this order keeps its numbering (#finding-N).
  const ordered = report.findings.slice().sort((a, b) => (SEVERITY_ORDER[b.severity] ?? 0) - (SEVERITY_ORDER[a.severity] ?? 0) || b.retainedBytes - a.retainedBytes);
  const findings = ordered.slice(0, budget.maxFindings).map((f) => boundFinding(f, budget.maxBlobChars));
  const data: PageData = {
    v: 1,
    title,
    tool: report.tool,
    strings: strings.list,
    inputs: report.inputs.map((i) => ({ ...i, meta: boundBlob(i.meta, budget.maxBlobChars * 8) })),
    summary: report.summary,
    warnings: report.warnings.slice(0, budget.maxWarnings),
    warningsOmitted: Math.max(0, report.warnings.length - budget.maxWarnings),
    skipped: report.skipped ?? [],
    dominators: report.dominators.slice(0, 200),
    findings,
    findingsOmitted: report.findings.length - findings.length,
    merged: mergeFindingPaths(findings),
    hist: histColumns(report, strings, budget.maxHistogramRows),
    flames: (report.flame ?? []).map((f) => flameColumns(f.process, f.sampleType, f.root, strings, budget.maxFlameNodes)),
  };
  if (report.generatedAt) data.generatedAt = report.generatedAt;
  if (report.service) data.service = report.service;
  if (report.processes) {
    // Report order → page order (the page re-sorts findings and may cut them).
    const pageIndex = new Map(ordered.map((f, i) => [f, i < findings.length ? i : -1]));
    const toPage = (i: number) => pageIndex.get(report.findings[i]) ?? -1;
    data.processes = report.processes.map((p) => ({
      ...p,
      topRetainers: p.topRetainers.slice(0, 12),
      topTypes: p.topTypes.slice(0, 12),
      findingIndexes: p.findingIndexes.map(toPage).filter((i) => i >= 0),
    }));
    data.crossLanguage = (report.crossLanguage ?? []).slice(0, budget.maxFindings).map((c) => ({ ...c, finding: toPage(c.finding) }));
  }
  if (report.tree) {
    const keep = new Set<string>();
    for (const f of findings) {
      keep.add(f.subject.id);
      for (const s of f.path) keep.add(s.id);
    }
    data.tree = treeColumns(report.tree, strings, budget.maxTreeNodes, keep);
  }
  if (report.diff) {
    const sorted = report.diff.slice().sort((a, b) => Math.abs(b.delta) - Math.abs(a.delta));
    data.diff = { entries: sorted.slice(0, budget.maxDiffRows), omitted: Math.max(0, sorted.length - budget.maxDiffRows) };
  }
  return data;
}

function boundBlob<T extends Record<string, unknown>>(blob: T, maxChars: number): T {
  let text: string;
  try {
    text = JSON.stringify(blob) ?? "";
  } catch {
    return { note: "(not serialisable)" } as unknown as T;
  }
  if (text.length <= maxChars) return blob;
  return { truncated: text.slice(0, maxChars) + "…" } as unknown as T;
}

function boundFinding(f: Finding, maxChars: number): Finding {
  const { node: _n, ...subject } = f.subject;
  return { ...f, subject, path: f.path.map(({ node: _x, ...s }) => s), evidence: boundBlob(f.evidence ?? {}, maxChars) };
}

/** Keeps the rows that are in the top N by any of count, shallow or retained; sums the rest. */
function histColumns(report: Report, strings: StringTable, max: number): HistColumns {
  const rows = report.histogram;
  let keep: number[];
  if (rows.length <= max) keep = rows.map((_, i) => i);
  else {
    const per = Math.floor(max / 3);
    const chosen = new Uint8Array(rows.length);
    for (const key of ["retainedBytes", "shallowBytes", "count"] as const) {
      markTop(Float64Array.from(rows, (r) => r[key]), per, chosen);
    }
    keep = [];
    for (let i = 0; i < rows.length; i++) if (chosen[i]) keep.push(i);
  }
  const out: HistColumns = { type: [], count: [], shallow: [], retained: [], lang: [], omitted: { rows: 0, count: 0, shallow: 0 } };
  const kept = new Uint8Array(rows.length);
  for (const i of keep) {
    const r = rows[i];
    kept[i] = 1;
    out.type.push(strings.id(r.type));
    out.count.push(r.count);
    out.shallow.push(r.shallowBytes);
    out.retained.push(r.retainedBytes);
    out.lang.push(r.language === "java" ? 0 : r.language === "go" ? 1 : -1);
  }
  for (let i = 0; i < rows.length; i++) {
    if (kept[i]) continue;
    out.omitted.rows++;
    out.omitted.count += rows[i].count;
    out.omitted.shallow += rows[i].shallowBytes;
  }
  return out;
}

/**
 * Sets mark[i] = 1 for the `k` largest values (ties: lowest index first, so a parent in pre-order
 * wins over its equal-sized child). A native numeric sort of a copy finds the threshold.
 */
function markTop(values: Float64Array, k: number, mark: Uint8Array): void {
  const n = values.length;
  if (k <= 0) return;
  if (k >= n) {
    mark.fill(1);
    return;
  }
  const sorted = values.slice().sort();
  const threshold = sorted[n - k];
  let above = 0;
  for (let i = 0; i < n; i++) if (values[i] > threshold) above++;
  let atThreshold = k - above;
  for (let i = 0; i < n; i++) {
    if (values[i] > threshold) mark[i] = 1;
    else if (values[i] === threshold && atThreshold > 0) {
      mark[i] = 1;
      atThreshold--;
    }
  }
}

interface Flat<T> {
  nodes: T[];
  parent: Int32Array;
}

/** Pre-order flattening without recursion (dominator chains can be 10⁵ deep). */
function flatten<T extends { children: T[] }>(top: T): Flat<T> {
  const nodes: T[] = [];
  const parents: number[] = [];
  const stack: [T, number][] = [[top, -1]];
  while (stack.length) {
    const [n, p] = stack.pop()!;
    const me = nodes.length;
    nodes.push(n);
    parents.push(p);
    for (let i = n.children.length - 1; i >= 0; i--) stack.push([n.children[i], me]);
  }
  return { nodes, parent: Int32Array.from(parents) };
}

/**
 * Chooses at most `max` nodes: the largest by `weight` (a parent never weighs less than its child in
 * a dominator tree or calling-context tree, so this is a connected top), plus every node in `must`,
 * closed over ancestors. Returns the kept pre-order indexes in pre-order.
 */
function chooseTop(parent: Int32Array, weight: (i: number) => number, max: number, must: (i: number) => boolean): Uint8Array {
  const n = parent.length;
  const keep = new Uint8Array(n);
  if (n <= max) return keep.fill(1);
  markTop(Float64Array.from({ length: n }, (_, i) => weight(i)), max, keep);
  for (let i = 0; i < n; i++) if (must(i)) keep[i] = 1;
  // Close over ancestors (children come after parents in pre-order, so walk backwards).
  for (let i = n - 1; i > 0; i--) if (keep[i] && parent[i] >= 0) keep[parent[i]] = 1;
  keep[0] = 1;
  return keep;
}

function treeColumns(top: TreeNode, strings: StringTable, max: number, mustIds: Set<string>): TreeColumns {
  const { nodes, parent } = flatten(top);
  const keep = chooseTop(parent, (i) => nodes[i].retainedBytes, max, (i) => mustIds.has(nodes[i].id));
  const out: TreeColumns = { id: [], type: [], shallow: [], retained: [], parent: [], more: [], via: [], root: [], omitted: 0 };
  const newIndex = new Int32Array(nodes.length).fill(-1);
  const extraMore = new Int32Array(nodes.length);
  for (let i = 0; i < nodes.length; i++) {
    if (!keep[i]) {
      out.omitted++;
      // Count only the top-most dropped node of each cut subtree as a "more" child of its kept parent.
      if (parent[i] >= 0 && keep[parent[i]]) extraMore[parent[i]]++;
      continue;
    }
    const n = nodes[i] as TreeNode & { via?: string; root?: string };
    const me = out.id.length;
    newIndex[i] = me;
    out.id.push(n.id);
    out.type.push(strings.id(n.type));
    out.shallow.push(n.shallowBytes);
    out.retained.push(n.retainedBytes);
    out.parent.push(parent[i] >= 0 ? newIndex[parent[i]] : -1);
    if (typeof n.via === "string" && n.via) out.via.push(me, strings.id(n.via));
    if (typeof n.root === "string" && n.root) out.root.push(me, strings.id(n.root));
  }
  for (let i = 0; i < nodes.length; i++) {
    if (!keep[i]) continue;
    const more = (nodes[i].more ?? 0) + extraMore[i];
    if (more > 0) out.more.push(newIndex[i], more);
  }
  return out;
}

function flameColumns(process: string, sampleType: string, top: FlameNode, strings: StringTable, max: number): FlameColumns {
  const { nodes, parent } = flatten(top);
  const keep = chooseTop(parent, (i) => nodes[i].value, max, (i) => !!nodes[i].mark);
  const out: FlameColumns = { process, sampleType, name: [], value: [], parent: [], mark: [], omitted: 0 };
  const newIndex = new Int32Array(nodes.length).fill(-1);
  for (let i = 0; i < nodes.length; i++) {
    if (!keep[i]) {
      out.omitted++;
      continue;
    }
    const n = nodes[i];
    const me = out.name.length;
    newIndex[i] = me;
    out.name.push(strings.id(n.name));
    out.value.push(n.value);
    out.parent.push(parent[i] >= 0 ? newIndex[parent[i]] : -1);
    if (n.mark) out.mark.push(me, strings.id(n.mark));
  }
  return out;
}
