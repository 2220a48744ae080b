import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { goMapLowLiveRatio, goMapRetainedBuckets, goMapsOf } from "../../../src/analysis/detectors/go-map-heapdump.ts";
import { DETECTORS } from "../../../src/analysis/detectors/index.ts";
import type { DetectorContext, Finding } from "../../../src/analysis/detectors/types.ts";
import { computeDominators } from "../../../src/analysis/dominators.ts";
import { STRONG } from "../../../src/analysis/edge-policy.ts";
import { computePaths } from "../../../src/analysis/paths.ts";
import { bucketSizeCandidates, roundupsize } from "../../../src/graph/go-layout.ts";
import type { HeapGraph } from "../../../src/graph/heap-graph.ts";
import { GoDumpWriter } from "../../fixtures/godump-writer.ts";
import { SAMPLE_RUNS, loadBytes, loadDump, sampleDump, sampleFacts } from "../../formats/godump/helpers.ts";
import { ROOT } from "../../helpers/paths.ts";

function context(graph: HeapGraph): DetectorContext {
  const dominators = computeDominators(graph, STRONG);
  return { graph, dominators, paths: computePaths(graph, STRONG), mask: STRONG, minBytes: 0 };
}

const hex = (s: string) => parseInt(s, 16);
const subjectIs = (f: Finding, addr: string) => f.subject.id === `0x${hex(addr).toString(16)}`;

describe("bucket sizes and size classes (go-formats.md §8.4)", () => {
  it("rounds requests up like runtime.roundupsize", () => {
    expect(roundupsize(73_984)).toBe(81_920);
    expect(roundupsize(3536)).toBe(4096);
    expect(roundupsize(14_483_456)).toBe(14_483_456);
    expect(roundupsize(49)).toBe(64);
  });
  it("keeps every bucket size that rounds to the array size", () => {
    expect(bucketSizeCandidates(81_920, 8, 8)).toContain(272);
    expect(bucketSizeCandidates(14_483_456, 16, 8)).toEqual([208]);
  });
});

describe("registered", () => {
  it("both detectors are in the detector list", () => {
    expect(DETECTORS.map((d) => d.id)).toEqual(expect.arrayContaining(["go.map.retained-buckets", "go.map.low-live-ratio"]));
  });
});

describe.each(SAMPLE_RUNS)("maps in the sample dump (%s)", (run) => {
  const facts = sampleFacts(run);
  let ctx: DetectorContext;
  let retained: Finding[], low: Finding[];
  beforeAll(async () => {
    ctx = context((await loadDump(sampleDump(run))).graph);
    retained = goMapRetainedBuckets.run(ctx);
    low = goMapLowLiveRatio.run(ctx);
  });

  it("decodes every map the program printed: count, B, bucket array, and a tophash walk that finds exactly count entries", () => {
    const maps = goMapsOf(ctx.graph, (n) => ctx.dominators.reachable[n] === 1);
    for (const f of facts.maps) {
      const m = f.onStack
        ? maps.find((x) => x.hmap < 0 && ctx.graph.externalId[x.bucketArray] === hex(f.buckets))
        : maps.find((x) => ctx.graph.externalId[x.hmap] === hex(f.hmap));
      expect(m, f.name).toBeDefined();
      expect(m!.count, f.name).toBe(f.len);
      expect(m!.B, f.name).toBe(f.B);
      expect(ctx.graph.externalId[m!.bucketArray], f.name).toBe(hex(f.buckets));
      expect(m!.liveFromTophash, f.name).toBe(f.len);
      expect(m!.verified, f.name).toBe(true);
      expect(m!.bucketSize, f.name).toBe(208); // map[string]*entry on amd64: 8 + 8·16 + 8·8 + 8
      expect(m!.capacity).toBe(8 * 2 ** f.B);
    }
  });

  it("flags the deleted-down maps (global, goroutine-local, captured by a closure) and not the rebuilt control", () => {
    for (const name of ["big", "local", "captured"]) {
      const f = facts.maps.find((m) => m.name === name)!;
      const r = retained.filter((x) => subjectIs(x, f.hmap));
      const l = low.filter((x) => subjectIs(x, f.hmap));
      expect(r, name).toHaveLength(1);
      expect(l, name).toHaveLength(1);
      expect(r[0].count).toBe(f.len);
      expect(r[0].evidence).toMatchObject({ count: f.len, B: f.B, capacity: 8 * 2 ** f.B, tophashMatchesCount: true });
      expect(r[0].retainedBytes).toBeGreaterThan(0);
      expect(r[0].advice).toContain("m2 := make(map[K]V, len(m))");
      expect(r[0].path.at(-1)!.via).toBe("buckets");
    }
    // The map whose header stayed on its goroutine's stack: found through the frame's words.
    const st = facts.maps.find((m) => m.onStack)!;
    const sr = retained.filter((x) => subjectIs(x, st.buckets));
    expect(sr).toHaveLength(1);
    expect(sr[0].path[0].root).toMatch(/^go-frame goroutine \d+: main\.stackWorker$/);
    expect(sr[0].evidence).toMatchObject({ count: st.len, B: st.B, tophashMatchesCount: true });
    expect(sr[0].evidence.headerOnStack).toMatch(/main\.stackWorker/);
    const small = facts.maps.find((m) => m.name === "small")!;
    expect([...retained, ...low].filter((x) => subjectIs(x, small.hmap))).toEqual([]);
  });

  it("the big global map is high severity and its path starts at its bss slot", () => {
    const big = facts.maps.find((m) => m.name === "big")!;
    const bss = (ctx.graph.inputs[0].meta.roots as { segments: { kind: string; addr: number }[] }).segments.find((s) => s.kind === "bss")!;
    const f = retained.find((x) => subjectIs(x, big.hmap))!;
    expect(f.severity).toBe("high");
    expect(f.path[0].root).toBe(`go-bss bss+0x${(hex(big.global!) - bss.addr).toString(16)}`);
    const local = retained.find((x) => subjectIs(x, facts.maps.find((m) => m.name === "local")!.hmap))!;
    expect(local.path[0].root).toMatch(/^go-frame goroutine \d+: main\.worker$/);
    // Stable across runs: no addresses in the signature input.
    expect(f.signature).toMatch(/^[0-9a-f]{16}$/);
  });
});

