import { goHeapMemoryOf, type GoHeapMemory } from "../../graph/go-heap.ts";
import {
  BUCKET_SLOTS, CTRL_DELETED, MIN_TOP_HASH, SWISS_MAX_TABLE, SWISS_SLOTS, bucketSizeCandidates, dataOffset, hmapLayout, readU16, swissLayout, readWord, requestedBuckets, roundupsize, walkBuckets, type BucketWalk,
} from "../../graph/go-layout.ts";
import type { HeapGraph } from "../../graph/heap-graph.ts";
import { reachableBytesOf } from "../dominator-tree.ts";
import { pathSteps } from "../paths.ts";
import { signatureOf } from "./signature.ts";
import type { Detector, DetectorContext, Finding, PathStep, Severity } from "./types.ts";

/**
 * Go maps in a runtime heap dump (classic hmap layout, Go ≤ 1.23; go-formats.md §6, §8.4).
 *
 * A map is an object whose size and pointer offsets match runtime.hmap (kept by the loader with
 * its bytes) and, when the object has an allocation sample, whose site says map.hmap. From the
 * header: count, B, flags, buckets, oldbuckets. The bucket array's size fixes the bucket size up
 * to the size-class rounding (several sizes can round to one large array); the tophash walk over
 * the 2^B buckets and their overflow chains (inside the array's preallocated tail or separate
 * objects) must find exactly `count` live slots (tophash ≥ 5), which picks the bucket size and
 * proves the layout.
 *
 * `go.map.retained-buckets`: the bucket storage is bigger than what a map rebuilt with its
 * current entries would allocate (B above what count needs) — entries were deleted, delete()
 * freed nothing, and the storage lives as long as the map.
 * `go.map.low-live-ratio`: count < capacity/8 (fewer live entries than buckets).
 * Unreachable maps (dumped but not yet swept) are not findings: the next GC frees them.
 *
 * Also covered: maps whose hmap stayed on a goroutine stack (found by the loader in frame bytes,
 * proven by the same walk; their buckets are rooted by the frame), Go 1.22+ malloc headers (bucket
 * data 8 bytes into the dumped slot), and Swiss-table maps (Go 1.24+: Map → directory → tables →
 * group arrays, proven by control-byte counts). The last two cannot be produced by the Go 1.19
 * toolchain here and are tested on written dumps only.
 */

/** Severity: high from 1 MiB of excess or 10% of the input's reachable heap, medium from 64 KiB, else low. */
export const HIGH_BYTES = 1024 * 1024;
export const HIGH_SHARE = 0.1;
export const MEDIUM_BYTES = 64 * 1024;
/** Maps whose excess storage is below this are not reported (tiny maps are normal). */
export const MIN_EXCESS_BYTES = 4096;
/** Go's load factor: a map grows when count > 6.5 · 2^B (and count > 8). */
const LOAD_FACTOR_NUM = 13;
const LOAD_FACTOR_DEN = 2;

export interface GoMapInfo {
  /** classic: hmap + bucket arrays (Go ≤ 1.23); swiss: Map + directory + tables + group arrays (Go 1.24+). */
  kind: "classic" | "swiss";
  input: number;
  /** The hmap object, or -1 for a header on a goroutine stack (see `stackRoot`). */
  hmap: number;
  /** For a map whose header lives in a goroutine frame: that frame's root text. */
  stackRoot?: string;
  count: number;
  B: number;
  flags: number;
  noverflow: number;
  buckets: number;
  /** Bucket array node, or -1 (nil buckets: an empty map that never allocated). */
  bucketArray: number;
  bucketArrayBytes: number;
  oldArray: number;
  oldArrayBytes: number;
  /** Bytes of separately allocated overflow buckets reached from the map. */
  overflowObjectBytes: number;
  /** Bytes of the hmap's mapextra object (0 when none). */
  extraBytes: number;
  overflowObjects: number;
  /** Bucket size chosen (0 when the array bytes were not available). */
  bucketSize: number;
  bucketSizeCandidates: number[];
  /** Live slots found by the tophash walk (tophash ≥ 5), or -1 when not walked. */
  liveFromTophash: number;
  /** Overflow buckets used inside the array's preallocated tail. */
  overflowInArray: number;
  /** True when the walk found exactly `count` live slots. */
  verified: boolean;
  capacity: number;
  storageBytes: number;
  rebuiltB: number;
  rebuiltBytes: number;
  excessBytes: number;
  site: string;
  arraySite: string;
  reachable: boolean;
  /** Swiss maps: distinct tables and deleted (tombstone) control bytes; 0 for classic maps. */
  tables: number;
  tombstones: number;
}

