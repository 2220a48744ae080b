/**
 * Object id → node ordinal without a Map: ids are addresses, so a rank bitmap answers "which
 * ordinal has this id" with one bit per `align`-byte address slot (PERFORMANCE.md: 0.81 s vs 2.8 s
 * for binary search on 30 M lookups). Slots are grouped in pages of 2^16 under a page table, so a
 * sparse address space (G1 regions, several heaps) only costs the pages it uses. Each 32-bit word
 * is paired with the number of set bits before it; rank = that count + popcount(lower bits); a rank →
 * ordinal table finishes the lookup (ordinals stay in file order, no sort needed).
 * Ids spread too far apart for a page table (agent serial ids mixed with huge values) fall back to
 * sorted ids + binary search.
 */
export interface IdIndex {
  /** Ordinal (relative to the array given to buildIdIndex) for an id, or -1. */
  lookup(id: number): number;
  readonly kind: "rank-bitmap" | "sorted";
  readonly bytes: number;
  /** Ids that occurred more than once (the first occurrence wins). */
  readonly duplicates: number;
  /** "classes-first" when ordinals are computed from ranks, else "table". */
  readonly layoutKind: string;
  /** The index's arrays and numbers (structured-clone safe), to rebuild it on another thread with indexFromParts. */
  parts(): IdIndexParts;
}

/** An IdIndex as plain data. */
export type IdIndexParts =
  | { kind: "rank-bitmap"; min: number; align: number; pageTable: Int32Array; words: Uint32Array; rankToOrdinal: Uint32Array; classRanks: Float64Array; classOrdinals: Uint32Array; classBlocks: Uint32Array; leading: number; duplicates: number }
  | { kind: "sorted"; sorted: Float64Array; rankToOrdinal: Uint32Array; duplicates: number };

/** The same lookups as the index `parts` came from. */
export function indexFromParts(parts: IdIndexParts): IdIndex {
  if (parts.kind === "sorted") {
    const s = Object.create(SortedIds.prototype) as SortedIds;
    // Instance fields are set by constructors: every one is assigned here.
    Object.assign(s, { kind: "sorted", layoutKind: "table", sorted: parts.sorted, rankToOrdinal: parts.rankToOrdinal, duplicates: parts.duplicates });
    return s;
  }
  const r = Object.create(RankBitmap.prototype) as RankBitmap;
  Object.assign(r, parts, { alignMask: parts.align - 1, invAlign: 1 / parts.align, maxDelta: (parts.pageTable.length * PAGE - 1) * parts.align });
  return r;
}

const PAGE_BITS = 16;
const PAGE = 1 << PAGE_BITS;
// Slot and page numbers by multiplying with exact reciprocals (powers of two): a division by a
// variable is a slow instruction, and the index build and pass 2's lookups do one per id.
const INV_PAGE = 1 / PAGE;
const WORDS_PER_PAGE = PAGE >>> 5;
const MAX_PAGES = 1 << 22;
const NONE = 0xffffffff;
const RANK_BLOCK_BITS = 12;

