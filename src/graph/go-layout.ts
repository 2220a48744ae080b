/**
 * Go runtime memory layout facts shared by the heap-dump loader and the Go detectors
 * (go1.19 runtime/sizeclasses.go, msize.go, map.go; see go-formats.md §6 and §8).
 */

/** runtime.class_to_size (identical for 32- and 64-bit targets in Go 1.19–1.23). */
export const GO_SIZE_CLASSES: readonly number[] = [
  0, 8, 16, 24, 32, 48, 64, 80, 96, 112, 128, 144, 160, 176, 192, 208, 224, 240, 256, 288, 320, 352, 384, 416, 448,
  480, 512, 576, 640, 704, 768, 896, 1024, 1152, 1280, 1408, 1536, 1792, 2048, 2304, 2688, 3072, 3200, 3456, 4096,
  4864, 5376, 6144, 6528, 6784, 6912, 8192, 9472, 9728, 10240, 10880, 12288, 13568, 14336, 16384, 18432, 19072,
  20480, 21760, 24576, 27264, 28672, 32768,
];
const MAX_SMALL = 32768;
const PAGE = 8192;

/** runtime.roundupsize: the size class of a small request, whole 8 KiB pages for large ones. */
export function roundupsize(size: number): number {
  if (size < MAX_SMALL) {
    let lo = 1, hi = GO_SIZE_CLASSES.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (GO_SIZE_CLASSES[mid] >= size) hi = mid;
      else lo = mid + 1;
    }
    return GO_SIZE_CLASSES[lo];
  }
  return Math.ceil(size / PAGE) * PAGE;
}

/** Classic map constants (runtime/map.go). */
export const BUCKET_SLOTS = 8;
export const MIN_TOP_HASH = 5;
/** Largest key or elem stored inline in a bucket (runtime maxKeySize/maxElemSize). */
export const MAX_INLINE = 128;
export const TOPHASH_EVACUATED_MIN = 2;
export const TOPHASH_EVACUATED_MAX = 4;

/** Field offsets of runtime.hmap for a pointer size (count, flags, B, noverflow, hash0, buckets, oldbuckets, nevacuate, extra). */
export interface HmapLayout {
  size: number;
  /** The size class an hmap is allocated in. */
  allocSize: number;
  count: number;
  flags: number;
  B: number;
  noverflow: number;
  buckets: number;
  oldbuckets: number;
  nevacuate: number;
  extra: number;
  /** Pointer-field offsets exactly as the GC bitmap lists them. */
  pointerFields: readonly number[];
}

export function hmapLayout(ptrSize: number): HmapLayout {
  const p = ptrSize;
  const buckets = p + 8;
  const size = 5 * p + 8;
  return {
    size,
    allocSize: roundupsize(size),
    count: 0,
    flags: p,
    B: p + 1,
    noverflow: p + 2,
    buckets,
    oldbuckets: buckets + p,
    nevacuate: buckets + 2 * p,
    extra: buckets + 3 * p,
    pointerFields: [buckets, buckets + p, buckets + 3 * p],
  };
}

/** Buckets makeBucketArray allocates for B, before size-class rounding (2^B, plus 2^(B-4) overflow when B ≥ 4). */
export function requestedBuckets(B: number): number {
  return B >= 4 ? 2 ** B + 2 ** (B - 4) : 2 ** B;
}

/**
 * Bucket sizes consistent with an array object of `arraySize` bytes for B: the size classes make
 * several sizes possible for large arrays (go-formats.md §8.4: 73,984 requested → 81,920 allocated).
 * A bucket is tophash[8] + 8 keys + 8 elems + an overflow pointer, aligned to the pointer size.
 */
export function bucketSizeCandidates(arraySize: number, B: number, ptrSize: number, header = 0): number[] {
  const out: number[] = [];
  if (B < 0 || B > 40) return out;
  const nb = requestedBuckets(B);
  const min = 8 + ptrSize;
  // Keys and elems over 128 bytes are stored as pointers, so a bucket never exceeds 8 + 16·128 + ptrSize.
  const max = Math.min(Math.floor((arraySize - header) / 2 ** B), 8 + 16 * MAX_INLINE + ptrSize);
  for (let bs = min; bs <= max; bs += ptrSize) {
    if (roundupsize(nb * bs + header) === arraySize) out.push(bs);
  }
  return out;
}

/** Minor version of a "go1.N…" runtime version string (devel builds included), or 0. */
export function goMinor(goVersion: string): number {
  const m = /go1\.(\d+)/.exec(goVersion);
  return m ? Number(m[1]) : 0;
}

/**
 * Go 1.22+ stores an 8-byte type header at the start of pointerful small objects over 512 bytes
 * (go-formats.md §5); the program's pointer is slot + 8 while the dump lists the slot.
 */
export function mallocHeaderBytes(goVersion: string, objectSize: number): number {
  return goMinor(goVersion) >= 22 && objectSize > 512 && objectSize <= 32768 ? 8 : 0;
}

/**
 * Where the data a Go pointer designates starts inside a dumped object: 0 at the object start, the
 * malloc header size just past it (Go 1.22+), -1 for any other (interior) address.
 */