const cache = new WeakMap<HeapGraph, GoMapInfo[]>();

/** Every classic map of every Go heap-dump input, decoded once per graph (both detectors share it). */
export function goMapsOf(graph: HeapGraph, isReachable: (node: number) => boolean): GoMapInfo[] {
  let maps = cache.get(graph);
  if (maps) return maps;
  maps = [];
  for (let i = 0; i < graph.inputs.length; i++) {
    if (graph.inputs[i].format !== "godump") continue;
    const mem = goHeapMemoryOf(graph, i);
    if (!mem) continue;
    for (const h of mem.mapHeaders) {
      const hb = mem.contents(h);
      const m = hb && decodeMap(graph, mem, i, h, hb, undefined, isReachable);
      if (m) maps.push(m);
    }
    for (const h of mem.swissMaps) {
      const m = decodeSwiss(graph, mem, i, h, isReachable);
      if (m) maps.push(m);
    }
    // Headers on goroutine stacks: one frame may list the same map twice (args and locals); the
    // bucket array identifies the map.
    const seen = new Set<number>();
    for (const sm of mem.stackMaps) {
      const m = decodeMap(graph, mem, i, -1, sm.header, sm.root, isReachable);
      if (m && m.bucketArray >= 0 && !seen.has(m.bucketArray)) {
        seen.add(m.bucketArray);
        maps.push(m);
      }
    }
  }
  cache.set(graph, maps);
  return maps;
}

