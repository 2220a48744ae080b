import type { GoHeapMemory } from "../../graph/go-heap.ts";
import { bucketSizeCandidates, bucketsInArray, dataOffset, hmapLayout, readWord, roundupsize, swissLayout, walkBuckets } from "../../graph/go-layout.ts";
import type { ByteSource } from "../../io/source.ts";
import type { AddressIndex } from "./address-index.ts";
import { contentOffset, type DumpParams, type DumpTables } from "./parse.ts";

/** Upper bound on bytes kept for map analysis (bucket arrays are read whole). */
const DEFAULT_BUDGET = 256 * 1024 * 1024;
/** Bucket arrays up to this size are always kept; larger ones only when the header shows spare capacity. */
const ALWAYS_KEEP = 1024 * 1024;
const MAX_CHAIN = 1 << 20;

/**
 * While the source is still open, keeps the bytes the map detectors need: every classic-hmap
 * candidate (48 B), the objects its buckets / oldbuckets / extra point to, and separately
 * allocated overflow buckets found by walking each bucket's overflow word for every bucket size
 * the array's size allows. Everything else stays on disk.
 */
export interface MapMemory {
  memory: GoHeapMemory;
  /**
   * Map parts recognised by layout (hmap → its bucket array, old array, overflow buckets, mapextra):
   * names for objects without an allocation sample ("map.hmap", "map.buckets", …).
   */
  roles: Map<number, string>;
  /** Objects held by map headers proven on goroutine stacks (the dump lists no pointer fields for them). */
  stackRoots: { node: number; root: string }[];
}

