import type { Rng } from "../rng.ts";
import { concat, overlongVarint, readUvarint, splice, uvarint } from "./bytes.ts";
import type { Mutator } from "./types.ts";

/**
 * A tolerant walk of a Go heap dump (`go1.7 heap dump\n`, go-formats.md §5): records are a varint
 * tag followed by varints (V), length-prefixed byte strings (S) and field lists (F: kind/offset pairs
 * ended by kind 0). Mutators use it to hit record boundaries, varints, string lengths and pointers.
 */
export const GODUMP_HEADER = "go1.7 heap dump\n";

type FieldKind = "V" | "S" | "F" | "MEMPROF";
const MEMSTATS = Array<FieldKind>(24 + 256 + 1).fill("V");
export const RECORD_FIELDS: Record<number, FieldKind[]> = {
  0: [],
  1: ["V", "S", "F"],
  2: ["S", "V"],
  3: ["V", "V", "S", "V"],
  4: ["V", "V", "V", "V", "V", "V", "V", "V", "S", "V", "V", "V", "V"],
  5: ["V", "V", "V", "S", "V", "V", "V", "S", "F"],
  6: ["V", "V", "V", "V", "S", "S", "V"],
  7: ["V", "V", "V", "V", "V"],
  8: ["V", "V"],
  9: ["V", "V", "V"],
  10: MEMSTATS,
  11: ["V", "V", "V", "V", "V"],
  12: ["V", "S", "F"],
  13: ["V", "S", "F"],
  14: ["V", "V", "V", "V", "V", "V", "V"],
  15: ["V", "V", "V", "V", "V", "V"],
  16: ["MEMPROF"],
  17: ["V", "V"],
};

export interface GoField {
  kind: "V" | "S" | "F";
  at: number;
  /** V: the value; S: the byte length; F: number of entries. */
  value: number;
  /** S: where the bytes start; F: offsets of each (kind, offset) pair. */
  dataAt?: number;
  pairs?: number[];
}

export interface GoRecord {
  at: number;
  tag: number;
  end: number;
  fields: GoField[];
}

/** Decodes the record at `at`; null when it cannot be followed. */
export function decodeRecord(b: Uint8Array, at: number): GoRecord | null {
  const t = readUvarint(b, at);
  if (!t) return null;
  const tag = t[0];
  const kinds = RECORD_FIELDS[tag];
  if (!kinds) return null;
  let p = at + t[1];
  const fields: GoField[] = [];
  const V = (): boolean => {
    const v = readUvarint(b, p);
    if (!v) return false;
    fields.push({ kind: "V", at: p, value: v[0] });
    p += v[1];
    return true;
  };
  const S = (): boolean => {
    const v = readUvarint(b, p);
    if (!v || p + v[1] + v[0] > b.length) return false;
    fields.push({ kind: "S", at: p, value: v[0], dataAt: p + v[1] });
    p += v[1] + v[0];
    return true;
  };
  const F = (): boolean => {
    const start = p;
    const pairs: number[] = [];
    for (;;) {
      const k = readUvarint(b, p);
      if (!k) return false;
      if (k[0] === 0) {
        p += k[1];
        break;
      }
      pairs.push(p);
      p += k[1];
      const o = readUvarint(b, p);
      if (!o) return false;
      p += o[1];
      if (pairs.length > 10_000_000) return false;
    }
    fields.push({ kind: "F", at: start, value: pairs.length, pairs });
    return true;
  };
  for (const k of kinds) {
    if (k === "V" && !V()) return null;
    if (k === "S" && !S()) return null;
    if (k === "F" && !F()) return null;
    if (k === "MEMPROF") {
      if (!V() || !V() || !V()) return null;
      const nstk = fields[2].value;
      if (nstk > 100000) return null;
      for (let i = 0; i < nstk; i++) if (!S() || !S() || !V()) return null;
      if (!V() || !V()) return null;
    }
  }
  return { at, tag, end: p, fields };
}

export interface GoLayout {
  recAt: Int32Array;
  recTag: Uint8Array;
  count: number;
}

const cache = new WeakMap<Uint8Array, GoLayout | null>();

export function godumpLayout(b: Uint8Array): GoLayout | null {
  if (cache.has(b)) return cache.get(b)!;
  let r: GoLayout | null = null;
  if (Buffer.from(b.subarray(0, 16)).toString("latin1") === GODUMP_HEADER) {
    let recAt = new Int32Array(1024);
    let recTag = new Uint8Array(1024);
    let n = 0;
    let p = 16;
    while (p < b.length) {
      const rec = decodeRecord(b, p);
      if (!rec) break;
      if (n === recAt.length) {
        const a = new Int32Array(n * 2);
        a.set(recAt);
        recAt = a;
        const t = new Uint8Array(n * 2);
        t.set(recTag);
        recTag = t;
      }
      recAt[n] = p;
      recTag[n] = rec.tag;
      n++;
      if (rec.tag === 0) break;
      p = rec.end;
    }
    r = { recAt, recTag, count: n };
  }
  cache.set(b, r);
  return r;
}

