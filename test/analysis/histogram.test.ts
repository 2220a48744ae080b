import { describe, expect, it } from "vitest";
import { computeDominators } from "../../src/analysis/dominators.ts";
import { edgeMask, STRONG } from "../../src/analysis/edge-policy.ts";
import { histogram, preciseRetained, retainedOfSet } from "../../src/analysis/histogram.ts";
import { GraphBuilder } from "../../src/graph/builder.ts";
import type { HeapGraph } from "../../src/graph/heap-graph.ts";
import { EdgeKind, Lang, NodeKind, RootKind } from "../../src/graph/kinds.ts";
import { randomGraph } from "../fixtures/random-graph.ts";
import { bruteDominators, reachableWithout } from "./brute-force.ts";

/** Bytes that become unreachable when every node in `set` is removed. */
function bruteSetRetained(g: HeapGraph, mask: Uint8Array, set: (v: number) => boolean): { bytes: number; objects: number } {
  const before = reachableWithout(g, mask, new Uint8Array(g.nodeCount));
  const removed = new Uint8Array(g.nodeCount);
  for (let v = 0; v < g.nodeCount; v++) if (set(v)) removed[v] = 1;
  const after = reachableWithout(g, mask, removed);
  let bytes = 0;
  let objects = 0;
  for (let v = 0; v < g.nodeCount; v++) if (before[v] && !after[v]) {
    bytes += g.shallow[v];
    objects += g.objectCount(v);
  }
  return { bytes, objects };
}

