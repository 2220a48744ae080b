import { bucketSizeCandidates, requestedBuckets, roundupsize } from "../../graph/go-layout.ts";
import type { HeapGraph } from "../../graph/heap-graph.ts";
import { NodeKind } from "../../graph/kinds.ts";
import { profileTable, type ProfileTable } from "../../graph/profile-table.ts";
import { pathSteps } from "../paths.ts";
import { treeParents } from "../profile-histogram.ts";
import { signatureOf } from "./signature.ts";
import type { Detector, DetectorContext, Finding, Severity } from "./types.ts";

/**
 * `go.map.retained-buckets` on Go heap profiles (pprof protobuf or debug=1 text; DETECTORS.md).
 *
 * Go hides the runtime frames, so a map's bucket arrays show up as allocations of the user frame
 * that assigns into the map (`m[k] = v`), recognisable by object size (label `bytes`, or
 * bytes/objects in text): a classic array for 2^B buckets of `bs` bytes is
 * roundupsize((2^B + 2^(B-4)) · bs). Per allocation context (a frame node of the calling-context
 * tree: function, file:line and its callers) the detector looks for:
 *  1. a growth ladder — arrays for two or more B with one bucket size, in any sample type
 *     (alloc_space keeps the freed smaller arrays) — which fixes bs and so B;
 *  2. one such array still in use (inuse_space);
 *  3. evidence that entries went away: under the same caller, the non-array objects are mostly
 *     freed (inuse_objects / alloc_objects < 1/2), or, with a base profile (`--base`), the
 *     context's inuse_objects fell while the array's inuse_space stayed.
 * Go 1.24+ Swiss maps allocate groups in `internal/runtime/maps.newarray` (not hidden, since it
 * does not start with "runtime."): such leaf frames count as map storage whatever their size.
 * A rebuilt map (`make(map, len(m))` + copy) has a single array at its own site and no ladder,
 * so it is not reported.
 */
export const GO_MAP_RETAINED_BUCKETS = "go.map.retained-buckets";

/** Below this, a still-held array is normal map overhead. */
export const MIN_HELD_BYTES = 64 * 1024;
/** Live-object ratio under which entries count as "mostly deleted". */
export const MAX_LIVE_RATIO = 0.5;
const HIGH_BYTES = 1024 * 1024;
const PTR = 8;
/** Largest plausible bucket: 8 tophash + 8·128 B keys + 8·128 B elems (bigger are indirect) + overflow ptr. */
const MAX_BUCKET = 8 + 8 * 128 * 2 + PTR;
const MIN_BUCKET = 8 + 8 * 2 + PTR;
const SWISS_LEAF = /^internal\/runtime\/maps\.(newarray|newGroups|newTable|\(\*table\)\.reset)$/;
const RUNTIME_FRAME = /^(internal\/runtime\/maps\.|runtime\.)/;
/** Standard-library functions that only ever allocate byte slices: their growth ladders are not maps. */
const SLICE_ALLOCATORS = /^(bytes\.(makeSlice|growSlice)|strings\.\(\*Builder\)\.grow|io\.ReadAll|bufio\.New(Reader|Writer)Size|os\.ReadFile)$/;

interface ArrayFit {
  B: number;
  bs: number;
}

/** (B, bucket size) pairs that produce an object of `size` bytes. */
function fits(size: number): ArrayFit[] {
  const out: ArrayFit[] = [];
  if (!(size >= MIN_BUCKET * 16)) return out;
  // From B=4 on, the 2^(B-4) preallocated overflow buckets make each B's size distinct.
  for (let B = 4; B <= 40; B++) {
    if (requestedBuckets(B) * MIN_BUCKET > size) break;
    for (const bs of bucketSizeCandidates(size, B, PTR)) if (bs >= MIN_BUCKET && bs <= MAX_BUCKET) out.push({ B, bs });
  }
  return out;
}

interface Context {
  /** Local frame node (the allocating frame in its calling context). */
  frame: number;
  samples: number[];
}

interface Candidate {
  ctx: Context;
  bs: number;
  /** B → sample indexes of arrays with that B. */
  ladder: Map<number, number[]>;
  heldBytes: number;
  heldObjects: number;
  heldB: number;
  heldSample: number;
  swiss: boolean;
  /** Objects of exactly one bucket (a map's first bucket, overflow buckets) at the site, when they are evidence (else 0). */
  singleBuckets: number;
}

