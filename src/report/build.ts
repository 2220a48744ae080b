import type { Analysis } from "../pipeline.ts";
import { childCount, dominatedBy, forEachChild, largestChildren } from "../analysis/dominator-tree.ts";
import { NO_NODE } from "../analysis/types.ts";
import { NodeKind, ROOT_KIND_NAMES } from "../graph/kinds.ts";
import type { HeapGraph } from "../graph/heap-graph.ts";
import { diffGraphs, type DiffResult, type DiffRow } from "../analysis/diff.ts";
import { SCHEMA_VERSION, type DiffEntry, type DominatorEntry, type FlameNode, type Report, type ReportInput, type TreeNode } from "./model.ts";
import { TOOL_VERSION } from "../version.ts";

export interface BuildReportOptions {
  /** Cap on histogram and dominator rows (default 25). */
  top?: number;
  /** Embed the dominator tree / flame graphs (HTML needs them; JSON may skip them). */
  tree?: boolean;
  flame?: boolean;
  service?: string;
}

/** Nodes a process/summary counts as objects: everything but synthetic profile roots. */
function isObjectNode(g: HeapGraph, v: number): boolean {
  return g.kind[v] !== NodeKind.Synthetic;
}

export function buildReport(a: Analysis, opts: BuildReportOptions = {}): Report {
  const g = a.graph;
  const top = opts.top ?? 25;
  const dom = a.dominators;
  const inputs: ReportInput[] = g.inputs.map((inp) => {
    let objects = 0, shallow = 0, unObjects = 0, unBytes = 0;
    for (let v = inp.firstNode; v < inp.endNode; v++) {
      if (!isObjectNode(g, v)) continue;
      const c = g.objectCount(v);
      objects += c;
      shallow += g.shallow[v];
      if (!dom.reachable[v]) {
        unObjects += c;
        unBytes += g.shallow[v];
      }
    }
    return {
      file: inp.file,
      // A format may name a variant in meta (the pprof reader says "goref" for reference-path profiles).
      format: typeof inp.meta.format === "string" ? inp.meta.format : inp.format,
      language: inp.language,
      process: inp.process,
      objects,
      shallowBytes: shallow,
      roots: inp.endRoot - inp.firstRoot,
      unreachableObjects: unObjects,
      unreachableBytes: unBytes,
      meta: inp.meta,
    };
  });
  const sum = (k: "objects" | "shallowBytes" | "unreachableObjects" | "unreachableBytes") => inputs.reduce((s, i) => s + i[k], 0);
  const report: Report = {
    schemaVersion: SCHEMA_VERSION,
    tool: { name: "heaplens", version: TOOL_VERSION },
    generatedAt: new Date().toISOString(),
    ...(opts.service ? { service: opts.service } : {}),
    inputs,
    summary: {
      objects: sum("objects"),
      shallowBytes: sum("shallowBytes"),
      roots: g.rootCount,
      reachableBytes: dom.retained[g.superRoot],
      unreachableObjects: sum("unreachableObjects"),
      unreachableBytes: sum("unreachableBytes"),
      edges: g.edgeCount,
    },
    histogram: a.histogram.slice(0, top).map((r) => ({
      type: r.name,
      count: r.count,
      shallowBytes: r.shallowBytes,
      retainedBytes: r.retainedBytes,
      ...(r.retainedPrecise ? { retainedPrecise: true } : {}),
      language: g.types.lang[r.type] === 1 ? "go" : "java",
    })),
    dominators: topDominators(a, top),
    findings: a.findings.map(stripInternal),
    warnings: [...g.warnings],
  };
  if (opts.tree) report.tree = dominatorTree(a);
  if (a.base) report.diff = diffEntries(diffGraphs(a.base, g), top);
  if (opts.flame) report.flame = flameGraphs(a);
  return report;
}

/** The diff section: per function and site (profiles) or per class (dumps), largest |delta| first. */
export function diffEntries(d: DiffResult, top: number): DiffEntry[] {
  const rows = (list: DiffRow[] | undefined, kind: DiffEntry["kind"]) =>
    (list ?? []).slice(0, top).map((r) => ({ key: r.name, kind, base: r.base, current: r.current, delta: r.delta, baseCount: r.baseObjects, currentCount: r.currentObjects }));
  return [...rows(d.functions, "function"), ...rows(d.sites, "site"), ...rows(d.classes, "class")];
}

/** Findings without internal ordinals (not part of the JSON schema). */
function stripInternal(f: Analysis["findings"][number]) {
  const { node: _n, ...subject } = f.subject;
  return { ...f, subject, path: f.path.map(({ node: _x, ...s }) => s) };
}

/** The largest retainers: children of the super-root in the dominator tree, largest first. */
export function topDominators(a: Analysis, top: number): DominatorEntry[] {
  const g = a.graph;
  const d = a.dominators;
  const out: DominatorEntry[] = [];
  const s = g.superRoot;
  for (const v of largestChildren(d, s, top)) {
    out.push({
      id: g.hexId(v),
      type: g.nodeName(v),
      shallowBytes: g.shallow[v],
      retainedBytes: d.retained[v],
      retainedCount: d.retainedCount[v],
      ...(g.inputs.length > 1 ? { process: g.inputOf(v)?.process } : {}),
    });
  }
  return out;
}

