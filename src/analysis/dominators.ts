import type { HeapGraph } from "../graph/heap-graph.ts";
import { silentProgress, type Progress } from "../io/progress.ts";
import { STRONG, type EdgeMask } from "./edge-policy.ts";
import { NO_NODE, type DominatorResult } from "./types.ts";

/**
 * Dominator tree and retained sizes over the edges selected by `mask`, from the virtual super-root
 * (graph.superRoot) whose successors are the root nodes.
 *
 * Semi-NCA (Georgiadis/Tarjan) on typed arrays, all in DFS-preorder space (preorder 0 = super-root):
 *   1. iterative DFS → preorder numbers, DFS-tree parents;
 *   2. masked predecessor lists in preorder space (one reverse CSR; same mask as the DFS — a
 *      mismatch gives wrong trees);
 *   3. semidominators in reverse preorder with an iterative, path-compressing eval;
 *   4. idom = nearest common ancestor walk (idom[w] climbs from parent[w] until ≤ semi[w]);
 *   5. retained bytes / objects accumulated child → idom in reverse preorder, then scattered to
 *      node space; the tree's own preorder layout (treeOrder/treeEnd) from subtree sizes;
 *   6. children CSR, each list sorted by retained size.
 * Random access to node-indexed arrays is what costs at heap scale, so phases work on preorder
 * numbers (where a tree is local) and touch node space once per node where they can.
 * Unreachable nodes keep idom = NO_NODE and are only counted, never attached to the tree.
 */
export function computeDominators(graph: HeapGraph, mask: EdgeMask = STRONG, progress: Progress = silentProgress): DominatorResult {
  const n = graph.nodeCount;

  // ---- 1+2. DFS, predecessors ----
  const { count, pre, order, parent, work, predStart, pred } = dfsAndPredecessors(graph, mask, progress);

  // ---- 3+4. semi-NCA ----
  progress.phase("dominators: semi-nca", count);
  // `pre` is dead from here on: it holds semidominators; `work` holds the eval forest; the output
  // idom array is the eval stack until it is filled.
  const semi = pre;
  const idom = new Uint32Array(n);
  semiNca(count, parent, predStart, pred, semi, work, idom);
  progress.end();

  // ---- 5. retained sizes, idom in node space ----
  progress.phase("dominators: retained", count);
  const retained = new Float64Array(n + 1);
  const retainedCount = new Float64Array(n + 1);
  const reachable = new Uint8Array(n);
  // Dominator-subtree sizes in nodes (preorder space; semidominators are dead).
  const subtreeSize = pre;
  subtreeSize.fill(1, 0, count);
  subtreeSize[0] = 0;
  for (let i = count - 1; i >= 1; i--) subtreeSize[parent[i]] += subtreeSize[i];
  const stats = accumulate(graph, count, order, parent, idom, retained, retainedCount, reachable, subtreeSize);
  const treeOrder = new Uint32Array(count - 1);
  const treeEnd = new Uint32Array(count - 1);
  treeLayout(count, order, parent, subtreeSize, work, treeOrder, treeEnd);
  progress.end();

  // ---- 6. dominator-tree children, built and sorted in preorder space, then mapped ----
  progress.phase("dominators: tree", count);
  const childStart = new Uint32Array(n + 2);
  const children = new Uint32Array(count - 1);
  // pred/predStart are dead: they hold the preorder-space child lists (pred.length ≥ count - 1).
  childrenCsr(n, count, order, parent, retained, childStart, children, predStart, pred, work);
  progress.end();

  return {
    idom,
    retained,
    retainedCount,
    reachable,
    reachableCount: count - 1,
    unreachableCount: n - (count - 1),
    unreachableBytes: stats.unreachableBytes,
    unreachableObjects: stats.unreachableObjects,
    childStart,
    children,
    treeOrder,
    treeEnd,
    mask,
  };
}

/**
 * Lays the dominator tree out in preorder (children in graph-DFS order): treeOrder[k] is a node,
 * and its dominator subtree is treeOrder[k .. treeEnd[k]). Computed from subtree sizes in one
 * forward pass over preorder numbers (a parent is always numbered before its children).
 */