function columnsOf(t: ProfileTable) {
  const col = (n: string) => t.typeIndex(n);
  return {
    inuseSpace: col("inuse_space") >= 0 ? col("inuse_space") : col("space"),
    inuseObjects: col("inuse_objects") >= 0 ? col("inuse_objects") : col("objects"),
    allocSpace: col("alloc_space"),
    allocObjects: col("alloc_objects"),
  };
}

/** Sample contexts: the frame node above each pprof leaf. */
function contexts(graph: HeapGraph, first: number, t: ProfileTable, parent: Int32Array): Map<number, Context> {
  const out = new Map<number, Context>();
  for (let s = 0; s < t.sampleCount; s++) {
    const p = parent[t.sampleNode[s]];
    if (p < 0 || graph.kind[first + p] !== NodeKind.GoSite) continue;
    let c = out.get(p);
    if (!c) out.set(p, (c = { frame: p, samples: [] }));
    c.samples.push(s);
  }
  return out;
}

function candidateOf(graph: HeapGraph, first: number, t: ProfileTable, c: Context, cols: ReturnType<typeof columnsOf>): Candidate | undefined {
  const swiss = SWISS_LEAF.test(graph.typeName(first + c.frame));
  // Bucket size → (B → samples), over every sample type: alloc_space keeps the freed arrays.
  const byBs = new Map<number, Map<number, number[]>>();
  for (const s of c.samples) {
    for (const f of fits(t.blockBytes[s])) {
      let m = byBs.get(f.bs);
      if (!m) byBs.set(f.bs, (m = new Map()));
      const l = m.get(f.B) ?? [];
      l.push(s);
      m.set(f.B, l);
    }
  }
  // Every array size also fits half the bucket size with one more B, so rank bucket sizes by
  // rungs, then by single-bucket objects of that size at the same site (a map's first bucket
  // and its overflow buckets are allocated one at a time), then the larger size.
  const sizes = new Set<number>();
  for (const s of c.samples) sizes.add(t.blockBytes[s]);
  // Half the bucket size always gains exactly one rung (the smallest array read as one B more),
  // so a single-bucket object outweighs one rung.
  const score = (bs: number, ladder: Map<number, number[]>) => ladder.size + (sizes.has(roundupsize(bs)) ? 2 : 0);
  let best: { bs: number; ladder: Map<number, number[]>; score: number } | undefined;
  for (const [bs, ladder] of byBs) {
    const sc = score(bs, ladder);
    if (!best || sc > best.score || (sc === best.score && bs > best.bs)) best = { bs, ladder, score: sc };
  }
  const held = (s: number) => (cols.inuseSpace >= 0 ? t.value(s, cols.inuseSpace) : 0);
  if (swiss) {
    let bytes = 0, objects = 0, sample = -1;
    for (const s of c.samples) {
      bytes += held(s);
      objects += cols.inuseObjects >= 0 ? t.value(s, cols.inuseObjects) : 0;
      if (held(s) > 0 && (sample < 0 || t.blockBytes[s] > t.blockBytes[sample])) sample = s;
    }
    if (sample < 0) return undefined;
    return { ctx: c, bs: 0, ladder: best?.ladder ?? new Map(), heldBytes: bytes, heldObjects: objects, heldB: -1, heldSample: sample, swiss, singleBuckets: 0 };
  }
  if (!best) return undefined;
  let heldBytes = 0, heldObjects = 0, heldB = -1, heldSample = -1;
  for (const [B, samples] of best.ladder) {
    for (const s of samples) {
      const h = held(s);
      if (h <= 0) continue;
      heldBytes += h;
      heldObjects += cols.inuseObjects >= 0 ? t.value(s, cols.inuseObjects) : 0;
      if (B > heldB) {
        heldB = B;
        heldSample = s;
      }
    }
  }
  if (heldSample < 0) return undefined;
  // Single buckets (a map's first bucket and its overflow buckets, one object each) count as
  // evidence when there are clearly more of them than arrays per rung — a doubling slice has
  // one smallest allocation per growth chain — and their size is not a power of two.
  const one = roundupsize(best.bs);
  const objectsCol = cols.allocObjects >= 0 ? cols.allocObjects : cols.inuseObjects;
  let singleObjects = 0;
  for (const s of c.samples) if (t.blockBytes[s] === one) singleObjects += t.value(s, objectsCol);
  let rungObjects = 0;
  for (const l of best.ladder.values()) rungObjects = Math.max(rungObjects, l.reduce((a, s) => a + t.value(s, objectsCol), 0));
  const singleBuckets = (one & (one - 1)) !== 0 && singleObjects > 2 * rungObjects ? singleObjects : 0;
  return { ctx: c, bs: best.bs, ladder: best.ladder, heldBytes, heldObjects, heldB, heldSample, swiss, singleBuckets };
}

