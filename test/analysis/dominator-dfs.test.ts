import { describe, expect, it } from "vitest";
import { firstUnvisitedWalk, pushAllWalk, walkFor, type Walk } from "../../src/analysis/dominator-dfs.ts";
import { edgeMask, STRONG, type EdgeMask } from "../../src/analysis/edge-policy.ts";
import { PairBuckets } from "../../src/analysis/pair-buckets.ts";
import { NO_NODE } from "../../src/analysis/types.ts";
import type { HeapGraph } from "../../src/graph/heap-graph.ts";
import { silentProgress } from "../../src/io/progress.ts";
import { randomGraph } from "../fixtures/random-graph.ts";

const WEAK = edgeMask({ followWeak: true });

/** One walk's outputs: preorder by node, order, parents, and the pairs sorted (their order within a bucket may differ). */
function walked(g: HeapGraph, mask: EdgeMask, walk: Walk) {
  const n = g.nodeCount;
  const pre = new Uint32Array(n + 1).fill(NO_NODE);
  const order = new Uint32Array(n + 1);
  const parent = new Uint32Array(n + 1);
  const chunks = new PairBuckets(n + 1);
  const { count, pairs } = walk(g, mask, pre, order, parent, chunks, silentProgress);
  const list: number[] = [];
  for (const bucket of chunks.filled()) for (const c of bucket) for (let j = 0; j < c.length; j += 2) list.push(c[j] * 2 ** 32 + c[j + 1]);
  list.sort((a, b) => a - b);
  return { count, pairs, pre: Array.from(pre), order: Array.from(order.subarray(0, count)), parent: Array.from(parent.subarray(0, count)), list };
}

describe("dominator DFS walks", () => {
  it("push-all gives the first-unvisited walk's preorder, parents and non-tree pairs", () => {
    const configs = [
      ...Array.from({ length: 400 }, (_, i) => ({ seed: 7000 + i })),
      // Wider than a scan block (32 edges): resume entries.
      ...Array.from({ length: 100 }, (_, i) => ({ seed: 8000 + i, nodes: 60, degree: 45, roots: 5 })),
      { seed: 9001, nodes: 200_000, degree: 2.5, heapLike: true, roots: 40 },
      { seed: 9002, nodes: 50_000, degree: 6, roots: 200 },
    ];
    let pairsSeen = 0;
    for (const { seed, ...opts } of configs) {
      const g = randomGraph(seed, opts);
      for (const mask of [STRONG, WEAK]) {
        const a = walked(g, mask, firstUnvisitedWalk);
        const b = walked(g, mask, pushAllWalk);
        expect(b, `seed ${seed}`).toEqual(a);
        pairsSeen += a.pairs;
      }
    }
    expect(pairsSeen).toBeGreaterThan(1_000_000);
  });

  it("Go heap dumps take the push-all walk, other graphs the first-unvisited one", () => {
    expect(walkFor(randomGraph(1, { format: "godump" }))).toBe(pushAllWalk);
    expect(walkFor(randomGraph(1))).toBe(firstUnvisitedWalk);
    expect(walkFor(randomGraph(1, { format: "hprof" }))).toBe(firstUnvisitedWalk);
  });
});
