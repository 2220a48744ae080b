import type { Rng } from "../rng.ts";
import { beBytes, concat, fromLatin1, overwrite, readBE, splice } from "./bytes.ts";
import type { Mutator } from "./types.ts";

/**
 * A tolerant walk of an HPROF file (hprof-format.md §2–§4): top-level records and heap-dump
 * sub-records, so mutators can hit record boundaries, length/count fields, ids and tags.
 * The walk stops quietly at the first thing it cannot follow (mutated inputs are walked too).
 */
export interface HprofLayout {
  idSizeAt: number;
  idSize: number;
  recordsStart: number;
  /** Top-level records: start offsets, tags, body lengths. */
  recAt: number[];
  recTag: number[];
  recLen: number[];
  /** Heap-dump sub-records (flattened over all segments): start offsets and tags. */
  subAt: Int32Array;
  subTag: Uint8Array;
  subCount: number;
}

const HEAP_DUMP = 0x0c;
const HEAP_DUMP_SEGMENT = 0x1c;
const TOP_TAGS = [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x1c, 0x2c];
const SUB_TAGS = [0xff, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x89, 0x8a, 0x8b, 0x8c, 0x8d, 0x8e, 0x90, 0xc3, 0xfe, 0x20, 0x21, 0x22, 0x23];

export function typeSize(t: number, idSize: number): number {
  switch (t) {
    case 1:
    case 2:
      return idSize;
    case 4:
    case 8:
      return 1;
    case 5:
    case 9:
      return 2;
    case 6:
    case 10:
      return 4;
    case 7:
    case 11:
      return 8;
    default:
      return -1;
  }
}

/** Interesting positions inside one sub-record. */
export interface SubInfo {
  tag: number;
  end: number;
  /** The record's own object/class id. */
  idAt: number;
  /** Length/count fields: offset and width. */
  counts: { at: number; size: number }[];
  /** Reference fields (ids pointing elsewhere). */
  refs: number[];
  /** Basic-type bytes (field types, array element type). */
  types: number[];
  /** Class dumps: positions of static and instance field name string ids. */
  names: number[];
}

/** Decodes one sub-record at `at`; null when it runs past `limit` or the tag is unknown. */
export function decodeSub(b: Uint8Array, at: number, limit: number, I: number, maxRefs = 64): SubInfo | null {
  const tag = b[at];
  let p = at + 1;
  const info: SubInfo = { tag, end: 0, idAt: p, counts: [], refs: [], types: [], names: [] };
  const fixed = (n: number) => {
    p += n;
    return p <= limit;
  };
  switch (tag) {
    case 0xff: case 0x05: case 0x07: case 0x89: case 0x8a: case 0x8b: case 0x8c: case 0x8d: case 0x90:
      info.refs.push(p);
      if (!fixed(I)) return null;
      break;
    case 0x01:
      info.refs.push(p);
      if (!fixed(2 * I)) return null;
      break;
    case 0x02: case 0x03: case 0x08: case 0x8e:
      info.refs.push(p);
      if (!fixed(I + 8)) return null;
      break;
    case 0x04: case 0x06:
      info.refs.push(p);
      if (!fixed(I + 4)) return null;
      break;
    case 0xfe:
      info.idAt = -1;
      if (!fixed(4 + I)) return null;
      break;
    case 0xc3:
      info.counts.push({ at: p + I + 4, size: 4 });
      info.types.push(p + I + 8);
      if (!fixed(I + 9)) return null;
      break;
    case 0x20: {
      info.refs.push(p + I + 4, p + 2 * I + 4); // super, loader
      if (!fixed(7 * I + 4)) return null;
      info.counts.push({ at: p, size: 4 }); // instance size
      if (!fixed(4)) return null;
      for (let section = 0; section < 3; section++) {
        if (p + 2 > limit) return null;
        const n = readBE(b, p, 2);
        info.counts.push({ at: p, size: 2 });
        p += 2;
        for (let i = 0; i < n; i++) {
          if (section === 0) p += 2;
          else {
            info.names.push(p);
            p += I; // name string id
          }
          if (p + 1 > limit) return null;
          const t = b[p];
          info.types.push(p);
          p += 1;
          if (section < 2) {
            const s = typeSize(t, I);
            if (s < 0) return null;
            if ((t === 2 || t === 1) && info.refs.length < maxRefs) info.refs.push(p);
            p += s;
          }
          if (p > limit) return null;
        }
      }
      break;
    }
    case 0x21: {
      info.refs.push(p + I + 4); // class id
      if (!fixed(2 * I + 4)) return null;
      if (p + 4 > limit) return null;
      const n = readBE(b, p, 4);
      info.counts.push({ at: p, size: 4 });
      p += 4;
      // Ids inside the field bytes are unknown without the class layout; aligned slots are good guesses.
      for (let o = 0; o + I <= n && info.refs.length < maxRefs; o += I) info.refs.push(p + o);
      if (!fixed(n)) return null;
      break;
    }
    case 0x22: {
      if (!fixed(I + 4)) return null;
      if (p + 4 > limit) return null;
      const n = readBE(b, p, 4);
      info.counts.push({ at: p, size: 4 });
      p += 4;
      info.refs.push(p); // array class
      if (!fixed(I)) return null;
      for (let i = 0; i < n && info.refs.length < maxRefs; i++) info.refs.push(p + i * I);
      if (!fixed(n * I)) return null;
      break;
    }
    case 0x23: {
      if (!fixed(I + 4)) return null;
      if (p + 5 > limit) return null;
      const n = readBE(b, p, 4);
      info.counts.push({ at: p, size: 4 });
      p += 4;
      const s = typeSize(b[p], I);
      info.types.push(p);
      p += 1;
      if (s < 0 || !fixed(n * s)) return null;
      break;
    }
    default:
      return null;
  }
  info.end = p;
  return info;
}

