import { describe, expect, it } from "vitest";
import { computeDominators } from "../../src/analysis/dominators.ts";
import { edgeMask, STRONG } from "../../src/analysis/edge-policy.ts";
import { chainSteps, computePaths, pathAvoiding, pathDepth, pathEdge, pathRoot, pathSteps, pathTo, ReachSearcher, reachesFrom } from "../../src/analysis/paths.ts";
import { NO_NODE } from "../../src/analysis/types.ts";
import { GraphBuilder } from "../../src/graph/builder.ts";
import type { HeapGraph, ValueReader } from "../../src/graph/heap-graph.ts";
import { EdgeKind, Lang, NodeKind, ROOT_RANK, RootKind } from "../../src/graph/kinds.ts";
import { randomGraph } from "../fixtures/random-graph.ts";

interface Spec {
  nodes: (string | [string, NodeKind])[];
  edges: ([number, number, string] | [number, number, string, EdgeKind])[];
  roots: [number, RootKind, string?][];
  values?: ValueReader;
}

function build(spec: Spec): HeapGraph {
  const b = new GraphBuilder();
  b.beginInput({ file: "t", format: "test", language: "java" });
  spec.nodes.forEach((n, i) => {
    const [name, kind] = typeof n === "string" ? [n, NodeKind.Instance] : n;
    b.addNode(kind, b.internType(name, Lang.Java), 16 * (i + 1), 0x1000 + 0x10 * i, Lang.Java);
  });
  for (const [from, to, label, kind] of spec.edges) b.addEdge(from, to, kind ?? EdgeKind.Strong, label.startsWith("[") ? GraphBuilder.indexLabel(Number(label.slice(1, -1))) : b.labels.intern(label));
  for (const [node, kind, label] of spec.roots) b.addRoot(node, kind, b.labels.intern(label ?? ""));
  if (spec.values) b.setValueReader(spec.values);
  b.endInput();
  return b.freeze();
}

/** BFS distances from all roots (reference for path lengths). */
function distances(g: HeapGraph, mask: Uint8Array): number[] {
  const d = new Array<number>(g.nodeCount).fill(-1);
  const q: number[] = [];
  for (const r of g.rootNode) if (d[r] < 0) {
    d[r] = 0;
    q.push(r);
  }
  for (let h = 0; h < q.length; h++) {
    const v = q[h];
    for (let e = g.edgeStart[v]; e < g.edgeStart[v + 1]; e++) {
      const w = g.edgeTo[e];
      if (mask[g.edgeKind[e]] && d[w] < 0) {
        d[w] = d[v] + 1;
        q.push(w);
      }
    }
  }
  return d;
}

describe("computePaths", () => {
  it("prefers a static root over a thread root over others when paths tie, whatever the root order", () => {
    // 0 other root, 1 thread root, 2 static root; each → its own holder → target 6.
    const g = build({
      nodes: ["Other", "Thread", ["Holder", NodeKind.Class], "A", "B", "C", "Target"],
      edges: [[0, 3, "a"], [1, 4, "b"], [2, 5, "INSTANCE"], [3, 6, "x"], [4, 6, "y"], [5, 6, "z"]],
      roots: [[0, RootKind.Unknown], [1, RootKind.JavaFrame, "main@Main.run:42"], [2, RootKind.StickyClass]],
    });
    const p = computePaths(g);
    expect(pathTo(g, p, 6)).toEqual([2, 5, 6]);
    expect(pathRoot(g, p, 6)).toBe(2);
    expect(pathDepth(g, p, 6)).toBe(2);
    expect(pathDepth(g, p, 2)).toBe(0);
    expect(pathEdge(g, p, 6)).toBe(5);
    // Without the static root the thread root wins over the earlier "other" root.
    const g2 = build({
      nodes: ["Other", "Thread", "A", "B", "Target"],
      edges: [[0, 2, "a"], [1, 3, "b"], [2, 4, "x"], [3, 4, "y"]],
      roots: [[0, RootKind.Unknown], [1, RootKind.ThreadObject]],
    });
    expect(pathTo(g2, computePaths(g2), 4)).toEqual([1, 3, 4]);
  });

  it("takes the shortest path even from a worse-ranked root, and keeps the first root within a rank", () => {
    const g = build({
      nodes: ["S", "A", "B", "F", "Target", "S2"],
      edges: [[0, 1, "a"], [1, 2, "b"], [2, 4, "c"], [3, 4, "d"], [5, 4, "e"]],
      roots: [[0, RootKind.StickyClass], [3, RootKind.JavaFrame], [5, RootKind.Unknown]],
    });
    const p = computePaths(g);
    expect(pathTo(g, p, 4)).toEqual([3, 4]);
    const tie = build({
      nodes: ["S1", "S2", "T"],
      edges: [[1, 2, "b"], [0, 2, "a"]],
      roots: [[0, RootKind.JniGlobal], [1, RootKind.StickyClass]],
    });
    expect(pathTo(tie, computePaths(tie), 2)).toEqual([0, 2]);
  });

  it("ignores weak edges unless the mask follows them; unreachable nodes have no path", () => {
    const g = build({
      nodes: ["R", "Ref", "Referent", "Island"],
      edges: [[0, 1, "ref"], [1, 2, "referent", EdgeKind.Weak], [3, 2, "x"]],
      roots: [[0, RootKind.StickyClass]],
    });
    const p = computePaths(g);
    expect(p.parent[2]).toBe(NO_NODE);
    expect(pathTo(g, p, 2)).toEqual([]);
    expect(pathTo(g, p, 3)).toEqual([]);
    const w = computePaths(g, edgeMask({ followWeak: true }));
    expect(pathTo(g, w, 2)).toEqual([0, 1, 2]);
  });

  it("finds a shortest path for every reachable node of random graphs, from a best-ranked root", () => {
    for (let seed = 1; seed <= 500; seed++) {
      const g = randomGraph(seed);
      for (const mask of [STRONG, edgeMask({ followWeak: true })]) {
        const p = computePaths(g, mask);
        const d = distances(g, mask);
        const byRank = [0, 1, 2].map((k) => rankedDistance(g, mask, k));
        for (let v = 0; v < g.nodeCount; v++) {
          const path = pathTo(g, p, v);
          if (d[v] < 0) {
            expect(path, `seed ${seed} node ${v}`).toEqual([]);
            continue;
          }
          expect(path.length - 1, `seed ${seed} node ${v}`).toBe(d[v]);
          for (let i = 1; i < path.length; i++) {
            const e = pathEdge(g, p, path[i]);
            expect(g.edgeTo[e]).toBe(path[i]);
            expect(e >= g.edgeStart[path[i - 1]] && e < g.edgeStart[path[i - 1] + 1]).toBe(true);
            expect(mask[g.edgeKind[e]]).toBe(1);
          }
          // No root of a better rank reaches v in the same number of steps.
          const rank = [0, 1, 2].find((k) => byRank[k][v] === d[v]);
          const r = pathRoot(g, p, v);
          expect(pathDepth(g, p, v)).toBe(d[v]);
          expect(g.rootNode[r]).toBe(path[0]);
          expect(Math.min(2, rankOf(g.rootKind[r])), `seed ${seed} node ${v}`).toBe(rank);
        }
      }
    }
  });
});

