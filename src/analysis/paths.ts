import type { HeapGraph } from "../graph/heap-graph.ts";
import { silentProgress, type Progress } from "../io/progress.ts";
import { ROOT_KIND_NAMES, ROOT_RANK } from "../graph/kinds.ts";
import type { PathStep } from "./detectors/types.ts";
import { STRONG, type EdgeMask } from "./edge-policy.ts";
import { NO_NODE, type DominatorResult, type PathIndex } from "./types.ts";

/** The columns a traversal reads: computePaths also runs on a worker thread over just these. */
export type TraversalGraph = Pick<HeapGraph, "nodeCount" | "edgeStart" | "edgeTo" | "edgeKind" | "rootNode" | "rootKind">;

/** Rank of a root record: 0 static/global, 1 thread/stack, 2 other (see ROOT_RANK). */
function rootRank(graph: TraversalGraph, r: number): number {
  return ROOT_RANK[graph.rootKind[r]] ?? 2;
}

/**
 * Shortest GC-root paths to every node: ONE breadth-first search seeded with all roots, best rank
 * first (stable within a rank). A FIFO keeps every BFS layer sorted by the rank of the root its
 * nodes were reached from, so each node gets a shortest path and, among the shortest, one from
 * the best-ranked root (Shark's two queues, collapsed into the seeding order).
 */
export function computePaths(graph: TraversalGraph, mask: EdgeMask = STRONG, progress: Progress = silentProgress, queue: Uint32Array = new Uint32Array(graph.nodeCount)): PathIndex {
  const n = graph.nodeCount;
  progress.phase("paths: breadth-first search", n);
  const parent = new Uint32Array(n).fill(NO_NODE);
  const tail = seedRoots(graph, parent, queue);
  bfs(graph, mask, parent, queue, tail, progress);
  progress.end();
  return { parent, mask };
}

function seedRoots(graph: TraversalGraph, parent: Uint32Array, queue: Uint32Array): number {
  const n = graph.nodeCount;
  const roots = graph.rootNode;
  let tail = 0;
  for (let rank = 0; rank <= 2; rank++) {
    for (let r = 0; r < roots.length; r++) {
      const v = roots[r];
      if (v >= n || parent[v] !== NO_NODE || Math.min(rootRank(graph, r), 2) !== rank) continue;
      parent[v] = n;
      queue[tail++] = v;
    }
  }
  return tail;
}

function bfs(graph: TraversalGraph, mask: EdgeMask, parent: Uint32Array, queue: Uint32Array, tail: number, progress: Progress): void {
  const edgeStart = graph.edgeStart;
  const edgeTo = graph.edgeTo;
  const edgeKind = graph.edgeKind;
  for (let head = 0; head < tail; head++) {
    const v = queue[head];
    if ((head & 0xfffff) === 0) progress.tick(head);
    for (let e = edgeStart[v], end = edgeStart[v + 1]; e < end; e++) {
      if (mask[edgeKind[e]] === 0) continue;
      const w = edgeTo[e];
      if (parent[w] !== NO_NODE) continue;
      parent[w] = v;
      queue[tail++] = w;
    }
  }
}

/** The edge the indexed path enters `node` by (its parent's first mask edge to it); -1 for roots and unreachable nodes. */
export function pathEdge(graph: HeapGraph, paths: PathIndex, node: number): number {
  const p = paths.parent[node];
  if (p === NO_NODE || p === graph.nodeCount) return -1;
  return edgeBetween(graph, p, node, paths.mask);
}

/** Root record the indexed path to `node` starts from (the first node's best-ranked record), or -1. */
export function pathRoot(graph: HeapGraph, paths: PathIndex, node: number): number {
  if (node < 0 || node >= graph.nodeCount || paths.parent[node] === NO_NODE) return -1;
  let v = node;
  for (let p = paths.parent[v]; p !== graph.nodeCount; p = paths.parent[v]) v = p;
  return rootRecordOf(graph, v);
}

/** Edges on the indexed path to `node` (0 for a root), counting at most `cap`; -1 when unreachable. */
export function pathDepth(graph: HeapGraph, paths: PathIndex, node: number, cap = Infinity): number {
  if (node < 0 || node >= graph.nodeCount || paths.parent[node] === NO_NODE) return -1;
  let d = 0;
  for (let v = paths.parent[node]; v !== graph.nodeCount && d < cap; v = paths.parent[v]) d++;
  return d;
}

/** Ordinals root → node along the indexed shortest path; empty when the node is unreachable. */
export function pathTo(graph: HeapGraph, paths: PathIndex, node: number): number[] {
  if (node < 0 || node >= graph.nodeCount || paths.parent[node] === NO_NODE) return [];
  const out: number[] = [];
  for (let v = node; v !== graph.nodeCount; v = paths.parent[v]) out.push(v);
  return out.reverse();
}