const layoutCache = new WeakMap<Uint8Array, HprofLayout | null>();

export function hprofLayout(b: Uint8Array, maxSubs = 400_000): HprofLayout | null {
  if (layoutCache.has(b)) return layoutCache.get(b)!;
  const r = walk(b, maxSubs);
  layoutCache.set(b, r);
  return r;
}

function walk(b: Uint8Array, maxSubs: number): HprofLayout | null {
  const nul = b.indexOf(0, 0);
  if (nul < 0 || nul > 64) return null;
  const idSizeAt = nul + 1;
  const idSize = readBE(b, idSizeAt, 4);
  if (idSize !== 4 && idSize !== 8) return null;
  const recordsStart = idSizeAt + 12;
  const recAt: number[] = [], recTag: number[] = [], recLen: number[] = [];
  let subAt = new Int32Array(1024);
  let subTag = new Uint8Array(1024);
  let subCount = 0;
  let p = recordsStart;
  while (p + 9 <= b.length) {
    const tag = b[p];
    const len = readBE(b, p + 5, 4);
    recAt.push(p);
    recTag.push(tag);
    recLen.push(len);
    const body = p + 9;
    const end = Math.min(b.length, body + len);
    if ((tag === HEAP_DUMP || tag === HEAP_DUMP_SEGMENT) && subCount < maxSubs) {
      let q = body;
      while (q < end && subCount < maxSubs) {
        const s = decodeSub(b, q, end, idSize, 0);
        if (!s) break;
        if (subCount === subAt.length) {
          const a2 = new Int32Array(subAt.length * 2);
          a2.set(subAt);
          subAt = a2;
          const t2 = new Uint8Array(subTag.length * 2);
          t2.set(subTag);
          subTag = t2;
        }
        subAt[subCount] = q;
        subTag[subCount] = s.tag;
        subCount++;
        q = s.end;
      }
    }
    p = body + len;
  }
  return { idSizeAt, idSize, recordsStart, recAt, recTag, recLen, subAt, subTag, subCount };
}

/** Values a u4 length/count is set to. */
function hostileCount(rng: Rng, old: number, size: number): number {
  const max = 2 ** (8 * size) - 1;
  return rng.pick([0, 1, max, max - 1, Math.floor(max / 2) + 1, Math.floor(max / 2), old + 1, Math.max(0, old - 1), old * 2, old + rng.smallInt(1 << 16), rng.int(max + 1)]) % (max + 1);
}