function decodeMap(
  graph: HeapGraph, mem: GoHeapMemory, input: number, h: number, hb: Uint8Array, stackRoot: string | undefined, isReachable: (n: number) => boolean,
): GoMapInfo | undefined {
  const P = mem.ptrSize, le = mem.littleEndian;
  const L = hmapLayout(P);
  if (hb.length < L.size) return undefined;
  const site = h >= 0 ? graph.typeName(h) : "map.hmap (on the stack)";
  // A sample naming a non-map site (makemap_small inlined into the caller looks like that) and a
  // header shape found among a frame's words are accepted only when the tophash walk proves them.
  const needProof = h < 0 || (!site.startsWith("unk") && !site.startsWith("map.hmap"));
  const count = readWord(hb, L.count, P, le);
  const flags = hb[L.flags];
  const B = hb[L.B];
  const noverflow = new DataView(hb.buffer, hb.byteOffset).getUint16(L.noverflow, le);
  const buckets = readWord(hb, L.buckets, P, le);
  const old = readWord(hb, L.oldbuckets, P, le);
  const extra = readWord(hb, L.extra, P, le);
  if (B > 60 || flags > 15) return undefined;
  const capacity = BUCKET_SLOTS * 2 ** B;
  if (count > capacity * 2) return undefined; // not a map: more entries than any overflow could hold

  // Pointer fields resolve through the graph's edges (labelled by the loader); bytes only when kept.
  // The data of a pointed-to object starts at the pointer: the object start, or past a Go 1.22+
  // malloc header (dataOffset); any other interior address is not a map part.
  const target = (label: string, address: number): { node: number; off: number } => {
    let node = -1;
    for (let e = h < 0 ? 0 : graph.edgeStart[h], end = h < 0 ? 0 : graph.edgeStart[h + 1]; e < end && node < 0; e++) {
      if (graph.edgeLabelText(e) === label) node = graph.edgeTo[e];
    }
    if (node < 0) node = mem.nodeContaining(address);
    const off = node < 0 ? -1 : dataOffset(address, graph.idOf(node), graph.shallow[node], mem.goVersion);
    return off < 0 ? { node: -1, off: 0 } : { node, off };
  };
  let arr = -1, arrBytes = 0, hdr = 0;
  if (buckets !== 0) {
    ({ node: arr, off: hdr } = target("buckets", buckets));
    if (arr < 0) return undefined;
    arrBytes = graph.shallow[arr];
    if (bucketSizeCandidates(arrBytes, B, P, hdr).length === 0) return undefined;
  } else if (B !== 0 || count !== 0) return undefined;
  let oldArr = -1, oldBytes = 0, oldHdr = 0;
  if (old !== 0) {
    ({ node: oldArr, off: oldHdr } = target("oldbuckets", old));
    if (oldArr >= 0) oldBytes = graph.shallow[oldArr];
  }

  const info: GoMapInfo = {
    kind: "classic", tables: 0, tombstones: 0, input, hmap: h, count, B, flags, noverflow, buckets, bucketArray: arr, bucketArrayBytes: arrBytes, oldArray: oldArr,
    oldArrayBytes: oldBytes, overflowObjectBytes: 0, extraBytes: 0, overflowObjects: 0, bucketSize: 0, bucketSizeCandidates: [],
    liveFromTophash: -1, overflowInArray: 0, verified: false, capacity, storageBytes: 0, rebuiltB: 0, rebuiltBytes: 0,
    excessBytes: 0, site, arraySite: arr >= 0 ? graph.typeName(arr) : "", reachable: isReachable(h >= 0 ? h : arr),
  };
  if (stackRoot !== undefined) info.stackRoot = stackRoot;
  if (extra !== 0) {
    const e = target("extra", extra).node;
    if (e >= 0) info.extraBytes = graph.shallow[e];
  }

  const ab = arr >= 0 ? mem.contents(arr)?.subarray(hdr) : undefined;
  if (arr >= 0) {
    info.bucketSizeCandidates = bucketSizeCandidates(arrBytes, B, P, hdr);
    if (ab) {
      let best: BucketWalk | undefined;
      for (const bs of info.bucketSizeCandidates) {
        const w = walk(graph, mem, ab, buckets, B, bs);
        if (!w.valid) continue;
        const oldLive = oldArr >= 0 ? walkOld(mem, oldArr, oldHdr, flags & 8 ? B : B - 1, bs) : 0;
        w.live += oldLive;
        if (!best || (w.live === count && best.live !== count)) best = w;
        if (w.live === count) break;
      }
      if (best) {
        info.bucketSize = best.bs;
        info.liveFromTophash = best.live;
        info.overflowInArray = best.overflowInArray;
        info.overflowObjects += best.separate;
        info.overflowObjectBytes += best.separateBytes;
        info.verified = best.live === count;
      }
    } else if (info.bucketSizeCandidates.length === 1) info.bucketSize = info.bucketSizeCandidates[0];
  }

  if (needProof && !info.verified) return undefined;
  info.storageBytes = arrBytes + oldBytes + info.overflowObjectBytes;
  // What `make(map[K]V, count)` and a copy would allocate instead.
  let rb = 0;
  while (count > 8 && count > (LOAD_FACTOR_NUM * 2 ** rb) / LOAD_FACTOR_DEN) rb++;
  info.rebuiltB = rb;
  const bs = info.bucketSize || (info.bucketSizeCandidates[0] ?? 0);
  info.rebuiltBytes = count === 0 ? 0 : bs ? roundupsize(requestedBuckets(rb) * bs) : arrBytes;
  info.excessBytes = Math.max(0, info.storageBytes - info.rebuiltBytes);
  return info;
}