/** The first edge from `from` to `to` allowed by `mask`, or -1. */
export function edgeBetween(graph: HeapGraph, from: number, to: number, mask: EdgeMask = STRONG): number {
  if (from < 0 || from >= graph.nodeCount) return -1;
  for (let e = graph.edgeStart[from], end = graph.edgeStart[from + 1]; e < end; e++) {
    if (graph.edgeTo[e] === to && mask[graph.edgeKind[e]]) return e;
  }
  return -1;
}

// Root records sorted by (node, rank, record) per graph, for rootRecordOf's binary search.
const rootIndexes = new WeakMap<HeapGraph, Uint32Array>();

function rootIndex(graph: HeapGraph): Uint32Array {
  let idx = rootIndexes.get(graph);
  if (!idx) {
    const nodes = graph.rootNode;
    idx = Uint32Array.from({ length: graph.rootCount }, (_, r) => r);
    idx.sort((a, b) => nodes[a] - nodes[b] || rootRank(graph, a) - rootRank(graph, b) || a - b);
    rootIndexes.set(graph, idx);
  }
  return idx;
}

/** Root record of a node that is itself a root (best-ranked record first), or -1. */
export function rootRecordOf(graph: HeapGraph, node: number): number {
  const idx = rootIndex(graph);
  const nodes = graph.rootNode;
  let lo = 0;
  let hi = idx.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (nodes[idx[mid]] < node) lo = mid + 1;
    else hi = mid;
  }
  return lo < idx.length && nodes[idx[lo]] === node ? idx[lo] : -1;
}

/** rootText of the node's best-ranked root record, when the node is a root. */
export function rootTextOf(graph: HeapGraph, node: number): string | undefined {
  const r = rootRecordOf(graph, node);
  return r >= 0 ? rootText(graph, r) : undefined;
}

/** "sticky-class", "java-frame main@Main.run:42": root kind name plus its label when present. */
export function rootText(graph: HeapGraph, r: number): string {
  const kind = ROOT_KIND_NAMES[graph.rootKind[r]] ?? "unknown";
  const label = graph.rootLabelText(r);
  return label ? `${kind} ${label}` : kind;
}

/** One report step for `node`, reached over `edge` (-1 for the first step). */
function step(graph: HeapGraph, dom: DominatorResult | undefined, node: number, edge: number): PathStep {
  const s: PathStep = {
    id: graph.hexId(node),
    type: graph.nodeName(node),
    // A Class node's out-edges are its static fields: via is the field name, so the report,
    // which shows the previous step's class, reads "Class.field".
    via: edge >= 0 ? graph.edgeLabelText(edge) : "",
    shallowBytes: graph.shallow[node],
    node,
  };
  if (dom) s.retainedBytes = dom.retained[node];
  const value = graph.values(node)?.display(node, 60);
  if (value !== undefined) s.value = value;
  return s;
}

/** Report steps for the indexed shortest GC-root path to `node` (root first); empty when unreachable. */
export function pathSteps(graph: HeapGraph, paths: PathIndex, dom: DominatorResult | undefined, node: number): PathStep[] {
  const chain = pathTo(graph, paths, node);
  const out: PathStep[] = [];
  for (let i = 0; i < chain.length; i++) {
    const v = chain[i];
    const s = step(graph, dom, v, i === 0 ? -1 : edgeBetween(graph, chain[i - 1], v, paths.mask));
    const root = i === 0 ? rootTextOf(graph, v) : undefined;
    if (root !== undefined) s.root = root;
    out.push(s);
  }
  return out;
}

/**
 * Report steps for any node chain (from pathAvoiding or reachesFrom). Edges are re-found as the
 * first `mask` edge between consecutive nodes; the first step gets a root description when it is a root.
 */
export function chainSteps(graph: HeapGraph, chain: readonly number[], dom: DominatorResult | undefined, mask: EdgeMask = STRONG): PathStep[] {
  const out: PathStep[] = [];
  for (let i = 0; i < chain.length; i++) {
    const v = chain[i];
    const s = step(graph, dom, v, i === 0 ? -1 : edgeBetween(graph, chain[i - 1], v, mask));
    const root = i === 0 ? rootTextOf(graph, v) : undefined;
    if (root !== undefined) s.root = root;
    out.push(s);
  }
  return out;
}

/** Nodes to avoid: a flag per ordinal (non-zero = forbidden) or a predicate. */
export type Forbidden = Uint8Array | ((node: number) => boolean);

export interface SearchOptions {
  /** Nodes the path may not pass through (the start node itself is always allowed). */
  forbidden?: Forbidden;
  /** Give up (return undefined) after visiting this many nodes. */
  limit?: number;
}

/**
 * Reusable breadth-first searcher for detectors that ask thousands of reachability questions:
 * typed arrays allocated once per graph, visited marks stamped with an epoch so no clearing is needed.
 */
export class ReachSearcher {
  private readonly mark: Uint32Array;
  private readonly parent: Uint32Array;
  private readonly queue: Uint32Array;
  private epoch = 0;

  constructor(
    readonly graph: HeapGraph,
    readonly mask: EdgeMask = STRONG,
  ) {
    const n = graph.nodeCount;
    this.mark = new Uint32Array(n);
    this.parent = new Uint32Array(n);
    this.queue = new Uint32Array(n);
  }