function pickSub(L: HprofLayout, rng: Rng, want?: (tag: number) => boolean): number {
  if (!L.subCount) return -1;
  for (let tries = 0; tries < 32; tries++) {
    const i = rng.int(L.subCount);
    if (!want || want(L.subTag[i])) return i;
  }
  return -1;
}

function subInfo(b: Uint8Array, L: HprofLayout, i: number): SubInfo | null {
  return decodeSub(b, L.subAt[i], b.length, L.idSize);
}

function randomId(rng: Rng, I: number): Uint8Array {
  const out = new Uint8Array(I);
  for (let k = 0; k < I; k++) out[k] = rng.int(256);
  return out;
}

/** A record/sub-record boundary, or a point inside one. */
export const hprofTruncate: Mutator = {
  name: "hprof-truncate",
  apply(b, rng) {
    const L = hprofLayout(b);
    if (!L) return null;
    const useSub = L.subCount > 0 && rng.chance(0.6);
    let at: number;
    if (useSub) {
      const i = rng.int(L.subCount);
      at = L.subAt[i];
    } else {
      at = L.recAt.length ? L.recAt[rng.int(L.recAt.length)] : rng.int(b.length);
    }
    if (rng.chance(0.5)) at += rng.range(1, 12); // mid-record
    if (rng.chance(0.05)) at = rng.int(L.recordsStart + 1); // inside the header
    return b.slice(0, Math.min(at, b.length - 1));
  },
};

export const hprofRecordLength: Mutator = {
  name: "hprof-record-length",
  apply(b, rng) {
    const L = hprofLayout(b);
    if (!L || !L.recAt.length) return null;
    const i = rng.int(L.recAt.length);
    return overwrite(b, L.recAt[i] + 5, beBytes(hostileCount(rng, L.recLen[i], 4), 4));
  },
};

export const hprofIdSize: Mutator = {
  name: "hprof-id-size",
  apply(b, rng) {
    const L = hprofLayout(b);
    if (!L) return null;
    const v = rng.pick([0, 1, 2, 3, 5, 7, 16, 255, 0xffffffff, L.idSize === 4 ? 8 : 4]);
    return overwrite(b, L.idSizeAt, beBytes(v, 4));
  },
};

export const hprofSubCount: Mutator = {
  name: "hprof-sub-count",
  apply(b, rng) {
    const L = hprofLayout(b);
    if (!L) return null;
    const i = pickSub(L, rng, (t) => t === 0x20 || t === 0x21 || t === 0x22 || t === 0x23 || t === 0xc3);
    if (i < 0) return null;
    const s = subInfo(b, L, i);
    if (!s || !s.counts.length) return null;
    const c = rng.pick(s.counts);
    return overwrite(b, c.at, beBytes(hostileCount(rng, readBE(b, c.at, c.size), c.size), c.size));
  },
};

export const hprofUnknownTag: Mutator = {
  name: "hprof-unknown-tag",
  apply(b, rng) {
    const L = hprofLayout(b);
    if (!L) return null;
    const out = b.slice();
    if (L.subCount && rng.chance(0.5)) {
      const i = rng.int(L.subCount);
      out[L.subAt[i]] = rng.pick([0x00, 0x09, 0x24, 0x50, 0x80, 0xc0, 0xfd]);
    } else if (L.recAt.length) {
      out[L.recAt[rng.int(L.recAt.length)]] = rng.pick([0x00, 0x08, 0x0f, 0x20, 0x77, 0xff]);
    } else return null;
    return out;
  },
};

/** A known tag replaced by another known one: bodies read with the wrong layout. */
export const hprofSwapTagKind: Mutator = {
  name: "hprof-tag-kind",
  apply(b, rng) {
    const L = hprofLayout(b);
    if (!L) return null;
    const out = b.slice();
    if (L.subCount && rng.chance(0.6)) out[L.subAt[rng.int(L.subCount)]] = rng.pick(SUB_TAGS);
    else if (L.recAt.length) out[L.recAt[rng.int(L.recAt.length)]] = rng.pick(TOP_TAGS);
    else return null;
    return out;
  },
};

function recordBytes(b: Uint8Array, L: HprofLayout, i: number): [number, number] {
  const at = L.recAt[i];
  return [at, Math.min(b.length, at + 9 + L.recLen[i])];
}

