/**
 * Address → object lookup for pointer resolution. Interior pointers (into tiny blocks, bucket
 * arrays, slices) resolve to the object that contains the address.
 *
 * Main mode (object starts 8-byte aligned and distinct, heap span up to 4 GiB and not much sparser
 * than the objects): a rank bitmap — one bit per 8-byte slot set at each object start, with a
 * running count per 32-bit word — gives the sorted position of the last start at or below an
 * address, and builds the address order without sorting (PERFORMANCE.md: the rank bitmap beat
 * bisection and hashing). Lookups are random and memory-latency bound at 10^7 objects, so each
 * 32-slot word keeps what a lookup needs in one 16-byte record: the start bits, "covered" bits
 * (slots inside some object; used when objects do not overlap and sizes are multiples of 8, so
 * containment needs no object table), the running count, and the ordinal of the word's first
 * object when the objects starting in the word have consecutive dump ordinals (Go writes each
 * span's objects in address order), so most lookups touch that one record only.
 * Otherwise objects are sorted by address and found by bisection.
 */
export class AddressIndex {
  private readonly addr: Float64Array;
  private readonly sz: Float64Array;
  /** Dump ordinal of the object at sorted position k. */
  private readonly ord: Uint32Array;
  private readonly min: number;
  private readonly max: number;
  /** Per 32-slot word: [start bits, covered bits, starts before this word, first ordinal or NONE]. */
  private readonly words: Uint32Array | undefined;
  /** Covered bits are valid (no overlaps, sizes multiples of 8): containment needs no object table. */
  private readonly covered: boolean;
  /** Bisection mode: start addresses in sorted order. */
  private readonly sorted: Float64Array | undefined;

  private constructor(addr: Float64Array, size: Float64Array, ord: Uint32Array, min: number, max: number, words: Uint32Array | undefined, covered: boolean, sorted: Float64Array | undefined) {
    this.addr = addr;
    this.sz = size;
    this.ord = ord;
    this.min = min;
    this.max = max;
    this.words = words;
    this.covered = covered;
    this.sorted = sorted;
  }

  /** Start address of the object at sorted position k. */
  startAt(k: number): number {
    return this.addr[this.ord[k]];
  }

  /** Dump ordinal of the object at sorted position k. */
  ordinalAt(k: number): number {
    return this.ord[k];
  }

  get size(): number {
    return this.ord.length;
  }

