import { DirectedGraph } from "graphology";
import type { Finding, PathStep } from "../../analysis/detectors/types.ts";

/**
 * Merged GC-root paths of all findings, ready to draw as an indented forest: findings whose paths
 * share a prefix (same root, same static map, …) hang under one shared branch. Built with
 * graphology (report-size data only), then unrolled into a tree by a DFS from the path roots.
 */
export interface MergedPathNode {
  id: string;
  type: string;
  /** Field / index / map key leading from the drawn parent to this node ("" for a root). */
  via: string;
  root?: string;
  value?: string;
  shallowBytes?: number;
  retainedBytes?: number;
  /** Findings (indexes into report.findings) whose path passes through this object. */
  findings: number[];
  /** Findings whose subject is this object (the last step of their path). */
  subjectOf: number[];
  /** Drawn children (indexes into MergedPaths.nodes), most retained first. */
  children: number[];
  /** Set on a stub: the object was already drawn under another parent, at this node index. */
  seeAlso?: number;
}

export interface MergedPaths {
  nodes: MergedPathNode[];
  /** Indexes of the top-level nodes (GC roots), most retained first. */
  roots: number[];
  /** For each finding: the other findings whose paths share at least one object with it. */
  related: number[][];
  /** Number of objects on more than one finding path. */
  sharedObjects: number;
  /** For each finding: index of the deepest step of its path that another finding's path also contains (-1: none). */
  sharedUpTo: number[];
}

const MAX_RELATED = 20;

interface NodeAttrs {
  step: PathStep;
  findings: number[];
  subjectOf: number[];
  /** Largest retained bytes of any finding through this node (orders siblings). */
  weight: number;
}
interface EdgeAttrs {
  via: string;
}

/** Object identity on a path: process-qualified address, or (without an address) the path prefix itself. */
function stepKey(f: Finding, step: PathStep, prefixKey: string): string {
  const proc = f.process ?? "";
  return step.id ? `${proc}\u0000${step.id}` : `${prefixKey}\u0001${step.via}\u0001${step.type}`;
}

export function buildPathGraph(findings: readonly Finding[]): DirectedGraph<NodeAttrs, EdgeAttrs> {
  const g = new DirectedGraph<NodeAttrs, EdgeAttrs>();
  findings.forEach((f, fi) => {
    let prev: string | null = null;
    const seenOnThisPath = new Set<string>();
    f.path.forEach((step, si) => {
      const key = stepKey(f, step, prev ?? "");
      if (!g.hasNode(key)) g.addNode(key, { step, findings: [], subjectOf: [], weight: 0 });
      const a = g.getNodeAttributes(key);
      if (!seenOnThisPath.has(key)) {
        a.findings.push(fi);
        a.weight = Math.max(a.weight, f.retainedBytes);
        seenOnThisPath.add(key);
      }
      if (si === f.path.length - 1) a.subjectOf.push(fi);
      if (prev !== null && prev !== key && !g.hasEdge(prev, key)) g.addEdge(prev, key, { via: step.via });
      prev = key;
    });
  });
  return g;
}

/** Unroll the merged graph into the forest the page draws (DAG joins and cycles become "see above" stubs). */
export function mergeFindingPaths(findings: readonly Finding[]): MergedPaths {
  const g = buildPathGraph(findings);
  const nodes: MergedPathNode[] = [];
  const drawn = new Map<string, number>();
  const byWeight = (a: string, b: string) => g.getNodeAttribute(b, "weight") - g.getNodeAttribute(a, "weight");

  const makeNode = (key: string, via: string): MergedPathNode => {
    const a = g.getNodeAttributes(key);
    const s = a.step;
    const n: MergedPathNode = { id: s.id, type: s.type, via, findings: a.findings.slice(), subjectOf: a.subjectOf.slice(), children: [] };
    if (s.root !== undefined) n.root = s.root;
    if (s.value !== undefined) n.value = s.value;
    if (s.shallowBytes !== undefined) n.shallowBytes = s.shallowBytes;
    if (s.retainedBytes !== undefined) n.retainedBytes = s.retainedBytes;
    return n;
  };

  // Iterative DFS (paths can be thousands of hops long).
  const visit = (start: string): number => {
    const rootIdx = nodes.length;
    nodes.push(makeNode(start, ""));
    drawn.set(start, rootIdx);
    const stack: [string, number][] = [[start, rootIdx]];
    while (stack.length) {
      const [key, idx] = stack.pop()!;
      const outs = g.outNeighbors(key).sort(byWeight);
      const pending: [string, number][] = [];
      for (const next of outs) {
        const via = g.getEdgeAttribute(key, next, "via");
        const seen = drawn.get(next);
        const child = makeNode(next, via);
        const ci = nodes.length;
        nodes.push(child);
        nodes[idx].children.push(ci);
        if (seen !== undefined) {
          child.seeAlso = seen;
        } else {
          drawn.set(next, ci);
          pending.push([next, ci]);
        }
      }
      for (let i = pending.length - 1; i >= 0; i--) stack.push(pending[i]);
    }
    return rootIdx;
  };

  const roots: number[] = [];
  const sources = g.filterNodes((k) => g.inDegree(k) === 0).sort(byWeight);
  for (const k of sources) roots.push(visit(k));
  // Components without a source (a cycle across different findings' paths): start at a path's first step.
  findings.forEach((f) => {
    if (f.path.length === 0) return;
    const k = stepKey(f, f.path[0], "");
    if (g.hasNode(k) && !drawn.has(k)) roots.push(visit(k));
  });

  const related: Set<number>[] = findings.map(() => new Set<number>());
  let sharedObjects = 0;
  g.forEachNode((_k, a) => {
    if (a.findings.length < 2) return;
    sharedObjects++;
    // Bounded: a root shared by thousands of findings must not cost n² work.
    for (const x of a.findings) {
      if (related[x].size >= MAX_RELATED) continue;
      for (const y of a.findings) {
        if (x !== y) related[x].add(y);
        if (related[x].size >= MAX_RELATED) break;
      }
    }
  });
  const sharedUpTo = findings.map((f) => {
    let deepest = -1;
    let prev = "";
    f.path.forEach((step, si) => {
      const key = stepKey(f, step, prev);
      if (g.getNodeAttribute(key, "findings").length > 1) deepest = si;
      prev = key;
    });
    return deepest;
  });
  return { nodes, roots, related: related.map((s) => [...s].sort((a, b) => a - b)), sharedObjects, sharedUpTo };
}