function treeLayout(
  count: number,
  order: Uint32Array,
  idomPre: Uint32Array,
  subtreeSize: Uint32Array,
  next: Uint32Array,
  treeOrder: Uint32Array,
  treeEnd: Uint32Array,
): void {
  next[0] = 0;
  for (let i = 1; i < count; i++) {
    const p = idomPre[i];
    const k = next[p];
    const size = subtreeSize[i];
    next[p] = k + size;
    next[i] = k + 1;
    treeOrder[k] = order[i];
    treeEnd[k] = k + size;
  }
}

/** Phases 1 and 2; the DFS's per-edge scratch is dropped on return. */
function dfsAndPredecessors(graph: HeapGraph, mask: EdgeMask, progress: Progress) {
  const n = graph.nodeCount;
  progress.phase("dominators: dfs", n);
  const pre = new Uint32Array(n + 1).fill(NO_NODE); // node → preorder number
  const order = new Uint32Array(n + 1); // preorder number → node
  const parent = new Uint32Array(n + 2); // preorder → DFS parent preorder (later: idom in preorder space)
  // Preorder number of each masked edge's target, written while the DFS examines the edge anyway,
  // so the predecessor pass reads it sequentially instead of looking up pre[edgeTo[e]] at random.
  // 0 (the super-root, never an edge target) marks edges the DFS skipped.
  const targetPre = new Uint32Array(graph.edgeCount);
  // DFS stacks now, the semi-NCA eval forest (2 × count, interleaved) and tree scratch later.
  const work = new Uint32Array(2 * (n + 2));
  const count = depthFirst(graph, mask, pre, order, parent, targetPre, work.subarray(0, n + 2), work.subarray(n + 2), progress);
  progress.end();
  progress.phase("dominators: predecessors", n);
  const { predStart, pred } = predecessors(graph, pre, targetPre, count);
  progress.end();
  return { count, pre, order, parent, work, predStart, pred };
}

/** Iterative DFS from the super-root (preorder 0). Returns the number of visited nodes including the super-root. */
function depthFirst(
  graph: HeapGraph,
  mask: EdgeMask,
  pre: Uint32Array,
  order: Uint32Array,
  parent: Uint32Array,
  targetPre: Uint32Array,
  stackNode: Uint32Array,
  stackEdge: Uint32Array,
  progress: Progress,
): number {
  const n = graph.nodeCount;
  const edgeStart = graph.edgeStart;
  const edgeTo = graph.edgeTo;
  const edgeKind = graph.edgeKind;
  const roots = graph.rootNode;
  pre[n] = 0;
  order[0] = n;
  parent[0] = 0;
  let cnt = 1;
  for (let r = 0; r < roots.length; r++) {
    const root = roots[r];
    if (root >= n || pre[root] !== NO_NODE) continue;
    pre[root] = cnt;
    order[cnt] = root;
    parent[cnt] = 0;
    cnt++;
    let sp = 0;
    stackNode[0] = root;
    stackEdge[0] = edgeStart[root];
    while (sp >= 0) {
      const v = stackNode[sp];
      let e = stackEdge[sp];
      const end = edgeStart[v + 1];
      let w = NO_NODE;
      for (; e < end; e++) {
        if (mask[edgeKind[e]] === 0) continue;
        const t = edgeTo[e];
        const pt = pre[t];
        if (pt === NO_NODE) {
          w = t;
          break;
        }
        targetPre[e] = pt;
      }
      if (w === NO_NODE) {
        sp--;
        continue;
      }
      stackEdge[sp] = e + 1;
      targetPre[e] = cnt;
      pre[w] = cnt;
      order[cnt] = w;
      parent[cnt] = pre[v];
      cnt++;
      sp++;
      stackNode[sp] = w;
      stackEdge[sp] = edgeStart[w];
      if ((cnt & 0xfffff) === 0) progress.tick(cnt);
    }
  }
  return cnt;
}

