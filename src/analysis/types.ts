/** Results of the graph analyses, shared by detectors, reports and the CLI. */

export const NO_NODE = 0xffffffff;

export interface DominatorResult {
  /** Immediate dominator per node; `graph.superRoot` for nodes dominated only by the super-root; NO_NODE when unreachable. */
  idom: Uint32Array;
  /** Retained bytes per node, length nodeCount + 1 (the last is the super-root: all reachable bytes). */
  retained: Float64Array;
  /** Retained object counts (pprof sites stand for many objects), same shape as `retained`; the subtree sizes when each node is one object. */
  retainedCount: Float64Array | Uint32Array;
  /** Nodes in each node's dominator subtree, itself included (length nodeCount + 1; the last is the super-root's: every reachable node). */
  subtreeSize: Uint32Array;
  /** 1 when reachable from the super-root over the edge mask. */
  reachable: Uint8Array;
  reachableCount: number;
  unreachableCount: number;
  unreachableBytes: number;
  /** Objects (graph.objectCount) among unreachable nodes; equals unreachableCount unless nodes aggregate. */
  unreachableObjects?: number;
  /**
   * The dominator tree in preorder: the reachable nodes, each followed by its dominator subtree
   * (children in DFS order). Node treeOrder[k] dominates exactly treeOrder[k .. k + subtreeSize[treeOrder[k]]),
   * and its children sit at k + 1, then each next one after the previous one's subtree. Lets tree
   * walks run sequentially (histograms, "what does X retain"); dominatedBy() gives sorted children.
   */
  treeOrder: Uint32Array;
  /** Position of each node in treeOrder; NO_NODE when unreachable. */
  treePos: Uint32Array;
  /** The edge mask the tree was computed with (paths and detectors should use the same). */
  mask?: Uint8Array;
}

/**
 * Shortest strong GC-root paths to every node, from one BFS seeded with roots by rank. Only the
 * BFS parent is stored (4 bytes per node): the edge is the parent's first `mask` edge to the node
 * (the one the BFS took), the root record is the path's first node's best-ranked record, the
 * depth is a walk (see pathEdge, pathRoot, pathDepth in paths.ts).
 */
export interface PathIndex {
  /** Previous node on the path; `graph.superRoot` for a root itself; NO_NODE when unreachable. */
  parent: Uint32Array;
  /** The edge mask the paths were computed with. */
  mask: Uint8Array;
}

export interface HistogramRow {
  type: number;
  name: string;
  count: number;
  shallowBytes: number;
  /** Retained size of the set of all instances (not the sum of their retained sizes). */
  retainedBytes: number;
  /**
   * True when retainedBytes is exact (histogram's `precise` option); otherwise it is the
   * dominator-tree lower bound (MAT's "minimum retained size").
   */
  retainedPrecise?: boolean;
}
