// Two Java processes in one combined graph (as `heaplens audit` builds it): every Java detector must
// find each process's problems exactly as on its own, per-process statics (ReferenceQueue.ENQUEUED,
// Finalizer.queue) must come from the right process, and findings carry their process.
import { describe, expect, it } from "vitest";
import { DETECTORS } from "../../../src/analysis/detectors/index.ts";
import type { DetectorContext, Finding } from "../../../src/analysis/detectors/types.ts";
import { computeDominators } from "../../../src/analysis/dominators.ts";
import { STRONG } from "../../../src/analysis/edge-policy.ts";
import { computePaths } from "../../../src/analysis/paths.ts";
import { loadGraph } from "../../../src/load.ts";
import { analyzed, hasSample, sampleFile } from "./java-fixture.ts";

const A = "DetectorWeakHashMaps";
const B = "DetectorRuntimeLeaks";
const JAVA = DETECTORS.filter((d) => d.language === "java");

const key = (f: Finding) => `${f.detector} ${f.title} ${f.count} ${f.retainedBytes} ${f.signature}`;

describe("Java detectors on a combined two-process graph", () => {
  it.skipIf(!hasSample("java", A) || !hasSample("java", B))("find the union of what each process shows alone, tagged by process", async () => {
    const graph = await loadGraph([
      { file: sampleFile("java", A), process: "weakmaps" },
      { file: sampleFile("java", B), process: "runtime" },
    ]);
    const ctx: DetectorContext = { graph, dominators: computeDominators(graph, STRONG), paths: computePaths(graph, STRONG), mask: STRONG, minBytes: 0 };
    const combined = JAVA.flatMap((d) => d.run(ctx));
    const single: Finding[] = [];
    for (const program of [A, B]) {
      const c = await analyzed("java", program);
      single.push(...JAVA.flatMap((d) => d.run(c)));
    }
    expect(combined.map(key).sort()).toEqual(single.map(key).sort());
    for (const f of combined) {
      const fromA = f.detector.startsWith("java.weakhashmap");
      expect(f.process).toBe(fromA ? "weakmaps" : "runtime");
    }
    const stale = combined.find((f) => f.detector === "java.weakhashmap.stale-entries")!;
    expect(stale.evidence.enqueued).toBe(5);
  });
});