  /**
   * `addr` and `size` are kept (not copied): they must not change while the index is used.
   * `bounds` (lowest address, highest end, all addresses / all sizes multiples of 8), when the
   * caller already has them, saves a pass.
   */
  static build(addr: Float64Array, size: Float64Array, bounds?: { min: number; max: number; aligned: boolean; sizes8: boolean }): AddressIndex {
    const n = addr.length;
    let min = Infinity, max = -Infinity, aligned = true, sizes8 = true;
    if (bounds) ({ min, max, aligned, sizes8 } = bounds);
    else for (let i = 0; i < n; i++) {
      const a = addr[i], s = size[i];
      if (a < min) min = a;
      const e = a + s;
      if (e > max) max = e;
      // Integer tests where the value fits 31 bits (a double's % is a library call).
      if ((a - Math.floor(a / 8) * 8) !== 0) aligned = false;
      if (s < 0x80000000 ? (s & 7) !== 0 : s % 8 !== 0) sizes8 = false;
    }
    if (n === 0) return new AddressIndex(addr, size, new Uint32Array(0), 0, 0, undefined, false, new Float64Array(0));
    const nw = Math.ceil((Math.floor((max - min) / 8) + 1) / 32);
    if (aligned && nw <= MAX_WORDS && nw <= 16 * n + 65536) {
      const W = new Uint32Array(4 * nw);
      // Start bits and, when sizes allow, covered bits (dump order: mostly ascending addresses).
      let covered = sizes8, positive = 0, coveredSlots = 0;
      for (let i = 0; i < n; i++) {
        const s = (addr[i] - min) / 8;
        W[4 * (s >>> 5)] |= 1 << (s & 31);
        if (!covered) continue;
        const z = size[i] / 8;
        if (z === 0) continue;
        positive++;
        coveredSlots += z;
        if (coveredSlots > 32 * nw) {
          covered = false; // slots covered twice: overlaps (and bounded work on hostile sizes)
          continue;
        }
        const e = s + z;
        if ((s >>> 5) === ((e - 1) >>> 5)) W[4 * (s >>> 5) + 1] |= (((e & 31) === 0 ? 0 : 1 << (e & 31)) - 1) & -(1 << (s & 31));
        else setBits(W, s, e);
      }
      let count = 0, coveredBits = 0, coveredStarts = 0;
      for (let w = 0; w < nw; w++) {
        const bits = W[4 * w], cov = W[4 * w + 1];
        W[4 * w + 2] = count;
        W[4 * w + 3] = UNSET;
        count += popcount(bits);
        if (cov !== 0) {
          coveredBits += popcount(cov);
          coveredStarts += popcount(cov & bits);
        }
      }
      // No slot covered twice and no start inside another object (zero-sized ones included):
      // then the covered bits decide containment exactly as "the last start ≤ a, if a < its end".
      covered &&= coveredBits === coveredSlots && coveredStarts === positive;
      if (count === n) {
        // Every start distinct: ranks are the address order. A word's first ordinal is kept when
        // every object starting in it has ordinal = first + its rank within the word.
        const ord = new Uint32Array(n);
        for (let i = 0; i < n; i++) {
          const s = (addr[i] - min) / 8;
          const w = 4 * (s >>> 5);
          const r = popcount(W[w] & ((1 << (s & 31)) - 1));
          ord[W[w + 2] + r] = i;
          const f = W[w + 3], c = i - r;
          if (f === UNSET) W[w + 3] = c >= 0 ? c : NONE;
          else if (f !== c) W[w + 3] = NONE;
        }
        if (!covered) for (let w = 0; w < nw; w++) W[4 * w + 1] = 0;
        return new AddressIndex(addr, size, ord, min, max, W, covered, undefined);
      }
    }
    const ord = sortByAddress(addr);
    const sorted = new Float64Array(n);
    for (let k = 0; k < n; k++) sorted[k] = addr[ord[k]];
    return new AddressIndex(addr, size, ord, min, max, undefined, false, sorted);
  }

  /** Sorted position of the object containing address a, or -1. */
  position(a: number): number {
    if (!(a >= this.min && a < this.max)) return -1;
    const W = this.words;
    let k: number;
    if (W) {
      const s = Math.floor((a - this.min) / 8);
      const w = s >>> 5;
      k = W[4 * w + 2] + popcount(W[4 * w] & ((2 << (s & 31)) - 1)) - 1;
    } else k = this.bisect(a);
    if (k < 0) return -1;
    const o = this.ord[k];
    return a < this.addr[o] + this.sz[o] ? k : -1;
  }

