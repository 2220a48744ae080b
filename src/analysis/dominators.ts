import { sharedArray } from "../graph/growable.ts";
import type { HeapGraph } from "../graph/heap-graph.ts";
import { silentProgress, type Progress } from "../io/progress.ts";
import { releaseMemory } from "../io/release.ts";
import { STRONG, type EdgeMask } from "./edge-policy.ts";
import { forestDominators } from "./forest-dominators.ts";
import { depthFirst } from "./dominator-dfs.ts";
import { groupAll, PairBuckets, pairGrouping, type PairGrouping } from "./pair-buckets.ts";
import { NO_NODE, type DominatorResult } from "./types.ts";

/** A second thread that can take part of the work (GraphThread). */
export interface DominatorHelper {
  /** Starts taking `g`'s unclaimed buckets on the other thread (or does nothing when it cannot). */
  groupPairs(g: PairGrouping, nodes: number): void;
  /** A shared array of at least `length` slots the other thread has finished with (contents garbage; resident pages), if it has one. */
  scratch?(length: number): Uint32Array | undefined;
}

/**
 * Dominator tree and retained sizes over the edges selected by `mask`, from the virtual super-root
 * (graph.superRoot) whose successors are the root nodes.
 *
 * Semi-NCA (Georgiadis/Tarjan) on typed arrays, all in DFS-preorder space (preorder 0 = super-root):
 *   1. iterative DFS (dominator-dfs.ts) → preorder numbers, DFS-tree parents, and the non-tree edges as (target,
 *      source) preorder pairs; edges into root nodes are dropped (a root's semidominator is the
 *      super-root whatever else points at it: in heaps, every instance's edge to a JDK class);
 *   2. those pairs grouped by target (counting sort per bucket, pair-buckets.ts; shared with a
 *      helper thread) — the only predecessors semi-NCA must scan, since a tree edge's source is
 *      the parent, which is the starting candidate;
 *   3. semidominators in reverse preorder with a one-pass eval that halves forest paths;
 *   4. idom = nearest common ancestor walk (idom[w] climbs from parent[w] until ≤ semi[w]);
 *   5. subtree sizes accumulated child → idom in reverse preorder and the dominator tree laid out
 *      in preorder (treeOrder) from them;
 *   6. idom, reachability and retained bytes scattered to node space, the bytes summed child →
 *      idom there.
 * Random access to node-indexed arrays is what costs at heap scale, so phases work on preorder
 * numbers (where a tree is local) and touch node space once per node where they can; dead scratch
 * arrays hold the outputs, so the peak stays near 24 bytes per node plus 4 per non-tree edge.
 * The arrays that become outputs are on shared memory, so the graph thread can read the tree.
 * Forests with forward edges (calling-context trees) skip all of this (forest-dominators.ts).
 * Unreachable nodes keep idom = NO_NODE and are only counted, never attached to the tree.
 */
export function computeDominators(graph: HeapGraph, mask: EdgeMask = STRONG, progress: Progress = silentProgress, helper?: DominatorHelper): DominatorResult {
  progress.phase("dominators: forest check", graph.nodeCount);
  const forest = forestDominators(graph, mask);
  progress.end();
  if (forest) {
    // (spare buffers are for the general path's arrays: a forest graph would hold them for nothing)
    graph.spares.clear();
    return forest;
  }
  const result = dominatorTree(graph, mask, progress, helper);
  // The preorder → node map (4 bytes per node) is garbage now.
  releaseMemory(4 * graph.nodeCount);
  return result;
}

