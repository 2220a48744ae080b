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
  /** Object starts in address order, with their ends and dump ordinals. */
  readonly starts: Float64Array;
  readonly ends: Float64Array;
  readonly ordinals: Uint32Array;
  private readonly min: number;
  private readonly max: number;
  private readonly bits: Uint32Array | undefined;
  private readonly prefix: Uint32Array | undefined;

  private constructor(starts: Float64Array, ends: Float64Array, ordinals: Uint32Array, min: number, max: number, bits?: Uint32Array, prefix?: Uint32Array) {
    this.starts = starts;
    this.ends = ends;
    this.ordinals = ordinals;
    this.min = min;
    this.max = max;
    this.bits = bits;
    this.prefix = prefix;
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
    if (n === 0) return new AddressIndex(new Float64Array(0), new Float64Array(0), new Uint32Array(0), 0, 0);
    const words = Math.ceil((Math.floor((max - min) / 8) + 1) / 32);
    if (aligned && words <= MAX_WORDS) {
      const bits = new Uint32Array(words);
      for (let i = 0; i < n; i++) {
        const s = (addr[i] - min) / 8;
        bits[s >>> 5] |= 1 << (s & 31);
      }
      const prefix = new Uint32Array(words + 1);
      for (let w = 0; w < words; w++) prefix[w + 1] = prefix[w] + popcount(bits[w]);
      if (prefix[words] === n) {
        // Every start distinct: ranks are the address order.
        const ordinals = new Uint32Array(n), starts = new Float64Array(n), ends = new Float64Array(n);
        for (let i = 0; i < n; i++) {
          const s = (addr[i] - min) / 8;
          const w = s >>> 5;
          const k = prefix[w] + popcount(bits[w] & ((1 << (s & 31)) - 1));
          ordinals[k] = i;
          starts[k] = addr[i];
          ends[k] = addr[i] + size[i];
        }
        return new AddressIndex(starts, ends, ordinals, min, max, bits, prefix);
      }
    }
    const ordinals = sortByAddress(addr);
    const starts = new Float64Array(n), ends = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const o = ordinals[i];
      starts[i] = addr[o];
      ends[i] = addr[o] + size[o];
    }
    return new AddressIndex(starts, ends, ordinals, min, max);
  }

  get size(): number {
    return this.starts.length;
  }

  /** Sorted position of the object containing address a, or -1. */
  position(a: number): number {
    if (!(a >= this.min && a < this.max)) return -1;
    const bits = this.bits;
    let k: number;
    if (bits) {
      const s = Math.floor((a - this.min) / 8);
      let w = s >>> 5;
      const b = s & 31;
      let m = bits[w] & (b === 31 ? -1 : (1 << (b + 1)) - 1);
      for (let guard = 0; m === 0 && w > 0 && guard < 64; guard++) m = bits[--w];
      if (m !== 0) {
        const h = 31 - Math.clz32(m);
        k = this.prefix![w] + popcount(bits[w] & ((1 << h) - 1));
      } else k = this.bisect(a); // inside a large object: its start is far back
    } else k = this.bisect(a);
    return k >= 0 && a < this.ends[k] ? k : -1;
  }

  /** Last sorted position whose start is ≤ a (a within [min, max)). */
  private bisect(a: number): number {
    const s = this.starts;
    let lo = 0, hi = s.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (s[mid] <= a) lo = mid + 1;
      else hi = mid - 1;
    }
    return hi;
  }

  /** Ordinal of the object containing address a, or -1. */
  containing(a: number): number {
    const k = this.position(a);
    return k < 0 ? -1 : this.ordinals[k];
  }

  /** Ordinal of the object starting exactly at a, or -1. */
  startingAt(a: number): number {
    const k = this.position(a);
    return k >= 0 && this.starts[k] === a ? this.ordinals[k] : -1;
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