const rankOf = (k: number): number => ROOT_RANK[k] ?? 2;

/** BFS distance from the roots of rank ≤ k only. */
function rankedDistance(g: HeapGraph, mask: Uint8Array, k: number): number[] {
  const d = new Array<number>(g.nodeCount).fill(-1);
  const q: number[] = [];
  for (let r = 0; r < g.rootCount; r++) {
    const v = g.rootNode[r];
    if (rankOf(g.rootKind[r]) <= k && d[v] < 0) {
      d[v] = 0;
      q.push(v);
    }
  }
  for (let h = 0; h < q.length; h++) {
    const v = q[h];
    for (let e = g.edgeStart[v]; e < g.edgeStart[v + 1]; e++) {
      const w = g.edgeTo[e];
      if (mask[g.edgeKind[e]] && d[w] < 0) {
        d[w] = d[v] + 1;
        q.push(w);
      }
    }
  }
  return d;
}

describe("pathSteps", () => {
  it("describes root, fields, array slots, sizes and values", () => {
    const values: ValueReader = {
      field: () => undefined,
      fields: () => [],
      statics: () => [],
      display: (node) => (node === 3 ? '"hello"' : undefined),
      arrayLength: () => -1,
    };
    const g = build({
      nodes: [["com.example.Cache", NodeKind.Class], "java.util.HashMap", ["java.lang.Object[]", NodeKind.ObjectArray], "java.lang.String", "java.lang.Thread"],
      edges: [[0, 1, "CACHE"], [1, 2, "table"], [2, 3, "[7]"], [4, 1, "local"]],
      roots: [[4, RootKind.JavaFrame, "main@Main.run:42"], [0, RootKind.StickyClass]],
      values,
    });
    const p = computePaths(g);
    const d = computeDominators(g);
    const steps = pathSteps(g, p, d, 3);
    expect(steps.map((s) => [s.type, s.via, s.root])).toEqual([
      ["class com.example.Cache", "", "sticky-class"],
      ["java.util.HashMap", "CACHE", undefined],
      ["java.lang.Object[]", "table", undefined],
      ["java.lang.String", "[7]", undefined],
    ]);
    expect(steps[0].id).toBe("0x1000");
    expect(steps[3]).toMatchObject({ id: "0x1030", shallowBytes: 64, retainedBytes: 64, value: '"hello"', node: 3 });
    expect(steps[1].retainedBytes).toBe(32 + 48 + 64);
    const frame = pathSteps(g, p, d, 4);
    expect(frame).toHaveLength(1);
    expect(frame[0].root).toBe("java-frame main@Main.run:42");
    expect(pathSteps(g, p, undefined, 1)[1].retainedBytes).toBeUndefined();
    expect(chainSteps(g, [4, 1, 2, 3], d).map((s) => s.via)).toEqual(["", "local", "table", "[7]"]);
    expect(chainSteps(g, [4, 1, 2, 3], d)[0].root).toBe("java-frame main@Main.run:42");
    expect(chainSteps(g, [1, 2], d)[0].root).toBeUndefined();
    expect(chainSteps(g, [0, 1], d)[0].root).toBe("sticky-class");
  });

  it("describes a node with several root records by its best-ranked one", () => {
    const g = build({
      nodes: ["A", "B"],
      edges: [[0, 1, "f"]],
      roots: [[1, RootKind.Unknown], [0, RootKind.JniLocal, "t1"], [0, RootKind.MonitorUsed], [0, RootKind.JniGlobal, "ref"], [0, RootKind.StickyClass]],
    });
    expect(chainSteps(g, [0, 1], undefined)[0].root).toBe("jni-global ref");
    expect(chainSteps(g, [1], undefined)[0].root).toBe("unknown");
    expect(pathSteps(g, computePaths(g), undefined, 0)[0].root).toBe("jni-global ref");
  });
});

