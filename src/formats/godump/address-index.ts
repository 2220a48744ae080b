/**
 * Address → object lookup for pointer resolution: object starts sorted ascending with their ends and
 * dump ordinals, searched by bisection. Interior pointers (into tiny blocks, bucket arrays, slices)
 * resolve to the object that contains the address.
 */
export class AddressIndex {
  readonly starts: Float64Array;
  readonly ends: Float64Array;
  readonly ordinals: Uint32Array;
  /** Page table: pageFirst[p] = first sorted index whose start is at or after min + p·PAGE. */
  private pageFirst: Uint32Array | undefined;
  private min = 0;
  private max = 0;

  private constructor(starts: Float64Array, ends: Float64Array, ordinals: Uint32Array) {
    this.starts = starts;
    this.ends = ends;
    this.ordinals = ordinals;
    const n = starts.length;
    if (n === 0) return;
    this.min = starts[0];
    let max = 0;
    for (let i = 0; i < n; i++) if (ends[i] > max) max = ends[i];
    this.max = max;
    const pages = Math.floor((max - this.min) / PAGE) + 2;
    if (pages > MAX_PAGES) return; // a very sparse heap: plain bisection
    const pf = new Uint32Array(pages + 1);
    let i = 0;
    for (let p = 0; p <= pages; p++) {
      const lim = this.min + p * PAGE;
      while (i < n && starts[i] < lim) i++;
      pf[p] = i;
    }
    this.pageFirst = pf;
  }

  static build(addr: Float64Array, size: Float64Array): AddressIndex {
    const n = addr.length;
    const ordinals = sortByAddress(addr);
    const starts = new Float64Array(n);
    const ends = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const o = ordinals[i];
      starts[i] = addr[o];
      ends[i] = addr[o] + size[o];
    }
    return new AddressIndex(starts, ends, ordinals);
  }

  get size(): number {
    return this.starts.length;
  }

  /** Sorted position of the object containing address a, or -1. */
  private position(a: number): number {
    if (!(a >= this.min && a < this.max)) return -1;
    const s = this.starts;
    let lo = 0, hi = s.length - 1;
    const pf = this.pageFirst;
    if (pf) {
      // Objects starting in a's page, plus the last one before it (which may span into the page).
      const p = Math.floor((a - this.min) / PAGE);
      lo = pf[p] === 0 ? 0 : pf[p] - 1;
      hi = pf[p + 1] - 1;
    }
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (s[mid] <= a) lo = mid + 1;
      else hi = mid - 1;
    }
    return hi >= 0 && a < this.ends[hi] ? hi : -1;
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

const PAGE = 8192;
const MAX_PAGES = 1 << 24;

/**
 * Ordinals sorted by address. The runtime dumps objects span by span, not in address order.
 * Fast path: pack (address offset / alignment, ordinal) into one exact double and use the native
 * numeric sort; otherwise a comparator sort.
 */
function sortByAddress(addr: Float64Array): Uint32Array {
  const n = addr.length;
  const ordinals = new Uint32Array(n);
  if (n === 0) return ordinals;
  let min = Infinity, max = -Infinity, aligned8 = true, sorted = true;
  for (let i = 0; i < n; i++) {
    const a = addr[i];
    if (a < min) min = a;
    if (a > max) max = a;
    if (a % 8 !== 0) aligned8 = false;
    if (i > 0 && a < addr[i - 1]) sorted = false;
  }
  if (sorted) {
    for (let i = 0; i < n; i++) ordinals[i] = i;
    return ordinals;
  }
  const align = aligned8 ? 8 : 1;
  const span = Math.floor((max - min) / align) + 1;
  if (span * n < 2 ** 53) {
    const keys = new Float64Array(n);
    for (let i = 0; i < n; i++) keys[i] = ((addr[i] - min) / align) * n + i;
    keys.sort();
    for (let i = 0; i < n; i++) ordinals[i] = keys[i] % n;
    return ordinals;
  }
  for (let i = 0; i < n; i++) ordinals[i] = i;
  ordinals.sort((x, y) => addr[x] - addr[y] || x - y);
  return ordinals;
}
