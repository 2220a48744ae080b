/**
 * Address → object lookup for pointer resolution. Interior pointers (into tiny blocks, bucket
 * arrays, slices) resolve to the object that contains the address.
 *
 * Main mode (object starts 8-byte aligned, heap span up to 16 GiB): a rank bitmap — one bit per
 * 8-byte slot set at each object start, with a running count per 32-bit word — gives the sorted
 * position of the last start at or below an address with one or two memory reads, and builds
 * the address order without sorting (PERFORMANCE.md: the rank bitmap beat bisection and hashing).
 * Otherwise objects are sorted by address and found by bisection.
 */
export class AddressIndex {
  /**
   * Per object in address order: start, end, dump ordinal — interleaved so one lookup touches one
   * cache line (lookups are random and memory-latency bound at 10^7 objects).
   */
  private readonly rec: Float64Array;
  private readonly min: number;
  private readonly max: number;
  /** Per 32-bit word of the start bitmap: [bits, starts before this word], interleaved likewise. */
  private readonly rank: Uint32Array | undefined;

  private constructor(rec: Float64Array, min: number, max: number, rank?: Uint32Array) {
    this.rec = rec;
    this.min = min;
    this.max = max;
    this.rank = rank;
  }

  /** Start address of the object at sorted position k. */
  startAt(k: number): number {
    return this.rec[3 * k];
  }

  /** Dump ordinal of the object at sorted position k. */
  ordinalAt(k: number): number {
    return this.rec[3 * k + 2];
  }

  static build(addr: Float64Array, size: Float64Array): AddressIndex {
    const n = addr.length;
    let min = Infinity, max = -Infinity, aligned = true;
    for (let i = 0; i < n; i++) {
      const a = addr[i];
      if (a < min) min = a;
      const e = a + size[i];
      if (e > max) max = e;
      if (a % 8 !== 0) aligned = false;
    }
    if (n === 0) return new AddressIndex(new Float64Array(0), 0, 0);
    const words = Math.ceil((Math.floor((max - min) / 8) + 1) / 32);
    if (aligned && words <= MAX_WORDS) {
      const rank = new Uint32Array(2 * words);
      for (let i = 0; i < n; i++) {
        const s = (addr[i] - min) / 8;
        rank[2 * (s >>> 5)] |= 1 << (s & 31);
      }
      let count = 0;
      for (let w = 0; w < words; w++) {
        rank[2 * w + 1] = count;
        count += popcount(rank[2 * w]);
      }
      if (count === n) {
        // Every start distinct: ranks are the address order.
        const rec = new Float64Array(3 * n);
        for (let i = 0; i < n; i++) {
          const s = (addr[i] - min) / 8;
          const w = s >>> 5;
          const k = rank[2 * w + 1] + popcount(rank[2 * w] & ((1 << (s & 31)) - 1));
          rec[3 * k] = addr[i];
          rec[3 * k + 1] = addr[i] + size[i];
          rec[3 * k + 2] = i;
        }
        return new AddressIndex(rec, min, max, rank);
      }
    }
    const ordinals = sortByAddress(addr);
    const rec = new Float64Array(3 * n);
    for (let k = 0; k < n; k++) {
      const o = ordinals[k];
      rec[3 * k] = addr[o];
      rec[3 * k + 1] = addr[o] + size[o];
      rec[3 * k + 2] = o;
    }
    return new AddressIndex(rec, min, max);
  }

  get size(): number {
    return this.rec.length / 3;
  }

  /** Sorted position of the object containing address a, or -1. */
  position(a: number): number {
    if (!(a >= this.min && a < this.max)) return -1;
    const rank = this.rank;
    let k: number;
    if (rank) {
      const s = Math.floor((a - this.min) / 8);
      let w = s >>> 5;
      const b = s & 31;
      let m = rank[2 * w] & (b === 31 ? -1 : (1 << (b + 1)) - 1);
      for (let guard = 0; m === 0 && w > 0 && guard < 64; guard++) m = rank[2 * --w];
      if (m !== 0) {
        const h = 31 - Math.clz32(m);
        k = rank[2 * w + 1] + popcount(m & ((1 << h) - 1));
      } else k = this.bisect(a); // inside a large object: its start is far back
    } else k = this.bisect(a);
    return k >= 0 && a < this.rec[3 * k + 1] ? k : -1;
  }

  /** Last sorted position whose start is ≤ a (a within [min, max)). */
  private bisect(a: number): number {
    const r = this.rec;
    let lo = 0, hi = r.length / 3 - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (r[3 * mid] <= a) lo = mid + 1;
      else hi = mid - 1;
    }
    return hi;
  }

  /** Ordinal of the object containing address a, or -1. */
  containing(a: number): number {
    const k = this.position(a);
    return k < 0 ? -1 : this.rec[3 * k + 2];
  }

  /** Ordinal of the object starting exactly at a, or -1. */
  startingAt(a: number): number {
    const k = this.position(a);
    return k >= 0 && this.rec[3 * k] === a ? this.rec[3 * k + 2] : -1;
  }
}

/** Up to 16 GiB of heap span: 64 MiB of bitmap plus 64 MiB of counts. */
const MAX_WORDS = 1 << 24;

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
