import { describe, expect, it } from "vitest";
import { hybridJniGlobalRoots, isJdkClass, JDK_MIN_BYTES } from "../../src/analysis/detectors/hybrid-jni-global.ts";
import { computeDominators } from "../../src/analysis/dominators.ts";
import { STRONG } from "../../src/analysis/edge-policy.ts";
import { computePaths } from "../../src/analysis/paths.ts";
import { GraphBuilder } from "../../src/graph/builder.ts";
import { combineGraphs } from "../../src/graph/combine.ts";
import type { HeapGraph } from "../../src/graph/heap-graph.ts";
import { EdgeKind, Lang, NodeKind, RootKind } from "../../src/graph/kinds.ts";

type N = [name: string, bytes: number, kind?: NodeKind];

/** A tiny Java heap: nodes (name, bytes), strong edges, roots. */
function heap(process: string, nodes: N[], edges: [number, number, EdgeKind?][], roots: [number, RootKind][], base = 0x1000): HeapGraph {
  const b = new GraphBuilder();
  b.beginInput({ file: `${process}.hprof`, format: "hprof", language: "java", process });
  nodes.forEach(([name, bytes, kind], i) => b.addNode(kind ?? NodeKind.Instance, b.internType(name, Lang.Java), bytes, base + 16 * i, Lang.Java));
  for (const [f, t, k] of edges) b.addEdge(f, t, k ?? EdgeKind.Strong, b.labels.intern("f"));
  for (const [n, k] of roots) b.addRoot(n, k, 0);
  b.endInput();
  return b.freeze();
}

function run(g: HeapGraph) {
  const dominators = computeDominators(g, STRONG);
  const paths = computePaths(g, STRONG);
  return hybridJniGlobalRoots.run({ graph: g, dominators, paths, mask: STRONG, minBytes: 0 });
}

describe("hybrid.jni-global-roots", () => {
  // 0 Session (jni) → 1 byte[] ; 2 Session (jni) → 3 byte[] → shared 4 String also reached from 5 (static holder)
  // 6 Config held by JNI and by static 7 ; 8 Handle (jni) weakly referenced from 7 (weak edges do not count)
  const nodes: N[] = [
    ["app.Session", 24], ["byte[]", 4112], ["app.Session", 24], ["byte[]", 4112], ["java.lang.String", 24],
    ["app.Holder", 16, NodeKind.Class], ["app.Config", 32], ["app.Registry", 16, NodeKind.Class], ["app.Handle", 16],
  ];
  const edges: [number, number, EdgeKind?][] = [[0, 1], [2, 3], [3, 4], [5, 4], [7, 6], [7, 8, EdgeKind.Weak]];
  const roots: [number, RootKind][] = [
    [0, RootKind.JniGlobal], [2, RootKind.JniGlobal], [6, RootKind.JniGlobal], [8, RootKind.JniGlobal],
    [5, RootKind.StickyClass], [7, RootKind.StickyClass],
  ];

  it("groups JNI-only objects by root class with exclusive bytes", () => {
    const fs = run(heap("app", nodes, edges, roots));
    const byClass = Object.fromEntries(fs.map((f) => [f.subject.type, f]));
    expect(Object.keys(byClass).sort()).toEqual(["app.Handle", "app.Session"]);
    const s = byClass["app.Session"];
    expect(s.count).toBe(2);
    expect(s.evidence.objects).toBe(4); // two sessions and their payloads, not the shared String
    expect(s.retainedBytes).toBe(2 * 24 + 2 * 4112);
    expect(s.path[0].root).toMatch(/^jni-global/);
    expect(s.process).toBe("app");
    expect(byClass["app.Handle"].retainedBytes).toBe(16);
    expect(byClass["app.Handle"].severity).toBe("low");
  });

  it("signatures do not depend on addresses", () => {
    const a = run(heap("app", nodes, edges, roots, 0x1000));
    const b = run(heap("app", nodes, edges, roots, 0x7f0000));
    expect(a.map((f) => f.signature).sort()).toEqual(b.map((f) => f.signature).sort());
    expect(a.map((f) => f.subject.id)).not.toEqual(b.map((f) => f.subject.id));
  });

  it("ignores small JDK-class groups (VM handles) but reports large ones", () => {
    const small = run(heap("app", [["java.lang.invoke.MethodType", 24]], [], [[0, RootKind.JniGlobal]]));
    expect(small).toEqual([]);
    const big = run(heap("app", [["java.util.HashMap", 48], ["java.lang.Object[]", JDK_MIN_BYTES]], [[0, 1]], [[0, RootKind.JniGlobal]]));
    expect(big).toHaveLength(1);
    expect(big[0].severity).toBe("high"); // > 10% of this tiny heap
    expect(isJdkClass("java.lang.Object[]")).toBe(true);
    expect(isJdkClass("byte[]")).toBe(false);
  });

  it("works per process in a combined graph and ignores Go inputs", () => {
    const b = new GraphBuilder();
    b.beginInput({ file: "go.pb", format: "pprof", language: "go", process: "gateway" });
    b.addNode(NodeKind.GoSite, b.internType("main.f", Lang.Go), 1000, 1, Lang.Go);
    b.addRoot(0, RootKind.JniGlobal, 0); // nonsense for Go: must be ignored
    b.endInput();
    const g = combineGraphs([b.freeze(), heap("app", nodes, edges, roots)]);
    const fs = run(g);
    expect(fs.map((f) => f.process)).toEqual(["app", "app"]);
    const one = run(heap("app", nodes, edges, roots));
    expect(fs.map((f) => [f.signature, f.retainedBytes, f.count])).toEqual(one.map((f) => [f.signature, f.retainedBytes, f.count]));
  });
});
