import { describe, expect, it } from "vitest";
import type { TreeNode } from "../../src/report/model.ts";
import { analyzeFiles } from "../../src/pipeline.ts";
import { buildReport, dominatorTree } from "../../src/report/build.ts";
import { samplePath } from "../helpers/paths.ts";

function* walk(n: TreeNode): Generator<TreeNode> {
  const stack = [n];
  while (stack.length) {
    const x = stack.pop()!;
    yield x;
    stack.push(...x.children);
  }
}

describe("report builder on a real dump", async () => {
  const a = await analyzeFiles([{ file: samplePath("java", "DetectorWeakHashMaps.hprof.gz") }]);

  it("the embedded dominator tree contains every finding's subject, with root kinds and field names", () => {
    const tree = dominatorTree(a);
    const ids = new Set([...walk(tree)].map((n) => n.id));
    expect(a.findings.length).toBeGreaterThan(0);
    for (const f of a.findings) expect(ids.has(f.subject.id), f.title).toBe(true);
    const top = tree.children;
    expect(top.some((c) => c.root?.startsWith("sticky-class"))).toBe(true);
    // A static field shows its name as the edge from the class into the tree.
    const viaNames = new Set([...walk(tree)].map((n) => n.via).filter(Boolean));
    expect(viaNames.has("CALLBACKS") || viaNames.has("INDEX")).toBe(true);
    // Children are ordered by retained size and never exceed the parent.
    for (const n of walk(tree)) {
      for (let i = 1; i < n.children.length; i++) expect(n.children[i - 1].retainedBytes).toBeGreaterThanOrEqual(n.children[i].retainedBytes);
      for (const c of n.children) expect(c.retainedBytes).toBeLessThanOrEqual(n.retainedBytes);
    }
  });

  it("the report is plain JSON (no internal ordinals) and round-trips", () => {
    const r = buildReport(a, { top: 10, tree: true });
    // Fails on anything JSON cannot carry: typed arrays, Infinity/NaN (become null), Maps, bigints.
    expect(JSON.parse(JSON.stringify(r))).toEqual(r);
    for (const f of r.findings) {
      expect("node" in f.subject).toBe(false);
      for (const s of f.path) expect("node" in s).toBe(false);
    }
  });
});

describe("report inputs", () => {
  it("name a format variant recorded by the reader (goref profiles are pprof files)", async () => {
    const { GraphBuilder } = await import("../../src/graph/builder.ts");
    const { analyzeGraph } = await import("../../src/pipeline.ts");
    const { Lang, NodeKind, RootKind } = await import("../../src/graph/kinds.ts");
    const b = new GraphBuilder();
    b.beginInput({ file: "grf.out", format: "pprof", language: "go", meta: { format: "goref" } });
    const v = b.addNode(NodeKind.GoSite, b.internType("main.globalMap", Lang.Go), 64, 1, Lang.Go);
    b.addRoot(v, RootKind.GoData, b.labels.intern("main.globalMap"));
    b.endInput();
    b.beginInput({ file: "heap.pb.gz", format: "pprof", language: "go" });
    b.addNode(NodeKind.GoSite, b.internType("main.f", Lang.Go), 8, 2, Lang.Go);
    b.endInput();
    const r = buildReport(await analyzeGraph(b.freeze(), { detectors: false }));
    expect(r.inputs.map((i) => i.format)).toEqual(["goref", "pprof"]);
  });
});