export const hprofShuffleRecords: Mutator = {
  name: "hprof-shuffle-records",
  apply(b, rng) {
    const L = hprofLayout(b);
    if (!L || L.recAt.length < 2) return null;
    const mode = rng.int(3);
    if (mode === 0) {
      // Move the last record (often HEAP_DUMP_END or a segment) to the front.
      const [s, e] = recordBytes(b, L, L.recAt.length - 1);
      return concat(b.subarray(0, L.recordsStart), b.subarray(s, e), b.subarray(L.recordsStart, s), b.subarray(e));
    }
    // Swap two records.
    let i = rng.int(L.recAt.length), j = rng.int(L.recAt.length);
    if (i === j) return null;
    if (i > j) [i, j] = [j, i];
    const [si, ei] = recordBytes(b, L, i);
    const [sj, ej] = recordBytes(b, L, j);
    if (ei > sj) return null;
    return concat(b.subarray(0, si), b.subarray(sj, ej), b.subarray(ei, sj), b.subarray(si, ei), b.subarray(ej));
  },
};

export const hprofDuplicateRecord: Mutator = {
  name: "hprof-duplicate-record",
  apply(b, rng) {
    const L = hprofLayout(b);
    if (!L || !L.recAt.length) return null;
    const i = rng.int(L.recAt.length);
    const [s, e] = recordBytes(b, L, i);
    if (e - s > 8 * 1024 * 1024) return null;
    const j = L.recAt[rng.int(L.recAt.length)];
    return splice(b, j, 0, b.slice(s, e));
  },
};

/** Two objects with the same id; or a class id reused by an instance. */
export const hprofDuplicateId: Mutator = {
  name: "hprof-duplicate-id",
  apply(b, rng) {
    const L = hprofLayout(b);
    if (!L || L.subCount < 2) return null;
    const objs = (t: number) => t === 0x20 || t === 0x21 || t === 0x22 || t === 0x23;
    const i = pickSub(L, rng, objs), j = pickSub(L, rng, objs);
    if (i < 0 || j < 0 || i === j) return null;
    const from = L.subAt[i] + 1, to = L.subAt[j] + 1;
    return overwrite(b, to, b.slice(from, from + L.idSize));
  },
};

/** References to ids that were never dumped, to 0, to a string id, or to the referrer itself (cycles). */
export const hprofDanglingRef: Mutator = {
  name: "hprof-ref",
  apply(b, rng) {
    const L = hprofLayout(b);
    if (!L) return null;
    const out = b.slice();
    const k = rng.range(1, 16);
    let done = 0;
    for (let n = 0; n < k; n++) {
      const i = pickSub(L, rng);
      if (i < 0) break;
      const s = subInfo(out, L, i);
      if (!s || !s.refs.length) continue;
      const at = rng.pick(s.refs);
      const mode = rng.int(5);
      let v: Uint8Array;
      if (mode === 0) v = new Uint8Array(L.idSize);
      else if (mode === 1 && s.idAt > 0) v = out.slice(s.idAt, s.idAt + L.idSize); // self reference
      else if (mode === 2) {
        const j = pickSub(L, rng);
        v = out.slice(L.subAt[j] + 1, L.subAt[j] + 1 + L.idSize); // another record's id (maybe a root or a class)
      } else if (mode === 3 && L.recAt.length) {
        const r = L.recAt[rng.int(L.recAt.length)] + 9; // a string id / serial: wrong namespace
        v = out.slice(r, r + L.idSize);
      } else v = randomId(rng, L.idSize);
      out.set(v.subarray(0, Math.min(v.length, out.length - at)), at);
      done++;
    }
    return done ? out : null;
  },
};

/** Class hierarchy cycles: a class its own superclass, or two classes each other's. */
export const hprofSuperCycle: Mutator = {
  name: "hprof-super-cycle",
  apply(b, rng) {
    const L = hprofLayout(b);
    if (!L) return null;
    const i = pickSub(L, rng, (t) => t === 0x20);
    if (i < 0) return null;
    const I = L.idSize;
    const a = L.subAt[i] + 1;
    const out = b.slice();
    const superAt = (at: number) => at + I + 4;
    if (rng.chance(0.5)) {
      out.set(b.subarray(a, a + I), superAt(a));
      return out;
    }
    const j = pickSub(L, rng, (t) => t === 0x20);
    if (j < 0 || j === i) return null;
    const c = L.subAt[j] + 1;
    out.set(b.subarray(c, c + I), superAt(a));
    out.set(b.subarray(a, a + I), superAt(c));
    return out;
  },
};

