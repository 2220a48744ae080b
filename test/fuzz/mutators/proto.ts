import type { Rng } from "../rng.ts";
import { concat, overlongVarint, uvarint } from "./bytes.ts";
import type { Mutator } from "./types.ts";

/**
 * Wire-level protobuf tree of a pprof profile (go-formats.md §1), guided by the profile.proto
 * message shapes so nested messages are mutated in place and lengths re-computed on write.
 */
export interface PField {
  no: number;
  wt: number;
  /** Varint value (wt 0), or raw payload (wt 1, 2, 5). */
  v: bigint | Uint8Array;
  /** Parsed sub-message (wt 2 fields that are messages). */
  kids?: PField[];
  /** When set, the length prefix written is this instead of the true length. */
  lie?: number;
  /** When set, the varint is written with this many bytes (overlong encoding). */
  width?: number;
  /** Raw bytes written instead of the key+value (for hand-made garbage). */
  raw?: Uint8Array;
}

type Shape = { [field: number]: Shape | "leaf" };
const VALUE_TYPE: Shape = {};
const LABEL: Shape = {};
const LINE: Shape = {};
const SAMPLE: Shape = { 3: LABEL };
const MAPPING: Shape = {};
const LOCATION: Shape = { 4: LINE };
const FUNCTION: Shape = {};
export const PROFILE: Shape = { 1: VALUE_TYPE, 2: SAMPLE, 3: MAPPING, 4: LOCATION, 5: FUNCTION, 11: VALUE_TYPE };

/** Parses a message; null when the bytes are not a clean message (then they stay opaque). */
export function parseMessage(b: Uint8Array, shape: Shape | null): PField[] | null {
  const out: PField[] = [];
  let p = 0;
  const varint = (): bigint | null => {
    let v = 0n;
    let shift = 0n;
    for (let i = 0; i < 10; i++) {
      if (p >= b.length) return null;
      const x = b[p++];
      v |= BigInt(x & 0x7f) << shift;
      if ((x & 0x80) === 0) return v;
      shift += 7n;
    }
    return null;
  };
  while (p < b.length) {
    const key = varint();
    if (key === null) return null;
    const no = Number(key >> 3n);
    const wt = Number(key & 7n);
    if (no === 0) return null;
    if (wt === 0) {
      const v = varint();
      if (v === null) return null;
      out.push({ no, wt, v });
    } else if (wt === 1 || wt === 5) {
      const n = wt === 1 ? 8 : 4;
      if (p + n > b.length) return null;
      out.push({ no, wt, v: b.slice(p, p + n) });
      p += n;
    } else if (wt === 2) {
      const len = varint();
      if (len === null || p + Number(len) > b.length) return null;
      const body = b.slice(p, p + Number(len));
      p += Number(len);
      const sub = shape?.[no];
      const f: PField = { no, wt, v: body };
      if (sub && sub !== "leaf") {
        const kids = parseMessage(body, sub);
        if (kids) f.kids = kids;
      }
      out.push(f);
    } else return null;
  }
  return out;
}

export function writeMessage(fields: PField[]): Uint8Array {
  const parts: Uint8Array[] = [];
  for (const f of fields) {
    if (f.raw) {
      parts.push(f.raw);
      continue;
    }
    parts.push(uvarint((BigInt(f.no) << 3n) | BigInt(f.wt & 7)));
    if (typeof f.v === "bigint") {
      parts.push(f.width ? overlongVarintBig(f.v, f.width) : uvarint(f.v));
    } else {
      const body = f.kids ? writeMessage(f.kids) : f.v;
      if (f.wt === 2 || f.lie !== undefined) parts.push(uvarint(f.lie ?? body.length));
      parts.push(body);
    }
  }
  return concat(...parts);
}

function overlongVarintBig(v: bigint, width: number): Uint8Array {
  if (v <= BigInt(Number.MAX_SAFE_INTEGER)) return overlongVarint(Number(v), width);
  return uvarint(v);
}