/**
 * A Swiss-table map (Go 1.24+; layout from go-formats.md §6, not testable with the Go 1.19 toolchain
 * here — checked on written dumps). Proof: the tables' `used` add up to the Map's, and each group
 * array's full control bytes (high bit clear) count exactly its table's `used`.
 */
function decodeSwiss(graph: HeapGraph, mem: GoHeapMemory, input: number, h: number, isReachable: (n: number) => boolean): GoMapInfo | undefined {
  const P = mem.ptrSize, le = mem.littleEndian;
  const S = swissLayout(P);
  const mb = mem.contents(h);
  if (!mb || mb.length < S.mapSize) return undefined;
  const used = readWord(mb, S.used, P, le);
  const dirPtr = readWord(mb, S.dirPtr, P, le);
  const dirLen = readWord(mb, S.dirLen, P, le);
  const dataAt = (address: number): { node: number; bytes: Uint8Array } | undefined => {
    const o = mem.nodeContaining(address);
    const off = o >= 0 ? dataOffset(address, graph.idOf(o), graph.shallow[o], mem.goVersion) : -1;
    const b = off >= 0 ? mem.contents(o) : undefined;
    return b && { node: o, bytes: b.subarray(off) };
  };
  const dir = dataAt(dirPtr);
  if (!dir) return undefined;
  let capacity = 0, live = 0, tombstones = 0, storage = 0, tables = 0, groupSize = 0, arr = -1;
  const countCtrl = (g: Uint8Array, groups: number, gs: number) => {
    let full = 0, del = 0;
    for (let i = 0; i < groups; i++) {
      for (let k = 0; k < SWISS_SLOTS; k++) {
        const c = g[i * gs + k];
        if (c < 0x80) full++;
        else if (c === CTRL_DELETED) del++;
      }
    }
    return { full, del };
  };
  if (dirLen === 0) {
    // Small map: one group, never tombstones.
    const c = countCtrl(dir.bytes, 1, 0);
    if (c.full !== used) return undefined;
    capacity = SWISS_SLOTS;
    live = c.full;
    storage = graph.shallow[dir.node];
    arr = dir.node;
    groupSize = dir.bytes.length;
  } else {
    const seen = new Set<number>();
    let usedSum = 0;
    for (let i = 0; i < dirLen; i++) {
      const tb = dataAt(readWord(dir.bytes, i * P, P, le));
      if (!tb || tb.bytes.length < S.tableSize) return undefined;
      if (seen.has(tb.node)) continue; // several directory entries may share a table
      seen.add(tb.node);
      tables++;
      const tUsed = readU16(tb.bytes, S.tableUsed, le);
      const tCap = readU16(tb.bytes, S.tableCapacity, le);
      const groups = readWord(tb.bytes, S.tableLengthMask, P, le) + 1;
      if (groups * SWISS_SLOTS !== tCap) return undefined;
      const ga = dataAt(readWord(tb.bytes, S.tableGroups, P, le));
      if (!ga) return undefined;
      // Group size: the array holds `groups` groups of 8 control bytes + 8 slots (word-aligned).
      let proven = false;
      for (let gs = 8 + SWISS_SLOTS; gs * groups <= ga.bytes.length && !proven; gs += 8) {
        if (roundupsize(gs * groups + (graph.shallow[ga.node] - ga.bytes.length)) !== graph.shallow[ga.node]) continue;
        const c = countCtrl(ga.bytes, groups, gs);
        if (c.full !== tUsed) continue;
        proven = true;
        groupSize = gs;
        live += c.full;
        tombstones += c.del;
      }
      if (!proven) return undefined;
      usedSum += tUsed;
      capacity += tCap;
      storage += graph.shallow[ga.node] + graph.shallow[tb.node];
      if (arr < 0 || graph.shallow[ga.node] > graph.shallow[arr]) arr = ga.node;
    }
    if (usedSum !== used) return undefined;
    storage += graph.shallow[dir.node];
  }
  // What a map rebuilt with `used` entries would allocate: one group up to 8, else tables of at most
  // 1024 slots at 7/8 load.
  let rebuiltCap = SWISS_SLOTS;
  if (used > SWISS_SLOTS) {
    rebuiltCap = 2 ** Math.ceil(Math.log2(Math.ceil((used * 8) / 7)));
  }
  const rebuiltTables = Math.max(1, Math.ceil(rebuiltCap / SWISS_MAX_TABLE));
  const perTable = Math.min(rebuiltCap, SWISS_MAX_TABLE);
  const rebuiltBytes = used <= SWISS_SLOTS ? roundupsize(groupSize) : rebuiltTables * (roundupsize((perTable / SWISS_SLOTS) * groupSize) + roundupsize(S.tableSize));
  return {
    kind: "swiss", input, hmap: h, count: used, B: Math.log2(Math.max(SWISS_SLOTS, capacity) / SWISS_SLOTS), flags: 0, noverflow: 0,
    buckets: dirPtr, bucketArray: arr, bucketArrayBytes: arr >= 0 ? graph.shallow[arr] : 0, oldArray: -1, oldArrayBytes: 0,
    overflowObjectBytes: 0, extraBytes: 0, overflowObjects: 0, bucketSize: groupSize, bucketSizeCandidates: [groupSize],
    liveFromTophash: live, overflowInArray: 0, verified: live === used, capacity, storageBytes: storage,
    rebuiltB: Math.log2(rebuiltCap / SWISS_SLOTS), rebuiltBytes, excessBytes: Math.max(0, storage - rebuiltBytes),
    site: graph.typeName(h), arraySite: arr >= 0 ? graph.typeName(arr) : "", reachable: isReachable(h), tables, tombstones,
  };
}

