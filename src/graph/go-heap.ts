import type { HeapGraph } from "./heap-graph.ts";

/**
 * Raw Go memory that a Go heap-dump loader keeps for analyses that need bytes, not edges (map headers,
 * bucket tophash bytes). Node numbers here are graph ordinals; see goHeapMemoryOf.
 * Only objects the loader chose to keep have contents (classic hmap candidates, their bucket arrays
 * and separately allocated overflow buckets); everything else answers undefined.
 */
export interface GoHeapMemory {
  readonly ptrSize: number;
  readonly littleEndian: boolean;
  /** Runtime version from the dump's params record, e.g. "go1.19.8". */
  readonly goVersion: string;
  /** Objects whose size and pointer-field offsets match a classic runtime.hmap (Go ≤ 1.23). */
  readonly mapHeaders: readonly number[];
  /** Objects whose layout and directory → tables → groups chain match a Swiss-table Map (Go 1.24+). */
  readonly swissMaps: readonly number[];
  /**
   * Map headers found in goroutine frames (maps that never escaped: hmap on the stack, buckets on
   * the heap), with the frame's root text ("goroutine 8: main.worker"). Unproven candidates.
   */
  readonly stackMaps: readonly { root: string; header: Uint8Array }[];
  /** The object's dumped contents (its whole size class), when kept. */
  contents(node: number): Uint8Array | undefined;
  /** The kept object whose [address, address+size) contains `address`, or -1 (objects without kept contents are not indexed). */
  nodeContaining(address: number): number;
  /** Why some contents were not kept (budget), for evidence. */
  readonly notes: readonly string[];
  /** What JSON output shows in the input's meta (a summary, not the bytes). */
  toJSON(): unknown;
}

const KEY = "goHeapMemory";

/**
 * The memory travels in the input's meta under this key (it survives combineGraphs, which copies
 * InputInfo but not ValueReader extras); its toJSON keeps JSON output small.
 * It answers for ordinals counted from the input's first node.
 */
export const GO_HEAP_MEMORY_META = KEY;

/** The Go memory of input `inputIndex` with ordinals shifted to the (possibly combined) graph, or undefined. */
export function goHeapMemoryOf(graph: HeapGraph, inputIndex: number): GoHeapMemory | undefined {
  const inp = graph.inputs[inputIndex];
  const local = inp?.meta[KEY] as GoHeapMemory | undefined;
  if (!local) return undefined;
  const off = inp.firstNode;
  if (off === 0) return local;
  return {
    ptrSize: local.ptrSize,
    littleEndian: local.littleEndian,
    goVersion: local.goVersion,
    mapHeaders: local.mapHeaders.map((n) => n + off),
    stackMaps: local.stackMaps,
    swissMaps: local.swissMaps.map((n) => n + off),
    contents: (node) => local.contents(node - off),
    nodeContaining: (a) => {
      const n = local.nodeContaining(a);
      return n < 0 ? n : n + off;
    },
    notes: local.notes,
    toJSON: () => local.toJSON(),
  };
}