  /** Last sorted position whose start is ≤ a (a within [min, max)). */
  private bisect(a: number): number {
    const r = this.sorted!;
    let lo = 0, hi = r.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (r[mid] <= a) lo = mid + 1;
      else hi = mid - 1;
    }
    return hi;
  }

  /** Ordinal of the object containing address a, or -1. */
  containing(a: number): number {
    const k = this.position(a);
    return k < 0 ? -1 : this.ord[k];
  }

  /** Ordinal of the object starting exactly at a, or -1. */
  startingAt(a: number): number {
    const k = this.position(a);
    return k >= 0 && this.addr[this.ord[k]] === a ? this.ord[k] : -1;
  }

  /**
   * Resolves every pointer of every object: for the address `target[e]`, `out[at + e]` becomes
   * `base` + the ordinal of the object containing it, or SELF (the source object itself), OUTSIDE
   * (not in the arena) or MISS (in the arena, no object). Object i's pointers are
   * `target[edgeStart[i] .. edgeStart[i+1])`. Returns how many resolved pointers (self references
   * excluded) hit an object's start.
   */
  resolveAll(edgeStart: Uint32Array, n: number, target: Float64Array, arenaStart: number, arenaEnd: number, out: Uint32Array, at: number, base: number): number {
    if (base + this.ord.length >= MISS) throw new Error("too many nodes for resolveAll's markers");
    if (this.words && this.covered) return this.resolveCovered(edgeStart, n, target, arenaStart, arenaEnd, out, at, base);
    let toStart = 0;
    for (let i = 0; i < n; i++) {
      for (let e = edgeStart[i], end = edgeStart[i + 1]; e < end; e++) {
        const a = target[e];
        const k = this.position(a);
        if (k < 0) {
          out[at + e] = a >= arenaStart && a < arenaEnd ? MISS : OUTSIDE;
          continue;
        }
        const j = this.ord[k];
        if (j === i) {
          out[at + e] = SELF;
          continue;
        }
        if (this.addr[j] === a) toStart++;
        out[at + e] = base + j;
      }
    }
    return toStart;
  }

  /** resolveAll with covered bits: one 16-byte word record per pointer in the common case. */
  private resolveCovered(edgeStart: Uint32Array, n: number, target: Float64Array, arenaStart: number, arenaEnd: number, out: Uint32Array, at: number, base: number): number {
    const W = this.words!, ord = this.ord, min = this.min, span = this.max - min;
    let toStart = 0;
    let e = edgeStart[0];
    for (let i = 0; i < n; i++) {
      for (const end = edgeStart[i + 1]; e < end; e++) {
        const a = target[e];
        const d = a - min;
        if (!(d >= 0 && d < span)) {
          out[at + e] = a >= arenaStart && a < arenaEnd ? MISS : OUTSIDE;
          continue;
        }
        const s = Math.floor(d / 8);
        const w = 4 * (s >>> 5), b = s & 31;
        if (((W[w + 1] >>> b) & 1) === 0) {
          out[at + e] = a >= arenaStart && a < arenaEnd ? MISS : OUTSIDE;
          continue;
        }
        const bits = W[w];
        const m = bits & ((2 << b) - 1);
        let j: number;
        if (m === 0) j = ord[W[w + 2] - 1]; // starts in an earlier word
        else {
          const f = W[w + 3];
          const c = popcount(m) - 1;
          j = f !== NONE ? f + c : ord[W[w + 2] + c];
        }
        if (j === i) {
          out[at + e] = SELF;
          continue;
        }
        if (d === s * 8 && ((bits >>> b) & 1) === 1) toStart++;
        out[at + e] = base + j;
      }
    }
    return toStart;
  }
}

/** Resolved-pointer markers written by resolveAll (above every node ordinal). */
export const SELF = 0xffffffff;
export const OUTSIDE = 0xfffffffe;
export const MISS = 0xfffffffd;

const NONE = 0xffffffff;
/** Word record not yet given a first ordinal (during the build). */
const UNSET = 0xfffffffe;

/** Up to 4 GiB of heap span: 256 MiB of word records. */
const MAX_WORDS = 1 << 24;

/** Sets bits [from, to) of the covered-bit words (slot indices relative to the index minimum). */
function setBits(W: Uint32Array, from: number, to: number): void {
  let w = from >>> 5;
  const lastW = (to - 1) >>> 5;
  const lo = from & 31, hi = ((to - 1) & 31) + 1;
  if (w === lastW) {
    W[4 * w + 1] |= (hi === 32 ? -1 : (1 << hi) - 1) & ~((1 << lo) - 1);
    return;
  }
  W[4 * w + 1] |= ~((1 << lo) - 1);
  for (w++; w < lastW; w++) W[4 * w + 1] = 0xffffffff;
  W[4 * lastW + 1] |= hi === 32 ? -1 : (1 << hi) - 1;
}

function popcount(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/**
 * Ordinals sorted by address (unaligned or very sparse heaps, duplicate starts). Packs
 * (address offset, ordinal) into one exact double for the native numeric sort when it fits.
 */
function sortByAddress(addr: Float64Array): Uint32Array {
  const n = addr.length;
  const ordinals = new Uint32Array(n);
  let min = Infinity, max = -Infinity, sorted = true;
  for (let i = 0; i < n; i++) {
    const a = addr[i];
    if (a < min) min = a;
    if (a > max) max = a;
    if (i > 0 && a < addr[i - 1]) sorted = false;
  }
  if (sorted) {
    for (let i = 0; i < n; i++) ordinals[i] = i;
    return ordinals;
  }
  const span = max - min + 1;
  if (span * n < 2 ** 53) {
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = (addr[i] - min) * n + i;
    keys.sort();
    for (let i = 0; i < n; i++) ordinals[i] = keys[i] % n;
    return ordinals;
  }
  for (let i = 0; i < n; i++) ordinals[i] = i;
  ordinals.sort((x, y) => addr[x] - addr[y] || x - y);
  return ordinals;
}
