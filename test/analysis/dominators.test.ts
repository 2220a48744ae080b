import { describe, expect, it } from "vitest";
import { childSummary, largestChildren } from "../../src/analysis/dominator-tree.ts";
import { computeDominators, dominatedBy, dominates, retainedSet } from "../../src/analysis/dominators.ts";
import { edgeMask, STRONG, type EdgeMask } from "../../src/analysis/edge-policy.ts";
import { NO_NODE, type DominatorResult } from "../../src/analysis/types.ts";
import { GraphBuilder } from "../../src/graph/builder.ts";
import type { HeapGraph } from "../../src/graph/heap-graph.ts";
import { EdgeKind, Lang, NodeKind, RootKind } from "../../src/graph/kinds.ts";
import { forestDominators } from "../../src/analysis/forest-dominators.ts";
import { randomGraph } from "../fixtures/random-graph.ts";
import { bruteDominators, chkDominators } from "./brute-force.ts";

const WEAK = edgeMask({ followWeak: true });

/** Compares one result with the brute force; returns a description of the first mismatch or "". */
function checkAgainstBrute(graph: HeapGraph, mask: EdgeMask, dom: DominatorResult): string {
  const n = graph.nodeCount;
  const bf = bruteDominators(graph, mask);
  let unreachableCount = 0;
  let unreachableBytes = 0;
  let reachableBytes = 0;
  let reachableObjects = 0;
  for (let v = 0; v < n; v++) {
    if (dom.reachable[v] !== bf.reachable[v]) return `reachable[${v}]`;
    if (!bf.reachable[v]) {
      unreachableCount++;
      unreachableBytes += graph.shallow[v];
      if (dom.idom[v] !== NO_NODE) return `idom[${v}] of unreachable = ${dom.idom[v]}`;
      if (dom.retained[v] !== 0) return `retained[${v}] of unreachable`;
      continue;
    }
    reachableBytes += graph.shallow[v];
    reachableObjects += graph.objectCount(v);
    if (dom.idom[v] !== bf.idom[v]) return `idom[${v}] = ${dom.idom[v]}, brute force ${bf.idom[v]}`;
    if (dom.retained[v] !== bf.retained[v]) return `retained[${v}] = ${dom.retained[v]}, brute force ${bf.retained[v]}`;
    if (dom.retainedCount[v] !== bf.retainedCount[v]) return `retainedCount[${v}]`;
    let subtree = 0;
    for (let w = 0; w < n; w++) {
      const expected = bf.dominated[v][w] === 1;
      if (expected) subtree++;
      if (dominates(dom, v, w) !== expected) return `dominates(${v}, ${w})`;
    }
    if (dom.subtreeSize[v] !== subtree) return `subtreeSize[${v}] = ${dom.subtreeSize[v]}, brute force ${subtree}`;
    const set = Array.from(retainedSet(dom, v));
    if (set[0] !== v) return `retainedSet(${v}) does not start with ${v}`;
    const expectedSet: number[] = [];
    for (let w = 0; w < n; w++) if (bf.dominated[v][w]) expectedSet.push(w);
    if (set.sort((a, b) => a - b).join() !== expectedSet.join()) return `retainedSet(${v})`;
  }
  for (let v = 0; v < n; v++) if (!bf.reachable[v] && (retainedSet(dom, v).length !== 0 || dominates(dom, v, v) || dominates(dom, n, v))) return `unreachable ${v} in a retained set`;
  if (retainedSet(dom, n).length !== n - unreachableCount) return `super-root retained set`;
  if (dom.unreachableCount !== unreachableCount) return `unreachableCount ${dom.unreachableCount} vs ${unreachableCount}`;
  if (dom.unreachableBytes !== unreachableBytes) return `unreachableBytes`;
  if (dom.reachableCount !== n - unreachableCount) return `reachableCount`;
  if (dom.retained[n] !== reachableBytes) return `super-root retained ${dom.retained[n]} vs ${reachableBytes}`;
  if (dom.retainedCount[n] !== reachableObjects) return `super-root retainedCount`;
  // Children CSR: exactly the nodes whose idom is p, largest retained first.
  let total = 0;
  for (let p = 0; p <= n; p++) {
    const kids = Array.from(dominatedBy(dom, p));
    total += kids.length;
    const expected: number[] = [];
    for (let w = 0; w < n; w++) if (bf.reachable[w] && bf.idom[w] === p) expected.push(w);
    if (kids.slice().sort((a, b) => a - b).join() !== expected.join()) return `children of ${p}: ${kids} vs ${expected}`;
    for (let i = 1; i < kids.length; i++) if (dom.retained[kids[i - 1]] < dom.retained[kids[i]]) return `children of ${p} not sorted`;
  }
  if (total !== n - unreachableCount) return `children total`;
  // Preorder layout: each node's range lists exactly the nodes it dominates.
  const { treeOrder, treePos, subtreeSize } = dom;
  if (treeOrder.length !== n - unreachableCount) return `treeOrder length`;
  if (subtreeSize[n] !== n - unreachableCount) return `super-root subtree size`;
  for (let v = 0; v < n; v++) if ((treePos[v] === NO_NODE) !== !bf.reachable[v] || (bf.reachable[v] && treeOrder[treePos[v]] !== v)) return `treePos[${v}]`;
  for (let k = 0; k < treeOrder.length; k++) {
    const v = treeOrder[k];
    const inRange = new Set(Array.from(treeOrder.subarray(k, k + subtreeSize[v])));
    for (let w = 0; w < n; w++) if (bf.reachable[w] && inRange.has(w) !== (bf.dominated[v][w] === 1)) return `treeOrder range of ${v} vs ${w}`;
  }
  return "";
}

