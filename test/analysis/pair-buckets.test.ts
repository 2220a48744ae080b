import { describe, expect, it } from "vitest";
import { groupAll, PairBuckets, pairGrouping } from "../../src/analysis/pair-buckets.ts";
import { sharedArray } from "../../src/graph/growable.ts";

/** Adds `pairs` (target, source) pairs over `targets` targets and groups them; returns the buckets and the CSR. */
function filled(targets: number, pairs: number, maxPairs: number) {
  const b = new PairBuckets(targets, maxPairs);
  const want: number[][] = Array.from({ length: targets }, () => []);
  for (let i = 0; i < pairs; i++) {
    const t = (i * 7919) % targets;
    b.add(t, i);
    want[t].push(i);
  }
  const predStart = sharedArray(Uint32Array, targets + 2);
  const pred = sharedArray(Uint32Array, Math.max(targets + 1, pairs));
  const chunks = b.filled();
  groupAll(pairGrouping(b, targets, predStart, pred));
  // (a target's list comes out in any order)
  for (let t = 0; t < targets; t++) expect(Array.from(pred.subarray(predStart[t], predStart[t + 1])).sort((x, y) => x - y)).toEqual(want[t]);
  b.clear();
  return { b, chunks };
}

describe("pair buckets", () => {
  it("cut from one arena, group as separate chunks do, and hand the arena's pages on when they are about the size asked", () => {
    const targets = 300_000; // three 2^17-target buckets
    const { b, chunks } = filled(targets, 290_000, 2 * targets);
    const arena = b.takeArena(2 * (targets + 1));
    expect(arena).toBeDefined();
    // The same memory the pairs were written to (its pages are resident).
    expect(arena!.buffer).toBe(chunks[0][0].buffer);
    expect(arena!.length).toBe(2 * (targets + 1));
    expect(b.takeArena(2 * (targets + 1))).toBeUndefined(); // taken once
  });

  it("keep the arena back when the pairs cover much more than the slots asked for, or when there is none", () => {
    const targets = 300_000;
    expect(filled(targets, 2 * targets, 3 * targets).b.takeArena(2 * (targets + 1))).toBeUndefined();
    const own = filled(targets, 290_000, 0);
    expect(own.b.takeArena(2 * (targets + 1))).toBeUndefined();
    expect(own.chunks[0][0].buffer).not.toBe(own.chunks[1][0].buffer);
  });
});
