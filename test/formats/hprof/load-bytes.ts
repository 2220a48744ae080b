import { GraphBuilder } from "../../../src/graph/builder.ts";
import type { HeapGraph } from "../../../src/graph/heap-graph.ts";
import { silentProgress } from "../../../src/io/progress.ts";
import { MemorySource } from "../../../src/io/source.ts";
import type { LoadOptions } from "../../../src/formats/format.ts";
import { hprofFormat } from "../../../src/formats/hprof/index.ts";

/** Loads HPROF bytes (writer-DSL fixtures, cut files) into a graph; warnings are in graph.warnings. */
export function loadBytes(bytes: Uint8Array, options: LoadOptions = {}, name = "fixture.hprof"): HeapGraph {
  const b = new GraphBuilder();
  b.beginInput({ file: name, format: "hprof", language: "java" });
  hprofFormat.load(new MemorySource(bytes, name), b, { options, progress: silentProgress, warn: (m) => b.warnings.push(m) });
  b.endInput();
  return b.freeze();
}

/** Node ordinal by external id (throws when absent). */
export function node(g: HeapGraph, id: number): number {
  const n = g.findByExternalId(id);
  if (n < 0) throw new Error(`no node 0x${id.toString(16)}`);
  return n;
}

/** Outgoing edges of a node as "label->0xid:kind". */
export function edgesOf(g: HeapGraph, n: number): string[] {
  const out: string[] = [];
  for (let e = g.edgeStart[n]; e < g.edgeStart[n + 1]; e++) out.push(`${g.edgeLabelText(e)}->${g.hexId(g.edgeTo[e])}:${g.edgeKind[e]}`);
  return out;
}