const treeCache = new WeakMap<Uint8Array, PField[] | null>();
/** The parsed tree of a seed (cached; callers must clone before mutating). */
export function profileTree(b: Uint8Array): PField[] | null {
  if (!treeCache.has(b)) treeCache.set(b, parseMessage(b, PROFILE));
  const t = treeCache.get(b)!;
  return t ? clone(t) : null;
}

function clone(fs: PField[]): PField[] {
  return fs.map((f) => ({ ...f, kids: f.kids ? clone(f.kids) : undefined }));
}

/** Every field in the tree with its parent list (for in-place edits). */
function allFields(fs: PField[], out: { f: PField; parent: PField[]; path: number[] }[] = [], path: number[] = []) {
  for (const f of fs) {
    out.push({ f, parent: fs, path: [...path, f.no] });
    if (f.kids) allFields(f.kids, out, [...path, f.no]);
  }
  return out;
}

function pickField(tree: PField[], rng: Rng, want: (f: PField, path: number[]) => boolean) {
  const all = allFields(tree);
  const ok = all.filter((x) => want(x.f, x.path));
  return ok.length ? rng.pick(ok) : null;
}

function packed(vals: bigint[]): Uint8Array {
  return concat(...vals.map((v) => uvarint(v)));
}

function unpack(b: Uint8Array): bigint[] | null {
  const out: bigint[] = [];
  let p = 0;
  while (p < b.length) {
    let v = 0n, shift = 0n, ok = false;
    for (let i = 0; i < 10 && p < b.length; i++) {
      const x = b[p++];
      v |= BigInt(x & 0x7f) << shift;
      shift += 7n;
      if ((x & 0x80) === 0) {
        ok = true;
        break;
      }
    }
    if (!ok) return null;
    out.push(v);
  }
  return out;
}

const U64_MAX = (1n << 64n) - 1n;
const HOSTILE_VARINTS = [0n, 1n, 2n ** 31n, 2n ** 32n, 2n ** 32n - 1n, 2n ** 53n + 1n, 2n ** 63n, U64_MAX, U64_MAX - 1n /* -2 as int64 */, 1000000n];

function hostileVarint(rng: Rng, old: bigint): bigint {
  return rng.chance(0.2) ? old + BigInt(rng.range(1, 5)) : rng.pick(HOSTILE_VARINTS);
}

function mutateTree(name: string, f: (tree: PField[], rng: Rng) => boolean): Mutator {
  return {
    name,
    apply(b, rng) {
      const tree = profileTree(b);
      if (!tree) return null;
      return f(tree, rng) ? writeMessage(tree) : null;
    },
  };
}

export const protoWireType = mutateTree("proto-wire-type", (tree, rng) => {
  const x = pickField(tree, rng, () => true);
  if (!x) return false;
  const wt = rng.pick([0, 1, 2, 3, 4, 5, 6, 7].filter((w) => w !== x.f.wt));
  // Keep the payload; only the key changes, so the rest is read with the wrong framing.
  const payload = typeof x.f.v === "bigint" ? uvarint(x.f.v) : x.f.kids ? writeMessage(x.f.kids) : x.f.v;
  const len = x.f.wt === 2 ? uvarint(payload.length) : new Uint8Array(0);
  x.f.raw = concat(uvarint((BigInt(x.f.no) << 3n) | BigInt(wt)), len, payload);
  return true;
});

export const protoLongVarint = mutateTree("proto-long-varint", (tree, rng) => {
  const x = pickField(tree, rng, (f) => f.wt === 0);
  if (!x) return false;
  if (rng.chance(0.5)) x.f.width = rng.range(10, 11);
  else {
    // 11+ continuation bytes: invalid in every decoder.
    const n = rng.range(11, 40);
    const raw = new Uint8Array(n).fill(0xff);
    raw[n - 1] = 0x01;
    x.f.raw = concat(uvarint((BigInt(x.f.no) << 3n) | 0n), raw);
  }
  return true;
});