function runBrute(seeds: number, firstSeed: number, mask: EdgeMask, opts: Parameters<typeof randomGraph>[1] = {}): number {
  let cases = 0;
  for (let seed = firstSeed; seed < firstSeed + seeds; seed++) {
    const g = randomGraph(seed, opts);
    const dom = computeDominators(g, mask);
    const err = checkAgainstBrute(g, mask, dom);
    if (err) throw new Error(`seed ${seed} (${g.nodeCount} nodes, ${g.edgeCount} edges, opts ${JSON.stringify(opts)}): ${err}`);
    cases++;
  }
  return cases;
}

/** Small graph from an edge list; edges are strong unless given as [from, to, kind]. */
function small(n: number, edges: ([number, number] | [number, number, EdgeKind])[], roots: number[], shallow = 10): HeapGraph {
  const b = new GraphBuilder();
  b.beginInput({ file: "t", format: "test", language: "java" });
  const t = b.addType("T", Lang.Java);
  for (let i = 0; i < n; i++) b.addNode(NodeKind.Instance, t, shallow, 0x100 + i * 16, Lang.Java);
  for (const [a, c, k] of edges) b.addEdge(a, c, k ?? EdgeKind.Strong, 0);
  for (const r of roots) b.addRoot(r, RootKind.JavaFrame, 0);
  b.endInput();
  return b.freeze();
}