/** Masked reverse CSR between reachable nodes, in preorder numbers; roots get the super-root (0) as a predecessor. */
function predecessors(graph: HeapGraph, pre: Uint32Array, targetPre: Uint32Array, count: number): { predStart: Uint32Array; pred: Uint32Array } {
  const n = graph.nodeCount;
  const edgeStart = graph.edgeStart;
  const roots = graph.rootNode;
  const predStart = new Uint32Array(count + 1);
  let total = 0;
  for (let v = 0; v < n; v++) {
    if (pre[v] === NO_NODE) continue;
    for (let e = edgeStart[v], end = edgeStart[v + 1]; e < end; e++) {
      const pw = targetPre[e];
      if (pw === 0) continue;
      predStart[pw + 1]++;
      total++;
    }
  }
  for (let r = 0; r < roots.length; r++) {
    if (roots[r] >= n) continue;
    predStart[pre[roots[r]] + 1]++;
    total++;
  }
  for (let i = 0; i < count; i++) predStart[i + 1] += predStart[i];
  const pred = new Uint32Array(Math.max(total, count));
  // Fill from the back: predStart[w+1] counts down to the start of w's list, then shift once.
  for (let v = n - 1; v >= 0; v--) {
    const pv = pre[v];
    if (pv === NO_NODE) continue;
    for (let e = edgeStart[v], end = edgeStart[v + 1]; e < end; e++) {
      const pw = targetPre[e];
      if (pw === 0) continue;
      pred[--predStart[pw + 1]] = pv;
    }
  }
  for (let r = 0; r < roots.length; r++) {
    if (roots[r] >= n) continue;
    pred[--predStart[pre[roots[r]] + 1]] = 0;
  }
  // Now predStart[w+1] = start of w's list; shift back into CSR form.
  for (let i = 0; i < count; i++) predStart[i] = predStart[i + 1];
  predStart[count] = total;
  return { predStart, pred };
}

/**
 * Semi-NCA in preorder space. On return parent[i] holds idom (preorder) of i and semi[i] its
 * semidominator. The eval forest keeps, per linked node, its forest ancestor and the smallest
 * semidominator on its compressed path ("best") interleaved in `forest` (2 × count), so one climb
 * step touches one cache line; semi-NCA only needs that minimum, never the label node itself.
 * `stack` is scratch (size ≥ count).
 */