export const protoHugeValue = mutateTree("proto-huge-value", (tree, rng) => {
  const x = pickField(tree, rng, (f) => f.wt === 0);
  if (!x) return false;
  x.f.v = hostileVarint(rng, x.f.v as bigint);
  return true;
});

/** Length prefixes that lie: 0, past the end, huge, off by one. */
export const protoLengthLie = mutateTree("proto-length-lie", (tree, rng) => {
  const x = pickField(tree, rng, (f) => f.wt === 2);
  if (!x) return false;
  const len = x.f.kids ? writeMessage(x.f.kids).length : (x.f.v as Uint8Array).length;
  x.f.lie = rng.pick([0, len + 1, Math.max(0, len - 1), len + 1000, 2 ** 31 - 1, 2 ** 32 + 5, 2 ** 53 - 1]);
  return true;
});

export const protoDeleteField = mutateTree("proto-delete-field", (tree, rng) => {
  const x = pickField(tree, rng, () => true);
  if (!x) return false;
  x.parent.splice(x.parent.indexOf(x.f), 1);
  return true;
});

export const protoDuplicateField = mutateTree("proto-duplicate-field", (tree, rng) => {
  const x = pickField(tree, rng, () => true);
  if (!x) return false;
  const copies = rng.chance(0.1) ? rng.range(2, 200) : 1;
  for (let i = 0; i < copies; i++) x.parent.splice(rng.int(x.parent.length + 1), 0, { ...x.f });
  return true;
});

/** Sample stacks / line function ids / mapping ids that point at nothing, or at a repeated id. */
export const protoDanglingId = mutateTree("proto-dangling-id", (tree, rng) => {
  const x = pickField(tree, rng, (f, path) => {
    const p = path.join(".");
    return p === "2.1" || p === "4.2" || p === "4.4.1" || p === "4.1" || p === "5.1" || p === "3.1" || p === "14";
  });
  if (!x) return false;
  if (x.f.wt === 2 && x.f.v instanceof Uint8Array) {
    const vals = unpack(x.f.v);
    if (!vals || !vals.length) return false;
    vals[rng.int(vals.length)] = rng.chance(0.5) ? BigInt(rng.range(1, 1 << 20)) : rng.pick(HOSTILE_VARINTS);
    x.f.v = packed(vals);
  } else if (x.f.wt === 0) x.f.v = rng.chance(0.3) ? 0n : rng.chance(0.5) ? BigInt(rng.range(1, 100000)) : rng.pick(HOSTILE_VARINTS);
  else return false;
  return true;
});

/** String-table indexes out of range, negative or huge. */
export const protoStringIndex = mutateTree("proto-string-index", (tree, rng) => {
  const x = pickField(tree, rng, (f, path) => {
    const p = path.join(".");
    return f.wt === 0 && ["1.1", "1.2", "11.1", "11.2", "5.2", "5.3", "5.4", "3.5", "3.6", "2.3.1", "2.3.2", "2.3.4", "14", "13"].includes(p);
  });
  if (!x) return false;
  x.f.v = rng.pick([...HOSTILE_VARINTS, 100000n, 1n << 31n]);
  return true;
});

/** Hostile string-table contents: string_table[0] not empty, invalid UTF-8, huge strings. */
export const protoStrings = mutateTree("proto-strings", (tree, rng) => {
  const strs = tree.filter((f) => f.no === 6 && f.wt === 2);
  const mode = rng.int(4);
  if (mode === 0 && strs.length) {
    strs[0].v = Uint8Array.of(0x78);
    return true;
  }
  if (mode === 1) {
    for (const s of strs) tree.splice(tree.indexOf(s), 1);
    return true;
  }
  if (mode === 2 && strs.length) {
    const s = rng.pick(strs);
    s.v = rng.pick([Uint8Array.of(0xff, 0xfe, 0xc0, 0x80), Uint8Array.of(0xed, 0xa0, 0x80), new Uint8Array(rng.range(1, 200000)).fill(0x41), new TextEncoder().encode("\u001b[2J</script><script>alert(1)</script>\u0000")]);
    return true;
  }
  if (strs.length) {
    const s = rng.pick(strs);
    tree.splice(rng.int(tree.length), 0, { ...s });
    return true;
  }
  return false;
});

