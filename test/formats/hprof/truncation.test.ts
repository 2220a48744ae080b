import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { InputError } from "../../../src/io/errors.ts";
import { samplePath } from "../../helpers/paths.ts";
import { HprofWriter } from "../../fixtures/hprof-writer.ts";
import { loadBytes } from "./load-bytes.ts";

const full = gunzipSync(readFileSync(samplePath("java", "CoreObjects.hprof.gz")));
const HEADER = full.indexOf(0) + 13;

/** A deterministic PRNG so failures reproduce. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

describe("truncated HPROF (process killed mid-dump)", () => {
  const complete = loadBytes(full);
  const r = rng(17);
  const offsets = [HEADER, HEADER + 1, HEADER + 9, 1000, full.length - 1, full.length - 9, full.length - 10];
  for (let i = 0; i < 25; i++) offsets.push(HEADER + Math.floor(r() * (full.length - HEADER)));
  offsets.sort((a, b) => a - b);

  it(`cut at ${offsets.length} offsets: warns, loads what is complete, never throws; more bytes never load less`, () => {
    let last = -1;
    for (const cut of offsets) {
      const g = loadBytes(full.subarray(0, cut));
      expect(g.warnings.some((w) => /truncated at byte \d+/.test(w)), `cut ${cut}: ${g.warnings.join("\n")}`).toBe(true);
      expect(g.nodeCount, `cut ${cut}`).toBeLessThanOrEqual(complete.nodeCount);
      expect(g.edgeCount, `cut ${cut}`).toBeLessThanOrEqual(complete.edgeCount);
      expect(g.nodeCount, `cut ${cut}`).toBeGreaterThanOrEqual(last);
      last = g.nodeCount;
      for (let e = 0; e < g.edgeCount; e++) if (g.edgeTo[e] >= g.nodeCount) expect.unreachable(`cut ${cut}: edge ${e} leaves the graph`);
    }
    // Cut inside HEAP_DUMP_END only: every object is there.
    expect(loadBytes(full.subarray(0, full.length - 9)).nodeCount).toBe(complete.nodeCount);
  });

  it("a cut inside the header is an InputError", () => {
    expect(() => loadBytes(full.subarray(0, 25))).toThrow(InputError);
  });
});

describe("corrupt HPROF", () => {
  it("garbage after the header: InputError naming the offset", () => {
    const b = new Uint8Array(HEADER + 64).fill(0x77);
    b.set(full.subarray(0, HEADER));
    try {
      loadBytes(b);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      expect((e as InputError).offset).toBe(HEADER);
      expect((e as InputError).message).toMatch(/unknown record tag 0x77/);
    }
  });

  it("garbage inside a heap dump segment: InputError at the bad sub-record", () => {
    const w = new HprofWriter({ idSize: 8 });
    const OBJ = w.defineClass("java/lang/Object", 0x1000, 0);
    w.segment((h) => h.classDump(OBJ).instance(0x2000, OBJ.id, []).raw([0x20, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40, 41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, 52, 53, 54, 55, 56, 57, 58, 59, 60, 61, 62, 63, 64, 0xff, 0xff]));
    w.end();
    expect(() => loadBytes(w.bytes())).toThrow(InputError);
  });

  it("random byte flips: either loads or throws InputError, never another error", () => {
    const r = rng(99);
    for (let i = 0; i < 20; i++) {
      const b = full.slice();
      for (let k = 0; k < 4; k++) b[HEADER + Math.floor(r() * (b.length - HEADER))] = Math.floor(r() * 256);
      try {
        loadBytes(b);
      } catch (e) {
        expect(e, String(e)).toBeInstanceOf(InputError);
      }
    }
  });
});
