// The dominators' DFS from the super-root: preorder numbers, DFS-tree parents and the non-tree
// edges as (target, source) preorder pairs. Two walks that give the same preorder and pairs; which
// one is faster depends on how well the node order follows the walk.
import { grown } from "../graph/growable.ts";
import type { HeapGraph } from "../graph/heap-graph.ts";
import type { Progress } from "../io/progress.ts";
import type { EdgeMask } from "./edge-policy.ts";
import { BUCKET_BITS, type PairBuckets } from "./pair-buckets.ts";
import { NO_NODE } from "./types.ts";

/** Marks a root node's preorder number in `pre` during the DFS (its semidominator is the super-root). */
const ROOT_BIT = 0x80000000;
/** A root node not numbered yet. */
const ROOT_PENDING = 0xfffffffe;

export type Walk = typeof firstUnvisitedWalk;

/**
 * Iterative DFS from the super-root (preorder 0), roots in record order, into `pre` (node →
 * preorder, ROOT_BIT on roots; NO_NODE-filled on entry), `order` (preorder → node), `parent`
 * (preorder → DFS parent) and `chunks` (pairs; edges into roots dropped, and a root first reached
 * over an edge gets the super-root as a predecessor). Returns the number of visited nodes
 * including the super-root, and the number of pairs collected.
 */
export function depthFirst(graph: HeapGraph, mask: EdgeMask, pre: Uint32Array, order: Uint32Array, parent: Uint32Array, chunks: PairBuckets, progress: Progress): { count: number; pairs: number } {
  return walkFor(graph)(graph, mask, pre, order, parent, chunks, progress);
}

/**
 * Both walks' start: the super-root at preorder 0, and every root marked ROOT_PENDING. Every root
 * is known before the walk, so an edge into one that was numbered already can be recognised
 * (ROOT_BIT) and dropped, and one reached over an edge first still gets the super-root.
 */
function startWalk(graph: HeapGraph, pre: Uint32Array, order: Uint32Array, parent: Uint32Array): void {
  const n = graph.nodeCount;
  const roots = graph.rootNode;
  for (let r = 0; r < roots.length; r++) if (roots[r] < n) pre[roots[r]] = ROOT_PENDING;
  order[0] = n;
  parent[0] = 0;
}

/** Go heap dumps number objects in dump order (span by span, size classes interleaved), far from the walk's order: push all. */
export function walkFor(graph: HeapGraph): Walk {
  return graph.inputs.length > 0 && graph.inputs.every((i) => i.format === "godump") ? pushAllWalk : firstUnvisitedWalk;
}

/**
 * Stops at each node's first unvisited target and descends: 2 words of stack per level. Best
 * when the node order follows the walk (HPROF: allocation order), so the loads it waits for hit
 * the cache: at 25M nodes 0.2–0.25 s faster than pushing all targets, whose stack put ~150 MB on
 * the peak (1,993–2,004 MB against 1,839–1,849 MB).
 */
export function firstUnvisitedWalk(
  graph: HeapGraph,
  mask: EdgeMask,
  pre: Uint32Array,
  order: Uint32Array,
  parent: Uint32Array,
  chunks: PairBuckets,
  progress: Progress,
): { count: number; pairs: number } {
  const n = graph.nodeCount;
  const edgeStart = graph.edgeStart;
  const edgeTo = graph.edgeTo;
  const edgeKind = graph.edgeKind;
  const roots = graph.rootNode;
  // The stack grows as deep as the walk goes (a linked list: as long as the list).
  let stackNode: Uint32Array = new Uint32Array(1 << 16);
  let stackEdge: Uint32Array = new Uint32Array(1 << 16);
  const current = chunks.current;
  const fill = chunks.fill;
  // Heap dumps without weak references (Go): no need to read each edge's kind.
  const checkKinds = !graph.maskPassesAll(mask);
  startWalk(graph, pre, order, parent);
  let cnt = 1;
  for (let r = 0; r < roots.length; r++) {
    const root = roots[r];
    if (root >= n || pre[root] !== ROOT_PENDING) continue;
    pre[root] = cnt | ROOT_BIT;
    order[cnt] = root;
    parent[cnt] = 0;
    cnt++;
    let sp = 0;
    stackNode[0] = root;
    stackEdge[0] = edgeStart[root];
    while (sp >= 0) {
      const v = stackNode[sp];
      const pv = pre[v] & ~ROOT_BIT;
      let e = stackEdge[sp];
      const end = edgeStart[v + 1];
      let w = NO_NODE;
      for (; e < end; e++) {
        if (checkKinds && mask[edgeKind[e]] === 0) continue;
        const t = edgeTo[e];
        const pt = pre[t];
        if (pt >= ROOT_PENDING) {
          w = t;
          break;
        }
        if (pt >= ROOT_BIT || pt === pv) continue;
        // chunks.add(pt, pv), inlined (once per non-tree edge).
        const b = pt >>> BUCKET_BITS;
        const f = fill[b];
        const c = current[b];
        if (f === c.length) chunks.addToNewChunk(b, pt, pv);
        else {
          c[f] = pt;
          c[f + 1] = pv;
          fill[b] = f + 2;
        }
      }
      if (w === NO_NODE) {
        sp--;
        continue;
      }
      stackEdge[sp] = e + 1;
      if (pre[w] === ROOT_PENDING) {
        // A root reached over an edge first: the super-root is one of its predecessors.
        pre[w] = cnt | ROOT_BIT;
        chunks.add(cnt, 0);
      } else pre[w] = cnt;
      order[cnt] = w;
      parent[cnt] = pv;
      cnt++;
      sp++;
      if (sp === stackNode.length) {
        stackNode = grown(stackNode, 2 * stackNode.length);
        stackEdge = grown(stackEdge, 2 * stackEdge.length);
      }
      stackNode[sp] = w;
      stackEdge[sp] = edgeStart[w];
      if ((cnt & 0xfffff) === 0) progress.tick(cnt);
    }
  }
  return { count: cnt, pairs: chunks.count };
}