/** Sample value lists longer/shorter than sample_type, or values negative. */
export const protoSampleValues = mutateTree("proto-sample-values", (tree, rng) => {
  const x = pickField(tree, rng, (f, path) => path.join(".") === "2.2");
  if (!x) return false;
  if (x.f.wt === 2 && x.f.v instanceof Uint8Array) {
    const vals = unpack(x.f.v) ?? [];
    const mode = rng.int(3);
    if (mode === 0) vals.pop();
    else if (mode === 1) vals.push(BigInt(rng.int(1000)));
    else vals[rng.int(Math.max(1, vals.length))] = rng.pick([U64_MAX, 1n << 63n, (1n << 63n) - 1n, 0n]);
    x.f.v = packed(vals);
  } else if (x.f.wt === 0) x.f.v = rng.pick([U64_MAX, 1n << 63n]);
  return true;
});

/** A very deep stack (recursion in the calling-context tree) from repeated location ids. */
export const protoDeepStack = mutateTree("proto-deep-stack", (tree, rng) => {
  const samples = tree.filter((f) => f.no === 2 && f.kids);
  if (!samples.length) return false;
  const s = rng.pick(samples);
  const locs = s.kids!.find((k) => k.no === 1 && k.wt === 2);
  const ids = locs ? unpack(locs.v as Uint8Array) : null;
  if (!ids || !ids.length) return false;
  const depth = rng.pick([1000, 20000, 100000]);
  const out: bigint[] = [];
  for (let i = 0; i < depth; i++) out.push(ids[i % ids.length]);
  locs!.v = packed(out);
  return true;
});

/** Packed ↔ unpacked repeated fields (both are valid proto), plus unknown fields and group nesting. */
export const protoFraming = mutateTree("proto-framing", (tree, rng) => {
  const mode = rng.int(3);
  if (mode === 0) {
    const x = pickField(tree, rng, (f, path) => f.wt === 2 && (path.join(".") === "2.1" || path.join(".") === "2.2"));
    if (!x) return false;
    const vals = unpack(x.f.v as Uint8Array);
    if (!vals) return false;
    const i = x.parent.indexOf(x.f);
    x.parent.splice(i, 1, ...vals.map((v) => ({ no: x.f.no, wt: 0, v })));
    return true;
  }
  if (mode === 1) {
    // Unknown fields of every wire type (a newer producer).
    tree.splice(rng.int(tree.length + 1), 0, { no: rng.range(16, 536870911), wt: rng.pick([0, 1, 2, 5]), v: rng.chance(0.5) ? BigInt(rng.int(1000)) : new Uint8Array(8) });
    const last = tree[tree.length - 1];
    if (last.wt === 0 && !(typeof last.v === "bigint")) last.v = 0n;
    if (last.wt !== 0 && typeof last.v === "bigint") last.v = new Uint8Array(last.wt === 5 ? 4 : 8);
    return true;
  }
  // Deeply nested start-group markers (recursive skip in decoders).
  const depth = rng.pick([100, 10000, 200000]);
  const start = uvarint((99n << 3n) | 3n);
  const end = uvarint((99n << 3n) | 4n);
  const raw = new Uint8Array((start.length + end.length) * depth);
  for (let i = 0; i < depth; i++) raw.set(start, i * start.length);
  for (let i = 0; i < depth; i++) raw.set(end, depth * start.length + i * end.length);
  tree.splice(rng.int(tree.length + 1), 0, { no: 99, wt: 3, v: 0n, raw });
  return true;
});

export const PROTO_MUTATORS: readonly Mutator[] = [
  protoWireType, protoLongVarint, protoHugeValue, protoLengthLie, protoDeleteField, protoDuplicateField, protoDanglingId,
  protoStringIndex, protoStrings, protoSampleValues, protoDeepStack, protoFraming,
];