export function keepMapMemory(source: ByteSource, t: DumpTables, params: DumpParams, index: AddressIndex, budget = DEFAULT_BUDGET): MapMemory {
  const P = params.ptrSize;
  const le = !params.bigEndian;
  const L = hmapLayout(P);
  const size = t.objSize.data;
  const content = (o: number) => contentOffset(t, o);
  const kept = new Map<number, Uint8Array>();
  const roles = new Map<number, string>();
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
    if (source.read(b, 0, n, content(o)) < n) return undefined; // truncated dump
    used += n;
    kept.set(o, b);
    return b;
  };

  const goVersion = params.goVersion;
  /** The object a Go pointer designates and where its data starts (past a Go 1.22+ malloc header), or undefined. */
  const dataOf = (a: number): { o: number; off: number } | undefined => {
    const o = index.containing(a);
    if (o < 0) return undefined;
    const off = dataOffset(a, t.objAddr.data[o], size[o], goVersion);
    return off < 0 ? undefined : { o, off };
  };

  /** `bytes` is the array's data (past any header), starting at address `arrStart`. */
  const followOverflow = (arrayNode: number, bytes: Uint8Array, arrStart: number, hdr: number, B: number) => {
    const arrEnd = arrStart + bytes.length;
    const sizes = bucketSizeCandidates(size[arrayNode], B, P, hdr);
    for (const bs of sizes) {
      const nb = bucketsInArray(bytes.length, B, bs);
      for (let i = 0; i < nb; i++) {
        let ov = readWord(bytes, i * bs + bs - P, P, le);
        for (let guard = 0; ov !== 0 && (ov < arrStart || ov >= arrEnd) && guard < MAX_CHAIN; guard++) {
          const d = dataOf(ov);
          if (!d || size[d.o] !== roundupsize(bs + d.off)) break;
          const seen = kept.has(d.o);
          if (sizes.length === 1) roles.set(d.o, "map.overflow"); // named only when the bucket size is certain
          const ob = keep(d.o);
          if (!ob || seen) break;
          ov = readWord(ob, d.off + bs - P, P, le);
        }
      }
    }
  };

  // Headers found in frames: kept only when their bucket array proves them (tophash count = count).
  const stackRoots: { node: number; root: string }[] = [];
  const stackMaps: { root: string; header: Uint8Array }[] = [];
  const provenArrays = new Set<number>();
  for (const sm of t.stackMaps) {
    const h = sm.header;
    const count = readWord(h, L.count, P, le);
    const B = h[L.B];
    const bucketsAt = readWord(h, L.buckets, P, le);
    const d = dataOf(bucketsAt);
    if (!d || provenArrays.has(d.o) || count > 8 * 2 ** B) continue;
    const arr = d.o;
    const sizes = bucketSizeCandidates(size[arr], B, P, d.off);
    if (sizes.length === 0 || size[arr] > budget - used) continue;
    const whole = new Uint8Array(size[arr]);
    if (source.read(whole, 0, whole.length, content(arr)) < whole.length) continue;
    const bytes = whole.subarray(d.off);
    const fetch = (a: number) => {
      const x = dataOf(a);
      if (!x || size[x.o] > 64 * 1024) return undefined;
      const b = kept.get(x.o) ?? new Uint8Array(size[x.o]);
      if (!kept.has(x.o)) source.read(b, 0, b.length, content(x.o));
      return { id: x.o, bytes: b.subarray(x.off) };
    };
    if (!sizes.some((bs) => { const w = walkBuckets(bytes, bucketsAt, B, bs, P, le, fetch); return w.valid && w.live === count; })) continue;
    provenArrays.add(arr);
    stackMaps.push(sm);
    for (const a of [L.buckets, L.oldbuckets, L.extra]) {
      const x = dataOf(readWord(h, a, P, le));
      if (x) stackRoots.push({ node: x.o, root: sm.root });
    }
  }

  const headers: { node: number; h: Uint8Array | undefined }[] = t.hmapCandidates.map((c) => ({ node: c, h: keep(c) }));
  for (const sm of stackMaps) headers.push({ node: -1, h: sm.header });
  for (const { node: c, h } of headers) {
    if (!h || h.length < L.size) continue;
    const B = h[L.B];
    const flags = h[L.flags];
    const buckets = readWord(h, L.buckets, P, le);
    const old = readWord(h, L.oldbuckets, P, le);
    const extra = readWord(h, L.extra, P, le);
    const count = readWord(h, L.count, P, le);
    if (B > 60 || count > 16 * 2 ** B) continue;
    // Layout check for naming: an empty never-grown map, or buckets at an array whose size fits B.
    const bd = buckets === 0 ? undefined : dataOf(buckets);
    const arr = bd ? bd.o : -1;
    const plausible = buckets === 0 ? B === 0 && count === 0 : !!bd && bucketSizeCandidates(size[bd.o], B, P, bd.off).length > 0;
    if (plausible) {
      if (c >= 0) roles.set(c, "map.hmap");
      if (arr >= 0) roles.set(arr, "map.buckets");
    }
    if (extra !== 0) {
      const e = dataOf(extra)?.o ?? -1;
      if (e >= 0 && size[e] <= 64) {
        keep(e);
        if (plausible) roles.set(e, "map.extra");
      }
    }
    // A map whose count needs its B (count > 6.5·2^(B-1)) has no spare capacity to report: its big
    // array need not be held in memory.
    const full = B > 0 && count > 6.5 * 2 ** (B - 1);
    for (const [a, b] of [[buckets, B], [old, flags & 8 ? B : B - 1]] as const) {
      if (a === 0 || b < 0) continue;
      const x = dataOf(a);
      if (!x) continue;
      const o = x.o;
      if (plausible && a === old && bucketSizeCandidates(size[o], b, P, x.off).length > 0) roles.set(o, "map.oldbuckets");
      if (full && size[o] > ALWAYS_KEEP) continue;
      const bytes = keep(o);
      if (bytes && plausible) followOverflow(o, bytes.subarray(x.off), a, x.off, b);
    }
  }

  // Swiss tables (Go 1.24+): Map → a single group (small map) or a directory of tables → group arrays.
  const S = swissLayout(P);
  const swissMaps: number[] = [];
  for (const c of t.swissCandidates) {
    const m = keep(c);
    if (!m) continue;
    const dirPtr = readWord(m, S.dirPtr, P, le);
    const dirLen = readWord(m, S.dirLen, P, le);
    const depth = m[S.globalDepth];
    if (dirPtr === 0) continue;
    const d = dataOf(dirPtr);
    if (!d) continue;
    if (dirLen === 0) {
      if (size[d.o] > 8 * 1024) continue; // one group: 8 control bytes and 8 slots
      keep(d.o);
      roles.set(c, "map.Map");
      roles.set(d.o, "map.group");
      swissMaps.push(c);
      continue;
    }
    if (depth > 30 || dirLen !== 2 ** depth || d.off + dirLen * P > size[d.o]) continue;
    const dir = keep(d.o);
    if (!dir) continue;
    let ok = true;
    const parts: [number, string][] = [[d.o, "map.directory"]];
    for (let i = 0; i < dirLen && ok; i++) {
      const tb = dataOf(readWord(dir, d.off + i * P, P, le));
      if (!tb || size[tb.o] !== S.tableSize) {
        ok = false;
        break;
      }
      const tbytes = keep(tb.o);
      if (!tbytes) break;
      parts.push([tb.o, "map.table"]);
      const g = dataOf(readWord(tbytes, S.tableGroups, P, le));
      if (g) {
        parts.push([g.o, "map.groups"]);
        keep(g.o);
      }
    }
    if (!ok) continue;
    roles.set(c, "map.Map");
    for (const [o, r] of parts) roles.set(o, r);
    swissMaps.push(c);
  }

  // Address lookup over the kept objects only: the full index is far too big to keep alive.
  const nodes = [...kept.keys()].sort((x, y) => t.objAddr.data[x] - t.objAddr.data[y]);
  const starts = Float64Array.from(nodes, (o) => t.objAddr.data[o]);
  const ends = Float64Array.from(nodes, (o) => t.objAddr.data[o] + size[o]);
  return { stackRoots, memory: memoryView(P, le, params.goVersion, t.hmapCandidates.slice(), swissMaps, stackMaps, kept, Uint32Array.from(nodes), starts, ends, notes, used), roles };
}

/**
 * The long-lived object, built outside keepMapMemory so its closures do not hold the parse tables
 * and the address index (closures share their defining scope's context).
 */
function memoryView(
  ptrSize: number, littleEndian: boolean, goVersion: string, mapHeaders: number[], swissMaps: number[], stackMaps: { root: string; header: Uint8Array }[], kept: Map<number, Uint8Array>,
  nodes: Uint32Array, starts: Float64Array, ends: Float64Array, notes: string[], used: number,
): GoHeapMemory {
  return {
    ptrSize,
    littleEndian,
    goVersion,
    mapHeaders,
    swissMaps,
    stackMaps,
    contents: (node) => kept.get(node),
    nodeContaining(a) {
      let lo = 0, hi = starts.length - 1;
      while (lo <= hi) {
        const mid = (lo + hi) >>> 1;
        if (starts[mid] <= a) lo = mid + 1;
        else hi = mid - 1;
      }
      return hi >= 0 && a < ends[hi] ? nodes[hi] : -1;
    },
    notes,
    toJSON: () => ({ keptObjects: kept.size, keptBytes: used, notes }),
  };
}
