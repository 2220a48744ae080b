import { readFileSync } from "node:fs";
import { GraphBuilder } from "../../../src/graph/builder.ts";
import type { HeapGraph } from "../../../src/graph/heap-graph.ts";
import { godumpFormat } from "../../../src/formats/godump/index.ts";
import { silentProgress } from "../../../src/io/progress.ts";
import { FileSource, MemorySource, type ByteSource } from "../../../src/io/source.ts";
import { samplePath } from "../../helpers/paths.ts";

/** Loads a Go heap dump through the format alone (no sniffing of other formats needed). */
export async function loadDump(src: ByteSource | string, binary?: string): Promise<{ graph: HeapGraph; warnings: string[] }> {
  const source = typeof src === "string" ? new FileSource(src) : src;
  const builder = new GraphBuilder();
  const warnings: string[] = [];
  try {
    builder.beginInput({ file: source.name, format: "godump", language: "go" });
    await godumpFormat.load(source, builder, { options: { binary }, progress: silentProgress, warn: (m) => warnings.push(m) });
    builder.endInput();
  } finally {
    source.close();
  }
  return { graph: builder.freeze(), warnings };
}

export function loadBytes(bytes: Uint8Array, name = "test.dump", binary?: string) {
  return loadDump(new MemorySource(bytes, name), binary);
}

export interface MapFacts {
  name: string;
  len: number;
  B: number;
  hmap: string;
  buckets: string;
  global?: string;
  retainer: string;
  /** The header lives in a goroutine frame (a map that never escaped); only its buckets are heap objects. */
  onStack?: boolean;
}

export interface SampleFacts {
  goVersion: string;
  memProfileRate: number;
  maps: MapFacts[];
  globals: Record<string, string>;
  finalizerObject: string;
  garbageObjects: number;
  garbageSize: number;
  memStatsAfterDump: { HeapObjects: number; HeapAlloc: number; NumGC: number };
}

/** The two committed sample runs: every allocation sampled, and the default rate. */
export const SAMPLE_RUNS = ["rate1", "default"] as const;

export function sampleDump(run: string): string {
  return samplePath("go", "heapdump", run, "heap.dump");
}

export function sampleFacts(run: string): SampleFacts {
  return JSON.parse(readFileSync(samplePath("go", "heapdump", run, "facts.json"), "utf8")) as SampleFacts;
}