/** Classic-map walk over the kept bytes: separate overflow buckets come from the loader's kept objects. */
function walk(graph: HeapGraph, mem: GoHeapMemory, ab: Uint8Array, arrStart: number, B: number, bs: number): BucketWalk {
  return walkBuckets(ab, arrStart, B, bs, mem.ptrSize, mem.littleEndian, (addr) => {
    const o = mem.nodeContaining(addr);
    const off = o >= 0 ? dataOffset(addr, graph.idOf(o), graph.shallow[o], mem.goVersion) : -1;
    const ob = off >= 0 ? mem.contents(o) : undefined;
    return ob && { id: o, bytes: ob.subarray(off) };
  });
}

/** Live slots still in the old array during a grow (evacuated slots carry tophash 2–4). */
function walkOld(mem: GoHeapMemory, oldArr: number, hdr: number, oldB: number, bs: number): number {
  const ob = mem.contents(oldArr)?.subarray(hdr);
  if (!ob || oldB < 0) return 0;
  let live = 0;
  const n = Math.min(2 ** oldB, Math.floor(ob.length / bs));
  for (let i = 0; i < n; i++) for (let s = 0; s < BUCKET_SLOTS; s++) if (ob[i * bs + s] >= MIN_TOP_HASH) live++;
  return live;
}


function severityOf(bytes: number, heap: number): Severity {
  if (bytes >= HIGH_BYTES || (heap > 0 && bytes >= HIGH_SHARE * heap)) return "high";
  if (bytes >= MEDIUM_BYTES) return "medium";
  return "low";
}

const fmt = (n: number) => n.toLocaleString("en-US");

/** The node a finding is about: the hmap, or the bucket array when the header lives on a stack. */
function anchor(m: GoMapInfo): number {
  return m.hmap >= 0 ? m.hmap : m.bucketArray;
}

/** The map's GC-root path plus a last step to its bucket array. */
function mapPath(ctx: DetectorContext, m: GoMapInfo): PathStep[] {
  const g = ctx.graph;
  const steps = pathSteps(g, ctx.paths, ctx.dominators, anchor(m));
  if (m.hmap < 0 || m.kind === "swiss") return steps; // stack header: the frame points at the array itself; Swiss: groups hang off tables
  if (m.bucketArray >= 0 && steps.length > 0) {
    steps.push({ id: g.hexId(m.bucketArray), type: g.nodeName(m.bucketArray), via: "buckets", shallowBytes: g.shallow[m.bucketArray], retainedBytes: ctx.dominators.retained[m.bucketArray], node: m.bucketArray });
  }
  return steps;
}

