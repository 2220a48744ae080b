import type { HeapGraph } from "../graph/heap-graph.ts";
import type { EdgeMask } from "./edge-policy.ts";
import { NO_NODE, type DominatorResult } from "./types.ts";

/**
 * Dominators of a graph whose `mask` edges form a forest in which every edge points to a higher
 * ordinal: a pprof calling-context tree, goref reference paths, a legacy text profile. There a
 * node's only parent is its immediate dominator (the super-root for a root), and ordinal order
 * is a topological order (parents first), so no DFS and no semi-NCA are needed: a few passes in
 * ordinal order, sequential where the general algorithm jumps around the columns.
 * Returns undefined, after at most one pass, when the graph is not such a forest.
 * Children in the layout (treeOrder) come in ordinal order.
 */
export function forestDominators(graph: HeapGraph, mask: EdgeMask): DominatorResult | undefined {
  const n = graph.nodeCount;
  const { edgeStart, edgeTo, edgeKind, shallow } = graph;
  // Forward edges only (a heap dump fails here at its first instance: its class comes first).
  for (let v = 0; v < n; v++) {
    for (let e = edgeStart[v], end = edgeStart[v + 1]; e < end; e++) if (mask[edgeKind[e]] !== 0 && edgeTo[e] <= v) return undefined;
  }
  // One parent at most.
  const idom = new Uint32Array(n).fill(NO_NODE);
  for (let v = 0; v < n; v++) {
    for (let e = edgeStart[v], end = edgeStart[v + 1]; e < end; e++) {
      if (mask[edgeKind[e]] === 0) continue;
      const t = edgeTo[e];
      if (idom[t] !== NO_NODE) return undefined;
      idom[t] = v;
    }
  }
  const reachable = new Uint8Array(n);
  const roots = graph.rootNode;
  for (let r = 0; r < roots.length; r++) if (roots[r] < n) reachable[roots[r]] = 2;
  // In ordinal order a parent is settled before its children: a root hangs off the super-root
  // (whatever else points at it), a node below a reachable parent is reachable.
  let reachableCount = 0;
  for (let v = 0; v < n; v++) {
    if (reachable[v] === 2) idom[v] = n;
    else if (idom[v] === NO_NODE || reachable[idom[v]] === 0) {
      idom[v] = NO_NODE;
      continue;
    }
    reachable[v] = 1;
    reachableCount++;
  }
  const retained = new Float64Array(n + 1);
  const size = new Uint32Array(n + 1);
  const objects = graph.count;
  const retainedCount = objects ? new Float64Array(n + 1) : size;
  let totalBytes = 0;
  let totalObjects = 0;
  for (let v = 0; v < n; v++) {
    totalBytes += shallow[v];
    totalObjects += objects ? objects[v] : 1;
    if (reachable[v] === 0) continue;
    retained[v] = shallow[v];
    size[v] = 1;
    if (objects) retainedCount[v] = objects[v];
  }
  for (let v = n - 1; v >= 0; v--) {
    if (reachable[v] === 0) continue;
    const d = idom[v];
    retained[d] += retained[v];
    size[d] += size[v];
    if (objects) retainedCount[d] += retainedCount[v];
  }
  // Preorder layout from subtree sizes, parents first: each node's children follow it in ordinal order.
  const treeOrder = new Uint32Array(reachableCount);
  const treePos = new Uint32Array(n).fill(NO_NODE);
  const next = new Uint32Array(n + 1); // next free position under each node (index n: the super-root)
  for (let v = 0; v < n; v++) {
    if (reachable[v] === 0) continue;
    const d = idom[v];
    const k = next[d];
    next[d] = k + size[v];
    treePos[v] = k;
    treeOrder[k] = v;
    next[v] = k + 1;
  }
  const reachableBytes = retained[n];
  return {
    idom,
    retained,
    retainedCount,
    subtreeSize: size,
    reachable,
    reachableCount,
    unreachableCount: n - reachableCount,
    unreachableBytes: totalBytes - reachableBytes,
    unreachableObjects: totalObjects - (objects ? retainedCount[n] : reachableCount),
    treeOrder,
    treePos,
    mask,
  };
}
