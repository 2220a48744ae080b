import { tmpdir } from "node:os";
import { afterAll, describe, expect, it } from "vitest";
import { hybridJniGlobalRoots, markFromOtherRoots } from "../../src/analysis/detectors/hybrid-jni-global.ts";
import { computeDominators } from "../../src/analysis/dominators.ts";
import { NodeKind, RootKind } from "../../src/graph/kinds.ts";
import { loadOne } from "../../src/load.ts";
import { analyzeGraph } from "../../src/pipeline.ts";
import { samplePath } from "../helpers/paths.ts";
import { edgeMask, STRONG } from "../../src/analysis/edge-policy.ts";
import { histogram, histogramInputs, histogramRows, histogramTypes, typeSumInputs } from "../../src/analysis/histogram.ts";
import { helperStarted, type PairGrouping } from "../../src/analysis/pair-buckets.ts";
import { computePaths } from "../../src/analysis/paths.ts";
import { isShared } from "../../src/graph/growable.ts";
import { GraphThread, HandOff } from "../../src/parallel/graph-thread.ts";
import { randomGraph } from "../fixtures/random-graph.ts";

describe("GraphThread", () => {
  const thread = GraphThread.forInputs([], true, 0)!;
  const picky = GraphThread.forInputs([], true)!;
  afterAll(() => {
    thread.close();
    picky.close();
  });

  it("builds graphs on shared memory, so a thread can read them without a copy", () => {
    const g = randomGraph(7, { nodes: 2000 });
    for (const a of [g.edgeStart, g.edgeTo, g.edgeKind, g.rootNode, g.rootKind, g.kind, g.type, g.shallow]) expect(isShared(a)).toBe(true);
  });

  it("computes the same GC-root paths on the thread as on the main thread", async () => {
    expect(thread).toBeDefined();
    for (const seed of [1, 2, 3, 4]) {
      const g = randomGraph(seed, { nodes: 5000, degree: 2, roots: 5, weakFraction: 0.2 });
      for (const mask of [STRONG, edgeMask({ followWeak: true })]) {
        const onThread = await thread.paths(g, mask)!;
        const here = computePaths(g, mask);
        expect(onThread.parent.length).toBe(g.nodeCount);
        expect(Array.from(onThread.parent)).toEqual(Array.from(here.parent));
        expect(onThread.mask).toBe(mask);
      }
    }
  });

  it("marks what roots other than JNI globals reach, as the detector does on the main thread", async () => {
    const g = await loadOne({ file: samplePath("java/DetectorRuntimeLeaks.hprof.gz") });
    let jni = 0;
    for (let r = 0; r < g.rootCount; r++) if (g.rootKind[r] === RootKind.JniGlobal) jni++;
    expect(jni).toBeGreaterThan(0); // HotSpot lists its own VM handles as JNI globals
    const [marks] = (await thread.nonJniReach(g, STRONG))!;
    const here = new Uint8Array(g.nodeCount);
    markFromOtherRoots(g, STRONG, 0, g.rootCount, here, new Uint32Array(g.nodeCount));
    expect(marks!.length).toBe(g.nodeCount);
    expect(Buffer.from(marks!).equals(Buffer.from(here))).toBe(true);
    expect(here.some((m) => m === 0)).toBe(true);
    // The detector gives the same findings from the thread's marks as from its own walk.
    const dominators = computeDominators(g, STRONG);
    const ctx = { graph: g, dominators, paths: computePaths(g, STRONG), mask: STRONG, minBytes: 0 };
    const own = hybridJniGlobalRoots.run(ctx);
    expect(hybridJniGlobalRoots.run({ ...ctx, precomputed: { nonJniReach: [marks] } })).toEqual(own);
  });

  it("computes the same dominators when the thread takes part in grouping the predecessors", async () => {
    // Graphs of several 2^17-target buckets; the wrapper lets the thread start first, so it takes some.
    for (const [seed, heapLike] of [[11, true], [12, false], [13, true]] as const) {
      const g = randomGraph(seed, { nodes: 300_000 + seed * 20_000, degree: 2.5, roots: 40, heapLike });
      const alone = computeDominators(g, STRONG);
      let buckets = 0;
      let taken: Promise<number> | undefined;
      const helper = {
        groupPairs(pg: PairGrouping) {
          buckets = pg.chunks.length;
          taken = thread.run<number>("group-pairs", pg);
          while (!helperStarted(pg)) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1);
          return true;
        },
      };
      const together = computeDominators(g, STRONG, undefined, helper);
      expect(buckets).toBeGreaterThan(2);
      expect(await taken).toBeGreaterThan(0);
      expect(Buffer.from(together.idom.buffer, together.idom.byteOffset, together.idom.byteLength).equals(Buffer.from(alone.idom.buffer, alone.idom.byteOffset, alone.idom.byteLength)), `seed ${seed}`).toBe(true);
      expect(Array.from(together.retained)).toEqual(Array.from(alone.retained));
      expect(Array.from(together.treeOrder)).toEqual(Array.from(alone.treeOrder));
    }
  });

  it("gives the same histogram, exact rows included, as the main thread", async () => {
    const g = await loadOne({ file: samplePath("java/CoreObjects.hprof.gz") });
    const dom = computeDominators(g, STRONG);
    for (const a of [dom.treeOrder, dom.subtreeSize, dom.retained, g.kind, g.type]) expect(isShared(a)).toBe(true);
    const exact = histogram(g, dom, { precise: 5 });
    const totals = await thread.histogram(histogramInputs(g, dom), 5)!;
    expect(totals.exact.map((x) => x.type)).toEqual(histogram(g, dom).slice(0, 5).map((r) => r.type));
    const rows = histogramRows(g, dom, totals);
    expect(rows).toEqual(exact);
    expect(rows.filter((r) => r.retainedPrecise).length).toBe(5);
    // An exact row differs from the tree's lower bound somewhere, or the check would be empty.
    const bound = histogram(g, dom);
    expect(exact.some((r) => r.retainedBytes > bound.find((x) => x.type === r.type)!.retainedBytes)).toBe(true);
  });

  it("sums objects and bytes per histogram type as the type column does (class objects under java.lang.Class)", async () => {
    const g = await loadOne({ file: samplePath("java/CoreObjects.hprof.gz") });
    const sums = await thread.typeSums(typeSumInputs(g), g.nodeCount)!;
    const types = histogramTypes(g);
    const count = new Float64Array(g.types.names.length);
    const shallow = new Float64Array(g.types.names.length);
    for (let v = 0; v < g.nodeCount; v++) {
      count[types[v]]++;
      shallow[types[v]] += g.shallow[v];
    }
    expect(Array.from(sums.count)).toEqual(Array.from(count));
    expect(Array.from(sums.shallow)).toEqual(Array.from(shallow));
    const [mirror] = g.typesNamed("java.lang.Class");
    let classes = 0;
    for (let v = 0; v < g.nodeCount; v++) if (g.kind[v] === NodeKind.Class) classes++;
    expect(classes).toBeGreaterThan(100);
    expect(sums.count[mirror]).toBeGreaterThanOrEqual(classes);
  });

  it("hands its finished BFS queues back, and dominators laid over them match fresh ones", async () => {
    const g = await loadOne({ file: samplePath("java/DetectorRuntimeLeaks.hprof.gz") });
    const n = g.nodeCount;
    const long = new HandOff(g.edgeCount + n + 1);
    const short = new HandOff(n + 2);
    expect(long.ready() || short.ready()).toBe(false);
    const paths = await thread.paths(g, STRONG, long)!;
    const reach = await thread.nonJniReach(g, STRONG, short)!;
    expect(Array.from(paths.parent)).toEqual(Array.from(computePaths(g, STRONG).parent));
    expect(reach.some((r) => r !== undefined)).toBe(true); // the sample has JNI-global roots
    expect(long.ready() && short.ready()).toBe(true);
    // The queues hold the walks' garbage now, which the dominators must not read.
    expect(long.array.some((x) => x !== 0) && short.array.some((x) => x !== 0)).toBe(true);
    const fresh = computeDominators(g, STRONG);
    const handed: Uint32Array[] = [];
    const over = computeDominators(g, STRONG, undefined, {
      groupPairs() {},
      scratch(length) {
        const h = [short, long].find((x) => x.array.length >= length && !handed.includes(x.array));
        if (h) handed.push(h.array);
        return h?.array;
      },
    });
    expect(handed.length).toBe(2);
    for (const k of ["idom", "retained", "treeOrder", "treePos", "subtreeSize"] as const) expect(Array.from(over[k]), k).toEqual(Array.from(fresh[k]));
  });

  it("analyzeGraph with the thread gives the same analysis as without", async () => {
    for (const rel of ["java/DetectorRuntimeLeaks.hprof.gz", "java/DetectorWeakHashMaps.hprof.gz"]) {
      const g = await loadOne({ file: samplePath(rel) });
      const alone = await analyzeGraph(g, {});
      const shared = await analyzeGraph(g, { thread });
      expect(shared.findings.length).toBeGreaterThan(0);
      expect(shared.findings).toEqual(alone.findings);
      expect(shared.histogram).toEqual(alone.histogram);
      expect(Array.from(shared.paths.parent)).toEqual(Array.from(alone.paths.parent));
      expect(shared.timings).toHaveProperty("paths (thread, wait)");
      expect(shared.timings).toHaveProperty("histogram (thread, wait)");
      expect(shared.timings).toHaveProperty("type sums (thread, wait)");
    }
  });

  it("starts from any current directory (tsx is resolved next to heaplens, not in the user's folder)", async () => {
    const here = process.cwd();
    process.chdir(tmpdir());
    let elsewhere: GraphThread | undefined;
    try {
      elsewhere = GraphThread.forInputs([], true, 0)!;
      const g = randomGraph(5, { nodes: 300 });
      const p = await elsewhere.paths(g, STRONG)!;
      expect(Array.from(p.parent)).toEqual(Array.from(computePaths(g, STRONG).parent));
    } finally {
      process.chdir(here);
      elsewhere?.close();
    }
  });

  it("declines graphs below its size, and every job once closed", () => {
    const g = randomGraph(9, { nodes: 100 });
    expect(picky.paths(g, STRONG)).toBeUndefined();
    expect(picky.nonJniReach(g, STRONG)).toBeUndefined();
    const closed = GraphThread.forInputs([], true, 0)!;
    closed.close();
    expect(closed.paths(g, STRONG)).toBeUndefined();
  });
});