/** A random forest with forward edges (parent < child): calling-context-tree shaped, with extra roots, weak links and orphans. */
function randomForest(seed: number): HeapGraph {
  let x = seed * 2654435761 >>> 0 || 1;
  const rnd = () => ((x = (Math.imul(x, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  const n = 1 + Math.floor(rnd() * 60);
  const b = new GraphBuilder();
  b.beginInput({ file: `forest-${seed}`, format: "test", language: "go" });
  const t = b.addType("F", Lang.Go);
  for (let i = 0; i < n; i++) b.addNode(NodeKind.GoSite, t, Math.floor(rnd() * 100), i + 1, Lang.Go);
  if (seed % 2 === 0) for (let i = 0; i < n; i++) b.setCount(i, 1 + Math.floor(rnd() * 4));
  const parentOf = Array.from({ length: n }, (_, v) => (v > 0 && rnd() < 0.9 ? Math.floor(rnd() * v) : -1));
  for (let v = 0; v < n; v++) for (let c = v + 1; c < n; c++) if (parentOf[c] === v) b.addEdge(v, c, rnd() < 0.1 ? EdgeKind.Weak : EdgeKind.Internal, 0);
  b.addRoot(0, RootKind.Profile, 0);
  for (let i = 0; i < n; i++) if (i > 0 && rnd() < 0.08) b.addRoot(i, RootKind.GoData, 0);
  b.endInput();
  return b.freeze();
}

describe("computeDominators", () => {
  it("largestChildren is the sorted children's prefix from a minimum size up, for any k", () => {
    for (let seed = 1; seed <= 400; seed++) {
      const g = randomGraph(seed, { nodes: 30 + (seed % 50), degree: 1 + (seed % 4), roots: 1 + (seed % 5) });
      const d = computeDominators(g);
      for (let p = 0; p <= g.nodeCount; p++) {
        const sorted = Array.from(dominatedBy(d, p));
        for (const k of [0, 1, 2, 5, Infinity]) {
          for (const min of [-Infinity, 0, 40, 200]) {
            const expected = sorted.filter((c) => d.retained[c] >= min).slice(0, k);
            expect(Array.from(largestChildren(d, p, k, min)), `seed ${seed} node ${p} k ${k} min ${min}`).toEqual(expected);
          }
        }
        // childSummary: the same in one pass, with the count and the largest child.
        for (const min of [0, 40, 200]) {
          const s = childSummary(d, p, min);
          expect(s.count).toBe(sorted.length);
          expect(s.largest).toBe(sorted.length ? sorted[0] : -1);
          expect(Array.from(s.above), `seed ${seed} node ${p} min ${min}`).toEqual(sorted.filter((c) => d.retained[c] >= min));
        }
      }
    }
  });

  it("matches brute force on 2000 random forests (the no-DFS path for calling-context trees)", () => {
    let taken = 0;
    for (let seed = 1; seed <= 2000; seed++) {
      const g = randomForest(seed);
      for (const mask of [STRONG, WEAK]) {
        if (forestDominators(g, mask)) taken++;
        const err = checkAgainstBrute(g, mask, computeDominators(g, mask));
        if (err) throw new Error(`forest seed ${seed} (${g.nodeCount} nodes): ${err}`);
      }
    }
    expect(taken).toBe(4000);
    // Not a forest: a backward edge, or a node with two parents.
    expect(forestDominators(small(3, [[1, 0]], [1]), STRONG)).toBeUndefined();
    expect(forestDominators(small(3, [[0, 2], [1, 2]], [0, 1]), STRONG)).toBeUndefined();
  });

  it("handles a diamond, a chain, and unreachable nodes", () => {
    // 0 → 1, 0 → 2, 1 → 3, 2 → 3, 3 → 4; 5 unreachable; 6 reachable only by a weak edge.
    const g = small(7, [[0, 1], [0, 2], [1, 3], [2, 3], [3, 4], [5, 0], [4, 6, EdgeKind.Weak]], [0]);
    const d = computeDominators(g);
    expect(Array.from(d.idom)).toEqual([7, 0, 0, 0, 3, NO_NODE, NO_NODE]);
    expect(d.retained[0]).toBe(50);
    expect(d.retained[3]).toBe(20);
    expect(d.retained[7]).toBe(50);
    expect(d.unreachableCount).toBe(2);
    expect(d.unreachableBytes).toBe(20);
    expect(Array.from(dominatedBy(d, 0))).toEqual([3, 1, 2]); // 3 retains 20, ties by ordinal
    const w = computeDominators(g, WEAK);
    expect(w.idom[6]).toBe(4);
    expect(w.retained[0]).toBe(60);
    expect(w.unreachableCount).toBe(1);
  });

  it("gives several roots the super-root as idom and shares nodes reachable from two roots", () => {
    const g = small(4, [[0, 2], [1, 2], [2, 3], [3, 3]], [0, 1, 1]);
    const d = computeDominators(g);
    expect(Array.from(d.idom)).toEqual([4, 4, 4, 2]);
    expect(d.retained[4]).toBe(40);
    expect(d.retained[2]).toBe(20);
  });

  it("treats a root reachable from another root as dominated only by the super-root", () => {
    const g = small(3, [[0, 1], [1, 2]], [0, 1]);
    const d = computeDominators(g);
    expect(Array.from(d.idom)).toEqual([3, 3, 1]);
  });

  it("handles a graph without roots and without nodes", () => {
    const g = small(3, [[0, 1]], []);
    const d = computeDominators(g);
    expect(d.reachableCount).toBe(0);
    expect(d.unreachableCount).toBe(3);
    expect(d.treeOrder.length).toBe(0);
    expect(dominatedBy(d, 3).length).toBe(0);
    const e = computeDominators(small(0, [], []));
    expect(e.retained[0]).toBe(0);
  });

  it("handles a very deep chain without recursion", () => {
    const n = 200_000;
    const edges: [number, number][] = [];
    for (let i = 0; i + 1 < n; i++) edges.push([i, i + 1]);
    edges.push([n - 1, 0]);
    const d = computeDominators(small(n, edges, [0], 1));
    expect(d.retained[0]).toBe(n);
    expect(d.retained[n - 1]).toBe(1);
    expect(d.idom[n - 1]).toBe(n - 2);
  });

  it("sorts long child lists by retained size, including huge and fractional sizes", () => {
    for (const variant of ["integer", "huge", "fractional"]) {
      const b = new GraphBuilder();
      b.beginInput({ file: "t", format: "test", language: "java" });
      const t = b.addType("T", Lang.Java);
      b.addNode(NodeKind.Instance, t, 8, 1, Lang.Java);
      const k = 5000;
      for (let i = 1; i <= k; i++) {
        let size = (i * 7919) % 97; // many ties
        if (variant === "huge" && i % 50 === 0) size = 2 ** 40 + i * 3;
        if (variant === "fractional" && i === 77) size = 0.5;
        b.addNode(NodeKind.Instance, t, size, 1 + i, Lang.Java);
        b.addEdge(0, i, EdgeKind.Strong, 0);
      }
      b.addRoot(0, RootKind.StickyClass, 0);
      b.endInput();
      const g = b.freeze();
      const d = computeDominators(g);
      const expected = Array.from({ length: k }, (_, i) => i + 1).sort((x, y) => g.shallow[y] - g.shallow[x] || x - y);
      // The top of a long list: from the bounded heap (or the filtered sort) before the sorted list is cached, from it after.
      const tops = (when: string) => {
        for (const [top, min] of [[25, -Infinity], [5000, 50], [Infinity, 50], [0, 0]]) {
          const want = expected.filter((c) => d.retained[c] >= min).slice(0, top);
          expect(Array.from(largestChildren(d, 0, top, min)), `${variant} top ${top} ${when}`).toEqual(want);
        }
      };
      tops("by the heap");
      const kids = Array.from(dominatedBy(d, 0));
      expect(kids, variant).toEqual(expected);
      tops("from the cached list");
    }
  });

  it("matches brute force on 3000 random graphs over strong edges", () => {
    expect(runBrute(3000, 1, STRONG)).toBe(3000);
  });

  it("matches brute force on 1500 random graphs when weak edges are followed", () => {
    expect(runBrute(1500, 100_001, WEAK)).toBe(1500);
  });

  it("matches brute force on 1000 dense and 1000 sparse random graphs with aggregated counts", () => {
    expect(runBrute(1000, 200_001, STRONG, { degree: 5, roots: 2, counts: true })).toBe(1000);
    expect(runBrute(1000, 300_001, STRONG, { degree: 1.1, roots: 6, counts: true })).toBe(1000);
    expect(runBrute(500, 400_001, STRONG, { heapLike: true, nodes: 40 })).toBe(500);
  });

  it("matches brute force with the push-all DFS that Go heap dumps get, wide nodes included", () => {
    expect(runBrute(1500, 500_001, STRONG, { format: "godump" })).toBe(1500);
    expect(runBrute(500, 600_001, WEAK, { format: "godump", degree: 40, nodes: 30 })).toBe(500);
  });

  it("agrees with Cooper–Harvey–Kennedy on large random graphs", () => {
    const configs = [
      { seed: 11, nodes: 10_000, degree: 1.5 },
      { seed: 12, nodes: 30_000, degree: 3, roots: 20 },
      { seed: 13, nodes: 100_000, degree: 1.3, heapLike: true, roots: 8 },
      { seed: 14, nodes: 50_000, degree: 2.2, heapLike: true, roots: 3, weakFraction: 0.3 },
      // Several 2^17-target pair buckets, grouped one by one.
      { seed: 15, nodes: 420_000, degree: 2, heapLike: true, roots: 30 },
    ];
    for (const { seed, ...opts } of configs) {
      const g = randomGraph(seed, opts);
      for (const mask of [STRONG, WEAK]) {
        const d = computeDominators(g, mask);
        const ref = chkDominators(g, mask);
        let reachable = 0;
        for (let v = 0; v < g.nodeCount; v++) {
          const expected = ref[v] === -1 ? NO_NODE : ref[v];
          if (d.idom[v] !== expected) throw new Error(`seed ${seed}: idom[${v}] = ${d.idom[v]}, CHK ${expected}`);
          if (ref[v] !== -1) reachable++;
        }
        expect(d.reachableCount).toBe(reachable);
        // Retained sizes from CHK's tree: each node's shallow size added to it and its dominators,
        // children before parents (nodes by decreasing depth in that tree).
        const depth = new Int32Array(g.nodeCount).fill(-1);
        const depthOf = (v: number): number => {
          const chain: number[] = [];
          let x = v;
          while (x < g.nodeCount && depth[x] < 0) {
            chain.push(x);
            x = ref[x];
          }
          let dd = x < g.nodeCount ? depth[x] : 0;
          for (let i = chain.length - 1; i >= 0; i--) depth[chain[i]] = ++dd;
          return depth[v];
        };
        const byDepth = Array.from({ length: g.nodeCount }, (_, v) => v).filter((v) => ref[v] !== -1);
        byDepth.sort((a, b) => depthOf(b) - depthOf(a));
        const want = new Float64Array(g.nodeCount + 1);
        for (const v of byDepth) {
          want[v] += g.shallow[v];
          want[ref[v]] += want[v];
        }
        for (let v = 0; v < g.nodeCount; v++) if (d.retained[v] !== want[v]) throw new Error(`seed ${seed}: retained[${v}] = ${d.retained[v]}, from CHK ${want[v]} (0 when unreachable)`);
        // Retained of the super-root is the reachable total; each node's retained ≥ its shallow size.
        let sum = 0;
        for (let v = 0; v < g.nodeCount; v++) if (d.reachable[v]) {
          sum += g.shallow[v];
          if (d.retained[v] < g.shallow[v]) throw new Error(`seed ${seed}: retained[${v}] below shallow`);
        }
        expect(d.retained[g.nodeCount]).toBe(sum);
        // Children CSR: every reachable node listed once under its idom, largest retained first.
        const seen = new Uint8Array(g.nodeCount);
        for (let p = 0; p <= g.nodeCount; p++) {
          const kids = dominatedBy(d, p);
          for (let i = 0; i < kids.length; i++) {
            if (d.idom[kids[i]] !== p || seen[kids[i]]) throw new Error(`seed ${seed}: child ${kids[i]} under ${p}`);
            seen[kids[i]] = 1;
            if (i > 0 && d.retained[kids[i - 1]] < d.retained[kids[i]]) throw new Error(`seed ${seed}: children of ${p} unsorted`);
          }
        }
        expect(seen.reduce((a, b) => a + b, 0)).toBe(reachable);
      }
    }
  });
});