describe("with the program's binary", () => {
  let exe: string | undefined;
  beforeAll(() => {
    try {
      execFileSync("go", ["version"], { stdio: "ignore" });
    } catch {
      return;
    }
    const dir = mkdtempSync(join(tmpdir(), "heaplens-gomap-"));
    exe = join(dir, "prog");
    execFileSync("go", ["build", "-trimpath", "-o", exe, "main.go"], { cwd: join(ROOT, "samples/go/heapdump"), env: { ...process.env, GO111MODULE: "off", GOCACHE: join(dir, "cache") } });
  }, 120_000);

  it("names the retaining globals main.big and main.handler", async (t) => {
    if (!exe) return t.skip("go toolchain not available: cannot build the sample binary");
    const facts = sampleFacts("default");
    const ctx = context((await loadDump(sampleDump("default"), exe)).graph);
    const found = goMapRetainedBuckets.run(ctx);
    const big = found.find((x) => subjectIs(x, facts.maps.find((m) => m.name === "big")!.hmap))!;
    expect(big.path[0].root).toBe("go-bss main.big");
    expect(big.evidence.retainer).toBe("main.big");
    expect(big.title).toContain("main.big");
    const cap = found.find((x) => subjectIs(x, facts.maps.find((m) => m.name === "captured")!.hmap))!;
    expect(cap.path[0].root).toBe("go-bss main.handler");
  });
});