function pickRecord(L: GoLayout, rng: Rng, want?: (tag: number) => boolean): number {
  for (let i = 0; i < 32; i++) {
    const k = rng.int(L.count);
    if (!want || want(L.recTag[k])) return k;
  }
  return -1;
}

function withRecord(name: string, want: ((tag: number) => boolean) | undefined, f: (b: Uint8Array, rec: GoRecord, rng: Rng, L: GoLayout) => Uint8Array | null): Mutator {
  return {
    name,
    apply(b, rng) {
      const L = godumpLayout(b);
      if (!L || !L.count) return null;
      const k = pickRecord(L, rng, want);
      if (k < 0) return null;
      const rec = decodeRecord(b, L.recAt[k]);
      return rec ? f(b, rec, rng, L) : null;
    },
  };
}

export const godumpTruncate: Mutator = {
  name: "godump-truncate",
  apply(b, rng) {
    const L = godumpLayout(b);
    if (!L || !L.count) return null;
    let at = L.recAt[rng.int(L.count)];
    if (rng.chance(0.5)) at += rng.range(1, 10);
    return b.slice(0, Math.min(at, b.length - 1));
  },
};

const HOSTILE = [0, 1, 2 ** 31, 2 ** 32, 2 ** 53 - 1, 2 ** 40];

export const godumpVarint = withRecord("godump-varint", undefined, (b, rec, rng) => {
  const vs = rec.fields.filter((f) => f.kind === "V");
  if (!vs.length) return null;
  const f = rng.pick(vs);
  const len = readUvarint(b, f.at)![1];
  const mode = rng.int(4);
  let enc: Uint8Array;
  if (mode === 0) enc = uvarint((1n << 64n) - 1n); // 10 bytes
  else if (mode === 1) enc = concat(new Uint8Array(rng.range(10, 30)).fill(0xff), Uint8Array.of(1)); // too long
  else if (mode === 2) enc = overlongVarint(f.value, 10);
  else enc = uvarint(rng.pick(HOSTILE));
  return splice(b, f.at, len, enc);
});

/** A string/contents length past EOF, zero, huge, or off by one. */
export const godumpStringLength = withRecord("godump-string-length", undefined, (b, rec, rng) => {
  const ss = rec.fields.filter((f) => f.kind === "S");
  if (!ss.length) return null;
  const f = rng.pick(ss);
  const len = readUvarint(b, f.at)![1];
  const v = rng.pick([0, f.value + 1, Math.max(0, f.value - 1), b.length, 2 ** 31, 2 ** 50]);
  return splice(b, f.at, len, uvarint(v));
});

/** Field lists: offsets past the object, misaligned, iface/eface kinds, a missing terminator, a flood of entries. */
export const godumpFieldList = withRecord("godump-fields", (t) => t === 1 || t === 5 || t === 12 || t === 13, (b, rec, rng) => {
  const fl = rec.fields.find((f) => f.kind === "F");
  const contents = rec.fields.find((f) => f.kind === "S");
  if (!fl || !contents) return null;
  const mode = rng.int(5);
  if (mode === 0 || (mode === 1 && !fl.pairs!.length)) {
    const off = rng.pick([contents.value, contents.value + 8, 2 ** 32, 2 ** 53 - 1, 3]);
    return splice(b, fl.at, 0, concat(uvarint(1), uvarint(off)));
  }
  if (mode === 1) {
    const at = rng.pick(fl.pairs!);
    return splice(b, at, 1, uvarint(rng.pick([2, 3, 4, 127])));
  }
  if (mode === 2) {
    // Drop the terminating kind 0: the list swallows the next record.
    return splice(b, rec.end - 1, 1);
  }
  if (mode === 3) {
    const n = rng.pick([1000, 100000]);
    const one = concat(uvarint(1), uvarint(0));
    const flood = new Uint8Array(one.length * n);
    for (let i = 0; i < n; i++) flood.set(one, i * one.length);
    return splice(b, fl.at, 0, flood);
  }
  const off = rng.range(1, 7);
  return splice(b, fl.at, 0, concat(uvarint(1), uvarint(off)));
});

export const godumpUnknownTag = withRecord("godump-unknown-tag", undefined, (b, rec, rng) => {
  const len = readUvarint(b, rec.at)![1];
  return splice(b, rec.at, len, uvarint(rng.pick([18, 19, 64, 127, 128, 2 ** 32, rng.int(18)])));
});