export const hprofBadType: Mutator = {
  name: "hprof-bad-type",
  apply(b, rng) {
    const L = hprofLayout(b);
    if (!L) return null;
    const i = pickSub(L, rng, (t) => t === 0x20 || t === 0x23);
    if (i < 0) return null;
    const s = subInfo(b, L, i);
    if (!s || !s.types.length) return null;
    const out = b.slice();
    out[rng.pick(s.types)] = rng.pick([0, 1, 2, 3, 4, 7, 11, 12, 0x7f, 0xff]);
    return out;
  },
};

/** Splits a segment in two at an arbitrary byte (sub-records straddling segments), or drops HEAP_DUMP_END. */
export const hprofSplitSegment: Mutator = {
  name: "hprof-split-segment",
  apply(b, rng) {
    const L = hprofLayout(b);
    if (!L) return null;
    const segs = L.recAt.map((_, i) => i).filter((i) => L.recTag[i] === HEAP_DUMP || L.recTag[i] === HEAP_DUMP_SEGMENT);
    if (!segs.length) return null;
    const i = rng.pick(segs);
    const at = L.recAt[i], len = L.recLen[i];
    if (len < 2 || at + 9 + len > b.length) return null;
    const cut = rng.chance(0.5) && L.subCount ? nearestSubInside(L, at + 9, at + 9 + len, rng) : at + 9 + rng.int(len);
    const first = cut - (at + 9);
    const hdr1 = concat(Uint8Array.of(HEAP_DUMP_SEGMENT), new Uint8Array(4), beBytes(first, 4));
    const hdr2 = concat(Uint8Array.of(HEAP_DUMP_SEGMENT), new Uint8Array(4), beBytes(len - first, 4));
    const mid = rng.chance(0.3) ? concat(Uint8Array.of(0x2c), new Uint8Array(8)) : new Uint8Array(0); // HEAP_DUMP_END between
    return concat(b.subarray(0, at), hdr1, b.subarray(at + 9, cut), mid, hdr2, b.subarray(cut));
  },
};

function nearestSubInside(L: HprofLayout, lo: number, hi: number, rng: Rng): number {
  for (let tries = 0; tries < 16; tries++) {
    const s = L.subAt[rng.int(L.subCount)];
    if (s > lo && s < hi) return s;
  }
  return lo + 1;
}

export const hprofVersion: Mutator = {
  name: "hprof-version",
  apply(b, rng) {
    const L = hprofLayout(b);
    if (!L) return null;
    const nul = L.idSizeAt - 1;
    const v = rng.pick(["JAVA PROFILE 1.0", "JAVA PROFILE 1.0.9", "JAVA PROFILE ", "JAVA PROFILE 1.0.2\x1b[31m", "JAVA PROFILE 1.0.2" + "x".repeat(300)]);
    const noNul = rng.chance(0.2);
    return concat(fromLatin1(v), noNul ? new Uint8Array(0) : Uint8Array.of(0), b.subarray(nul + 1));
  },
};

/** A UTF8 record whose length is shorter than an id, or one pointing past EOF. */
export const hprofShortString: Mutator = {
  name: "hprof-short-string",
  apply(b, rng) {
    const L = hprofLayout(b);
    if (!L) return null;
    const strs = L.recAt.map((_, i) => i).filter((i) => L.recTag[i] === 0x01);
    if (!strs.length) return null;
    const i = rng.pick(strs);
    const v = rng.chance(0.5) ? rng.int(L.idSize) : b.length;
    return overwrite(b, L.recAt[i] + 5, beBytes(v, 4));
  },
};

