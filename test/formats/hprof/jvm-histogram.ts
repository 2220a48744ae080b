import { readFileSync } from "node:fs";
import type { HeapGraph } from "../../../src/graph/heap-graph.ts";
import { NodeKind } from "../../../src/graph/kinds.ts";

export interface HistoRow {
  /** Name as jcmd prints it (`[B`, `[Ljava.lang.Object;`, `Foo$$Lambda$1/0x…`). */
  jvmName: string;
  /** The same name in heaplens display form (`byte[]`, `java.lang.Object[]`). */
  name: string;
  count: number;
  bytes: number;
}

const PRIM: Record<string, string> = { Z: "boolean", C: "char", F: "float", D: "double", B: "byte", S: "short", I: "int", J: "long" };

/** `[[Ljava.lang.String;` → `java.lang.String[][]`, `[I` → `int[]`. */
export function jvmToDisplay(n: string): string {
  let dims = 0;
  while (n[dims] === "[") dims++;
  if (dims === 0) return n;
  let base = n.slice(dims);
  if (PRIM[base]) base = PRIM[base];
  else if (base.startsWith("L") && base.endsWith(";")) base = base.slice(1, -1);
  return base + "[]".repeat(dims);
}

/** Parses `jcmd <pid> GC.class_histogram` output. */
export function readHistogram(path: string): HistoRow[] {
  const rows: HistoRow[] = [];
  for (const line of readFileSync(path, "utf8").split("\n")) {
    const m = /^\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)/.exec(line);
    if (m) rows.push({ jvmName: m[3], name: jvmToDisplay(m[3]), count: Number(m[1]), bytes: Number(m[2]) });
  }
  return rows;
}

/** Per type name: object count and Σ shallow bytes of non-class nodes. */
export function graphHistogram(g: HeapGraph): Map<string, { count: number; bytes: number }> {
  const out = new Map<string, { count: number; bytes: number }>();
  for (let n = 0; n < g.nodeCount; n++) {
    if (g.kind[n] === NodeKind.Class) continue;
    const name = g.typeName(n);
    let e = out.get(name);
    if (!e) out.set(name, (e = { count: 0, bytes: 0 }));
    e.count++;
    e.bytes += g.shallow[n];
  }
  return out;
}

/** Class objects in the dump (CLASS_DUMP records) + java.lang.Class instances (primitive mirrors). */
export function classObjectCount(g: HeapGraph): number {
  let n = 0;
  for (let i = 0; i < g.nodeCount; i++) if (g.kind[i] === NodeKind.Class) n++;
  return n;
}
