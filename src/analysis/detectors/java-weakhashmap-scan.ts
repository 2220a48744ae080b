import type { HeapGraph } from "../../graph/heap-graph.ts";
import { EdgeKind, INDEX_LABEL, NodeKind } from "../../graph/kinds.ts";
import type { DominatorResult } from "../types.ts";
import { NO_NODE } from "../types.ts";
import { fieldTarget, instancesOf, labelId, subtypeMask } from "./java-support.ts";

/**
 * One pass over every WeakHashMap (and subclass) instance, shared by the three WeakHashMap
 * detectors: the entries linked from `table` (slots and `WeakHashMap$Entry.next` chains), each
 * entry's key (`Reference.referent`, a weak edge) and value. Entry data lives in typed arrays.
 *
 * Field labels (hprof-format.md §7.2): the entry's own `next` (bucket chain) keeps the plain name;
 * the shadowed `Reference.next` (queue link) is labelled "Reference.next", so "next" is the chain
 * on JDK 17 and 25 alike whatever the field order.
 */
export interface WeakMapScan {
  /** Reachable map instances. */
  maps: Uint32Array;
  /** Per map: its `table` array, or -1. */
  table: Int32Array;
  /** Per map: its `queue` (ReferenceQueue), or -1. */
  queue: Int32Array;
  /** CSR: entries of map i are entries[entryStart[i] .. entryStart[i+1]). */
  entryStart: Uint32Array;
  entries: Uint32Array;
  /** Per entry: the key (referent) ordinal, or KEY_CLEARED when the referent is null. */
  keys: Int32Array;
  /** Per entry: the value ordinal or -1 (null). */
  values: Int32Array;
  /** Label id of the entry's bucket-chain `next` (followed when entries are removed), or -1. */
  nextLabel: number;
}

export const KEY_CLEARED = -1;

/** A bucket chain longer than this is treated as corrupt and cut. */
const MAX_CHAIN = 1_000_000;

// Keyed by the dominator result: the same graph analysed with another edge mask gets its own scan.
const cache = new WeakMap<DominatorResult, WeakMapScan>();

export function scanWeakMaps(graph: HeapGraph, dom: DominatorResult): WeakMapScan {
  const hit = cache.get(dom);
  if (hit) return hit;
  const scan = buildScan(graph, dom);
  cache.set(dom, scan);
  return scan;
}

function emptyScan(): WeakMapScan {
  return {
    maps: new Uint32Array(0), table: new Int32Array(0), queue: new Int32Array(0), entryStart: new Uint32Array(1),
    entries: new Uint32Array(0), keys: new Int32Array(0), values: new Int32Array(0), nextLabel: -1,
  };
}

function buildScan(graph: HeapGraph, dom: DominatorResult): WeakMapScan {
  const mapMask = subtypeMask(graph, ["java.util.WeakHashMap"]);
  if (!mapMask) return emptyScan();
  const all = instancesOf(graph, mapMask);
  const maps = all.filter((m) => dom.idom[m] !== NO_NODE);
  const tableL = labelId(graph, "table");
  const queueL = labelId(graph, "queue");
  const nextL = labelId(graph, "next");
  const valueL = labelId(graph, "value");
  const referentL = labelId(graph, "referent");
  const table = new Int32Array(maps.length).fill(-1);
  const queue = new Int32Array(maps.length).fill(-1);
  const entryStart = new Uint32Array(maps.length + 1);
  const entries: number[] = [];
  const seen = new Set<number>();
  for (let i = 0; i < maps.length; i++) {
    const m = maps[i];
    entryStart[i] = entries.length;
    const t = fieldTarget(graph, m, tableL);
    table[i] = t;
    queue[i] = fieldTarget(graph, m, queueL);
    if (t < 0 || graph.kind[t] !== NodeKind.ObjectArray) continue;
    seen.clear();
    for (let e = graph.edgeStart[t], end = graph.edgeStart[t + 1]; e < end; e++) {
      if ((graph.labelOf(e) & INDEX_LABEL) === 0) continue; // the array's <class> edge
      let x = graph.edgeTo[e];
      for (let steps = 0; x >= 0 && steps < MAX_CHAIN && !seen.has(x); steps++) {
        seen.add(x);
        entries.push(x);
        x = fieldTarget(graph, x, nextL);
      }
    }
  }
  entryStart[maps.length] = entries.length;
  const keys = new Int32Array(entries.length);
  const values = new Int32Array(entries.length);
  for (let k = 0; k < entries.length; k++) {
    const en = entries[k];
    values[k] = fieldTarget(graph, en, valueL);
    keys[k] = referentOf(graph, en, referentL);
  }
  return { maps, table, queue, entryStart, entries: Uint32Array.from(entries), keys, values, nextLabel: nextL };
}

/**
 * Referent of a Reference: the target of its non-internal `referent` edge, else KEY_CLEARED. A null
 * field has no edge; so has an id the dump did not contain (rare: HotSpot writes references to
 * objects it skips as null), which is therefore also treated as cleared. Reading the field through
 * the ValueReader would tell the two apart but costs a random file read per entry.
 */
export function referentOf(graph: HeapGraph, ref: number, referentLabel: number): number {
  for (let e = graph.edgeStart[ref], end = graph.edgeStart[ref + 1]; e < end; e++) {
    if (graph.labelOf(e) === referentLabel && graph.edgeKind[e] !== EdgeKind.Internal) return graph.edgeTo[e];
  }
  return KEY_CLEARED;
}
