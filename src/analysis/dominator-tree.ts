// Reading the dominator tree that computeDominators lays out in preorder (treeOrder, treePos,
// subtreeSize): children, children sorted by retained size, dominance, retained sets.
import type { HeapGraph, InputInfo } from "../graph/heap-graph.ts";
import { NO_NODE, type DominatorResult } from "./types.ts";

/** Shallow bytes of an input's reachable nodes (a process's live heap): the super-root's retained size when the input is the whole graph. */
export function reachableBytesOf(graph: HeapGraph, dom: DominatorResult, inp: InputInfo): number {
  if (inp.firstNode === 0 && inp.endNode === graph.nodeCount) return dom.retained[graph.nodeCount];
  let sum = 0;
  const reach = dom.reachable;
  const shallow = graph.shallow;
  for (let v = inp.firstNode; v < inp.endNode; v++) if (reach[v]) sum += shallow[v];
  return sum;
}

/** Position range [start, end) of a node's children in dom.treeOrder; empty when unreachable. */
function childRange(dom: DominatorResult, node: number): [number, number] {
  const n = dom.treePos.length;
  if (node === n) return [0, dom.treeOrder.length];
  if (node < 0 || node > n) return [0, 0];
  const p = dom.treePos[node];
  if (p === NO_NODE) return [0, 0];
  return [p + 1, p + dom.subtreeSize[node]];
}

/** Calls f for each child of `node` in the dominator tree (`graph.superRoot` for the top level), in layout order. */
export function forEachChild(dom: DominatorResult, node: number, f: (child: number) => void): void {
  const { treeOrder, subtreeSize } = dom;
  let [k, end] = childRange(dom, node);
  while (k < end) {
    const c = treeOrder[k];
    f(c);
    k += subtreeSize[c];
  }
}

/**
 * One pass over a node's children: how many there are, the one that retains most (the first in
 * layout order among equals, as largestChildren(dom, node, 1)), and those retaining at least
 * `minRetained`, largest first (as largestChildren(dom, node, Infinity, minRetained)). For callers
 * that need all three of a node with millions of children.
 */
export function childSummary(dom: DominatorResult, node: number, minRetained: number): { count: number; largest: number; above: Uint32Array } {
  const { treeOrder, subtreeSize, retained } = dom;
  let [k, end] = childRange(dom, node);
  let count = 0;
  let largest = -1;
  const kept: number[] = [];
  while (k < end) {
    const c = treeOrder[k];
    const r = retained[c];
    if (largest < 0 || r > retained[largest]) largest = c;
    if (r >= minRetained) kept.push(c);
    count++;
    k += subtreeSize[c];
  }
  const above = Uint32Array.from(kept);
  sortByRetained(above, retained);
  return { count, largest, above };
}

/** Number of children of `node` in the dominator tree. */
export function childCount(dom: DominatorResult, node: number): number {
  let c = 0;
  forEachChild(dom, node, () => c++);
  return c;
}

// Sorted child lists of many entries (the super-root's) are asked for several times per analysis.
const sortedCache = new WeakMap<DominatorResult, Map<number, Uint32Array>>();

/** Children of a node in the dominator tree, largest retained first (ties in layout order); `graph.superRoot` for the top level. */
export function dominatedBy(dom: DominatorResult, node: number): Uint32Array {
  const cached = sortedCache.get(dom)?.get(node);
  if (cached) return cached;
  const list = new Uint32Array(childCount(dom, node));
  let i = 0;
  forEachChild(dom, node, (c) => {
    list[i++] = c;
  });
  sortByRetained(list, dom.retained);
  if (list.length >= 4096) {
    let m = sortedCache.get(dom);
    if (!m) sortedCache.set(dom, (m = new Map()));
    m.set(node, list);
  }
  return list;
}

/** Sorts nodes by retained desc, stable (ties keep their order). */
function sortByRetained(list: Uint32Array, retained: Float64Array): void {
  const len = list.length;
  if (len > 24) {
    sortLong(list, retained);
    return;
  }
  for (let i = 1; i < len; i++) {
    const x = list[i];
    const rx = retained[x];
    let j = i - 1;
    while (j >= 0) {
      const y = list[j];
      if (retained[y] >= rx) break;
      list[j + 1] = y;
      j--;
    }
    list[j + 1] = x;
  }
}

/**
 * Sorts by retained desc, stable, without a comparator: each element becomes the integer key
 * (T - 1 - retained) · 2^b + position, exact below 2^53, and Float64Array#sort orders those
 * natively. Elements retaining ≥ T bytes (T = 2^(53-b)) are few (their sum is bounded by the heap)
 * and all come first; they are sorted with a comparator.
 */