/** Objects allocated and still in use under `caller` (the frame that called the allocating function), arrays excluded. */
function objectsUnder(graph: HeapGraph, first: number, t: ProfileTable, parent: Int32Array, caller: number, exclude: Set<number>, cols: ReturnType<typeof columnsOf>) {
  let alloc = 0, inuse = 0;
  if (cols.allocObjects < 0 || cols.inuseObjects < 0) return { alloc: NaN, inuse: NaN };
  for (let s = 0; s < t.sampleCount; s++) {
    if (exclude.has(s)) continue;
    let under = false;
    for (let x: number = t.sampleNode[s]; x >= 0; x = parent[x]) {
      if (x === caller) {
        under = true;
        break;
      }
    }
    if (!under) continue;
    alloc += t.value(s, cols.allocObjects);
    inuse += t.value(s, cols.inuseObjects);
  }
  void graph;
  void first;
  return { alloc, inuse };
}

/** A frame node's calling context as text, root first: "main.main:94 > main.fill:48". */
function contextKey(graph: HeapGraph, first: number, t: ProfileTable, parent: Int32Array, node: number): string {
  const parts: string[] = [];
  for (let x = node; x >= 0 && graph.kind[first + x] === NodeKind.GoSite; x = parent[x]) parts.push(`${graph.typeName(first + x)}:${t.nodeLine[x]}`);
  return parts.reverse().join(" > ");
}

interface BaseView {
  graph: HeapGraph;
  first: number;
  t: ProfileTable;
  parent: Int32Array;
  byKey: Map<string, number>;
  cols: ReturnType<typeof columnsOf>;
}

function baseViews(base: HeapGraph | undefined): BaseView[] {
  if (!base) return [];
  const out: BaseView[] = [];
  base.inputs.forEach((inp, i) => {
    const t = profileTable(base, i);
    if (!t || t.kind !== "pprof") return;
    const parent = treeParents(base, inp.firstNode, inp.endNode);
    const byKey = new Map<string, number>();
    for (let x = 0; x < inp.endNode - inp.firstNode; x++) {
      if (base.kind[inp.firstNode + x] === NodeKind.GoSite) byKey.set(contextKey(base, inp.firstNode, t, parent, x), x);
    }
    out.push({ graph: base, first: inp.firstNode, t, parent, byKey, cols: columnsOf(t) });
  });
  return out;
}

/** In the base profile: inuse objects under the same caller and the array-sized inuse bytes at the same context. */
function baseFacts(views: BaseView[], key: string, callerKey: string, bs: number) {
  for (const v of views) {
    const frame = v.byKey.get(key);
    const caller = v.byKey.get(callerKey);
    if (frame === undefined || caller === undefined) continue;
    const ctx = contexts(v.graph, v.first, v.t, v.parent).get(frame);
    const arrays = new Set<number>();
    let arrayBytes = 0;
    for (const s of ctx?.samples ?? []) {
      if (fits(v.t.blockBytes[s]).some((f) => bs === 0 || f.bs === bs)) {
        arrays.add(s);
        if (v.cols.inuseSpace >= 0) arrayBytes += v.t.value(s, v.cols.inuseSpace);
      }
    }
    const o = objectsUnder(v.graph, v.first, v.t, v.parent, caller, arrays, v.cols);
    return { inuseObjects: o.inuse, allocObjects: o.alloc, arrayInuseBytes: arrayBytes };
  }
  return undefined;
}

const MiB = (b: number) => `${(b / 1048576).toFixed(1)} MiB`;