/**
 * The dominator tree for the HTML explorer: the top levels (bounded) plus every node on a finding's
 * dominator chain, so each finding can be located in the tree. Built without recursion; chains
 * deeper than `mustDepth` (long linked lists) are cut so the nested JSON stays serialisable.
 */
export function dominatorTree(a: Analysis, opts: { depth?: number; perLevel?: number; maxNodes?: number; mustDepth?: number } = {}): TreeNode {
  const g = a.graph;
  const d = a.dominators;
  const maxDepth = opts.depth ?? 6;
  const perLevel = opts.perLevel ?? 40;
  const mustDepth = opts.mustDepth ?? 1000;
  let budget = opts.maxNodes ?? 20000;
  const must = new Set<number>();
  for (const f of a.findings) {
    for (const n of [f.subject.node, ...f.path.map((p) => p.node)]) {
      for (let v = n ?? NO_NODE, guard = 0; v !== NO_NODE && v < g.nodeCount && guard < 1_000_000 && !must.has(v); guard++) {
        must.add(v);
        v = d.idom[v];
      }
    }
  }
  const rootOf = new Map<number, number>();
  for (let r = g.rootCount - 1; r >= 0; r--) rootOf.set(g.rootNode[r], r);
  const make = (v: number, parent: number): TreeNode => {
    if (v === g.superRoot) return { id: "root", type: "GC roots", shallowBytes: 0, retainedBytes: d.retained[v], children: [] };
    const node: TreeNode = { id: g.hexId(v), type: g.nodeName(v), shallowBytes: g.shallow[v], retainedBytes: d.retained[v], children: [] };
    const r = rootOf.get(v);
    if (r !== undefined) {
      const label = g.rootLabelText(r);
      node.root = ROOT_KIND_NAMES[g.rootKind[r]] + (label ? ` ${label}` : "");
    }
    if (parent !== g.superRoot) {
      for (let e = g.edgeStart[parent]; e < g.edgeStart[parent + 1]; e++) {
        if (g.edgeTo[e] === v) {
          node.via = g.edgeLabelText(e);
          break;
        }
      }
    }
    return node;
  };
  const top = make(g.superRoot, g.superRoot);
  const stack: { v: number; node: TreeNode; depth: number }[] = [{ v: g.superRoot, node: top, depth: 0 }];
  while (stack.length) {
    const { v, node, depth } = stack.pop()!;
    let omitted = 0;
    // Children largest first: the first perLevel while the budget lasts, and any on a finding's
    // chain. Only those candidates are sorted (the GC roots' level can have millions of children).
    const top = depth < maxDepth ? largestChildren(d, v, perLevel) : new Uint32Array(0);
    const candidates = new Set<number>(top);
    if (must.size && depth < mustDepth) forEachChild(d, v, (c) => void (must.has(c) && candidates.add(c)));
    const rank = new Map<number, number>();
    top.forEach((c, i) => rank.set(c, i));
    const ordered = Array.from(candidates).sort((x, y) => d.retained[y] - d.retained[x] || d.treePos[x] - d.treePos[y]);
    let shown = 0;
    for (const c of ordered) {
      const k = rank.get(c) ?? perLevel;
      if ((k < perLevel && depth < maxDepth && budget > 0) || (must.has(c) && depth < mustDepth)) {
        budget--;
        shown++;
        const child = make(c, v);
        node.children.push(child);
        stack.push({ v: c, node: child, depth: depth + 1 });
      }
    }
    omitted = childCount(d, v) - shown;
    if (omitted) node.more = omitted;
  }
  return top;
}

/** Flame graphs of Go calling-context trees (pprof inputs): cum values from the dominator tree. */
export function flameGraphs(a: Analysis): NonNullable<Report["flame"]> {
  const g = a.graph;
  const d = a.dominators;
  const marks = new Map<number, string>();
  for (const f of a.findings) if (f.subject.node !== undefined && f.detector.startsWith("go.map")) marks.set(f.subject.node, f.detector);
  const out: NonNullable<Report["flame"]> = [];
  for (const inp of g.inputs) {
    if (inp.format !== "pprof" && inp.format !== "pprof-text") continue;
    for (let r = inp.firstRoot; r < inp.endRoot; r++) {
      const root = g.rootNode[r];
      const all = d.retained[root] || 1;
      let budget = 5000;
      const make = (v: number, depth: number): FlameNode => {
        const node: FlameNode = { name: v === root ? inp.process : g.typeName(v), value: d.retained[v], children: [] };
        const m = marks.get(v);
        if (m) node.mark = m;
        if (depth > 64) return node;
        for (const c of dominatedBy(d, v)) {
          if (d.retained[c] / all < 0.001 && !marks.has(c)) continue;
          if (budget-- <= 0) break;
          node.children.push(make(c, depth + 1));
        }
        return node;
      };
      out.push({ process: inp.process, sampleType: String(inp.meta.sampleType ?? "inuse_space"), root: make(root, 0) });
    }
  }
  return out;
}
