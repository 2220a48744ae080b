import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { goMapsOf } from "../../../src/analysis/detectors/go-map-heapdump.ts";
import { InputError } from "../../../src/io/errors.ts";
import { loadBytes, sampleDump } from "./helpers.ts";

/** xorshift32, so a failure reproduces from its seed. */
function rng(seed: number) {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4294967296;
  };
}

describe("damaged dumps: an InputError or a (partial) graph, never another error or a hang", () => {
  const original = new Uint8Array(readFileSync(sampleDump("default")));
  it.each(Array.from({ length: 24 }, (_, i) => i + 1))("random byte damage, seed %i", async (seed) => {
    const r = rng(seed);
    const b = original.slice(0, Math.floor(original.length * (0.2 + 0.8 * r())));
    const hits = 1 + Math.floor(r() * 8);
    for (let k = 0; k < hits; k++) {
      const at = 16 + Math.floor(r() * (b.length - 16));
      b[at] = r() < 0.5 ? Math.floor(r() * 256) : b[at] ^ (1 << Math.floor(r() * 8));
    }
    const t0 = performance.now();
    try {
      const { graph } = await loadBytes(b, `fuzz-${seed}.dump`);
      // Whatever loaded must also survive the map analysis.
      goMapsOf(graph, () => true);
    } catch (e) {
      expect(e, String(e)).toBeInstanceOf(InputError);
    }
    expect(performance.now() - t0).toBeLessThan(20_000);
  });
});
