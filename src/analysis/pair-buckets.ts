// The dominator DFS's non-tree edges, bucketed by target, and their grouping into a predecessor
// CSR one bucket at a time, on one thread or shared with the graph thread.
import { sharedArray } from "../graph/growable.ts";

/** Targets per pair bucket: a bucket's slice of the predecessor counts (4 bytes each) stays in cache. */
export const BUCKET_BITS = 17;
/** Largest chunk of a bucket, in pairs (8 MB of address space; only the filled part is resident). */
const PAIRS_PER_CHUNK = 1 << 20;

/** A chunk cut from the arena, in words (64 KiB). */
const ARENA_CHUNK_WORDS = 1 << 14;

const EMPTY = new Uint32Array(0);

/**
 * The non-tree edges as (target, source) preorder pairs, in buckets of 2^BUCKET_BITS consecutive
 * targets: grouping them by target then touches one bucket's slice of the arrays at a time (in
 * cache) instead of jumping across hundreds of MB for every pair. A bucket's chunks start small
 * and double, so small graphs allocate little. Chunks are on shared memory (see PairGrouping).
 */
export class PairBuckets {
  /** Full chunks per bucket, then the current one. */
  private readonly chunks: Uint32Array[][];
  /** Each bucket's chunk being filled and its fill position (read directly by the DFS loop). */
  readonly current: Uint32Array[];
  readonly fill: Int32Array;
  /** One reservation the chunks are cut from in turn (only the parts cut are resident), so its pages can serve again once the pairs are grouped (takeArena). */
  private arena: Uint32Array | undefined;
  private arenaUsed = 0;

  /** @param maxPairs an upper bound on the pairs to come (address space reserved for them), or 0 for chunks of their own */
  constructor(targets: number, maxPairs = 0) {
    const buckets = Math.max(1, Math.ceil(targets / (1 << BUCKET_BITS)));
    this.chunks = Array.from({ length: buckets }, () => []);
    this.current = Array.from({ length: buckets }, () => EMPTY);
    this.fill = new Int32Array(buckets);
    if (maxPairs > 0) {
      try {
        this.arena = sharedArray(Uint32Array, 2 * maxPairs);
      } catch {
        this.arena = undefined; // no address space for it: chunks of their own
      }
    }
  }

  add(target: number, source: number): void {
    const b = target >>> BUCKET_BITS;
    const f = this.fill[b];
    const c = this.current[b];
    if (f === c.length) {
      this.addToNewChunk(b, target, source);
      return;
    }
    c[f] = target;
    c[f + 1] = source;
    this.fill[b] = f + 2;
  }

  addToNewChunk(b: number, target: number, source: number): void {
    const a = this.arena;
    // Cut from the arena, chunks stay small: a bucket's unfilled tail is a hole in the pages that
    // serve again, and one cut after another wastes nothing else.
    const words = a ? ARENA_CHUNK_WORDS : Math.min(2 * PAIRS_PER_CHUNK, Math.max(2048, 2 * this.current[b].length));
    let c: Uint32Array;
    if (a && this.arenaUsed + words <= a.length) {
      c = a.subarray(this.arenaUsed, this.arenaUsed + words);
      this.arenaUsed += words;
    } else c = sharedArray(Uint32Array, words);
    this.chunks[b].push(c);
    this.current[b] = c;
    c[0] = target;
    c[1] = source;
    this.fill[b] = 2;
  }

  get buckets(): number {
    return this.chunks.length;
  }

  /** Pairs added so far. */
  get count(): number {
    let words = 0;
    for (const list of this.filled()) for (const c of list) words += c.length;
    return words / 2;
  }

  /** Each bucket's chunks, the last one trimmed to its filled part (plain data for a worker). */
  filled(): Uint32Array[][] {
    return this.chunks.map((list, b) => list.map((c, i) => (i === list.length - 1 ? c.subarray(0, this.fill[b]) : c)));
  }

  /** Drops every chunk (the caller releases the memory, or takes the arena). */
  clear(): void {
    for (const l of this.chunks) l.length = 0;
    this.current.fill(EMPTY);
    this.fill.fill(0);
  }