  private nextEpoch(): number {
    if (this.epoch === 0xfffffffe) {
      this.mark.fill(0);
      this.epoch = 0;
    }
    return ++this.epoch;
  }

  /** Node chain start → … → target over `mask` edges (shortest), or undefined. */
  reachesFrom(start: number, target: number, opts: SearchOptions = {}): number[] | undefined {
    const n = this.graph.nodeCount;
    if (start < 0 || start >= n || target < 0 || target >= n) return undefined;
    if (start === target) return [start];
    const epoch = this.nextEpoch();
    this.mark[start] = epoch;
    this.parent[start] = NO_NODE;
    this.queue[0] = start;
    return this.run(1, target, epoch, opts);
  }

  /**
   * Shortest path from a root (or from `starts`, in the order given) to target that avoids the
   * forbidden nodes; roots are seeded best rank first like computePaths. Undefined when none exists.
   */
  fromRoots(target: number, opts: SearchOptions & { starts?: Iterable<number> } = {}): number[] | undefined {
    const g = this.graph;
    const n = g.nodeCount;
    if (target < 0 || target >= n) return undefined;
    const forbidden = opts.forbidden;
    const epoch = this.nextEpoch();
    let tail = 0;
    const seed = (v: number): void => {
      if (v < 0 || v >= n || this.mark[v] === epoch || isForbidden(forbidden, v)) return;
      this.mark[v] = epoch;
      this.parent[v] = NO_NODE;
      this.queue[tail++] = v;
    };
    if (opts.starts) {
      for (const v of opts.starts) seed(v);
    } else {
      for (let rank = 0; rank <= 2; rank++) {
        for (let r = 0; r < g.rootCount; r++) if (Math.min(rootRank(g, r), 2) === rank) seed(g.rootNode[r]);
      }
    }
    if (this.mark[target] === epoch) return [target];
    return this.run(tail, target, epoch, opts);
  }

  private run(tail: number, target: number, epoch: number, opts: SearchOptions): number[] | undefined {
    const { edgeStart, edgeTo, edgeKind } = this.graph;
    const mask = this.mask;
    const mark = this.mark;
    const parent = this.parent;
    const queue = this.queue;
    const forbidden = opts.forbidden;
    const flags = forbidden instanceof Uint8Array ? forbidden : undefined;
    const pred = typeof forbidden === "function" ? forbidden : undefined;
    const limit = opts.limit ?? Infinity;
    for (let head = 0; head < tail; head++) {
      if (head >= limit) return undefined;
      const v = queue[head];
      for (let e = edgeStart[v], end = edgeStart[v + 1]; e < end; e++) {
        if (mask[edgeKind[e]] === 0) continue;
        const w = edgeTo[e];
        if (mark[w] === epoch) continue;
        mark[w] = epoch;
        if ((flags && flags[w]) || (pred && pred(w))) continue;
        parent[w] = v;
        if (w === target) return this.chain(w);
        queue[tail++] = w;
      }
    }
    return undefined;
  }

  private chain(v: number): number[] {
    const out: number[] = [];
    for (let x = v; x !== NO_NODE; x = this.parent[x]) out.push(x);
    return out.reverse();
  }
}

function isForbidden(f: Forbidden | undefined, v: number): boolean {
  if (!f) return false;
  return f instanceof Uint8Array ? f[v] !== 0 : f(v);
}

// One searcher per (graph, mask), so plain function calls also reuse their arrays.
const searchers = new WeakMap<HeapGraph, Map<string, ReachSearcher>>();

/** The shared ReachSearcher for a graph and mask. */
export function reachSearcher(graph: HeapGraph, mask: EdgeMask = STRONG): ReachSearcher {
  let byMask = searchers.get(graph);
  if (!byMask) searchers.set(graph, (byMask = new Map()));
  const key = Array.from(mask).join("");
  let s = byMask.get(key);
  if (!s) byMask.set(key, (s = new ReachSearcher(graph, mask)));
  return s;
}

/**
 * Node chain start → … → target over `mask` edges, never passing through a forbidden node
 * (start is always allowed), or undefined. Reuses one searcher per graph and mask.
 */
export function reachesFrom(graph: HeapGraph, start: number, target: number, mask: EdgeMask = STRONG, forbidden?: Forbidden, limit?: number): number[] | undefined {
  return reachSearcher(graph, mask).reachesFrom(start, target, { forbidden, limit });
}

/**
 * A shortest path from any root (or from the given start nodes) to target that avoids the
 * forbidden nodes: e.g. "is this WeakHashMap value reachable from a root without going through the
 * map?". Undefined when every path passes through a forbidden node.
 */
export function pathAvoiding(
  graph: HeapGraph,
  from: Iterable<number> | undefined,
  target: number,
  forbidden: Forbidden,
  mask: EdgeMask = STRONG,
): number[] | undefined {
  return reachSearcher(graph, mask).fromRoots(target, { forbidden, starts: from });
}