export function dataOffset(address: number, objectStart: number, objectSize: number, goVersion: string): number {
  const d = address - objectStart;
  if (d === 0) return 0;
  const h = mallocHeaderBytes(goVersion, objectSize);
  return h > 0 && d === h ? h : -1;
}

/** Buckets that physically fit in the array (makeBucketArray uses the rounded size as extra overflow room for B ≥ 4). */
export function bucketsInArray(arraySize: number, B: number, bucketSize: number): number {
  return B >= 4 ? Math.floor(arraySize / bucketSize) : 2 ** B;
}

/** Reads an unsigned pointer-sized integer (exact below 2^53). */
export function readWord(bytes: Uint8Array, offset: number, ptrSize: number, littleEndian: boolean): number {
  const v = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (ptrSize === 4) return v.getUint32(offset, littleEndian);
  const a = v.getUint32(offset, littleEndian);
  const b = v.getUint32(offset + 4, littleEndian);
  return littleEndian ? b * 4294967296 + a : a * 4294967296 + b;
}

export interface BucketWalk {
  bs: number;
  /** False when an overflow link leaves the layout (wrong bucket size, or not a map). */
  valid: boolean;
  /** Slots with tophash ≥ minTopHash over buckets 0..2^B-1 and their overflow chains. */
  live: number;
  /** Overflow buckets used from the array's preallocated tail. */
  overflowInArray: number;
  /** Separately allocated overflow buckets (distinct objects) and their bytes. */
  separate: number;
  separateBytes: number;
}

/**
 * Walks a classic bucket array: the live slots of the 2^B main buckets and of their overflow
 * chains, which continue inside the array's preallocated tail or in separate objects (`fetch`
 * returns the bytes of the object starting at an address, with an identity). Bounded: corrupt
 * links cannot loop.
 */
export function walkBuckets(
  ab: Uint8Array, arrStart: number, B: number, bs: number, ptrSize: number, littleEndian: boolean,
  fetch: (address: number) => { id: number; bytes: Uint8Array } | undefined,
): BucketWalk {
  const P = ptrSize;
  const res: BucketWalk = { bs, valid: true, live: 0, overflowInArray: 0, separate: 0, separateBytes: 0 };
  const main = 2 ** B;
  const budget = bucketsInArray(ab.length, B, bs) + 1 + 1_000_000;
  let steps = 0;
  const seen = new Set<number>();
  for (let i = 0; i < main; i++) {
    let bytes = ab, off = i * bs;
    for (;;) {
      if (++steps > budget || off + bs > bytes.length) {
        res.valid = false;
        return res;
      }
      for (let s = 0; s < BUCKET_SLOTS; s++) if (bytes[off + s] >= MIN_TOP_HASH) res.live++;
      const ov = readWord(bytes, off + bs - P, P, littleEndian);
      if (ov === 0) break;
      const rel = ov - arrStart;
      if (rel >= 0 && rel < ab.length) {
        // The last preallocated bucket's overflow word points back at the array start (a sentinel, not a link).
        if (rel % bs !== 0 || rel / bs < main) {
          if (rel === 0) break;
          res.valid = false;
          return res;
        }
        res.overflowInArray++;
        bytes = ab;
        off = rel;
        continue;
      }
      const o = fetch(ov);
      if (!o) {
        res.valid = false;
        return res;
      }
      if (!seen.has(o.id)) {
        seen.add(o.id);
        res.separate++;
        res.separateBytes += o.bytes.length;
      }
      bytes = o.bytes;
      off = 0;
    }
  }
  return res;
}

/**
 * Swiss-table maps (Go 1.24+, internal/runtime/maps; go-formats.md §6). Offsets for a pointer size.
 * Map: used@0 (u64), seed, dirPtr, dirLen, globalDepth (u8), globalShift, writing, …, clearSeq.
 * table: used/capacity/growthLeft u16, localDepth u8, index int, groups {data, lengthMask u64}.
 * A group is an 8-byte control word (one byte per slot) and 8 slots.
 */
export function swissLayout(ptrSize: number) {
  const P = ptrSize;
  return {
    mapSize: P === 8 ? 48 : 32,
    used: 0,
    dirPtr: 8 + P,
    dirLen: 8 + 2 * P,
    globalDepth: 8 + 3 * P,
    /** Pointer-field offsets of Map exactly as the GC bitmap lists them. */
    mapPointerFields: [8 + P] as readonly number[],
    tableSize: P === 8 ? 32 : 24,
    tableUsed: 0,
    tableCapacity: 2,
    tableLocalDepth: 6,
    tableGroups: 8 + P,
    tableLengthMask: P === 8 ? 24 : 16,
  };
}

export const SWISS_SLOTS = 8;
export const CTRL_EMPTY = 0x80;
export const CTRL_DELETED = 0xfe;
/** Largest table capacity before a table splits (maxTableCapacity). */
export const SWISS_MAX_TABLE = 1024;

/** Reads a little/big-endian u16. */
export function readU16(bytes: Uint8Array, offset: number, littleEndian: boolean): number {
  return littleEndian ? bytes[offset] | (bytes[offset + 1] << 8) : (bytes[offset] << 8) | bytes[offset + 1];
}
