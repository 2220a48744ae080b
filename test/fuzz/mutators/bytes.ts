/** Small byte-editing helpers shared by the mutators (all return new arrays). */

export function concat(...parts: Uint8Array[]): Uint8Array {
  const n = parts.reduce((s, p) => s + p.length, 0);
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Replaces bytes[at, at+del) with `insert`. */
export function splice(bytes: Uint8Array, at: number, del: number, insert: Uint8Array = new Uint8Array(0)): Uint8Array {
  at = Math.max(0, Math.min(at, bytes.length));
  del = Math.max(0, Math.min(del, bytes.length - at));
  return concat(bytes.subarray(0, at), insert, bytes.subarray(at + del));
}

export function overwrite(bytes: Uint8Array, at: number, value: Uint8Array): Uint8Array {
  const out = bytes.slice();
  for (let i = 0; i < value.length && at + i < out.length; i++) out[at + i] = value[i];
  return out;
}

/** Big-endian unsigned of `size` bytes (size ≤ 8; values beyond 2^53 are approximate, fine for fuzzing). */
export function beBytes(value: number, size: number): Uint8Array {
  const out = new Uint8Array(size);
  let v = value;
  for (let i = size - 1; i >= 0; i--) {
    out[i] = v % 256;
    v = Math.floor(v / 256);
  }
  return out;
}

export function readBE(bytes: Uint8Array, at: number, size: number): number {
  let v = 0;
  for (let i = 0; i < size; i++) v = v * 256 + (bytes[at + i] ?? 0);
  return v;
}

/** Unsigned LEB128 of a bigint (so 64-bit and longer-than-64-bit values can be written). */
export function uvarint(value: bigint | number): Uint8Array {
  let v = BigInt(value);
  if (v < 0n) v = BigInt.asUintN(64, v);
  const out: number[] = [];
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) b |= 0x80;
    out.push(b);
  } while (v > 0n);
  return Uint8Array.from(out);
}

/** A varint `n` bytes long encoding `value` with redundant continuation bytes (overlong encoding). */
export function overlongVarint(value: number, n: number): Uint8Array {
  const base = uvarint(value);
  if (base.length >= n) return base;
  const out = new Uint8Array(n);
  out.set(base);
  out[base.length - 1] |= 0x80;
  for (let i = base.length; i < n - 1; i++) out[i] = 0x80;
  out[n - 1] = 0x00;
  return out;
}

/** Reads an unsigned LEB128 at `at`; returns [value, length] or null when it runs past the end or beyond 10 bytes. */
export function readUvarint(bytes: Uint8Array, at: number): [number, number] | null {
  let v = 0;
  let mul = 1;
  for (let i = 0; i < 10; i++) {
    if (at + i >= bytes.length) return null;
    const b = bytes[at + i];
    v += (b & 0x7f) * mul;
    if ((b & 0x80) === 0) return [v, i + 1];
    mul *= 128;
  }
  return null;
}

export const latin1 = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.length).toString("latin1");
export const fromLatin1 = (s: string) => new Uint8Array(Buffer.from(s, "latin1"));
export const utf8 = (s: string) => new Uint8Array(Buffer.from(s, "utf8"));
