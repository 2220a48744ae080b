import { describe, expect, it } from "vitest";
import { AddressIndex } from "../../../src/formats/godump/address-index.ts";

/** xorshift32, so failures reproduce. */
function rng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

function heap(seed: number, n: number, align: number) {
  const r = rng(seed);
  const addr = new Float64Array(n), size = new Float64Array(n);
  let a = 0xc000000000;
  for (let i = 0; i < n; i++) {
    a += Math.floor(r() * 4) * 8192 * (r() < 0.02 ? 1 : 0) + (r() < 0.3 ? align * Math.floor(r() * 4) : 0); // gaps
    const s = r() < 0.01 ? 8192 * (1 + Math.floor(r() * 40)) : align * (1 + Math.floor(r() * 12));
    addr[i] = a;
    size[i] = s;
    a += s;
  }
  // Dump order is not address order.
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(r() * (i + 1));
    [addr[i], addr[j]] = [addr[j], addr[i]];
    [size[i], size[j]] = [size[j], size[i]];
  }
  return { addr, size, r };
}

describe.each([8, 4])("AddressIndex (alignment %i: rank bitmap for 8, sorted bisection otherwise)", (align) => {
  it.each([1, 2, 3])("agrees with a linear scan on random heaps (seed %i)", (seed) => {
    const { addr, size, r } = heap(seed, 3000, align);
    const idx = AddressIndex.build(addr, size);
    const brute = (a: number) => {
      for (let i = 0; i < addr.length; i++) if (a >= addr[i] && a < addr[i] + size[i]) return i;
      return -1;
    };
    let lo = Infinity, hi = 0;
    for (let i = 0; i < addr.length; i++) {
      lo = Math.min(lo, addr[i]);
      hi = Math.max(hi, addr[i] + size[i]);
    }
    for (let k = 0; k < 4000; k++) {
      const a = Math.floor(lo - 64 + r() * (hi - lo + 128));
      expect(idx.containing(a), `0x${a.toString(16)}`).toBe(brute(a));
    }
    for (let i = 0; i < addr.length; i += 7) {
      expect(idx.startingAt(addr[i])).toBe(i);
      expect(idx.containing(addr[i] + size[i] - 1)).toBe(i);
      expect(idx.startingAt(addr[i] + 1)).toBe(-1);
    }
    for (let k = 1; k < idx.size; k++) expect(idx.startAt(k)).toBeGreaterThan(idx.startAt(k - 1));
  });
});
