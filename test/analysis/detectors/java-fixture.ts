// Shared by the Java detector tests: loads a sample dump once per file, runs the analyses the
// detectors need, and offers slow, obviously-correct reference computations (brute-force
// reachability) so expected bytes never come from the detector code under test.
import { existsSync, readFileSync } from "node:fs";
import { computeDominators } from "../../../src/analysis/dominators.ts";
import { STRONG } from "../../../src/analysis/edge-policy.ts";
import { computePaths } from "../../../src/analysis/paths.ts";
import type { Detector, DetectorContext, Finding } from "../../../src/analysis/detectors/types.ts";
import type { HeapGraph } from "../../../src/graph/heap-graph.ts";
import { INDEX_LABEL, NodeKind } from "../../../src/graph/kinds.ts";
import { loadOne } from "../../../src/load.ts";
import { samplePath } from "../../helpers/paths.ts";

/** The JDKs the samples are dumped with; 25 is optional (absent on some machines and CI). */
export const JDKS = [
  { jdk: "17", dir: "java" },
  { jdk: "25", dir: "java/jdk25" },
] as const;

export function sampleFile(dir: string, program: string): string {
  return samplePath(dir, `${program}.hprof.gz`);
}

export function hasSample(dir: string, program: string): boolean {
  return existsSync(sampleFile(dir, program));
}

const cache = new Map<string, Promise<DetectorContext>>();

/** Graph + dominators + paths for a sample dump (cached per file for the test run). */
export function analyzed(dir: string, program: string): Promise<DetectorContext> {
  const file = sampleFile(dir, program);
  let p = cache.get(file);
  if (!p) {
    p = analyzeFresh(dir, program);
    cache.set(file, p);
  }
  return p;
}

/** Like analyzed, but loads and analyses the dump again (for determinism checks). */
export async function analyzeFresh(dir: string, program: string): Promise<DetectorContext> {
  const graph = await loadOne({ file: sampleFile(dir, program) });
  return { graph, dominators: computeDominators(graph, STRONG), paths: computePaths(graph, STRONG), mask: STRONG, minBytes: 0 };
}

export function run(detector: Detector, ctx: DetectorContext): Finding[] {
  return detector.run(ctx);
}

/** "FACT key=value" lines the sample program printed. */
export function facts(dir: string, program: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(samplePath(dir, `${program}.out.txt`), "utf8").split("\n")) {
    const m = /^FACT ([^=]+)=(.*)$/.exec(line);
    if (m) out[m[1]] = m[2];
  }
  return out;
}

/** The object a static field points to: class `cls`, field `field` (edge from the class node). */
export function staticOf(graph: HeapGraph, cls: string, field: string): number {
  for (const t of graph.typesNamed(cls)) {
    const c = graph.types.classNode[t];
    if (c < 0) continue;
    for (let e = graph.edgeStart[c]; e < graph.edgeStart[c + 1]; e++) if (graph.edgeLabelText(e) === field) return graph.edgeTo[e];
  }
  throw new Error(`no static ${cls}.${field}`);
}

/** Target of a field edge by label, or -1. */
export function edgeTarget(graph: HeapGraph, node: number, label: string): number {
  for (let e = graph.edgeStart[node]; e < graph.edgeStart[node + 1]; e++) if (graph.edgeLabelText(e) === label) return graph.edgeTo[e];
  return -1;
}

/** Elements of an object array (index-labelled edges only). */
export function elements(graph: HeapGraph, array: number): number[] {
  const out: number[] = [];
  for (let e = graph.edgeStart[array]; e < graph.edgeStart[array + 1]; e++) if (graph.labelOf(e) & INDEX_LABEL) out.push(graph.edgeTo[e]);
  return out;
}

/** Entries of a WeakHashMap read through the ValueReader (table slots, then Entry.next chains). */
export function weakMapEntries(graph: HeapGraph, map: number): { entry: number; key: number; value: number }[] {
  const r = graph.values(map)!;
  const table = r.field(map, "table")!.value as number;
  const out: { entry: number; key: number; value: number }[] = [];
  for (const first of elements(graph, table)) {
    for (let e = first; e >= 0; e = r.field(e, "java.util.WeakHashMap$Entry.next")!.value as number) {
      out.push({ entry: e, key: r.field(e, "java.lang.ref.Reference.referent")!.value as number, value: r.field(e, "value")!.value as number });
    }
  }
  return out;
}

/**
 * Bytes that become unreachable (strong edges, from the GC roots) when `removed` nodes are deleted —
 * two full traversals. Edges labelled `passLabel` are still followed out of removed nodes (a removed
 * WeakHashMap entry's bucket chain is relinked by the map).
 */
export function bruteFreed(graph: HeapGraph, removed: readonly number[], passLabel?: string): number {
  const before = reach(graph, new Set(), undefined);
  const after = reach(graph, new Set(removed), passLabel);
  let bytes = 0;
  for (let v = 0; v < graph.nodeCount; v++) if (before[v] && !after[v]) bytes += graph.shallow[v];
  return bytes;
}

function reach(graph: HeapGraph, removed: Set<number>, passLabel: string | undefined): Uint8Array {
  const seen = new Uint8Array(graph.nodeCount);
  const through = new Uint8Array(graph.nodeCount);
  const stack: number[] = [];
  const visit = (w: number) => {
    if (removed.has(w)) {
      if (passLabel !== undefined && !through[w]) (through[w] = 1), stack.push(w);
      return;
    }
    if (!seen[w]) (seen[w] = 1), stack.push(w);
  };
  for (const r of graph.rootNode) visit(r);
  while (stack.length) {
    const v = stack.pop()!;
    const passing = removed.has(v);
    for (let e = graph.edgeStart[v]; e < graph.edgeStart[v + 1]; e++) {
      if (!STRONG[graph.edgeKind[e]]) continue;
      if (passing && graph.edgeLabelText(e) !== passLabel) continue;
      visit(graph.edgeTo[e]);
    }
  }
  return seen;
}

/** HotSpot shallow sizes with compressed oops and class pointers (hprof-format.md §8.2), for hand arithmetic. */
export const byteArray = (n: number): number => align8(16 + n);
export const objectArray = (n: number): number => align8(16 + 4 * n);
export const instance = (refs: number, intBytes = 0): number => align8(12 + 4 * refs + intBytes);
function align8(n: number): number {
  return Math.ceil(n / 8) * 8;
}

/** Latin-1 String of length n: String (24) + its byte[n]. */
export const latin1String = (n: number): number => 24 + byteArray(n);

export function isClassNode(graph: HeapGraph, v: number): boolean {
  return graph.kind[v] === NodeKind.Class;
}