/** Who keeps the map alive: the root's name ("main.big", "goroutine 8: main.worker") and how many pointers lie between. */
function retainerOf(steps: PathStep[], m: GoMapInfo): { root: string; hops: number; text: string } {
  const first = steps[0];
  if (!first) return { root: "unknown", hops: 0, text: "unknown" };
  const root = (first.root ?? "").replace(/^go-(bss|data|frame|finalizer|other) /, "");
  const hops = Math.max(0, steps.findIndex((s) => s.node === anchor(m)));
  return { root, hops, text: hops > 0 ? `${root} (via ${hops} pointer${hops > 1 ? "s" : ""})` : root };
}

function evidenceOf(ctx: DetectorContext, m: GoMapInfo, who: { root: string; hops: number }): Record<string, unknown> {
  const g = ctx.graph;
  return {
    mapKind: m.kind,
    tables: m.kind === "swiss" ? m.tables : undefined,
    tombstones: m.kind === "swiss" ? m.tombstones : undefined,
    retainer: who.root,
    pointersFromRoot: who.hops,
    count: m.count,
    B: m.B,
    capacity: m.capacity,
    liveRatio: Number((m.count / Math.max(1, m.capacity)).toFixed(6)),
    flags: m.flags,
    noverflow: m.noverflow,
    bucketSize: m.bucketSize || undefined,
    bucketSizeCandidates: m.bucketSizeCandidates,
    bucketArray: m.bucketArray >= 0 ? g.hexId(m.bucketArray) : undefined,
    bucketArrayBytes: m.bucketArrayBytes,
    bucketArraySite: m.arraySite || undefined,
    oldBucketArrayBytes: m.oldArrayBytes,
    overflowBucketsInArray: m.overflowInArray,
    separateOverflowBuckets: m.overflowObjects,
    separateOverflowBytes: m.overflowObjectBytes,
    mapextraBytes: m.extraBytes,
    liveSlotsFromTophash: m.liveFromTophash,
    tophashMatchesCount: m.verified,
    storageBytes: m.storageBytes,
    bytesPerLiveEntry: m.count > 0 ? Math.round(m.storageBytes / m.count) : m.storageBytes,
    rebuiltB: m.rebuiltB,
    rebuiltBytes: m.rebuiltBytes,
    wastedBytes: m.excessBytes,
    hmapSite: m.site,
    mapRetainedBytes: ctx.dominators.retained[anchor(m)],
    headerOnStack: m.hmap < 0 ? m.stackRoot : undefined,
  };
}

function advice(retainer: string): string {
  return (
    `Rebuild the map after bulk deletes so the oversized bucket array becomes garbage: ` +
    `\`m2 := make(map[K]V, len(m)); for k, v := range m { m2[k] = v }; m = m2\` (for ${retainer}), ` +
    `or bound it (a size cap, an LRU, or periodic recreation). delete() never shrinks a Go map.`
  );
}