describe("a written map: ptrSize 4, big-endian, two bucket sizes possible, an in-array overflow chain", () => {
  const P = 4, le = false;
  const arena = 0x18000000;
  const h = arena + 0x1000, arr = arena + 0x4000, dead = arena + 0x2000, deadArr = arena + 0x8000;
  const cleared = arena + 0x3000, clearedArr = arena + 0x10000;
  // map[int32]int32 on a 32-bit target: bucket = 8 + 8·4 + 8·4 + 4 = 76 B; B=4 → 17 buckets requested
  // (1,292 B) in the 1,408-byte class, which also fits 80-byte buckets.
  const bs = 76, B = 4, arrSize = 1408;
  function hmapBytes(count: number, b: number): Uint8Array {
    const x = new Uint8Array(32);
    new DataView(x.buffer).setUint32(0, count, le);
    x[P + 1] = b;
    return x;
  }
  function bucketArray(): Uint8Array {
    const a = new Uint8Array(arrSize);
    a.set([5, 77, 200], 0 * bs); // bucket 0: 3 live
    a.set([9, 1, 130], 3 * bs); // bucket 3: 2 live (1 = emptyOne)
    a.set([0x42], 2 * bs); // bucket 2: 1 live, overflow → preallocated bucket 16
    new DataView(a.buffer).setUint32(2 * bs + bs - P, arr + 16 * bs, le);
    a.set([6, 6], 16 * bs); // overflow bucket: 2 live
    return a;
  }
  const w = new GoDumpWriter({ ptrSize: 4, bigEndian: true, arenaStart: arena, arenaEnd: arena + 0x100000 });
  const fields = [P + 8, 2 * P + 8, 4 * P + 8];
  w.object(h, 32, { [P + 8]: arr }, { fieldOffsets: fields, base: hmapBytes(8, B) })
    .object(arr, arrSize, { [2 * bs + bs - P]: arr + 16 * bs }, { base: bucketArray() })
    .object(dead, 32, { [P + 8]: deadArr }, { fieldOffsets: fields, base: hmapBytes(0, 6) })
    .object(deadArr, roundupsize((64 + 4) * bs), {})
    .object(cleared, 32, { [P + 8]: clearedArr }, { fieldOffsets: fields, base: hmapBytes(0, 7) })
    .object(clearedArr, roundupsize((128 + 8) * bs), {})
    .bss(0x600000, 16, { 4: h })
    .data(0x500000, 8, { 0: cleared })
    .eof();

  it("picks the bucket size whose tophash walk finds count; flags the cleared map, not the small or unreachable one", async () => {
    const { graph } = await loadBytes(w.bytes(), "map32.dump");
    const ctx = context(graph);
    const maps = goMapsOf(graph, (n) => ctx.dominators.reachable[n] === 1);
    expect(maps).toHaveLength(3);
    const m = maps.find((x) => graph.externalId[x.hmap] === h)!;
    expect(m.bucketSizeCandidates).toEqual([76, 80]);
    expect(m).toMatchObject({ count: 8, B: 4, bucketSize: 76, liveFromTophash: 8, verified: true, overflowInArray: 1, reachable: true });
    expect(maps.find((x) => graph.externalId[x.hmap] === dead)!.reachable).toBe(false);
    const r = goMapRetainedBuckets.run(ctx);
    // count 8 needs B=0 (one 76-byte bucket → 80-byte class): 1,328 B wasted is below the reporting floor.
    // The cleared map (count 0, B=7) keeps its whole 10,880-byte array: reported, with a data-segment root.
    expect(r).toHaveLength(1);
    expect(r[0].subject.id).toBe(`0x${cleared.toString(16)}`);
    expect(r[0]).toMatchObject({ count: 0, retainedBytes: roundupsize(136 * bs) });
    expect(r[0].path[0].root).toBe("go-data data+0x0");
    expect(goMapLowLiveRatio.run(ctx).map((f) => f.subject.id)).toEqual([`0x${cleared.toString(16)}`]);
    expect(m.rebuiltB).toBe(0);
    expect(m.excessBytes).toBe(arrSize - 80);
  });
});

describe("Go 1.22+ malloc headers: bucket arrays over 512 B start 8 bytes into their dumped slot", () => {
  const P = 8;
  const h = 0xc000001000, slot = 0xc000002000;
  // map[int64]*T: bucket 8 + 8·8 + 8·8 + 8 = 144 B; B=2 → 576 B + 8-byte header → the 640-byte class.
  const bs = 144;
  function dump(goVersion: string): Uint8Array {
    const w = new GoDumpWriter({ goVersion });
    const hdr = new Uint8Array(48);
    hdr[0] = 5; // count
    hdr[P + 1] = 2; // B
    const arr = new Uint8Array(640);
    arr.set([9, 10, 11], 8 + 0 * bs);
    arr.set([12, 13], 8 + 1 * bs);
    w.object(h, 48, { [P + 8]: slot + 8 }, { fieldOffsets: [P + 8, 2 * P + 8, 4 * P + 8], base: hdr })
      .object(slot, 640, {}, { base: arr })
      .bss(0x600000, 8, { 0: h })
      .eof();
    return w.bytes();
  }

  it("reads the map past the header on go1.22", async () => {
    const { graph } = await loadBytes(dump("go1.22.5"), "go122.dump");
    const ctx = context(graph);
    const maps = goMapsOf(graph, (n) => ctx.dominators.reachable[n] === 1);
    expect(maps).toHaveLength(1);
    expect(maps[0]).toMatchObject({ count: 5, B: 2, bucketSize: 144, liveFromTophash: 5, verified: true, bucketArrayBytes: 640 });
    expect(graph.typeName(maps[0].bucketArray)).toBe("map.buckets");
  });

  it("does not accept a pointer 8 bytes into an object on go1.19 (no headers there)", async () => {
    const { graph } = await loadBytes(dump("go1.19.8"), "go119.dump");
    const ctx = context(graph);
    expect(goMapsOf(graph, (n) => ctx.dominators.reachable[n] === 1)).toEqual([]);
  });
});

