import type { HeapGraph } from "../graph/heap-graph.ts";
import { forEachChild, largestChildren } from "./dominator-tree.ts";
import type { DominatorResult } from "./types.ts";

/** One node of a printed dominator subtree (plain data, report size). */
export interface SubtreeNode {
  /** Ordinal (graph.superRoot for the top of the whole tree). */
  node: number;
  id: string;
  name: string;
  shallow: number;
  retained: number;
  /** Retained object count (pprof sites stand for many objects). */
  count: number;
  children: SubtreeNode[];
  /** Children cut by depth, minBytes or limit: how many, and the bytes they retain together. */
  omitted?: { count: number; retainedBytes: number };
}

export interface SubtreeOptions {
  /** Start node (default: the super-root, i.e. the GC roots' level). */
  root?: number;
  /** Levels of children below root to include (default 4; 0 = the root alone). */
  depth?: number;
  /** Hide children retaining fewer bytes (default 0). */
  minBytes?: number;
  /** At most this many children per node, largest first (default 20). */
  limit?: number;
}

/**
 * A small slice of the dominator tree for the `dominators` command: children are already sorted
 * by retained size in the CSR, so each level is a prefix cut by minBytes and limit.
 */
export function dominatorSubtree(graph: HeapGraph, dom: DominatorResult, opts: SubtreeOptions = {}): SubtreeNode {
  const root = opts.root ?? graph.superRoot;
  const depth = Math.max(0, opts.depth ?? 4);
  const minBytes = opts.minBytes ?? 0;
  const limit = Math.max(0, opts.limit ?? 20);
  const make = (v: number): SubtreeNode => ({
    node: v,
    id: graph.hexId(v),
    name: graph.nodeName(v),
    shallow: v === graph.superRoot ? 0 : graph.shallow[v],
    retained: dom.retained[v],
    count: dom.retainedCount[v],
    children: [],
  });
  const top = make(root);
  // Report-size output: recursion depth is bounded by `depth`, but keep it iterative anyway.
  const work: { node: SubtreeNode; level: number }[] = [{ node: top, level: 0 }];
  while (work.length) {
    const { node, level } = work.pop()!;
    let omittedCount = 0;
    let omittedBytes = 0;
    // The largest `limit` children from minBytes up are shown (only they are sorted), the rest summed.
    const shown = largestChildren(dom, node.node, level < depth ? limit : 0, minBytes);
    for (const c of shown) {
      const child = make(c);
      node.children.push(child);
      work.push({ node: child, level: level + 1 });
    }
    const inShown = new Set(shown);
    forEachChild(dom, node.node, (c) => {
      if (inShown.has(c)) return;
      omittedCount++;
      omittedBytes += dom.retained[c];
    });
    if (omittedCount > 0) node.omitted = { count: omittedCount, retainedBytes: omittedBytes };
  }
  return top;
}