function run(ctx: DetectorContext): Finding[] {
  const { graph } = ctx;
  const findings: Finding[] = [];
  const views = baseViews(ctx.base);
  graph.inputs.forEach((inp, i) => {
    const t = profileTable(graph, i);
    if (!t || t.kind !== "pprof") return;
    const first = inp.firstNode;
    const parent = treeParents(graph, first, inp.endNode);
    const cols = columnsOf(t);
    if (cols.inuseSpace < 0) return;
    for (const c of contexts(graph, first, t, parent).values()) {
      const cand = candidateOf(graph, first, t, c, cols);
      if (!cand || cand.heldBytes < Math.max(MIN_HELD_BYTES, Math.min(ctx.minBytes, HIGH_BYTES))) continue;
      const ladderBs = [...cand.ladder.keys()].sort((a, b) => a - b);
      const hasLadder = ladderBs.length >= 2;
      const arrays = new Set<number>();
      for (const l of cand.ladder.values()) for (const s of l) arrays.add(s);
      // Swiss maps: the leaf is internal/runtime/maps.*; the user's frame (the map assignment) is
      // the first frame above the map runtime, and its caller is where entries are allocated.
      let site = c.frame;
      while (cand.swiss && site >= 0 && RUNTIME_FRAME.test(graph.typeName(first + site)) && parent[site] >= 0 && graph.kind[first + parent[site]] === NodeKind.GoSite) site = parent[site];
      const caller = parent[site];
      const under = objectsUnder(graph, first, t, parent, caller >= 0 ? caller : c.frame, arrays, cols);
      const liveRatio = under.alloc > 0 ? under.inuse / under.alloc : NaN;
      const key = contextKey(graph, first, t, parent, site);
      const callerKey = caller >= 0 ? contextKey(graph, first, t, parent, caller) : key;
      const base = baseFacts(views, key, callerKey, cand.bs);
      const fellInBase = base !== undefined && base.inuseObjects > 0 && under.inuse < base.inuseObjects * MAX_LIVE_RATIO && cand.heldBytes >= base.arrayInuseBytes * 0.9 && base.arrayInuseBytes > 0;
      const deletedHere = liveRatio < MAX_LIVE_RATIO;
      // Map growth proven by a ladder (or Swiss group allocations), plus evidence that entries went.
      if (!(hasLadder || cand.swiss || fellInBase)) continue;
      if (SLICE_ALLOCATORS.test(graph.typeName(first + c.frame))) continue;
      if (!(deletedHere || fellInBase)) continue;

      const leaf = first + t.sampleNode[cand.heldSample];
      const fn = graph.typeName(first + site);
      const file = t.files[t.nodeFile[site]] ?? "";
      const line = t.nodeLine[site];
      const where = file ? `${file}:${line}` : `line ${line}`;
      // Sizes alone cannot tell a map's doubling bucket arrays from a doubling slice. Strong
      // evidence: a base profile, Swiss-map frames, single-bucket objects at the same site, or an
      // array of exactly (2^B + 2^(B-4)) buckets of a bucket size that is not a power of two
      // (slices of power-of-two capacities rarely hit that). Otherwise the finding is "low".
      const heldExact = !cand.swiss && cand.heldB >= 0 && t.blockBytes[cand.heldSample] === requestedBuckets(cand.heldB) * cand.bs && (cand.bs & (cand.bs - 1)) !== 0;
      const reasons: string[] = [];
      if (fellInBase) reasons.push("base profile");
      if (cand.swiss) reasons.push("Swiss-map allocation frames");
      if (cand.singleBuckets > 0) reasons.push(`${cand.singleBuckets.toLocaleString("en-US")} single-bucket (${roundupsize(cand.bs)} B) objects allocated at the site`);
      if (heldExact) reasons.push(`array is exactly ${requestedBuckets(cand.heldB)} buckets of ${cand.bs} B`);
      const strong = reasons.length > 0;
      const severity: Severity = !strong ? "low" : cand.heldBytes >= HIGH_BYTES ? "high" : "medium";
      const arrayBytes = t.blockBytes[cand.heldSample];
      const fitsHeld = cand.swiss ? [] : fits(arrayBytes).map((f) => ({ B: f.B, bucketSize: f.bs }));
      const evidence: Record<string, unknown> = {
        site: { function: fn, file, line, context: key },
        heldBytes: cand.heldBytes,
        heldArrays: cand.heldObjects,
        arrayBytes,
        mapKind: cand.swiss ? "swiss (Go 1.24+ groups)" : "classic (Go ≤ 1.23 buckets)",
        confidence: strong ? `map storage (${reasons.join("; ")})` : "possible: the growth ladder fits map bucket arrays, but a doubling slice would look the same",
        sampleType: t.sampleTypes[cols.inuseSpace].type,
      };
      if (!cand.swiss) {
        evidence.estimatedB = hasLadder ? cand.heldB : fitsHeld.map((f) => f.B);
        evidence.bucketSize = hasLadder ? cand.bs : fitsHeld.map((f) => f.bucketSize);
        evidence.bucketsAllocated = hasLadder ? requestedBuckets(cand.heldB) : undefined;
        evidence.slotCapacity = hasLadder ? 8 * 2 ** cand.heldB : undefined;
        evidence.growthLadder = ladderBs.map((B) => ({
          B,
          bytes: Math.max(...cand.ladder.get(B)!.map((s) => t.blockBytes[s])),
          allocObjects: cols.allocObjects >= 0 ? cand.ladder.get(B)!.reduce((a, s) => a + t.value(s, cols.allocObjects), 0) : undefined,
          inuseObjects: cand.ladder.get(B)!.reduce((a, s) => a + t.value(s, cols.inuseObjects), 0),
        }));
      }
      evidence.objectsUnderCaller = { alloc: under.alloc, inuse: under.inuse, liveRatio };
      if (base) evidence.base = { ...base, currentInuseObjects: under.inuse, currentArrayInuseBytes: cand.heldBytes };
      const steps = pathSteps(graph, ctx.paths, ctx.dominators, leaf);
      const capText = hasLadder && !cand.swiss ? ` (B=${cand.heldB}: ${requestedBuckets(cand.heldB).toLocaleString("en-US")} buckets of ${cand.bs} B, room for ${(6.5 * 2 ** cand.heldB).toLocaleString("en-US")} entries)` : "";
      const why = fellInBase
        ? `Between the base profile and this one, objects in use under the same caller fell from ${base!.inuseObjects.toLocaleString("en-US")} to ${under.inuse.toLocaleString("en-US")}, while the array's ${MiB(cand.heldBytes)} stayed.`
        : `Under the same caller only ${under.inuse.toLocaleString("en-US")} of ${under.alloc.toLocaleString("en-US")} allocated objects (map entries, keys) are still in use, yet the array is.`;
      findings.push({
        detector: GO_MAP_RETAINED_BUCKETS,
        severity,
        language: "go",
        title: `${strong ? "Map storage" : "Possible map storage"} allocated at ${fn} (${where}) still holds ${MiB(cand.heldBytes)} after most entries were deleted`,
        explanation:
          `${fn} at ${where} allocated a map's ${cand.swiss ? "group storage" : "bucket array"}${capText}` +
          (hasLadder ? `; the profile shows it growing through ${ladderBs.length} sizes (B ${ladderBs[0]}–${ladderBs[ladderBs.length - 1]})` : "") +
          `. ${why} Go's delete() never shrinks a map: the array stays allocated until the whole map becomes unreachable or is rebuilt.`,
        subject: { id: graph.hexId(leaf), type: fn, node: leaf },
        count: cand.heldObjects,
        retainedBytes: cand.heldBytes,
        path: steps,
        evidence,
        signature: signatureOf(GO_MAP_RETAINED_BUCKETS, steps.map((s) => ({ ...s, type: s.type })), [where, cand.swiss ? "swiss" : `bs${cand.bs}`]),
        advice:
          `Rebuild the map once it has shrunk (m2 := make(map[K]V, len(m)); for k, v := range m { m2[k] = v }; m = m2), ` +
          `or bound it (cap the number of keys, or shard it so whole shards can be dropped) instead of relying on delete() to free memory.`,
        process: inp.process,
      });
    }
  });
  return findings;
}

export const goMapRetainedBucketsProfile: Detector = {
  id: GO_MAP_RETAINED_BUCKETS,
  language: "go",
  description: "Go heap profiles: map bucket/group arrays still in use after their entries were deleted (growth ladder by object size, freed entries, or a base profile).",
  run,
};
