import type { HeapGraph } from "../graph/heap-graph.ts";
import type { DominatorResult, HistogramRow } from "./types.ts";

/**
 * Per-type histogram: instance count (graph.objectCount), shallow bytes, and the retained size of
 * the SET of instances — what would be freed if every instance went away. That is not the sum of
 * the instances' retained sizes (a linked list's nodes retain each other); it is the sum over the
 * instances that have no other instance of the same type above them in the dominator tree.
 * One walk of the dominator tree with a per-type "active on the current branch" counter.
 * Rows are sorted by retained bytes, then shallow bytes, largest first.
 */
export function histogram(graph: HeapGraph, dom: DominatorResult): HistogramRow[] {
  const typeCount = graph.types.names.length;
  const count = new Float64Array(typeCount);
  const shallow = new Float64Array(typeCount);
  const retained = typeRetained(graph, dom);
  tally(graph, count, shallow);
  const rows: HistogramRow[] = [];
  for (let t = 0; t < typeCount; t++) {
    if (count[t] === 0 && shallow[t] === 0) continue;
    rows.push({ type: t, name: graph.types.names[t], count: count[t], shallowBytes: shallow[t], retainedBytes: retained[t] });
  }
  rows.sort((a, b) => b.retainedBytes - a.retainedBytes || b.shallowBytes - a.shallowBytes || a.type - b.type);
  return rows;
}

function tally(graph: HeapGraph, count: Float64Array, shallow: Float64Array): void {
  const n = graph.nodeCount;
  const type = graph.type;
  const size = graph.shallow;
  const objects = graph.count;
  for (let v = 0; v < n; v++) {
    const t = type[v];
    count[t] += objects ? objects[v] : 1;
    shallow[t] += size[v];
  }
}

/** Retained bytes of the set of all instances, per type (see histogram). */
export function typeRetained(graph: HeapGraph, dom: DominatorResult): Float64Array {
  const out = new Float64Array(graph.types.names.length);
  const active = new Uint32Array(graph.types.names.length);
  const type = graph.type;
  const retained = dom.retained;
  const { childStart, children } = dom;
  const n = graph.nodeCount;
  // Inline iterative walk (this runs over every reachable node).
  const size = dom.reachableCount + 1;
  const stackNode = new Uint32Array(size);
  const stackNext = new Uint32Array(size);
  let sp = 0;
  stackNode[0] = n;
  stackNext[0] = childStart[n];
  while (sp >= 0) {
    const v = stackNode[sp];
    const k = stackNext[sp];
    if (k < childStart[v + 1]) {
      stackNext[sp] = k + 1;
      const c = children[k];
      const t = type[c];
      if (active[t] === 0) out[t] += retained[c];
      active[t]++;
      sp++;
      stackNode[sp] = c;
      stackNext[sp] = childStart[c];
    } else {
      if (sp > 0) active[type[v]]--;
      sp--;
    }
  }
  return out;
}

/**
 * Retained bytes and objects of an arbitrary set of nodes (e.g. a map's keys and values together):
 * the sum over members that have no other member among their dominator-tree ancestors.
 */
export function retainedOfSet(graph: HeapGraph, dom: DominatorResult, nodes: Iterable<number>): { bytes: number; objects: number } {
  const n = graph.nodeCount;
  const members: number[] = [];
  for (const v of nodes) if (v >= 0 && v < n && dom.reachable[v]) members.push(v);
  let bytes = 0;
  let objects = 0;
  if (members.length <= 64) {
    // Few members: climb each one's idom chain (typical for detector evidence).
    const set = new Set(members);
    for (const v of set) {
      let covered = false;
      for (let x = dom.idom[v]; x < n; x = dom.idom[x]) if (set.has(x)) {
        covered = true;
        break;
      }
      if (!covered) {
        bytes += dom.retained[v];
        objects += dom.retainedCount[v];
      }
    }
    return { bytes, objects };
  }
  const inSet = new Uint8Array(n);
  for (const v of members) inSet[v] = 1;
  let depth = 0;
  walkTree(dom, n, (v) => {
    if (inSet[v]) {
      if (depth === 0) {
        bytes += dom.retained[v];
        objects += dom.retainedCount[v];
      }
      depth++;
    }
  }, (v) => {
    if (inSet[v]) depth--;
  });
  return { bytes, objects };
}

/** Iterative pre/post-order walk of the dominator tree below the super-root (index n). */
function walkTree(dom: DominatorResult, n: number, enter: (v: number) => void, leave: (v: number) => void): void {
  const { childStart, children } = dom;
  const size = dom.reachableCount + 1;
  const stackNode = new Uint32Array(size);
  const stackNext = new Uint32Array(size);
  let sp = 0;
  stackNode[0] = n;
  stackNext[0] = childStart[n];
  while (sp >= 0) {
    const v = stackNode[sp];
    const k = stackNext[sp];
    if (k < childStart[v + 1]) {
      stackNext[sp] = k + 1;
      const c = children[k];
      enter(c);
      sp++;
      stackNode[sp] = c;
      stackNext[sp] = childStart[c];
    } else {
      if (sp > 0) leave(v);
      sp--;
    }
  }
}