describe("pathAvoiding and reachesFrom", () => {
  // Static root 0 → map 1 → table 2 → entry 3 → value 4; the value is also reachable from a
  // thread root 5 through a closure 6; 7 reachable only from the value; 8 from an island.
  const g = build({
    nodes: [["Holder", NodeKind.Class], "WeakHashMap", "Entry[]", "Entry", "Value", "Thread", "Lambda", "Key", "Island"],
    edges: [[0, 1, "MAP"], [1, 2, "table"], [2, 3, "[0]"], [3, 4, "value"], [3, 7, "referent", EdgeKind.Weak], [5, 6, "task"], [6, 4, "arg$1"], [4, 7, "key"], [8, 4, "x"]],
    roots: [[0, RootKind.StickyClass], [5, RootKind.ThreadObject]],
  });

  it("finds a path around the forbidden nodes, or none", () => {
    const forbidden = new Uint8Array(g.nodeCount);
    forbidden[1] = forbidden[2] = forbidden[3] = 1;
    expect(pathAvoiding(g, undefined, 4, forbidden)).toEqual([5, 6, 4]);
    expect(pathAvoiding(g, undefined, 4, (v) => v === 6)).toEqual([0, 1, 2, 3, 4]);
    expect(pathAvoiding(g, undefined, 4, (v) => v === 6 || v === 2)).toBeUndefined();
    expect(pathAvoiding(g, undefined, 7, forbidden)).toEqual([5, 6, 4, 7]);
    expect(pathAvoiding(g, [8], 7, forbidden)).toEqual([8, 4, 7]);
    expect(pathAvoiding(g, undefined, 8, forbidden)).toBeUndefined();
    expect(pathAvoiding(g, undefined, 0, forbidden)).toEqual([0]);
    expect(pathAvoiding(g, undefined, 1, forbidden)).toBeUndefined(); // the target itself is forbidden
  });

  it("answers start → target questions over strong edges only, repeatedly", () => {
    expect(reachesFrom(g, 3, 7)).toEqual([3, 4, 7]); // not the weak referent edge
    expect(reachesFrom(g, 3, 7, edgeMask({ followWeak: true }))).toEqual([3, 7]);
    expect(reachesFrom(g, 4, 3)).toBeUndefined();
    expect(reachesFrom(g, 5, 7, STRONG, (v) => v === 4)).toBeUndefined();
    expect(reachesFrom(g, 4, 4)).toEqual([4]);
    const s = new ReachSearcher(g);
    for (let i = 0; i < 10_000; i++) {
      expect(s.reachesFrom(0, 7)).toEqual([0, 1, 2, 3, 4, 7]);
      expect(s.reachesFrom(6, 3)).toBeUndefined();
    }
    expect(s.reachesFrom(0, 7, { limit: 3 })).toBeUndefined();
  });

  it("agrees with plain BFS reachability on random graphs", () => {
    for (let seed = 1; seed <= 300; seed++) {
      const rg = randomGraph(seed);
      const s = new ReachSearcher(rg);
      for (let a = 0; a < rg.nodeCount; a++) {
        const reach = new Uint8Array(rg.nodeCount);
        const q = [a];
        reach[a] = 1;
        for (let h = 0; h < q.length; h++) {
          const v = q[h];
          for (let e = rg.edgeStart[v]; e < rg.edgeStart[v + 1]; e++) {
            const w = rg.edgeTo[e];
            if (STRONG[rg.edgeKind[e]] && !reach[w]) {
              reach[w] = 1;
              q.push(w);
            }
          }
        }
        for (let b = 0; b < rg.nodeCount; b++) {
          const chain = s.reachesFrom(a, b);
          if (!!chain !== !!reach[b]) throw new Error(`seed ${seed}: ${a} → ${b}`);
          if (chain) expect(chain[0] === a && chain[chain.length - 1] === b).toBe(true);
        }
      }
    }
  });
});