describe("histogram", () => {
  it("counts a linked list's retained size once, not per node", () => {
    const b = new GraphBuilder();
    b.beginInput({ file: "t", format: "test", language: "java" });
    const list = b.addType("LinkedList$Node", Lang.Java);
    const str = b.addType("String", Lang.Java);
    const unused = b.addType("Unused", Lang.Java);
    void unused;
    for (let i = 0; i < 4; i++) b.addNode(NodeKind.Instance, list, 24, 0x100 + i * 0x20, Lang.Java);
    for (let i = 0; i < 4; i++) b.addNode(NodeKind.Instance, str, 40, 0x200 + i * 0x40, Lang.Java);
    for (let i = 0; i < 3; i++) b.addEdge(i, i + 1, EdgeKind.Strong, 0);
    for (let i = 0; i < 4; i++) b.addEdge(i, 4 + i, EdgeKind.Strong, 0);
    b.addNode(NodeKind.Instance, str, 40, 0x900, Lang.Java); // garbage
    b.addRoot(0, RootKind.StickyClass, 0);
    b.endInput();
    const g = b.freeze();
    const rows = histogram(g, computeDominators(g));
    expect(rows).toEqual([
      { type: list, name: "LinkedList$Node", count: 4, shallowBytes: 96, retainedBytes: 256 },
      { type: str, name: "String", count: 5, shallowBytes: 200, retainedBytes: 160 },
    ]);
  });

  it("keeps an object shared by two instances of a type in the exact figure, not in the tree lower bound", () => {
    // root → map → node A, node B (type Node); both nodes → one shared value.
    const b = new GraphBuilder();
    b.beginInput({ file: "t", format: "test", language: "java" });
    const map = b.addType("Map", Lang.Java);
    const node = b.addType("Node", Lang.Java);
    const value = b.addType("Value", Lang.Java);
    b.addNode(NodeKind.Instance, map, 48, 0x10, Lang.Java);
    b.addNode(NodeKind.Instance, node, 32, 0x40, Lang.Java);
    b.addNode(NodeKind.Instance, node, 32, 0x60, Lang.Java);
    b.addNode(NodeKind.Instance, value, 1000, 0x80, Lang.Java);
    b.addEdge(0, 1, EdgeKind.Strong, 0);
    b.addEdge(0, 2, EdgeKind.Strong, 0);
    b.addEdge(1, 3, EdgeKind.Strong, 0);
    b.addEdge(2, 3, EdgeKind.Strong, 0);
    b.addRoot(0, RootKind.StickyClass, 0);
    b.endInput();
    const g = b.freeze();
    const dom = computeDominators(g);
    const quick = histogram(g, dom).find((r) => r.name === "Node")!;
    expect(quick.retainedBytes).toBe(64);
    expect(quick.retainedPrecise).toBeUndefined();
    const exact = histogram(g, dom, { precise: 3 }).find((r) => r.name === "Node")!;
    expect(exact.retainedBytes).toBe(1064);
    expect(exact.retainedPrecise).toBe(true);
    expect(preciseRetained(g, dom, (v) => v === 1 || v === 2)).toEqual({ bytes: 1064, objects: 3 });
  });

  it("matches brute force on 1500 random graphs with few types: tree bound and exact set-retained", () => {
    let cases = 0;
    for (let seed = 1; seed <= 1500; seed++) {
      const g = randomGraph(seed, { types: 1 + (seed % 4), counts: seed % 3 === 0 });
      const mask = seed % 5 === 0 ? edgeMask({ followWeak: true }) : STRONG;
      const dom = computeDominators(g, mask);
      const bf = bruteDominators(g, mask);
      const rows = histogram(g, dom);
      const exactRows = histogram(g, dom, { precise: rows.length });
      for (const row of rows) {
        const isT = (v: number): boolean => g.type[v] === row.type;
        const exact = bruteSetRetained(g, mask, isT);
        // Tree bound: the brute-force retained sizes of the instances no other instance dominates.
        let bound = 0;
        for (let v = 0; v < g.nodeCount; v++) {
          if (!bf.reachable[v] || !isT(v)) continue;
          let top = true;
          for (let u = 0; u < g.nodeCount; u++) if (u !== v && isT(u) && bf.dominated[u][v]) top = false;
          if (top) bound += bf.retained[v];
        }
        if (row.retainedBytes !== bound) throw new Error(`seed ${seed} type ${row.name}: tree ${row.retainedBytes} vs brute ${bound}`);
        if (bound > exact.bytes) throw new Error(`seed ${seed} type ${row.name}: bound ${bound} > exact ${exact.bytes}`);
        const e = exactRows.find((r) => r.type === row.type)!;
        if (e.retainedBytes !== exact.bytes) throw new Error(`seed ${seed} type ${row.name}: precise ${e.retainedBytes} vs brute ${exact.bytes}`);
        expect(preciseRetained(g, dom, isT, mask)).toEqual(exact);
        let count = 0;
        let shallow = 0;
        for (let v = 0; v < g.nodeCount; v++) if (isT(v)) {
          count += g.objectCount(v);
          shallow += g.shallow[v];
        }
        expect(row.count).toBe(count);
        expect(row.shallowBytes).toBe(shallow);
        cases++;
      }
      for (const list of [rows, exactRows]) {
        for (let i = 1; i < list.length; i++) {
          const a = list[i - 1];
          const c = list[i];
          expect(a.retainedBytes > c.retainedBytes || (a.retainedBytes === c.retainedBytes && a.shallowBytes >= c.shallowBytes)).toBe(true);
        }
      }
    }
    expect(cases).toBeGreaterThan(2500);
  });

  it("retainedOfSet is the tree bound of any node set, for small and large sets", () => {
    let large = 0;
    for (let seed = 1; seed <= 400; seed++) {
      const g = randomGraph(seed, { nodes: seed % 2 ? 30 : 400, counts: true });
      const dom = computeDominators(g);
      const bf = bruteDominators(g, STRONG);
      const pick = (v: number): boolean => (v * 2654435761 + seed) % 7 < 3;
      const set: number[] = [];
      for (let v = 0; v < g.nodeCount; v++) if (pick(v)) set.push(v);
      let bytes = 0;
      let objects = 0;
      for (const v of set) {
        if (!bf.reachable[v] || set.some((u) => u !== v && bf.dominated[u][v])) continue;
        bytes += bf.retained[v];
        objects += bf.retainedCount[v];
      }
      const got = retainedOfSet(g, dom, set);
      if (set.filter((v) => bf.reachable[v]).length > 64) large++;
      if (got.bytes !== bytes || got.objects !== objects) {
        throw new Error(`seed ${seed} (${set.length} members): ${JSON.stringify(got)} vs ${JSON.stringify({ bytes, objects })}`);
      }
      const exact = bruteSetRetained(g, STRONG, pick);
      expect(preciseRetained(g, dom, pick)).toEqual(exact);
      expect(got.bytes <= exact.bytes).toBe(true);
    }
    // Sets above 64 reachable members take the layout pass instead of the idom climbs.
    expect(large).toBeGreaterThan(100);
  });
});
