import type { GoHeapMemory } from "../../graph/go-heap.ts";
import { bucketSizeCandidates, bucketsInArray, hmapLayout, readWord, roundupsize } from "../../graph/go-layout.ts";
import type { ByteSource } from "../../io/source.ts";
import type { AddressIndex } from "./address-index.ts";
import type { DumpParams, DumpTables } from "./parse.ts";

/** Upper bound on bytes kept for map analysis (bucket arrays are read whole). */
const DEFAULT_BUDGET = 512 * 1024 * 1024;
const MAX_CHAIN = 1 << 20;

/**
 * While the source is still open, keeps the bytes the map detectors need: every classic-hmap
 * candidate (48 B), the objects its buckets / oldbuckets / extra point to, and separately
 * allocated overflow buckets found by walking each bucket's overflow word for every bucket size
 * the array's size allows. Everything else stays on disk.
 */
export function keepMapMemory(source: ByteSource, t: DumpTables, params: DumpParams, index: AddressIndex, budget = DEFAULT_BUDGET): GoHeapMemory {
  const P = params.ptrSize;
  const le = !params.bigEndian;
  const L = hmapLayout(P);
  const size = t.objSize.data, content = t.objContent.data;
  const kept = new Map<number, Uint8Array>();
  const notes: string[] = [];
  let used = 0;
  const keep = (o: number): Uint8Array | undefined => {
    const have = kept.get(o);
    if (have) return have;
    const n = size[o];
    if (used + n > budget) {
      if (notes.length < 20) notes.push(`object 0x${t.objAddr.data[o].toString(16)} (${n} B) not kept: map byte budget of ${budget} B reached`);
      return undefined;
    }
    const b = new Uint8Array(n);
    if (source.read(b, 0, n, content[o]) < n) return undefined; // truncated dump
    used += n;
    kept.set(o, b);
    return b;
  };

  const followOverflow = (arrayNode: number, bytes: Uint8Array, B: number) => {
    const arrStart = t.objAddr.data[arrayNode];
    const arrEnd = arrStart + bytes.length;
    for (const bs of bucketSizeCandidates(bytes.length, B, P)) {
      const nb = bucketsInArray(bytes.length, B, bs);
      for (let i = 0; i < nb; i++) {
        let ov = readWord(bytes, i * bs + bs - P, P, le);
        for (let guard = 0; ov !== 0 && (ov < arrStart || ov >= arrEnd) && guard < MAX_CHAIN; guard++) {
          const o = index.startingAt(ov);
          if (o < 0 || size[o] !== roundupsize(bs)) break;
          const seen = kept.has(o);
          const ob = keep(o);
          if (!ob || seen) break;
          ov = readWord(ob, bs - P, P, le);
        }
      }
    }
  };

  for (const c of t.hmapCandidates) {
    const h = keep(c);
    if (!h || h.length < L.size) continue;
    const B = h[L.B];
    const flags = h[L.flags];
    const buckets = readWord(h, L.buckets, P, le);
    const old = readWord(h, L.oldbuckets, P, le);
    const extra = readWord(h, L.extra, P, le);
    if (B > 60) continue;
    if (extra !== 0) {
      const e = index.startingAt(extra);
      if (e >= 0 && size[e] <= 64) keep(e);
    }
    for (const [a, b] of [[buckets, B], [old, flags & 8 ? B : B - 1]] as const) {
      if (a === 0 || b < 0) continue;
      const o = index.startingAt(a);
      if (o < 0) continue;
      const bytes = keep(o);
      if (bytes) followOverflow(o, bytes, b);
    }
  }

  return {
    ptrSize: P,
    littleEndian: le,
    goVersion: params.goVersion,
    mapHeaders: t.hmapCandidates.slice(),
    contents: (node) => kept.get(node),
    nodeContaining: (a) => index.containing(a),
    notes,
    toJSON: () => ({ keptObjects: kept.size, keptBytes: used, notes }),
  };
}
