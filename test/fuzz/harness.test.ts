import { describe, expect, it } from "vitest";
import { makeCase, seedPicker, STRUCTURED } from "./cases.ts";
import { hprofLayout } from "./mutators/hprof.ts";
import { godumpLayout } from "./mutators/godump.ts";
import { profileTree } from "./mutators/proto.ts";
import { FUZZ_FORMATS } from "./mutators/types.ts";
import { Rng } from "./rng.ts";
import { syntheticSeeds } from "./seeds.ts";
import { deadlineFor, judge } from "./verdict.ts";
import type { RunResult } from "./pool.ts";

const seeds = syntheticSeeds();

describe("fuzz harness", () => {
  it("cases are deterministic in (seed, index)", () => {
    const p = seedPicker(seeds);
    for (let i = 0; i < 40; i++) {
      const a = makeCase(p, "s", i, [...FUZZ_FORMATS]);
      const b = makeCase(p, "s", i, [...FUZZ_FORMATS]);
      expect(Buffer.compare(a.bytes, b.bytes)).toBe(0);
      expect(a.steps).toEqual(b.steps);
    }
    expect(Buffer.compare(makeCase(p, "s", 1, ["hprof"]).bytes, makeCase(p, "t", 1, ["hprof"]).bytes)).not.toBe(0);
  });

  it("the structure walkers understand the seeds they mutate", () => {
    const hprof = seeds.find((s) => s.name === "synthetic/chain.hprof")!;
    const L = hprofLayout(hprof.bytes)!;
    expect(L.idSize).toBe(4);
    expect(L.recTag.at(-1)).toBe(0x2c); // HEAP_DUMP_END
    expect(L.subCount).toBeGreaterThan(40);
    const go = seeds.find((s) => s.format === "godump")!;
    const G = godumpLayout(go.bytes)!;
    expect(G.recTag[G.count - 1]).toBe(0); // walked to the EOF record
    const pb = seeds.find((s) => s.format === "pprof")!;
    expect(profileTree(pb.bytes)!.filter((f) => f.no === 2 && f.kids).length).toBeGreaterThan(0);
  });

  it("every structure-aware mutator applies to its format's seeds", () => {
    for (const f of FUZZ_FORMATS) {
      const mine = seeds.filter((s) => s.format === f);
      for (const m of STRUCTURED[f]) {
        let applied = 0;
        for (let i = 0; i < 16; i++) {
          const s = mine[i % mine.length];
          const out = m.apply(s.bytes, new Rng("apply", i));
          if (out && Buffer.compare(out, s.bytes) !== 0) applied++;
        }
        expect(applied, `${m.name} on ${f}`).toBeGreaterThan(0);
      }
    }
  });

  it("judges outcomes: results and InputErrors pass; exceptions, hangs, crashes and memory blow-ups fail", () => {
    const base: RunResult = { outcome: { kind: "ok", objects: 1, warnings: 0 }, ms: 1, rssBefore: 100e6, peakRss: 110e6, heapUsed: 0, arrayBuffers: 0, liveGrowth: 0 };
    const c = { format: "hprof", inflatedSize: 1000, gzipped: false, fileSize: 1000 };
    expect(judge(base, c).kind).toBe("ok");
    expect(judge({ ...base, outcome: { kind: "refused", message: "x: at byte 5: bad", offset: 5, file: "x" } }, c).kind).toBe("refused");
    const fail = (r: RunResult) => {
      const v = judge(r, c);
      return v.kind === "failure" ? v.failure : v.kind;
    };
    expect(fail({ ...base, outcome: { kind: "refused", message: "bad", offset: 5000, file: "x" } })).toBe("bad-input-error");
    expect(fail({ ...base, outcome: { kind: "error", name: "RangeError", message: "Offset is outside the bounds of the DataView", stack: "RangeError\n    at f (src/formats/x.ts:1:2)" } })).toBe("exception");
    expect(fail({ ...base, outcome: { kind: "timeout", deadlineMs: 10000, cpuMs: 10050, wallMs: 12000 } })).toBe("timeout");
    expect(fail({ ...base, outcome: { kind: "crash", code: 134, signal: null, stderr: "FATAL ERROR: Reached heap limit Allocation failed - JavaScript heap out of memory" } })).toBe("memory");
    expect(fail({ ...base, peakRss: 100e6 + 500e6 })).toBe("memory");
    expect(deadlineFor(1e6)).toBe(10_000);
  });
});

describe("fuzz pool (real worker processes)", () => {
  it("catches exceptions, CPU hangs, V8 heap exhaustion and RSS blow-ups, and keeps working", async () => {
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const { join } = await import("node:path");
    const { FuzzPool } = await import("./pool.ts");
    const dir = mkdtempSync(join(tmpdir(), "heaplens-selftest-"));
    const file = (what: string) => {
      const p = join(dir, `__selftest_${what}`);
      writeFileSync(p, "x");
      return p;
    };
    const pool = new FuzzPool({ size: 2, heapMb: 96, hardRssBytes: 1024 ** 3 });
    try {
      const c = { format: "hprof", inflatedSize: 1, gzipped: false, fileSize: 1 };
      const kind = async (what: string, deadline = 2000) => {
        const v = judge(await pool.run(file(what), deadline), c);
        return v.kind === "failure" ? v.failure : v.kind;
      };
      const [thrown, input, spin, heap] = await Promise.all([kind("throw"), kind("input"), kind("spin"), kind("heap", 30_000)]);
      expect(thrown).toBe("exception");
      expect(input).toBe("refused");
      expect(spin).toBe("timeout");
      expect(heap).toBe("memory");
      expect(await kind("rss", 30_000)).toBe("memory");
      // (Idle hangs — a promise that never settles — hit the pool's one-minute wall-clock cap; not run here.)
      const r = await pool.run(file("ok"), 2000);
      expect(r.outcome.kind).toBe("ok");
    } finally {
      await pool.close();
    }
  }, 180_000);
});