export const godumpParams = withRecord("godump-params", (t) => t === 6, (b, rec, rng) => {
  const i = rng.int(4);
  const f = rec.fields[i];
  const len = readUvarint(b, f.at)![1];
  const v = i === 0 ? rng.pick([1, 2, 255]) : i === 1 ? rng.pick([0, 1, 3, 4, 16, 255]) : rng.pick([0, 2 ** 53 - 1, 1, rec.fields[i === 2 ? 3 : 2].value]);
  return splice(b, f.at, len, uvarint(v));
});

/** Pointer words inside an object: to itself (cycles), to another object's start/interior, or to nothing. */
export const godumpPointers: Mutator = {
  name: "godump-pointers",
  apply(b, rng) {
    const L = godumpLayout(b);
    if (!L) return null;
    const out = b.slice();
    let done = 0;
    for (let n = rng.range(1, 16); n > 0; n--) {
      const k = pickRecord(L, rng, (t) => t === 1 || t === 12 || t === 13);
      if (k < 0) break;
      const rec = decodeRecord(out, L.recAt[k]);
      if (!rec) continue;
      const contents = rec.fields.find((f) => f.kind === "S")!;
      const fl = rec.fields.find((f) => f.kind === "F")!;
      if (!fl.pairs!.length || contents.value < 8) continue;
      const pair = rng.pick(fl.pairs!);
      const kLen = readUvarint(out, pair)![1];
      const off = readUvarint(out, pair + kLen)![0];
      if (off + 8 > contents.value) continue;
      const j = pickRecord(L, rng, (t) => t === 1);
      const target = j >= 0 ? decodeRecord(out, L.recAt[j])?.fields[0].value ?? 0 : 0;
      const v = rng.pick([rec.fields[0].value, target, target + rng.range(1, 15), rng.int(2 ** 32) * 65536, 0]);
      const at = contents.dataAt! + off;
      for (let i = 0; i < 8; i++) out[at + i] = Math.floor(v / 2 ** (8 * i)) % 256; // little-endian word
      done++;
    }
    return done ? out : null;
  },
};

/** Two objects at the same address. */
export const godumpDuplicateAddr = withRecord("godump-duplicate-addr", (t) => t === 1, (b, rec, rng, L) => {
  const j = pickRecord(L, rng, (t) => t === 1);
  if (j < 0) return null;
  const other = decodeRecord(b, L.recAt[j]);
  if (!other || other.at === rec.at) return null;
  const len = readUvarint(b, rec.fields[0].at)![1];
  return splice(b, rec.fields[0].at, len, uvarint(other.fields[0].value));
});

export const godumpShuffle: Mutator = {
  name: "godump-shuffle",
  apply(b, rng) {
    const L = godumpLayout(b);
    if (!L || L.count < 3) return null;
    const mode = rng.int(4);
    const i = rng.int(L.count - 1);
    const end = (k: number) => (k + 1 < L.count ? L.recAt[k + 1] : b.length);
    const rec = b.slice(L.recAt[i], end(i));
    if (mode === 0) return splice(b, L.recAt[rng.int(L.count)], 0, rec); // duplicate a record
    if (mode === 1) return splice(b, L.recAt[i], rec.length); // drop a record
    if (mode === 2) return splice(b, L.recAt[rng.int(L.count)], 0, uvarint(0)); // EOF in the middle
    const last = L.count - 1;
    return L.recTag[last] === 0 ? b.slice(0, L.recAt[last]) : null; // no EOF record
  },
};

export const godumpMemprof = withRecord("godump-memprof", (t) => t === 16, (b, rec, rng) => {
  const f = rec.fields[2];
  const len = readUvarint(b, f.at)![1];
  return splice(b, f.at, len, uvarint(rng.pick([0, 1000000, 2 ** 32, f.value + 1])));
});

/** Allocation stacks renamed to map-runtime frames: ordinary objects then look like hmaps and bucket arrays. */
export const godumpFakeMap = withRecord("godump-fake-map", (t) => t === 16, (b, rec, rng) => {
  const names = rec.fields.filter((f, i) => f.kind === "S" && i >= 3 && (i - 3) % 3 === 0);
  if (!names.length) return null;
  const f = rng.pick(names);
  const fn = rng.pick(["runtime.makemap", "runtime.makemap_small", "runtime.makeBucketArray", "runtime.hashGrow", "runtime.(*hmap).newoverflow", "runtime.mallocgc"]);
  const enc = new TextEncoder().encode(fn);
  return splice(b, f.at, readUvarint(b, f.at)![1] + f.value, concat(uvarint(enc.length), enc));
});

export const GODUMP_MUTATORS: readonly Mutator[] = [
  godumpFakeMap,
  godumpTruncate, godumpVarint, godumpStringLength, godumpFieldList, godumpUnknownTag, godumpParams, godumpPointers, godumpDuplicateAddr, godumpShuffle, godumpMemprof,
];
