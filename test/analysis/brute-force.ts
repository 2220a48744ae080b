// Slow, obviously-correct reference implementations used by the analysis tests.
import type { HeapGraph } from "../../src/graph/heap-graph.ts";
import type { EdgeMask } from "../../src/analysis/edge-policy.ts";

/** Nodes reachable from the roots over `mask`, never entering a node with removed[v] = 1. */
export function reachableWithout(graph: HeapGraph, mask: EdgeMask, removed: Uint8Array): Uint8Array {
  const seen = new Uint8Array(graph.nodeCount);
  const queue: number[] = [];
  for (const r of graph.rootNode) {
    if (removed[r] || seen[r]) continue;
    seen[r] = 1;
    queue.push(r);
  }
  while (queue.length) {
    const v = queue.pop()!;
    for (let e = graph.edgeStart[v]; e < graph.edgeStart[v + 1]; e++) {
      if (!mask[graph.edgeKind[e]]) continue;
      const w = graph.edgeTo[e];
      if (removed[w] || seen[w]) continue;
      seen[w] = 1;
      queue.push(w);
    }
  }
  return seen;
}

export interface BruteDominators {
  reachable: Uint8Array;
  /** dominated[v] = nodes that become unreachable when v is removed (v included), for reachable v. */
  dominated: Uint8Array[];
  /** Immediate dominator (superRoot when none among real nodes), -1 when unreachable. */
  idom: number[];
  retained: number[];
  retainedCount: number[];
}

/** Dominators by definition: v dominates w iff removing v makes w unreachable. */
export function bruteDominators(graph: HeapGraph, mask: EdgeMask): BruteDominators {
  const n = graph.nodeCount;
  const none = new Uint8Array(n);
  const reachable = reachableWithout(graph, mask, none);
  const dominated: Uint8Array[] = [];
  const size: number[] = [];
  for (let v = 0; v < n; v++) {
    const d = new Uint8Array(n);
    let k = 0;
    if (reachable[v]) {
      const removed = new Uint8Array(n);
      removed[v] = 1;
      const r = reachableWithout(graph, mask, removed);
      for (let w = 0; w < n; w++) if (reachable[w] && !r[w]) {
        d[w] = 1;
        k++;
      }
    }
    dominated.push(d);
    size.push(k);
  }
  const idom: number[] = [];
  const retained: number[] = [];
  const retainedCount: number[] = [];
  for (let w = 0; w < n; w++) {
    if (!reachable[w]) {
      idom.push(-1);
      retained.push(0);
      retainedCount.push(0);
      continue;
    }
    // Strict dominators form a chain; the closest one dominates the fewest nodes.
    let best = n;
    let bestSize = Infinity;
    for (let v = 0; v < n; v++) {
      if (v === w || !dominated[v][w]) continue;
      if (size[v] < bestSize) {
        best = v;
        bestSize = size[v];
      }
    }
    idom.push(best);
    let bytes = 0;
    let objects = 0;
    for (let x = 0; x < n; x++) if (dominated[w][x]) {
      bytes += graph.shallow[x];
      objects += graph.objectCount(x);
    }
    retained.push(bytes);
    retainedCount.push(objects);
  }
  return { reachable, dominated, idom, retained, retainedCount };
}

/**
 * Cooper–Harvey–Kennedy "A Simple, Fast Dominance Algorithm": iterate idom = intersect over
 * processed predecessors in reverse postorder until stable. Independent of the semi-NCA code.
 * Returns idom per node (superRoot = n; -1 unreachable).
 */
export function chkDominators(graph: HeapGraph, mask: EdgeMask): Int32Array {
  const n = graph.nodeCount;
  const sr = n;
  // Postorder numbers by iterative DFS (super-root last).
  const post = new Int32Array(n + 1).fill(-1);
  const byPost: number[] = [];
  const visited = new Uint8Array(n + 1);
  const succ = (v: number): number[] => {
    if (v === sr) return Array.from(graph.rootNode);
    const out: number[] = [];
    for (let e = graph.edgeStart[v]; e < graph.edgeStart[v + 1]; e++) if (mask[graph.edgeKind[e]]) out.push(graph.edgeTo[e]);
    return out;
  };
  const stack: { v: number; s: number[]; i: number }[] = [{ v: sr, s: succ(sr), i: 0 }];
  visited[sr] = 1;
  while (stack.length) {
    const top = stack[stack.length - 1];
    if (top.i < top.s.length) {
      const w = top.s[top.i++];
      if (!visited[w]) {
        visited[w] = 1;
        stack.push({ v: w, s: succ(w), i: 0 });
      }
    } else {
      post[top.v] = byPost.length;
      byPost.push(top.v);
      stack.pop();
    }
  }
  // Predecessors (masked, reachable only).
  const preds: number[][] = Array.from({ length: n + 1 }, () => []);
  for (const r of graph.rootNode) preds[r].push(sr);
  for (let v = 0; v < n; v++) {
    if (!visited[v]) continue;
    for (const w of succ(v)) preds[w].push(v);
  }
  const idom = new Int32Array(n + 1).fill(-1);
  idom[sr] = sr;
  const intersect = (a: number, b: number): number => {
    while (a !== b) {
      while (post[a] < post[b]) a = idom[a];
      while (post[b] < post[a]) b = idom[b];
    }
    return a;
  };
  let changed = true;
  while (changed) {
    changed = false;
    for (let k = byPost.length - 2; k >= 0; k--) {
      const b = byPost[k];
      let nd = -1;
      for (const p of preds[b]) {
        if (idom[p] === -1) continue;
        nd = nd === -1 ? p : intersect(p, nd);
      }
      if (idom[b] !== nd) {
        idom[b] = nd;
        changed = true;
      }
    }
  }
  return idom.subarray(0, n);
}