  /**
   * After clear: the arena as `words` shared Uint32 slots (its contents are garbage) when it has
   * that many and the chunks cut from it are not much more than that (the rest would stay resident
   * as long as the slots are used); else undefined, and the arena is dropped with the chunks.
   */
  takeArena(words: number): Uint32Array | undefined {
    const a = this.arena;
    this.arena = undefined;
    if (!a || a.length < words || this.arenaUsed > 1.25 * words) return undefined;
    return a.subarray(0, words);
  }
}

// Slots of PairGrouping.control.
const NEXT = 0; // the next bucket to claim (claims go top down)
const HELPER_STARTED = 1; // 1 once the other thread runs groupUnclaimed
const DONE = 2; // DONE + b: 1 once bucket b is grouped

/**
 * Everything needed to group the pairs, bucket by bucket, into the predecessor CSR (predStart,
 * pred): plain data and shared arrays, so the graph thread can take buckets too. Buckets are
 * claimed through an atomic counter, so each is grouped once, by whichever thread gets it.
 */
export interface PairGrouping {
  chunks: Uint32Array[][];
  /** First CSR slot of each bucket's targets (the pairs of all lower buckets). */
  regionStart: Float64Array;
  /** Targets are preorder numbers below count. */
  count: number;
  predStart: Uint32Array;
  pred: Uint32Array;
  control: Int32Array;
}

/** Lays out the grouping of `buckets`' pairs (predStart ≥ count + 1 long and pred ≥ pairs long, both shared). */
export function pairGrouping(buckets: PairBuckets, count: number, predStart: Uint32Array, pred: Uint32Array): PairGrouping {
  const chunks = buckets.filled();
  const regionStart = new Float64Array(chunks.length + 1);
  for (let b = 0; b < chunks.length; b++) {
    let pairs = 0;
    for (const c of chunks[b]) pairs += c.length / 2;
    regionStart[b + 1] = regionStart[b] + pairs;
  }
  predStart[count] = regionStart[chunks.length];
  const control = sharedArray(Int32Array, DONE + chunks.length);
  control[NEXT] = chunks.length - 1;
  return { chunks, regionStart, count, predStart, pred, control };
}

/** Claims and groups buckets until none is left; returns how many this thread took. */
export function groupUnclaimed(g: PairGrouping): number {
  let taken = 0;
  for (let b = Atomics.sub(g.control, NEXT, 1); b >= 0; b = Atomics.sub(g.control, NEXT, 1), taken++) groupBucket(g, b);
  return taken;
}

/** The graph thread's side: takes buckets until none is left; returns how many it took. */
export function helpGroup(g: PairGrouping): number {
  Atomics.store(g.control, HELPER_STARTED, 1);
  return groupUnclaimed(g);
}

/** True once the other thread has started taking buckets. */
export function helperStarted(g: PairGrouping): boolean {
  return Atomics.load(g.control, HELPER_STARTED) === 1;
}

/**
 * Groups unclaimed buckets on this thread, then waits for those the other thread holds (a bucket
 * takes it milliseconds; a minute without one means that thread is gone and the arrays cannot be
 * trusted).
 */
export function groupAll(g: PairGrouping): void {
  groupUnclaimed(g);
  const control = g.control;
  for (let b = 0; b < g.chunks.length; b++) {
    while (Atomics.load(control, DONE + b) === 0) {
      if (Atomics.wait(control, DONE + b, 0, 60_000) === "timed-out") throw new Error("graph thread stopped while grouping predecessors");
    }
  }
}

/**
 * Counting sort of bucket b's pairs by target into its region of the CSR: counts per target, end
 * positions by prefix sum, then filled from the back, so predStart[t] ends at the start of t's
 * list. Touches only predStart[lo, hi) and pred's region: buckets can be grouped in parallel.
 */
function groupBucket(g: PairGrouping, b: number): void {
  const { predStart, pred } = g;
  const lo = b << BUCKET_BITS;
  const hi = Math.min(g.count, (b + 1) << BUCKET_BITS);
  const list = g.chunks[b];
  predStart.fill(0, lo, hi);
  for (const c of list) for (let j = 0; j < c.length; j += 2) predStart[c[j]]++;
  let end = g.regionStart[b];
  for (let t = lo; t < hi; t++) predStart[t] = end += predStart[t];
  for (const c of list) for (let j = 0; j < c.length; j += 2) pred[--predStart[c[j]]] = c[j + 1];
  Atomics.store(g.control, DONE + b, 1);
  Atomics.notify(g.control, DONE + b);
}