export const goMapRetainedBuckets: Detector = {
  id: "go.map.retained-buckets",
  language: "go",
  description: "Go maps (heap dump) whose bucket storage stays sized for entries that were deleted: delete() frees nothing",
  run(ctx) {
    const out: Finding[] = [];
    const heap = new Map<number, number>();
    for (const m of goMapsOf(ctx.graph, (n) => ctx.dominators.reachable[n] === 1)) {
      if (!m.reachable || m.B <= m.rebuiltB || m.excessBytes < MIN_EXCESS_BYTES) continue;
      if (!heap.has(m.input)) heap.set(m.input, reachableBytesOf(ctx.graph, ctx.dominators, ctx.graph.inputs[m.input]));
      const steps = mapPath(ctx, m);
      const who = retainerOf(steps, m);
      const g = ctx.graph;
      out.push({
        detector: this.id,
        severity: severityOf(m.excessBytes, heap.get(m.input)!),
        language: "go",
        title: m.kind === "swiss"
          ? `Map ${who.text} holds ${fmt(m.storageBytes)} B of tables and groups for ${fmt(m.count)} entries (${fmt(m.capacity)} slots)`
          : `Map ${who.text} holds ${fmt(m.storageBytes)} B of buckets for ${fmt(m.count)} entries (B=${m.B}, sized for up to ${fmt(Math.floor((LOAD_FACTOR_NUM * 2 ** m.B) / LOAD_FACTOR_DEN))})`,
        explanation: m.kind === "swiss"
          ? `This Swiss-table map grew to ${fmt(m.capacity)} slots in ${m.tables} table(s) and now holds ${fmt(m.count)} entries (${fmt(m.tombstones)} tombstones). ` +
            `Go's delete() leaves tombstones and never shrinks tables or the directory. ` +
            `A map rebuilt with its current entries would need about ${fmt(m.rebuiltBytes)} B, so ${fmt(m.excessBytes)} B are held for nothing.`
          : `This map grew to 2^${m.B} buckets (${fmt(m.capacity)} slots) and now holds ${fmt(m.count)} entries. ` +
            `Go's delete() only marks slots empty; the bucket array keeps its size for as long as the map itself is reachable. ` +
            `A map rebuilt with its current entries would need about ${fmt(m.rebuiltBytes)} B (B=${m.rebuiltB}), so ${fmt(m.excessBytes)} B are held for nothing.`,
        subject: { id: g.hexId(anchor(m)), type: g.nodeName(anchor(m)), node: anchor(m) },
        count: m.count,
        retainedBytes: m.excessBytes,
        path: steps,
        evidence: evidenceOf(ctx, m, who),
        signature: signatureOf(this.id, steps),
        advice: advice(who.root),
        process: g.inputs[m.input].process,
      });
    }
    return out;
  },
};

export const goMapLowLiveRatio: Detector = {
  id: "go.map.low-live-ratio",
  language: "go",
  description: "Go maps (heap dump) with fewer live entries than an eighth of their slots, with the bytes that wastes",
  run(ctx) {
    const out: Finding[] = [];
    for (const m of goMapsOf(ctx.graph, (n) => ctx.dominators.reachable[n] === 1)) {
      if (!m.reachable || m.count >= m.capacity / 8 || m.excessBytes < MIN_EXCESS_BYTES) continue;
      const steps = mapPath(ctx, m);
      const who = retainerOf(steps, m);
      const g = ctx.graph;
      const pct = ((100 * m.count) / m.capacity).toFixed(2);
      out.push({
        detector: this.id,
        severity: m.excessBytes >= MEDIUM_BYTES ? "medium" : "low",
        language: "go",
        title: `Map ${who.text} is ${pct}% full: ${fmt(m.count)} entries in ${fmt(m.capacity)} slots, ${fmt(m.excessBytes)} B wasted`,
        explanation:
          `Only ${fmt(m.count)} of the map's ${fmt(m.capacity)} slots are in use (${fmt(m.storageBytes)} B of ${m.kind === "swiss" ? "tables and groups" : "buckets"}, ` +
          `${fmt(m.count > 0 ? Math.round(m.storageBytes / m.count) : m.storageBytes)} B per live entry). Go maps never shrink.`,
        subject: { id: g.hexId(anchor(m)), type: g.nodeName(anchor(m)), node: anchor(m) },
        count: m.count,
        retainedBytes: m.excessBytes,
        path: steps,
        evidence: evidenceOf(ctx, m, who),
        signature: signatureOf(this.id, steps),
        advice: advice(who.root),
        process: g.inputs[m.input].process,
      });
    }
    return out;
  },
};