function sortLong(list: Uint32Array, retained: Float64Array): void {
  const len = list.length;
  const b = Math.max(1, Math.ceil(Math.log2(len + 1)));
  const shift = 2 ** b;
  const limit = 2 ** (53 - b);
  const big: number[] = [];
  const keys = new Float64Array(len);
  let k = 0;
  for (let i = 0; i < len; i++) {
    const r = retained[list[i]];
    if (!Number.isInteger(r) || r < 0) {
      // Fractional sizes cannot be packed: plain comparator sort over positions (stable).
      const pos = Uint32Array.from({ length: len }, (_, j) => j);
      const copy = list.slice();
      pos.sort((x, y) => retained[copy[y]] - retained[copy[x]] || x - y);
      for (let j = 0; j < len; j++) list[j] = copy[pos[j]];
      return;
    }
    if (r >= limit) big.push(i);
    else keys[k++] = (limit - 1 - r) * shift + i;
  }
  const small = keys.subarray(0, k);
  small.sort();
  const copy = list.slice();
  big.sort((x, y) => retained[copy[y]] - retained[copy[x]] || x - y);
  let out = 0;
  for (const i of big) list[out++] = copy[i];
  for (let j = 0; j < k; j++) {
    const key = small[j];
    list[out++] = copy[key - Math.floor(key / shift) * shift];
  }
}

/** True when `a` dominates `b` (reflexive); O(1) over the preorder layout. */
export function dominates(dom: DominatorResult, a: number, b: number): boolean {
  const superRoot = dom.idom.length;
  if (a === superRoot) return b === superRoot || dom.reachable[b] === 1;
  if (b === superRoot || dom.reachable[a] !== 1 || dom.reachable[b] !== 1) return false;
  const pa = dom.treePos[a];
  const pb = dom.treePos[b];
  return pa <= pb && pb < pa + dom.subtreeSize[a];
}

/**
 * The retained set of a node: every node it dominates, itself first (a view into dom.treeOrder;
 * empty when unreachable). The super-root's retained set is every reachable node.
 */
export function retainedSet(dom: DominatorResult, node: number): Uint32Array {
  const order = dom.treeOrder;
  if (node === dom.idom.length) return order;
  if (node < 0 || node >= dom.idom.length || dom.reachable[node] !== 1) return order.subarray(0, 0);
  const k = dom.treePos[node];
  return order.subarray(k, k + dom.subtreeSize[node]);
}

/**
 * The `k` children of `node` that retain most (ties in layout order), among those retaining at
 * least `minRetained`, largest first. A bounded heap over the children, so asking for the top 25
 * of a million children (the GC roots' level) costs one pass instead of a full sort.
 */
export function largestChildren(dom: DominatorResult, node: number, k = Infinity, minRetained = -Infinity): Uint32Array {
  const retained = dom.retained;
  // All of them, or a list sorted already: the sorted list's prefix.
  const sorted = sortedCache.get(dom)?.get(node) ?? (k < Infinity || minRetained > -Infinity ? undefined : dominatedBy(dom, node));
  if (sorted) {
    let m = 0;
    while (m < sorted.length && m < k && retained[sorted[m]] >= minRetained) m++;
    return sorted.subarray(0, m);
  }
  if (k === Infinity) {
    // All children above a threshold (the suspects' walk): sort only those, not a million small ones.
    const kept: number[] = [];
    forEachChild(dom, node, (c) => {
      if (retained[c] >= minRetained) kept.push(c);
    });
    const list = Uint32Array.from(kept);
    sortByRetained(list, retained);
    return list;
  }
  // Min-heap of the best k so far by (retained desc, arrival asc): the root is the worst kept.
  const cap = Math.max(0, Math.floor(k));
  const heapNode = new Uint32Array(cap);
  const heapSeq = new Float64Array(cap);
  let size = 0;
  let seq = 0;
  const worse = (i: number, j: number): boolean => {
    const ri = retained[heapNode[i]];
    const rj = retained[heapNode[j]];
    return ri < rj || (ri === rj && heapSeq[i] > heapSeq[j]);
  };
  const swap = (i: number, j: number): void => {
    const n = heapNode[i];
    heapNode[i] = heapNode[j];
    heapNode[j] = n;
    const s = heapSeq[i];
    heapSeq[i] = heapSeq[j];
    heapSeq[j] = s;
  };
  forEachChild(dom, node, (c) => {
    const r = retained[c];
    const at = seq++;
    if (r < minRetained || cap === 0) return;
    if (size < cap) {
      let i = size++;
      heapNode[i] = c;
      heapSeq[i] = at;
      while (i > 0 && worse(i, (i - 1) >> 1)) {
        swap(i, (i - 1) >> 1);
        i = (i - 1) >> 1;
      }
      return;
    }
    // Replace the worst kept when c beats it (later arrivals lose ties).
    if (r <= retained[heapNode[0]]) return;
    heapNode[0] = c;
    heapSeq[0] = at;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const rr = l + 1;
      let w = i;
      if (l < size && worse(l, w)) w = l;
      if (rr < size && worse(rr, w)) w = rr;
      if (w === i) break;
      swap(i, w);
      i = w;
    }
  });
  // Layout order first, then a stable sort by retained: ties keep layout order.
  const idx = Array.from({ length: size }, (_, i) => i).sort((a, b) => heapSeq[a] - heapSeq[b]);
  const list = Uint32Array.from(idx, (i) => heapNode[i]);
  sortByRetained(list, retained);
  return list;
}