function semiNca(
  count: number,
  parent: Uint32Array,
  predStart: Uint32Array,
  pred: Uint32Array,
  semi: Uint32Array,
  forest: Uint32Array,
  stack: Uint32Array,
): void {
  for (let i = 0; i < count; i++) {
    forest[2 * i] = parent[i];
    forest[2 * i + 1] = i;
    semi[i] = i;
  }
  for (let w = count - 1; w >= 1; w--) {
    let s = parent[w];
    for (let k = predStart[w], end = predStart[w + 1]; k < end; k++) {
      const v = pred[k];
      // eval(v): a node numbered ≤ w is not processed yet, so its semi is still v itself: no
      // memory read needed (the common case: tree and back edges).
      if (v <= w) {
        if (v < s) s = v;
        continue;
      }
      // Climb to the topmost linked ancestor (whose own ancestor is ≤ w), pushing the path.
      let sp = 0;
      let x = v;
      let a = forest[2 * x];
      while (a > w) {
        stack[sp++] = x;
        x = a;
        a = forest[2 * x];
      }
      // Compress top-down: each node on the path points at the forest root and keeps the
      // smallest semidominator seen on the way down.
      let top = x;
      while (sp > 0) {
        const y = stack[--sp];
        const bt = forest[2 * top + 1];
        if (bt < forest[2 * y + 1]) forest[2 * y + 1] = bt;
        forest[2 * y] = forest[2 * top];
        top = y;
      }
      const best = forest[2 * v + 1];
      if (best < s) s = best;
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

/**
 * Retained bytes/objects accumulated child → idom in reverse preorder (in preorder space, where
 * the tree is local), then scattered to node space with idom and reachable.
 */
function accumulate(
  graph: HeapGraph,
  count: number,
  order: Uint32Array,
  idomPre: Uint32Array,
  idom: Uint32Array,
  retained: Float64Array,
  retainedCount: Float64Array,
  reachable: Uint8Array,
  subtreeSize: Uint32Array,
): { unreachableBytes: number; unreachableObjects: number } {
  const n = graph.nodeCount;
  const shallow = graph.shallow;
  const objects = graph.count;
  // Bytes in preorder space. Without aggregated counts, retainedCount is free until the end and
  // serves as this scratch; subtree sizes then go through the Uint32 scratch.
  const bytesPre = objects ? new Float64Array(count) : retainedCount;
  for (let i = 1; i < count; i++) bytesPre[i] = shallow[order[i]];
  bytesPre[0] = 0;
  for (let i = count - 1; i >= 1; i--) bytesPre[idomPre[i]] += bytesPre[i];
  let reachableBytes = 0;
  idom.fill(NO_NODE);
  for (let i = 1; i < count; i++) {
    const v = order[i];
    retained[v] = bytesPre[i];
    idom[v] = order[idomPre[i]];
    reachable[v] = 1;
    reachableBytes += shallow[v];
  }
  retained[n] = bytesPre[0];
  let reachableObjects = 0;
  if (objects) {
    // Aggregating nodes (pprof sites): objects are Float64 like bytes; reuse the bytes array.
    const objPre = bytesPre;
    objPre[0] = 0;
    for (let i = 1; i < count; i++) objPre[i] = objects[order[i]];
    for (let i = count - 1; i >= 1; i--) objPre[idomPre[i]] += objPre[i];
    for (let i = 1; i < count; i++) {
      retainedCount[order[i]] = objPre[i];
      reachableObjects += objects[order[i]];
    }
    retainedCount[n] = objPre[0];
  } else {
    // One object per node: retained count = dominator-subtree size (computed by the caller).
    retainedCount.fill(0);
    for (let i = 1; i < count; i++) retainedCount[order[i]] = subtreeSize[i];
    retainedCount[n] = subtreeSize[0];
    reachableObjects = count - 1;
  }
  let totalBytes = 0;
  let totalObjects = 0;
  for (let v = 0; v < n; v++) {
    totalBytes += shallow[v];
    totalObjects += objects ? objects[v] : 1;
  }
  return { unreachableBytes: totalBytes - reachableBytes, unreachableObjects: totalObjects - reachableObjects };
}

/**
 * Dominator-tree children CSR in node space (index n = super-root), each list sorted by retained
 * desc, then ordinal. Lists are built and sorted in preorder space (children sit near their
 * parent there), then copied: `startPre`, `listPre` and `countPre` are dead arrays reused as scratch.
 */
function childrenCsr(
  n: number,
  count: number,
  order: Uint32Array,
  idomPre: Uint32Array,
  retained: Float64Array,
  childStart: Uint32Array,
  children: Uint32Array,
  startPre: Uint32Array,
  listPre: Uint32Array,
  countPre: Uint32Array,
): void {
  countPre.fill(0, 0, count + 1);
  for (let i = 1; i < count; i++) countPre[idomPre[i]]++;
  // Node-space starts: scatter counts, prefix-sum in node order.
  for (let p = 0; p < count; p++) childStart[order[p] + 1] = countPre[p];
  for (let v = 0; v <= n; v++) childStart[v + 1] += childStart[v];
  // Preorder-space lists: children appended in increasing preorder.
  startPre[0] = 0;
  for (let p = 0; p < count; p++) startPre[p + 1] = startPre[p] + countPre[p];
  for (let p = 0; p < count; p++) countPre[p] = startPre[p];
  for (let i = 1; i < count; i++) listPre[countPre[idomPre[i]]++] = i;
  // Sort each list by retained desc, then preorder (lists are filled in increasing preorder), and
  // copy out. Long lists (children of roots can number millions) use a native numeric sort.
  let longest = 0;
  for (let p = 0; p < count; p++) if (startPre[p + 1] - startPre[p] > longest) longest = startPre[p + 1] - startPre[p];
  const keys = longest > 24 ? new Float64Array(longest) : undefined;
  for (let p = 0; p < count; p++) {
    const s = startPre[p];
    const e = startPre[p + 1];
    const len = e - s;
    if (len === 0) continue;
    if (len > 24) sortLong(listPre, s, e, order, retained, keys!);
    else if (len > 1) {
      for (let i = s + 1; i < e; i++) {
        const x = listPre[i];
        const rx = retained[order[x]];
        let j = i - 1;
        while (j >= s) {
          const y = listPre[j];
          if (retained[order[y]] >= rx) break;
          listPre[j + 1] = y;
          j--;
        }
        listPre[j + 1] = x;
      }
    }
    let dst = childStart[order[p]];
    for (let k = s; k < e; k++) children[dst++] = order[listPre[k]];
  }
}

/**
 * Sorts list[s..e) (preorder numbers, ascending) by retained desc, stable, without a comparator:
 * each element becomes the integer key (T - 1 - retained) · 2^b + position, exact below 2^53, and
 * Float64Array#sort orders those natively. Children retaining ≥ T bytes (T = 2^(53-b)) are few
 * (their sum is bounded by the heap) and all come first; they are sorted with a comparator.
 */
function sortLong(list: Uint32Array, s: number, e: number, order: Uint32Array, retained: Float64Array, keys: Float64Array): void {
  const len = e - s;
  const b = Math.max(1, Math.ceil(Math.log2(len + 1)));
  const shift = 2 ** b;
  const limit = 2 ** (53 - b);
  const big: number[] = [];
  let k = 0;
  for (let i = s; i < e; i++) {
    const c = list[i];
    const r = retained[order[c]];
    if (!Number.isInteger(r) || r < 0) {
      // Fractional sizes cannot be packed: plain comparator sort (stable: ties keep preorder).
      list.subarray(s, e).sort((x, y) => retained[order[y]] - retained[order[x]] || x - y);
      return;
    }
    if (r >= limit) big.push(c);
    else keys[k++] = (limit - 1 - r) * shift + (i - s);
  }
  const small = keys.subarray(0, k);
  small.sort();
  const tmp = new Uint32Array(len);
  big.sort((x, y) => retained[order[y]] - retained[order[x]] || x - y);
  let out = 0;
  for (const c of big) tmp[out++] = c;
  for (let i = 0; i < k; i++) {
    const key = small[i];
    const pos = key - Math.floor(key / shift) * shift;
    tmp[out++] = list[s + pos];
  }
  list.set(tmp, s);
}

/** Children of a node in the dominator tree (largest retained first); `graph.superRoot` for the top level. */
export function dominatedBy(dom: DominatorResult, node: number): Uint32Array {
  return dom.children.subarray(dom.childStart[node], dom.childStart[node + 1]);
}

// Position of each node in dom.treeOrder (NO_NODE when unreachable), built on first use.
const treePositions = new WeakMap<DominatorResult, Uint32Array>();

function treePosition(dom: DominatorResult): Uint32Array | undefined {
  const order = dom.treeOrder;
  if (!order) return undefined;
  let pos = treePositions.get(dom);
  if (!pos) {
    pos = new Uint32Array(dom.idom.length).fill(NO_NODE);
    for (let k = 0; k < order.length; k++) pos[order[k]] = k;
    treePositions.set(dom, pos);
  }
  return pos;
}

/** True when `a` dominates `b` (reflexive). O(1) with the preorder layout, else walks b's idom chain. */
export function dominates(dom: DominatorResult, a: number, b: number): boolean {
  const superRoot = dom.idom.length;
  if (a === superRoot) return b === superRoot || dom.reachable[b] === 1;
  if (b === superRoot || dom.reachable[a] !== 1 || dom.reachable[b] !== 1) return false;
  const pos = treePosition(dom);
  if (pos && dom.treeEnd) {
    const pa = pos[a];
    const pb = pos[b];
    return pa <= pb && pb < dom.treeEnd[pa];
  }
  for (let x = b; x !== NO_NODE && x !== superRoot; x = dom.idom[x]) if (x === a) return true;
  return false;
}

/**
 * The retained set of a node: every node it dominates, itself first (a view into dom.treeOrder;
 * empty when unreachable). The super-root's retained set is every reachable node.
 */
export function retainedSet(dom: DominatorResult, node: number): Uint32Array {
  const order = dom.treeOrder;
  const end = dom.treeEnd;
  if (!order || !end) throw new Error("retainedSet needs a DominatorResult with treeOrder/treeEnd (from computeDominators)");
  if (node === dom.idom.length) return order;
  if (node < 0 || node >= dom.idom.length || dom.reachable[node] !== 1) return order.subarray(0, 0);
  const k = treePosition(dom)![node];
  return order.subarray(k, end[k]);
}

// The `dominators` command's printable slice lives in subgraph.ts; re-exported for callers of this module.
export { dominatorSubtree, type SubtreeNode, type SubtreeOptions } from "./subgraph.ts";