function dominatorTree(graph: HeapGraph, mask: EdgeMask, progress: Progress, helper: DominatorHelper | undefined): DominatorResult {
  const n = graph.nodeCount;

  // ---- 1. DFS ----
  progress.phase("dominators: dfs", n);
  // Over the builder's dropped columns when it left them (their pages are resident: no faults):
  // pre and parent share one buffer as they both become outputs; order, which dies, gets its own.
  const pair = graph.spares.take(8 * (n + 1), true);
  const pre = (pair ? new Uint32Array(pair, 0, n + 1) : new Uint32Array(n + 1)).fill(NO_NODE); // node → preorder (+ROOT_BIT); semidominators; subtree sizes; idom
  const parent = pair ? new Uint32Array(pair, 4 * (n + 1), n + 1) : sharedArray(Uint32Array, n + 1); // preorder → DFS parent; then idom (preorder, later as node ordinals); then treeOrder
  const single = graph.spares.take(4 * (n + 1), false);
  const order = single ? new Uint32Array(single, 0, n + 1) : new Uint32Array(n + 1); // preorder → node
  // Every edge gives at most one pair, and so does each root first reached over an edge.
  const chunks = new PairBuckets(n + 1, graph.edgeCount + n + 1);
  const { count, pairs } = depthFirst(graph, mask, pre, order, parent, chunks, progress);
  progress.end();

  // ---- 2. predecessors over non-tree edges ----
  // Grouped bucket by bucket, by both threads when there is a helper. Not beside semi-NCA: the
  // pairs (8 bytes each) would then still be held while the eval forest fills, and set the peak.
  progress.phase("dominators: predecessors", pairs);
  // Over the thread's finished traversal queues when there are (their pages are resident).
  const predLength = Math.max(n + 1, pairs);
  const pred = helper?.scratch?.(predLength)?.subarray(0, predLength) ?? sharedArray(Uint32Array, predLength); // predecessors; subtree sizes (node space)
  const predStart = helper?.scratch?.(n + 2)?.subarray(0, n + 2) ?? sharedArray(Uint32Array, n + 2); // predecessor CSR; the layout cursor; treePos
  const grouping = pairGrouping(chunks, count, predStart, pred);
  helper?.groupPairs(grouping, n);
  groupAll(grouping);
  grouping.chunks = [];
  chunks.clear();
  // The pairs' pages become the eval forest when they are about its size (no faults), else they go.
  const reused = chunks.takeArena(2 * (n + 1));
  if (!reused) releaseMemory(pairs * 8);
  progress.end();

  // ---- 3+4. semi-NCA ----
  progress.phase("dominators: semi-nca", count);
  const work = reused ?? sharedArray(Uint32Array, 2 * (n + 1)); // eval forest; then retained bytes (Float64 view)
  const semi = pre;
  semiNca(count, parent, predStart, pred, semi, work);
  progress.end();

  // ---- 5+6. subtree sizes and layout in preorder space, then the outputs in node space ----
  // Dead scratch arrays hold the outputs and the rest is released at once, so the peak stays near
  // the semi-NCA phase's (~24 bytes per node plus 4 per non-tree edge).
  progress.phase("dominators: retained", count);
  const objects = graph.count;
  const size = semi;
  subtreeSizes(count, parent, size);
  const cursor = predStart;
  layout(count, parent, size, cursor);
  // Past n + 1 the predecessor array is garbage: keep a view when that is little, else a copy.
  const subtreeSize = pred.length - (n + 1) < n / 4 ? pred.subarray(0, n + 1) : sharedCopy(pred.subarray(0, n + 1));
  subtreeSize.fill(0);
  for (let i = 1; i < count; i++) subtreeSize[order[i]] = size[i];
  subtreeSize[n] = count - 1;
  // One pass per reachable node: idom as a node ordinal (kept in parent, still indexed by
  // preorder, for the sums below) and in node space; then reachability and own bytes in node
  // order. Writing those beside idom (four node-space arrays per preorder step) was 4x slower:
  // 455 ms against 73 + 40 at 11M Go nodes, whose preorder jumps across the address order.
  const idom = pre.subarray(0, n);
  idom.fill(NO_NODE);
  const reachable = new Uint8Array(n);
  const retained = new Float64Array(work.buffer, work.byteOffset, n + 1);
  retained.fill(0);
  const shallow = graph.shallow;
  for (let i = 1; i < count; i++) {
    const v = order[i];
    const d = order[parent[i]];
    parent[i] = d;
    idom[v] = d;
  }
  for (let v = 0; v < n; v++) {
    if (idom[v] !== NO_NODE) {
      reachable[v] = 1;
      retained[v] = shallow[v];
    }
  }
  sumIntoIdoms(count, order, parent, retained);
  const reachableBytes = retained[n];
  let retainedCount: Float64Array | Uint32Array = subtreeSize;
  let reachableObjects = count - 1;
  if (objects) {
    retainedCount = new Float64Array(n + 1);
    for (let v = 0; v < n; v++) if (reachable[v]) retainedCount[v] = objects[v];
    sumIntoIdoms(count, order, parent, retainedCount);
    reachableObjects = retainedCount[n];
  }
  // The idoms by preorder are dead now: their array holds the tree layout.
  const treeOrder = parent.subarray(0, count - 1);
  for (let i = 1; i < count; i++) treeOrder[cursor[i] - 1] = order[i];
  const treePos = predStart.subarray(0, n);
  treePos.fill(NO_NODE);
  for (let k = 0; k < treeOrder.length; k++) treePos[treeOrder[k]] = k;
  progress.end();

  let totalBytes = 0;
  let totalObjects = n;
  for (let v = 0; v < n; v++) totalBytes += shallow[v];
  if (objects) {
    totalObjects = 0;
    for (let v = 0; v < n; v++) totalObjects += objects[v];
  }

  return {
    idom,
    retained,
    retainedCount,
    subtreeSize,
    reachable,
    reachableCount: count - 1,
    unreachableCount: n - (count - 1),
    unreachableBytes: totalBytes - reachableBytes,
    unreachableObjects: totalObjects - reachableObjects,
    treeOrder,
    treePos,
    mask,
  };
}

