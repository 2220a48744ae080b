import { describe, expect, it } from "vitest";
import { computeDominators } from "../../src/analysis/dominators.ts";
import { STRONG } from "../../src/analysis/edge-policy.ts";
import { SpareBuffers } from "../../src/graph/spare-buffers.ts";
import { loadOne } from "../../src/load.ts";
import { samplePath } from "../helpers/paths.ts";

describe("spare buffers", () => {
  it("hands out the least resident buffer that holds the request, shared only when asked", () => {
    const s = new SpareBuffers();
    const plain = new ArrayBuffer(64 * 1024);
    const big = new SharedArrayBuffer(1 << 20);
    const small = new SharedArrayBuffer(256 * 1024);
    s.add(plain, plain.byteLength);
    s.add(big, 200 * 1024); // mostly untouched capacity
    s.add(small, small.byteLength);
    expect(s.bytes).toBe(64 * 1024 + 200 * 1024 + 256 * 1024);
    // 250 KiB: `big` has the room but only 200 KiB resident; `small` fits.
    expect(s.take(250 * 1024, true)).toBe(small);
    expect(s.take(250 * 1024, true)).toBeUndefined();
    // Within a page of the resident part counts as resident.
    expect(s.take(200 * 1024 + 4096, false)).toBe(big);
    expect(s.take(1024, true)).toBeUndefined();
    expect(s.take(1024, false)).toBe(plain);
    expect(s.bytes).toBe(0);
    s.add(plain, 1024);
    s.clear();
    expect(s.take(1, false)).toBeUndefined();
  });

  it("a real dump's dropped columns carry the first dominator computation, which matches one on fresh arrays", async () => {
    const g = await loadOne({ file: samplePath("java/CoreObjects.hprof.gz") });
    // The Float64 ids (8 bytes per node) and the 32-bit type column (4) were left by the builder.
    expect(g.spares.bytes).toBeGreaterThanOrEqual(12 * g.nodeCount);
    const over = computeDominators(g, STRONG);
    expect(g.spares.bytes).toBe(0);
    const fresh = computeDominators(g, STRONG);
    expect(Array.from(over.idom)).toEqual(Array.from(fresh.idom));
    expect(Array.from(over.retained)).toEqual(Array.from(fresh.retained));
    expect(Array.from(over.treeOrder)).toEqual(Array.from(fresh.treeOrder));
    expect(Array.from(over.treePos)).toEqual(Array.from(fresh.treePos));
    expect(over.reachableCount).toBe(fresh.reachableCount);
    expect(over.unreachableBytes).toBe(fresh.unreachableBytes);
  });
});