function popcount(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

class RankBitmap implements IdIndex {
  readonly kind = "rank-bitmap" as const;
  duplicates = 0;
  private min: number;
  private align: number;
  private alignMask: number;
  private invAlign: number;
  private maxDelta: number;
  private pageTable: Int32Array;
  /** Pairs (bits, rank of the word's first bit): one cache line serves both. */
  private words: Uint32Array;
  private rankToOrdinal: Uint32Array;
  /** Class-first layout: sorted ranks of the leading class nodes and their ordinals (-1 leading = unused). */
  private classRanks = new Float64Array(0);
  private classOrdinals = new Uint32Array(0);
  private classBlocks = new Uint32Array(0);
  private leading = -1;

  constructor(ids: Float64Array, min: number, align: number, pageTable: Int32Array, used: number, layout?: IdLayout) {
    this.min = min;
    this.align = align;
    this.alignMask = align - 1;
    this.invAlign = 1 / align;
    this.maxDelta = (pageTable.length * PAGE - 1) * align;
    const n = ids.length;
    const words = new Uint32Array(used * WORDS_PER_PAGE * 2);
    const invAlign = this.invAlign;
    for (let i = 0; i < n; i++) {
      const slot = (ids[i] - min) * invAlign;
      const p = (slot * INV_PAGE) | 0;
      const within = slot - p * PAGE;
      words[(pageTable[p] * WORDS_PER_PAGE + (within >>> 5)) << 1] |= 1 << (within & 31);
    }
    let total = 0;
    for (let w = 0; w < words.length; w += 2) {
      words[w + 1] = total;
      total += popcount(words[w]);
    }
    this.pageTable = pageTable;
    this.words = words;
    // Serial HotSpot dumps: every CLASS_DUMP first, then objects in ascending address order. Then an
    // object's ordinal follows from its rank and the few class ranks below it (a binary search in a
    // small, cache-resident table) and the rank → ordinal table (4 bytes per node, one more cache
    // miss per lookup) is not needed. Repeated ids break the arithmetic: they use the table.
    if (layout && layout.leadingClasses <= n && total === n) {
      const L = layout.leadingClasses;
      const order = Array.from({ length: L }, (_, i) => i);
      const ranks = order.map((i) => this.rank(ids[i]));
      order.sort((a, b) => ranks[a] - ranks[b]);
      this.classRanks = Float64Array.from(order, (i) => ranks[i]);
      this.classOrdinals = Uint32Array.from(order);
      // Class ranks below each block of 4096 ranks: a lookup then scans the few in its block.
      const blocks = new Uint32Array((total >>> RANK_BLOCK_BITS) + 2);
      for (let b = 0, c = 0; b < blocks.length; b++) {
        while (c < L && this.classRanks[c] < b * (1 << RANK_BLOCK_BITS)) c++;
        blocks[b] = c;
      }
      this.classBlocks = blocks;
      this.leading = L;
      this.rankToOrdinal = new Uint32Array(0);
      return;
    }
    const r2o = new Uint32Array(total).fill(NONE);
    this.rankToOrdinal = r2o;
    for (let i = 0; i < n; i++) {
      const r = this.rank(ids[i]);
      if (r2o[r] === NONE) r2o[r] = i;
      else this.duplicates++;
    }
  }

  get bytes(): number {
    return this.pageTable.byteLength + this.words.byteLength + this.rankToOrdinal.byteLength + this.classRanks.byteLength + this.classOrdinals.byteLength;
  }

  private rank(id: number): number {
    // Integer math on doubles: ids are integers below 2^53, `x | 0` keeps their low 32 bits exactly.
    const d = id - this.min;
    if (d < 0 || d > this.maxDelta || ((d | 0) & this.alignMask) !== 0) return -1;
    const slot = d * this.invAlign;
    const p = (slot * INV_PAGE) | 0;
    const pi = this.pageTable[p];
    if (pi < 0) return -1;
    const within = slot - p * PAGE;
    const w = (pi * WORDS_PER_PAGE + (within >>> 5)) << 1;
    const bit = 1 << (within & 31);
    const word = this.words[w];
    if ((word & bit) === 0) return -1;
    return this.words[w + 1] + popcount(word & (bit - 1));
  }

  lookup(id: number): number {
    const r = this.rank(id);
    if (r < 0) return -1;
    if (this.leading < 0) return this.rankToOrdinal[r];
    // Number of class ranks below r (and whether r is one of them).
    const cr = this.classRanks;
    let lo = this.classBlocks[r >>> RANK_BLOCK_BITS];
    while (lo < cr.length && cr[lo] < r) lo++;
    if (lo < cr.length && cr[lo] === r) return this.classOrdinals[lo];
    return this.leading + r - lo;
  }

  get layoutKind(): string {
    return this.leading >= 0 ? "classes-first" : "table";
  }

  parts(): IdIndexParts {
    const { min, align, pageTable, words, rankToOrdinal, classRanks, classOrdinals, classBlocks, leading, duplicates } = this;
    return { kind: "rank-bitmap", min, align, pageTable, words, rankToOrdinal, classRanks, classOrdinals, classBlocks, leading, duplicates };
  }
}

class SortedIds implements IdIndex {
  readonly kind = "sorted" as const;
  duplicates = 0;
  private sorted: Float64Array;
  private rankToOrdinal: Uint32Array;

  constructor(ids: Float64Array) {
    const s = Float64Array.from(ids).sort();
    let m = 0;
    for (let i = 0; i < s.length; i++) if (i === 0 || s[i] !== s[m - 1]) s[m++] = s[i];
    this.sorted = s.subarray(0, m);
    this.rankToOrdinal = new Uint32Array(m).fill(NONE);
    for (let i = 0; i < ids.length; i++) {
      const r = this.rank(ids[i]);
      if (this.rankToOrdinal[r] === NONE) this.rankToOrdinal[r] = i;
      else this.duplicates++;
    }
  }

  get bytes(): number {
    return this.sorted.byteLength + this.rankToOrdinal.byteLength;
  }

  readonly layoutKind = "table";

  private rank(id: number): number {
    const s = this.sorted;
    let lo = 0;
    let hi = s.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = s[mid];
      if (v < id) lo = mid + 1;
      else if (v > id) hi = mid - 1;
      else return mid;
    }
    return -1;
  }

  lookup(id: number): number {
    const r = this.rank(id);
    return r < 0 ? -1 : this.rankToOrdinal[r];
  }

  parts(): IdIndexParts {
    return { kind: "sorted", sorted: this.sorted, rankToOrdinal: this.rankToOrdinal, duplicates: this.duplicates };
  }
}

