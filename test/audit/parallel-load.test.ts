import { describe, expect, it } from "vitest";
import { loadSequential } from "../../src/audit/audit.ts";
import { cloneSafe } from "../../src/audit/transfer.ts";
import { loadParallel, worthParallel } from "../../src/audit/parallel-load.ts";
import type { HeapGraph } from "../../src/graph/heap-graph.ts";
import { profileTable } from "../../src/graph/profile-table.ts";
import { samplePath } from "../helpers/paths.ts";

const specs = [
  { file: samplePath("hybrid", "service", "gateway", "heap.pb.gz"), process: "gateway" },
  { file: samplePath("hybrid", "service", "gateway", "heap-before.pb.gz"), process: "gateway" },
  { file: samplePath("hybrid", "service", "sidecar", "heapdump.gz"), process: "sidecar" },
  { file: samplePath("hybrid", "service", "gateway", "missing.pb.gz"), process: "gateway" },
];

function columns(g: HeapGraph) {
  return [g.kind, g.type, g.shallow, g.lang, g.externalId, g.count, g.edgeStart, g.edgeTo, g.edgeKind, g.edgeLabels.toUint32(), g.rootNode, g.rootKind, g.rootLabel].map((a) => (a ? Array.from(a) : a));
}

describe("parallel loading", () => {
  it("a worker-loaded graph equals the same input loaded on the main thread", async () => {
    const seq = await loadSequential(specs, {});
    const par = await loadParallel(specs, {});
    // pprof profiles go to the worker; the Go heap dump (accessor in meta) and the unreadable file stay.
    expect(par.mode).toBe("main 2 + worker 2");
    expect(par.loaded).toHaveLength(specs.length);
    for (let i = 0; i < specs.length; i++) {
      const a = seq[i];
      const b = par.loaded[i];
      if ("error" in a) {
        expect(b).toEqual(a);
        continue;
      }
      if (!("graph" in b)) throw new Error(`input ${i} failed in parallel: ${JSON.stringify(b)}`);
      expect(columns(b.graph)).toEqual(columns(a.graph));
      expect(b.graph.types.names).toEqual(a.graph.types.names);
      expect(b.graph.labels).toEqual(a.graph.labels);
      expect(b.graph.inputs.map((x) => [x.process, x.format, x.language])).toEqual(a.graph.inputs.map((x) => [x.process, x.format, x.language]));
      // Detectors find the profile table by instanceof: it must survive the trip.
      for (let k = 0; k < a.graph.inputs.length; k++) {
        expect(Boolean(profileTable(b.graph, k))).toBe(Boolean(profileTable(a.graph, k)));
        expect(Object.keys(b.graph.inputs[k].meta).sort()).toEqual(Object.keys(a.graph.inputs[k].meta).sort());
      }
    }
  }, 120_000);

  it("only plain data crosses threads", () => {
    class Thing {}
    expect(cloneSafe({ a: 1, b: [1, "x"], c: new Uint8Array(2) })).toBe(true);
    expect(cloneSafe({ f: () => 1 })).toBe(false);
    expect(cloneSafe({ nested: { t: new Thing() } })).toBe(false);
  });

  it("auto mode keeps small inputs on one thread", () => {
    expect(worthParallel(specs)).toBe(false);
  });
});