/** An object's own id set to 0 (null), all ones, past 2^53 (not exact as a double) or a near neighbour of another id. */
export const hprofOwnId: Mutator = {
  name: "hprof-own-id",
  apply(b, rng) {
    const L = hprofLayout(b);
    if (!L) return null;
    const i = pickSub(L, rng, (t) => t === 0x20 || t === 0x21 || t === 0x22 || t === 0x23);
    if (i < 0) return null;
    const at = L.subAt[i] + 1;
    const I = L.idSize;
    const v = new Uint8Array(I);
    const mode = rng.int(4);
    if (mode === 1) v.fill(0xff);
    else if (mode === 2 && I === 8) v.set([0x00, 0x20, 0x00, 0x00, 0x00, 0x00, 0x00, rng.int(256)]); // 2^53 + k
    else if (mode === 3) {
      v.set(b.subarray(at, at + I));
      v[I - 1] ^= 1 << rng.int(3); // an unaligned neighbour
    }
    return overwrite(b, at, v);
  },
};

/** Field names detectors look up (Reference.referent, WeakHashMap.table, ThreadLocalMap entries…). */
const KNOWN_FIELD_NAMES = new Set(["referent", "queue", "next", "discovered", "table", "value", "key", "hash", "size", "threadLocals", "this$0", "val$", "arg$1", "coder", "count", "elementData", "map", "thread", "name", "classLoader", "unfinalized", "thunk", "action", "head"]);

/** UTF8 records whose text is a well-known field name: their string ids. */
function knownNameIds(b: Uint8Array, L: HprofLayout): Uint8Array[] {
  const out: Uint8Array[] = [];
  for (let i = 0; i < L.recAt.length && out.length < 64; i++) {
    if (L.recTag[i] !== 0x01) continue;
    const len = L.recLen[i] - L.idSize;
    if (len <= 0 || len > 16) continue;
    const body = L.recAt[i] + 9;
    const text = Buffer.from(b.subarray(body + L.idSize, body + L.idSize + len)).toString("latin1");
    if (KNOWN_FIELD_NAMES.has(text)) out.push(b.slice(body, body + L.idSize));
  }
  return out;
}

/** A field renamed to one detectors look for (`referent`, `table`, …): values read under the wrong meaning. */
export const hprofFieldRename: Mutator = {
  name: "hprof-field-rename",
  apply(b, rng) {
    const L = hprofLayout(b);
    if (!L) return null;
    const names = knownNameIds(b, L);
    if (!names.length) return null;
    const out = b.slice();
    let done = 0;
    for (let n = rng.range(1, 8); n > 0; n--) {
      const i = pickSub(L, rng, (t) => t === 0x20);
      if (i < 0) break;
      const s = subInfo(out, L, i);
      if (!s || !s.names.length) continue;
      out.set(rng.pick(names), rng.pick(s.names));
      done++;
    }
    return done ? out : null;
  },
};

/** A field type swapped for another of the same width (object ↔ long/double, int ↔ float): layouts still parse, meanings change. */
export const hprofSameSizeType: Mutator = {
  name: "hprof-same-size-type",
  apply(b, rng) {
    const L = hprofLayout(b);
    if (!L) return null;
    const same: Record<number, number[]> = L.idSize === 8 ? { 2: [7, 11], 7: [2, 11], 11: [2, 7], 6: [10], 10: [6], 4: [8], 8: [4], 5: [9], 9: [5] } : { 2: [6, 10], 6: [2, 10], 10: [2, 6], 7: [11], 11: [7], 4: [8], 8: [4], 5: [9], 9: [5] };
    const out = b.slice();
    let done = 0;
    for (let n = rng.range(1, 8); n > 0; n--) {
      const i = pickSub(L, rng, (t) => t === 0x20 || t === 0x23);
      if (i < 0) break;
      const s = subInfo(out, L, i);
      if (!s || !s.types.length) continue;
      const at = rng.pick(s.types);
      const alt = same[out[at]];
      if (!alt) continue;
      out[at] = rng.pick(alt);
      done++;
    }
    return done ? out : null;
  },
};

export const HPROF_MUTATORS: readonly Mutator[] = [
  hprofOwnId, hprofFieldRename, hprofSameSizeType,
  hprofTruncate, hprofRecordLength, hprofIdSize, hprofSubCount, hprofUnknownTag, hprofSwapTagKind, hprofShuffleRecords,
  hprofDuplicateRecord, hprofDuplicateId, hprofDanglingRef, hprofSuperCycle, hprofBadType, hprofSplitSegment, hprofVersion, hprofShortString,
];
