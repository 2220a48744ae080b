import type { Rng } from "../rng.ts";
import { concat, splice } from "./bytes.ts";
import type { Mutator } from "./types.ts";

/** Values that tend to break length/count/type checks when they land in a field. */
const INTERESTING_BYTES = [0x00, 0x01, 0x7f, 0x80, 0xff, 0xfe, 0x20, 0x0a, 0x1b];

/** Offsets biased toward the start (headers live there) but covering the whole input. */
export function pickOffset(rng: Rng, n: number): number {
  if (n === 0) return 0;
  return rng.chance(0.3) ? rng.int(Math.min(n, 256)) : rng.int(n);
}

export const bitFlips: Mutator = {
  name: "bit-flips",
  apply(b, rng) {
    if (!b.length) return null;
    const out = b.slice();
    const k = rng.range(1, 8);
    for (let i = 0; i < k; i++) out[pickOffset(rng, out.length)] ^= 1 << rng.int(8);
    return out;
  },
};

export const interestingByte: Mutator = {
  name: "interesting-byte",
  apply(b, rng) {
    if (!b.length) return null;
    const out = b.slice();
    const k = rng.range(1, 4);
    for (let i = 0; i < k; i++) out[pickOffset(rng, out.length)] = rng.pick(INTERESTING_BYTES);
    return out;
  },
};

/** Overwrites a run of bytes with one value (0x00 / 0xff / 0x41 …): zeroed pages, filled buffers. */
export const byteRun: Mutator = {
  name: "byte-run",
  apply(b, rng) {
    if (!b.length) return null;
    const out = b.slice();
    const at = pickOffset(rng, out.length);
    const len = rng.smallInt(4096) + 1;
    out.fill(rng.pick(INTERESTING_BYTES), at, Math.min(out.length, at + len));
    return out;
  },
};

/** Inserts a run of bytes (shifts everything after it: all later lengths become wrong). */
export const insertRun: Mutator = {
  name: "insert-run",
  apply(b, rng) {
    const len = rng.smallInt(512) + 1;
    const run = new Uint8Array(len).fill(rng.pick(INTERESTING_BYTES));
    return splice(b, pickOffset(rng, b.length), 0, run);
  },
};

export const deleteChunk: Mutator = {
  name: "delete-chunk",
  apply(b, rng) {
    if (b.length < 2) return null;
    return splice(b, pickOffset(rng, b.length), rng.smallInt(Math.min(4096, b.length - 1)) + 1);
  },
};

/** Copies a chunk of the input to another place (duplicated records, repeated ids). */
export const duplicateChunk: Mutator = {
  name: "duplicate-chunk",
  apply(b, rng) {
    if (b.length < 2) return null;
    const from = rng.int(b.length);
    const len = Math.min(b.length - from, rng.smallInt(4096) + 1);
    return splice(b, pickOffset(rng, b.length), 0, b.slice(from, from + len));
  },
};

export const truncateRandom: Mutator = {
  name: "truncate",
  apply(b, rng) {
    if (b.length < 2) return null;
    return b.slice(0, rng.int(b.length));
  },
};

export const appendGarbage: Mutator = {
  name: "append-garbage",
  apply(b, rng) {
    const g = new Uint8Array(rng.smallInt(1024) + 1);
    for (let i = 0; i < g.length; i++) g[i] = rng.int(256);
    return concat(b, g);
  },
};

/** Random bytes over a small window (a corrupted sector). */
export const randomWindow: Mutator = {
  name: "random-window",
  apply(b, rng) {
    if (!b.length) return null;
    const out = b.slice();
    const at = pickOffset(rng, out.length);
    const len = rng.smallInt(64) + 1;
    for (let i = at; i < Math.min(out.length, at + len); i++) out[i] = rng.int(256);
    return out;
  },
};

export const GENERIC: readonly Mutator[] = [bitFlips, interestingByte, byteRun, insertRun, deleteChunk, duplicateChunk, truncateRandom, appendGarbage, randomWindow];