/** Edges a node scans per stack visit: wider nodes leave a resume entry (bounds the stack). */
const SCAN_BLOCK = 32;
/** Marks a stack entry that resumes a wide node's scan (its first word; node ordinals are below 2^31). */
const RESUME = 0x80000000;

/**
 * Numbers a node when it is popped and pushes all its edges' targets at once (in reverse, so the
 * preorder is the recursive one): the loads of one node's targets are independent and overlap,
 * where a walk that stops at the first unvisited target waits for each in turn (Go dumps, whose
 * node order is by dump order of size-class spans, not by allocation: 2.7–3.2 s → 2.1–2.3 s in
 * the analyze pipeline at 11M nodes). A target
 * numbered before its entry is popped was reached another way: its edge is a non-tree edge then.
 * Entries are 4 words (target, parent preorder, target's edge range, read at push time so those
 * loads overlap too); a node wider than SCAN_BLOCK pushes a block at a time under a resume entry.
 */
export function pushAllWalk(
  graph: HeapGraph,
  mask: EdgeMask,
  pre: Uint32Array,
  order: Uint32Array,
  parent: Uint32Array,
  chunks: PairBuckets,
  progress: Progress,
): { count: number; pairs: number } {
  const n = graph.nodeCount;
  const edgeStart = graph.edgeStart;
  const edgeTo = graph.edgeTo;
  const edgeKind = graph.edgeKind;
  const roots = graph.rootNode;
  let stack: Uint32Array = new Uint32Array(1 << 16);
  const current = chunks.current;
  const fill = chunks.fill;
  // Heap dumps without weak references (Go): no need to read each edge's kind.
  const checkKinds = !graph.maskPassesAll(mask);
  startWalk(graph, pre, order, parent);
  let cnt = 1;
  for (let r = 0; r < roots.length; r++) {
    const root = roots[r];
    if (root >= n || pre[root] !== ROOT_PENDING) continue;
    // Parent 0 marks a root taken from the root list (reached over an edge, it has a real parent).
    stack[0] = root;
    stack[1] = 0;
    stack[2] = edgeStart[root];
    stack[3] = edgeStart[root + 1];
    let sp = 4;
    while (sp > 0) {
      sp -= 4;
      const t = stack[sp];
      const p = stack[sp + 1];
      let e = stack[sp + 2];
      const end = stack[sp + 3];
      let pv: number;
      if (t >= RESUME) pv = p;
      else {
        const pt = pre[t];
        if (pt < ROOT_PENDING) {
          // Numbered since it was pushed: a non-tree edge p → t (roots and self-loops dropped).
          if (pt < ROOT_BIT && pt !== p) chunks.add(pt, p);
          continue;
        }
        if (pt === ROOT_PENDING) {
          pre[t] = cnt | ROOT_BIT;
          // A root reached over an edge first: the super-root is one of its predecessors.
          if (p !== 0) chunks.add(cnt, 0);
        } else pre[t] = cnt;
        order[cnt] = t;
        parent[cnt] = p;
        pv = cnt;
        cnt++;
        if ((cnt & 0xfffff) === 0) progress.tick(cnt);
      }
      // Room for a block and its resume entry.
      if (sp + 4 * (SCAN_BLOCK + 1) > stack.length) stack = grown(stack, 2 * stack.length);
      let stop = end;
      if (end - e > SCAN_BLOCK) {
        stop = e + SCAN_BLOCK;
        stack[sp] = RESUME;
        stack[sp + 1] = pv;
        stack[sp + 2] = stop;
        stack[sp + 3] = end;
        sp += 4;
      }
      for (let k = stop - 1; k >= e; k--) {
        if (checkKinds && mask[edgeKind[k]] === 0) continue;
        const w = edgeTo[k];
        const pw = pre[w];
        if (pw >= ROOT_PENDING) {
          stack[sp] = w;
          stack[sp + 1] = pv;
          stack[sp + 2] = edgeStart[w];
          stack[sp + 3] = edgeStart[w + 1];
          sp += 4;
          continue;
        }
        if (pw >= ROOT_BIT || pw === pv) continue;
        // chunks.add(pw, pv), inlined.
        const b = pw >>> BUCKET_BITS;
        const f = fill[b];
        const c = current[b];
        if (f === c.length) chunks.addToNewChunk(b, pw, pv);
        else {
          c[f] = pw;
          c[f + 1] = pv;
          fill[b] = f + 2;
        }
      }
    }
  }
  return { count: cnt, pairs: chunks.count };
}
