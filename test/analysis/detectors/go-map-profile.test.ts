// go.map.retained-buckets on real Go heap profiles (samples/go/profiles/mapretain, Go 1.19).
import { existsSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { goMapRetainedBucketsProfile } from "../../../src/analysis/detectors/go-map-profile.ts";
import { computeDominators } from "../../../src/analysis/dominators.ts";
import { STRONG } from "../../../src/analysis/edge-policy.ts";
import { computePaths } from "../../../src/analysis/paths.ts";
import type { HeapGraph } from "../../../src/graph/heap-graph.ts";
import { loadOne } from "../../../src/load.ts";
import { ROOT, corpusPath, hasCorpus, samplePath } from "../../helpers/paths.ts";

const dir = (rate: string) => samplePath("go", "profiles", "mapretain", rate);
const source = readFileSync(`${ROOT}/samples/go/profiles/mapretain/main.go`, "utf8").split("\n");
const lineOf = (re: RegExp) => source.findIndex((l) => re.test(l)) + 1;
const FILLED = Number(/filled = (\d+)/.exec(source.join("\n"))![1]);
// The program's facts: map[string]*entry (16 B key, 8 B elem) → bucket 8 + 8·16 + 8·8 + 8 = 208 B;
// Go grows while count > 6.5·2^B, so 300,000 keys end at B = 16.
let expectedB = 0;
while (FILLED > 6.5 * 2 ** expectedB) expectedB++;
const BIG_CALL = lineOf(/^\s*fill\(big, filled\)/);
const SMALL_CALL = lineOf(/^\s*fill\(small, filled\)/);
const ASSIGN = lineOf(/^\s*m\[k\] = e/);
// Bounds for default-rate (sampled) profiles, which a few sample hits on the live entries must not break.
const LIVE_RATIO_SAMPLED = 0.1;
const FELL_SAMPLED = 10;

function run(g: HeapGraph, base?: HeapGraph) {
  return goMapRetainedBucketsProfile.run({ graph: g, dominators: computeDominators(g), paths: computePaths(g), mask: STRONG, minBytes: 0, base });
}

for (const rate of ["rate1", "default"]) {
  for (const ext of ["pb.gz", "txt"]) {
    describe.skipIf(!existsSync(`${dir(rate)}/heap.${ext}`))(`mapretain ${rate} heap.${ext}`, () => {
      it("flags the deleted-from map's bucket array and not the rebuilt control", async () => {
        const g = await loadOne({ file: `${dir(rate)}/heap.${ext}` });
        const f = run(g);
        expect(f).toHaveLength(1);
        const [x] = f;
        expect(x.detector).toBe("go.map.retained-buckets");
        expect(x.severity).toBe("high");
        const ev = x.evidence as Record<string, any>;
        expect(ev.site.function).toBe("main.fill");
        expect(ev.site.line).toBe(ASSIGN);
        expect(ev.site.context).toContain(`main.main:${BIG_CALL} > main.fill:${ASSIGN}`);
        expect(ev.site.context).not.toContain(`main.main:${SMALL_CALL}`);
        expect(ev.estimatedB).toBe(expectedB);
        expect(ev.bucketSize).toBe(208);
        expect(ev.arrayBytes).toBe(14483456);
        expect(ev.confidence).toMatch(/exactly 69632 buckets of 208 B/);
        expect(x.retainedBytes).toBeGreaterThanOrEqual(14483456);
        expect(x.retainedBytes).toBeLessThan(14483456 * 1.01);
        // Default rate: arrays of ≥ 3.6 MB (B ≥ 14) are sampled with probability > 0.999.
        expect(ev.growthLadder.length).toBeGreaterThanOrEqual(rate === "rate1" ? 10 : 3);
        // 1,000 of 300,000 entries stay (0.33%). At rate 1 every allocation is recorded; at Go's
        // default rate (one sample per 512 KiB) the ~50 KB still live are sampled zero times or once
        // or twice, each sample standing for ~11,000 objects, so the estimate is 0 or ~1.3% per hit
        // of a fresh run: there the bound allows a few hits.
        expect(ev.objectsUnderCaller.liveRatio).toBeLessThan(rate === "rate1" ? 0.01 : LIVE_RATIO_SAMPLED);
        expect(x.path[0].root).toMatch(/^profile/);
        expect(x.path.map((p) => p.type)).toContain("main.main");
        expect(x.advice).toMatch(/make\(map/);
        expect(x.signature).toMatch(/^[0-9a-f]{16}$/);
        // The control map (same fill, then rebuilt) and main.rebuild's fresh array are not flagged.
        expect(f.some((y) => /main\.rebuild/.test(JSON.stringify(y.evidence)))).toBe(false);
      });

      it("nothing to report before the deletes", async () => {
        const g = await loadOne({ file: `${dir(rate)}/heap-before.${ext}` });
        expect(run(g)).toHaveLength(0);
      });

      it("with --base: objects fell while the array stayed", async () => {
        const g = await loadOne({ file: `${dir(rate)}/heap.${ext}` });
        const base = await loadOne({ file: `${dir(rate)}/heap-before.${ext}` });
        const f = run(g, base);
        expect(f).toHaveLength(1);
        const b = (f[0].evidence as Record<string, any>).base;
        // (sampled: a single hit on the live entries makes the current estimate ~11,000; see above)
        expect(b.inuseObjects).toBeGreaterThan((rate === "rate1" ? 100 : FELL_SAMPLED) * Math.max(1, b.currentInuseObjects));
        expect(b.arrayInuseBytes).toBeGreaterThanOrEqual(14483456);
        expect(f[0].explanation).toMatch(/base profile/);
        // The same profile as its own base: the single-profile evidence still holds, nothing fell.
        const self = run(g, g);
        expect(self).toHaveLength(1);
        expect(self[0].explanation).not.toMatch(/base profile/);
      });
    });
  }
}

describe("Go 1.24+ Swiss maps (written profile: leaf internal/runtime/maps.newarray)", () => {
  async function swissProfile(liveEntries: number) {
    const { encodeProfile } = await import("../../formats/pprof/proto-writer.ts");
    const { mkdtempSync, writeFileSync } = await import("node:fs");
    const { tmpdir } = await import("node:os");
    const bytes = encodeProfile({
      sampleTypes: [["alloc_objects", "count"], ["alloc_space", "bytes"], ["inuse_objects", "count"], ["inuse_space", "bytes"]],
      samples: [
        { locs: [1, 2, 3, 4, 6], values: [3, 7340032, 1, 4194304], labels: [{ key: "bytes", num: 4194304 }] },
        { locs: [5, 6], values: [100000, 4800000, liveEntries, liveEntries * 48], labels: [{ key: "bytes", num: 48 }] },
      ],
      locations: [
        { id: 1, address: 0x10, mapping: 1, lines: [[1, 10]] },
        { id: 2, address: 0x20, mapping: 1, lines: [[2, 20]] },
        { id: 3, address: 0x30, mapping: 1, lines: [[3, 30]] },
        { id: 4, address: 0x40, mapping: 1, lines: [[4, 48]] },
        { id: 5, address: 0x50, mapping: 1, lines: [[4, 47]] },
        { id: 6, address: 0x60, mapping: 1, lines: [[5, 100]] },
      ],
      functions: [
        { id: 1, name: "internal/runtime/maps.newarray", file: "internal/runtime/maps/runtime.go" },
        { id: 2, name: "internal/runtime/maps.newGroups", file: "internal/runtime/maps/group.go" },
        { id: 3, name: "runtime.mapassign_faststr", file: "internal/runtime/maps/runtime_faststr.go" },
        { id: 4, name: "main.fill", file: "main.go" },
        { id: 5, name: "main.main", file: "main.go" },
      ],
      mappings: [{ id: 1, start: 0, limit: 0x1000, file: "/bin/x" }],
      periodType: ["space", "bytes"],
      period: 524288,
    });
    const p = `${mkdtempSync(`${tmpdir()}/heaplens-swiss-`)}/heap.pb`;
    writeFileSync(p, bytes);
    return loadOne({ file: p });
  }

  it("reports the group storage at the user's assignment when entries were freed", async () => {
    const f = run(await swissProfile(100));
    expect(f).toHaveLength(1);
    const ev = f[0].evidence as Record<string, any>;
    expect(ev.mapKind).toMatch(/swiss/);
    expect(ev.site).toMatchObject({ function: "main.fill", line: 48 });
    expect(f[0].retainedBytes).toBe(4194304);
  });

  it("stays quiet while the entries are live", async () => {
    expect(run(await swissProfile(90000))).toHaveLength(0);
  });
});

describe.skipIf(!hasCorpus)("real-world profiles (shared corpus)", () => {
  it("slice growth is not map storage; caches' maps are", async () => {
    const heap = run(await loadOne({ file: corpusPath("pprof", "pyroscope-go-heap.pb.gz") }));
    const fn = (x: (typeof heap)[number]) => (x.evidence as Record<string, any>).site.function as string;
    // bytes.Buffer growth (power-of-two []byte ladders) is never reported.
    expect(heap.some((x) => fn(x) === "bytes.makeSlice")).toBe(false);
    // A buffer pool's power-of-two ladder fits bucket arrays too, but only as a "possible" finding.
    for (const x of heap.filter((y) => /BufferPool\)\.Get$/.test(fn(y)))) expect(x.severity).toBe("low");
    const og = run(await loadOne({ file: corpusPath("pprof", "pyroscope-og-go-heap.pb") }));
    const lfu = og.find((x) => fn(x) === "github.com/pyroscope-io/pyroscope/pkg/storage/cache/lfu.(*Cache).GetOrSet");
    expect(lfu?.severity).toBe("high");
    expect((lfu!.evidence as Record<string, any>).bucketSize).toBe(208);
  });
});
