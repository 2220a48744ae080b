import { describe, expect, it } from "vitest";
import { bidirectional } from "graphology-shortest-path/unweighted.js";
import { computeDominators, dominatorSubtree as reexported } from "../../src/analysis/dominators.ts";
import { STRONG } from "../../src/analysis/edge-policy.ts";
import { dominatorSubtree, type SubtreeNode } from "../../src/analysis/subgraph.ts";
import { GraphBuilder } from "../../src/graph/builder.ts";
import type { HeapGraph } from "../../src/graph/heap-graph.ts";
import { EdgeKind, Lang, NodeKind, RootKind } from "../../src/graph/kinds.ts";
import { toGraphology } from "../../src/graph/to-graphology.ts";

/** root 0 → 1 (big) and 2 (small); 1 → 3, 4, 5 (sizes differ); 5 → 6; 7 unreachable. */
function sample(): HeapGraph {
  const b = new GraphBuilder();
  b.beginInput({ file: "t", format: "test", language: "java" });
  const names = ["Root", "Big", "Small", "A", "B", "C", "D", "Garbage"];
  const sizes = [16, 100, 10, 30, 20, 40, 500, 8];
  names.forEach((n, i) => b.addNode(i === 0 ? NodeKind.Class : NodeKind.Instance, b.internType(n, Lang.Java), sizes[i], 0x1000 + i * 0x100, Lang.Java));
  const f = (s: string): number => b.labels.intern(s);
  b.addEdge(0, 1, EdgeKind.Strong, f("big"));
  b.addEdge(0, 2, EdgeKind.Strong, f("small"));
  b.addEdge(1, 3, EdgeKind.Strong, GraphBuilder.indexLabel(0));
  b.addEdge(1, 4, EdgeKind.Strong, GraphBuilder.indexLabel(1));
  b.addEdge(1, 5, EdgeKind.Strong, GraphBuilder.indexLabel(2));
  b.addEdge(1, 5, EdgeKind.Weak, f("ref"));
  b.addEdge(5, 6, EdgeKind.Strong, f("next"));
  b.addEdge(2, 4, EdgeKind.Strong, f("shared"));
  b.addEdge(7, 6, EdgeKind.Strong, f("x"));
  b.addRoot(0, RootKind.StickyClass, 0);
  b.endInput();
  return b.freeze();
}

const shape = (n: SubtreeNode): unknown => [n.name, n.retained, n.children.map(shape)];

describe("dominatorSubtree", () => {
  const g = sample();
  const dom = computeDominators(g);

  it("prints the whole tree from the super-root, largest first", () => {
    const t = dominatorSubtree(g, dom, { depth: 10 });
    expect(t.node).toBe(g.superRoot);
    expect(t.retained).toBe(16 + 100 + 10 + 30 + 20 + 40 + 500);
    expect(shape(t)).toEqual([
      "GC roots", 716,
      [["class Root", 716, [
        ["Big", 670, [["C", 540, [["D", 500, []]]], ["A", 30, []]]],
        ["B", 20, []],
        ["Small", 10, []],
      ]]],
    ]);
    expect(t.children[0].count).toBe(7);
    expect(t.children[0].id).toBe("0x1000");
  });

  it("cuts by depth, minBytes and limit and says what was left out", () => {
    const byDepth = dominatorSubtree(g, dom, { root: 0, depth: 1 });
    expect(shape(byDepth)).toEqual(["class Root", 716, [["Big", 670, []], ["B", 20, []], ["Small", 10, []]]]);
    expect(byDepth.children[0].omitted).toEqual({ count: 2, retainedBytes: 570 });
    const byBytes = dominatorSubtree(g, dom, { root: 0, depth: 5, minBytes: 25 });
    expect(shape(byBytes)).toEqual(["class Root", 716, [["Big", 670, [["C", 540, [["D", 500, []]]], ["A", 30, []]]]]]);
    expect(byBytes.omitted).toEqual({ count: 2, retainedBytes: 30 });
    const byLimit = reexported(g, dom, { root: 0, depth: 5, limit: 1 });
    expect(shape(byLimit)).toEqual(["class Root", 716, [["Big", 670, [["C", 540, [["D", 500, []]]]]]]]);
    expect(dominatorSubtree(g, dom, { root: 3, depth: 0 }).children).toEqual([]);
  });
});

describe("toGraphology", () => {
  const g = sample();
  const dom = computeDominators(g);

  it("builds the induced subgraph with node and edge attributes", () => {
    const sub = toGraphology(g, [0, 1, 5, 6, 5, 99], undefined, dom.retained);
    expect(sub.order).toBe(4);
    expect(sub.getNodeAttributes("1")).toEqual({ node: 1, id: "0x1100", type: "Big", shallow: 100, retained: 670 });
    expect(sub.getNodeAttribute("0", "type")).toBe("class Root");
    // 0→1, 1→5 strong, 1→5 weak (a multi-edge), 5→6; edges to 2, 3, 4 are outside the set.
    expect(sub.size).toBe(4);
    const kinds = sub.edges("1", "5").map((e) => sub.getEdgeAttributes(e)).map((a) => `${a.label}/${a.kind}`).sort();
    expect(kinds).toEqual(["[2]/strong", "ref/weak"]);
    expect(sub.getEdgeAttributes(sub.edges("5", "6")[0])).toMatchObject({ label: "next", kind: "strong" });
    expect(bidirectional(sub, "0", "6")).toEqual(["0", "1", "5", "6"]);
  });

  it("filters edges by mask and leaves retained out when not given", () => {
    const sub = toGraphology(g, new Set([1, 5]), STRONG);
    expect(sub.size).toBe(1);
    expect(sub.getNodeAttributes("5").retained).toBeUndefined();
  });
});