/**
 * Semi-NCA in preorder space. On return parent[i] holds idom (preorder) of i and semi[i] its
 * semidominator. The eval forest keeps, per linked node, its forest ancestor and the smallest
 * semidominator on the path up to that ancestor ("best") interleaved in `forest` (2 × count), so
 * one climb step touches one cache line; semi-NCA only needs that minimum, never the label node
 * itself. Path halving instead of full compression: ~10% faster at 25M nodes (no stack, and each
 * node passed is written once).
 */
function semiNca(
  count: number,
  parent: Uint32Array,
  predStart: Uint32Array,
  pred: Uint32Array,
  semi: Uint32Array,
  forest: Uint32Array,
): void {
  // All entries first: setting each as its node is processed measured 4% slower at 25M nodes.
  for (let i = 0; i < count; i++) {
    forest[2 * i] = parent[i];
    forest[2 * i + 1] = i;
  }
  for (let w = count - 1; w >= 1; w--) {
    let s = parent[w];
    // A DFS child of the super-root (a root) cannot do better than 0.
    if (s !== 0) {
      for (let k = predStart[w], end = predStart[w + 1]; k < end; k++) {
        const v = pred[k];
        // eval(v): a node numbered ≤ w is not processed yet, so its semi is still v itself: no
        // memory read needed (forward edges and the super-root's edges to roots).
        if (v <= w) {
          if (v < s) s = v;
          continue;
        }
        // eval(v) with path halving: climb to the topmost linked ancestor (whose own ancestor is
        // ≤ w), pointing each node passed at its grandparent and folding the skipped node's
        // smallest semidominator into its own, so later climbs are shorter. One pass, no stack.
        let x = v;
        let best = forest[2 * x + 1];
        let a = forest[2 * x];
        while (a > w) {
          const aa = forest[2 * a];
          const ba = forest[2 * a + 1];
          if (ba < best) best = ba;
          if (aa <= w) break; // a is the topmost linked node
          if (ba < forest[2 * x + 1]) forest[2 * x + 1] = ba;
          forest[2 * x] = aa;
          x = aa;
          const bx = forest[2 * x + 1];
          if (bx < best) best = bx;
          a = forest[2 * x];
        }
        if (best < s) {
          s = best;
          // Nothing is below the super-root: the rest of the predecessors cannot change s (a
          // class object reached from a root numbered after it has a million instances left).
          if (s === 0) break;
        }
      }
    }
    semi[w] = s;
    forest[2 * w + 1] = s;
  }
  // NCA: idom(w) is the deepest DFS-tree ancestor of parent(w) numbered ≤ semi(w).
  for (let w = 1; w < count; w++) {
    const sw = semi[w];
    let d = parent[w];
    while (d > sw) d = parent[d];
    parent[w] = d;
  }
}

/** Dominator-subtree sizes in preorder space, accumulated child → idom in reverse preorder. */
function subtreeSizes(count: number, idomPre: Uint32Array, size: Uint32Array): void {
  size[0] = 0;
  for (let i = 1; i < count; i++) size[i] = 1;
  for (let i = count - 1; i >= 1; i--) size[idomPre[i]] += size[i];
}

/**
 * Retained sums in node space (index n = the super-root): each node's own value is already in
 * `out`; it is added to its idom's in reverse preorder (children before their idom). The loads of
 * one iteration do not depend on the previous one, so the random accesses overlap.
 */
function sumIntoIdoms(count: number, order: Uint32Array, idomNode: Uint32Array, out: Float64Array): void {
  for (let i = count - 1; i >= 1; i--) out[idomNode[i]] += out[order[i]];
}

/**
 * The dominator tree in preorder (children in DFS order), from subtree sizes in one forward pass
 * (an idom is always numbered before its children): on return cursor[i] = position of i in the
 * layout + 1, and cursor[0] = 0 (the super-root, not in the layout).
 */
function layout(count: number, idomPre: Uint32Array, size: Uint32Array, cursor: Uint32Array): void {
  cursor[0] = 0;
  for (let i = 1; i < count; i++) {
    const p = idomPre[i];
    const k = cursor[p];
    cursor[p] = k + size[i];
    cursor[i] = k + 1;
  }
  // cursor[i] advanced past i's subtree (position + size); step back to position + 1.
  for (let i = 1; i < count; i++) cursor[i] = cursor[i] - size[i] + 1;
  cursor[0] = 0;
}

function sharedCopy(a: Uint32Array): Uint32Array {
  const b = sharedArray(Uint32Array, a.length);
  b.set(a);
  return b;
}

// Tree accessors (children, sorted children, dominance, retained sets) and the `dominators`
// command's printable slice; re-exported for callers of this module.
export { childCount, dominatedBy, dominates, forEachChild, retainedSet } from "./dominator-tree.ts";
export { dominatorSubtree, type SubtreeNode, type SubtreeOptions } from "./subgraph.ts";