/**
 * What the caller knows about the order of ids: nodes [0, leadingClasses) are class objects (any
 * order) and every later node's id is greater than the previous one's.
 */
export interface IdLayout {
  leadingClasses: number;
}

/** Builds the index over `ids` (ordinal i has id ids[i]). */
export function buildIdIndex(ids: Float64Array, force?: "sorted", layout?: IdLayout): IdIndex {
  const n = ids.length;
  if (n === 0 || force === "sorted") return new SortedIds(ids);
  const { min, max } = layout ? layoutRange(ids, layout.leadingClasses) : range(ids);
  // Pages are marked for the alignment dumps have (8 bytes) in the pass that finds the real one:
  // the largest power of two (≤ 8) dividing every id - min, i.e. below the lowest bit in which
  // any id differs from the first (1 for serial ids). `x | 0` keeps an integer's low 32 bits.
  const first = ids[0] | 0;
  let low = 0;
  let align = 8;
  let pageTable = new Int32Array(0);
  for (;;) {
    const pages = Math.floor((max - min) / (align * PAGE)) + 1;
    if (pages > MAX_PAGES) return new SortedIds(ids);
    pageTable = new Int32Array(pages).fill(-1);
    const invPageBytes = 1 / (align * PAGE);
    for (let i = 0; i < n; i++) {
      const v = ids[i];
      low |= (v | 0) ^ first;
      pageTable[((v - min) * invPageBytes) | 0] = 0;
    }
    if ((low & (align - 1)) === 0) break;
    while (align > 1 && (low & (align - 1)) !== 0) align >>>= 1;
  }
  const pages = pageTable.length;
  let used = 0;
  for (let p = 0; p < pages; p++) if (pageTable[p] === 0) pageTable[p] = used++;
  // 16 KB per used page: refuse layouts where that costs more than a sorted index would.
  if (used * WORDS_PER_PAGE * 8 > Math.max(64 * 1024 * 1024, n * 64)) return new SortedIds(ids);
  return new RankBitmap(ids, min, align, pageTable, used, layout);
}

function range(ids: Float64Array): { min: number; max: number } {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < ids.length; i++) {
    const v = ids[i];
    if (v < min) min = v;
    if (v > max) max = v;
  }
  return { min, max };
}

/** The range when ids ascend after the leading class objects (IdLayout): no pass over all ids. */
function layoutRange(ids: Float64Array, leading: number): { min: number; max: number } {
  const head = range(ids.subarray(0, Math.min(ids.length, leading + 1)));
  return { min: head.min, max: Math.max(head.max, ids[ids.length - 1]) };
}