describe("Swiss-table maps (Go 1.24+ layout, written dump: go1.19 cannot produce one)", () => {
  const map = 0xc000001000, dir = 0xc000001100, t0 = 0xc000001200, t1 = 0xc000001300, g0 = 0xc000010000, g1 = 0xc000020000;
  const small = 0xc000001400, smallGroup = 0xc000001500;
  // map[int64]int64: group = 8 control bytes + 8 × 16-byte slots = 136 B; 128 groups per 1024-slot table.
  const gs = 136, groups = 128, arrSize = roundupsize(groups * gs);
  function mapBytes(used: number, dirLen: number, depth: number): Uint8Array {
    const b = new Uint8Array(48);
    const v = new DataView(b.buffer);
    v.setUint32(0, used, true);
    v.setUint32(24, dirLen, true);
    b[32] = depth;
    return b;
  }
  function table(used: number): Uint8Array {
    const b = new Uint8Array(32);
    const v = new DataView(b.buffer);
    v.setUint16(0, used, true);
    v.setUint16(2, groups * 8, true);
    v.setUint32(24, groups - 1, true); // lengthMask
    return b;
  }
  function groupArray(full: number[], tomb: number[]): Uint8Array {
    const a = new Uint8Array(arrSize);
    for (let i = 0; i < groups; i++) a.fill(0x80, i * gs, i * gs + 8);
    for (const k of full) a[Math.floor(k / 8) * gs + (k % 8)] = 0x15;
    for (const k of tomb) a[Math.floor(k / 8) * gs + (k % 8)] = 0xfe;
    return a;
  }
  const w = new GoDumpWriter({ goVersion: "go1.24.1" });
  const smallG = new Uint8Array(gs).fill(0x80, 0, 8);
  smallG.set([0x01, 0x02], 0);
  w.object(map, 48, { 16: dir }, { base: mapBytes(5, 2, 1) })
    .object(dir, 16, { 0: t0, 8: t1 })
    .object(t0, 32, { 16: g0 }, { base: table(3) })
    .object(t1, 32, { 16: g1 }, { base: table(2) })
    .object(g0, arrSize, {}, { base: groupArray([0, 9, 700], [1, 2, 3, 500]) })
    .object(g1, arrSize, {}, { base: groupArray([64, 1000], []) })
    .object(small, 48, { 16: smallGroup }, { base: mapBytes(2, 0, 0) })
    .object(smallGroup, 144, {}, { base: smallG })
    .bss(0x600000, 16, { 0: map, 8: small })
    .eof();

  it("decodes directory, tables and group control bytes, and flags the emptied map only", async () => {
    const { graph } = await loadBytes(w.bytes(), "swiss.dump");
    const ctx = context(graph);
    const maps = goMapsOf(graph, (n) => ctx.dominators.reachable[n] === 1);
    const big = maps.find((m) => graph.externalId[m.hmap] === map)!;
    expect(big).toMatchObject({ kind: "swiss", count: 5, capacity: 2048, tables: 2, tombstones: 4, liveFromTophash: 5, verified: true, bucketSize: gs });
    expect(big.storageBytes).toBe(2 * arrSize + 2 * 32 + 16);
    expect(maps.find((m) => graph.externalId[m.hmap] === small)).toMatchObject({ kind: "swiss", count: 2, capacity: 8, verified: true });
    expect(graph.typeName(graph.findByExternalId(map))).toBe("map.Map");
    expect(graph.typeName(graph.findByExternalId(g0))).toBe("map.groups");
    const r = goMapRetainedBuckets.run(ctx);
    expect(r.map((f) => f.subject.id)).toEqual([`0x${map.toString(16)}`]);
    expect(r[0].evidence).toMatchObject({ mapKind: "swiss", tables: 2, tombstones: 4, count: 5 });
    expect(r[0].path[0].root).toBe("go-bss bss+0x0");
    expect(goMapLowLiveRatio.run(ctx).map((f) => f.subject.id)).toEqual([`0x${map.toString(16)}`]);
  });
});
