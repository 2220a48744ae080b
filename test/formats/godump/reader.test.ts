import { describe, expect, it } from "vitest";
import { computeDominators } from "../../../src/analysis/dominators.ts";
import { STRONG } from "../../../src/analysis/edge-policy.ts";
import { godumpFormat } from "../../../src/formats/godump/index.ts";
import { parseDump } from "../../../src/formats/godump/parse.ts";
import { goHeapMemoryOf } from "../../../src/graph/go-heap.ts";
import { RootKind, ROOT_KIND_NAMES } from "../../../src/graph/kinds.ts";
import { InputError } from "../../../src/io/errors.ts";
import { silentProgress } from "../../../src/io/progress.ts";
import { MemorySource } from "../../../src/io/source.ts";
import { GoDumpWriter } from "../../fixtures/godump-writer.ts";
import { loadBytes, loadDump, sampleDump } from "./helpers.ts";
import { readFileSync } from "node:fs";

const A = 0xc000010000;

/** Root descriptions of a node: "go-bss bss+0x8" … */
function rootsOf(g: Awaited<ReturnType<typeof loadBytes>>["graph"], node: number): string[] {
  const out: string[] = [];
  for (let r = 0; r < g.rootCount; r++) if (g.rootNode[r] === node) out.push(`${ROOT_KIND_NAMES[g.rootKind[r]]} ${g.rootLabelText(r)}`);
  return out;
}

function edges(g: Awaited<ReturnType<typeof loadBytes>>["graph"], node: number): string[] {
  const out: string[] = [];
  for (let e = g.edgeStart[node]; e < g.edgeStart[node + 1]; e++) out.push(`${g.edgeLabelText(e)}->${g.hexId(g.edgeTo[e])}`);
  return out;
}

describe.each([
  { ptrSize: 8 as const, bigEndian: false },
  { ptrSize: 8 as const, bigEndian: true },
  { ptrSize: 4 as const, bigEndian: true },
  { ptrSize: 4 as const, bigEndian: false },
])("a written dump (ptrSize $ptrSize, bigEndian $bigEndian)", ({ ptrSize, bigEndian }) => {
  const P = ptrSize;
  const arenaStart = ptrSize === 4 ? 0x18000000 : 0xc000000000;
  const base = arenaStart + 0x10000;
  const w = new GoDumpWriter({ ptrSize, bigEndian, arenaStart, arenaEnd: arenaStart + 0x1000000 });
  // obj0 (64 B) → obj1 start and obj2 interior (+16); obj2 → a text address; obj3 only from a frame.
  w.object(base + 0x100, 32, {}) // obj1, written before obj0: dumps are not in address order
    .object(base, 64, { 0: base + 0x100, [P]: base + 0x210, [2 * P]: 0 })
    .object(base + 0x200, 48, { 0: 0x401000 })
    .object(base + 0x300, 16, { 0: base + 0x300 + 8 }) // a pointer into itself
    .object(base + 0x400, 16, {}) // garbage: nothing points here
    .object(base + 0x500, 32, { 0: base + 0x100 }) // has a finalizer, otherwise unreferenced
    .goroutine(1, { ctxt: 0 })
    .frame("main.main", 4 * P, { 0: base + 0x300, [P]: 0x7ff000 })
    .osThread(0xc000002000, 0)
    .data(0x500000, 4 * P, { [P]: base + 0x10 })
    .bss(0x600000, 8 * P, { [3 * P]: base })
    .finalizer(base + 0x500, base + 0x200)
    .memstats({ HeapObjects: 6, HeapAlloc: 32 + 64 + 48 + 16 + 16 + 32 })
    .memprof(0x900000, 64, [["runtime.makeBucketArray", "map.go", 377], ["runtime.hashGrow", "map.go", 1051], ["runtime.mapassign_faststr", "map.go", 276], ["main.fill", "/src/main.go", 27], ["main.main", "/src/main.go", 70]])
    .allocSample(base, 0x900000)
    .eof();
  const bytes = w.bytes();

  it("builds nodes in dump order with sizes, addresses and the memstats totals", async () => {
    const { graph: g, warnings } = await loadBytes(bytes);
    expect(warnings).toEqual([]);
    expect(g.nodeCount).toBe(6);
    expect(Array.from(g.externalId)).toEqual([base + 0x100, base, base + 0x200, base + 0x300, base + 0x400, base + 0x500]);
    expect(Array.from(g.shallow)).toEqual([32, 64, 48, 16, 16, 32]);
    const meta = g.inputs[0].meta as { params: Record<string, unknown>; memstats: Record<string, number>; pointers: Record<string, number> };
    expect(meta.params).toMatchObject({ ptrSize, bigEndian, endianness: bigEndian ? "big" : "little" });
    expect(meta.memstats.HeapObjects).toBe(6);
    expect(meta.pointers).toMatchObject({ fields: 6, nil: 1, toObjectStart: 2, interior: 1, selfReferences: 1, outsideArena: 1, inArenaNotObject: 0 });
  });

  it("resolves start and interior pointers with +0x offset labels", async () => {
    const { graph: g } = await loadBytes(bytes);
    expect(edges(g, 1)).toEqual([`+0x0->0x${(base + 0x100).toString(16)}`, `+0x${P.toString(16)}->0x${(base + 0x200).toString(16)}`]);
    expect(edges(g, 2)).toEqual([]); // text pointer: not an edge
    expect(edges(g, 3)).toEqual([]); // self pointer dropped
  });

  it("roots data/bss fields, frames (not the stack pointer), finalizer function and referents but not the finalized object", async () => {
    const { graph: g } = await loadBytes(bytes);
    expect(rootsOf(g, 1)).toEqual(["go-data data+0x" + P.toString(16), "go-bss bss+0x" + (3 * P).toString(16)]);
    expect(rootsOf(g, 3)).toEqual(["go-frame goroutine 1: main.main"]);
    expect(rootsOf(g, 2)).toEqual([`go-finalizer finalizer on 0x${(base + 0x500).toString(16)}`]);
    expect(rootsOf(g, 0)).toEqual([`go-finalizer finalizer on 0x${(base + 0x500).toString(16)}`]);
    expect(rootsOf(g, 5)).toEqual([]);
    const dom = computeDominators(g, STRONG);
    expect(dom.reachable[4]).toBe(0);
    expect(dom.reachable[5]).toBe(0);
    expect(dom.unreachableBytes).toBe(16 + 32);
  });

  it("names sampled objects by allocation site (map part from runtime frames), others unk<size>", async () => {
    const { graph: g } = await loadBytes(bytes);
    expect(g.typeName(1)).toBe("map.buckets @ main.fill (main.go:27)");
    expect(g.typeName(0)).toBe("unk32");
  });
});

describe("map headers by layout", () => {
  it.each([8, 4] as const)("finds an hmap with ptrSize %i and keeps its bytes and bucket array", async (P) => {
    const arenaStart = P === 4 ? 0x18000000 : 0xc000000000;
    const w = new GoDumpWriter({ ptrSize: P, bigEndian: P === 4, arenaStart, arenaEnd: arenaStart + 0x1000000 });
    const h = arenaStart + 0x1000, arr = arenaStart + 0x2000;
    const hsize = P === 8 ? 48 : 32;
    const hdr = new Uint8Array(hsize);
    new DataView(hdr.buffer).setUint32(P === 8 ? 0 : 0, 3, P !== 4); // count = 3 (low word; big-endian only for P=4)
    hdr[P + 1] = 0; // B = 0
    // one bucket: tophash[8], 8 keys + 8 elems of one word each, overflow: 8 + 16P + P
    const bs = 8 + 17 * P;
    const bucket = new Uint8Array(208);
    bucket.set([7, 9, 200, 0, 0, 0, 0, 0]);
    w.object(h, hsize, { [P + 8]: arr }, { fieldOffsets: [P + 8, 2 * P + 8, 4 * P + 8], base: hdr })
      .object(arr, 208, {}, { base: bucket })
      .bss(0x600000, 2 * P, { 0: h })
      .eof();
    const { graph: g } = await loadBytes(w.bytes());
    const mem = goHeapMemoryOf(g, 0)!;
    expect(mem.mapHeaders).toEqual([0]);
    expect(mem.contents(0)!.length).toBe(hsize);
    expect(mem.contents(1)!.subarray(0, 3)).toEqual(new Uint8Array([7, 9, 200]));
    expect(edges(g, 0)).toEqual([`buckets->0x${arr.toString(16)}`]);
    expect(bs).toBeGreaterThan(0);
  });
});

describe("bad and cut input", () => {
  it("sniffs the header", () => {
    expect(godumpFormat.sniff(new TextEncoder().encode("go1.7 heap dump\n\x06"))).toBe(true);
    expect(godumpFormat.sniff(new TextEncoder().encode("go1.6 heap dump\n"))).toBe(false);
  });

  it("a truncated real dump loads the complete records with a warning", async () => {
    const full = readFileSync(sampleDump("rate1"));
    const whole = await loadDump(sampleDump("rate1"));
    for (const cut of [Math.floor(full.length * 0.6), full.length - 3]) {
      const { graph: g, warnings } = await loadBytes(full.subarray(0, cut), "cut.dump");
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/truncated at byte \d+/);
      expect(g.nodeCount).toBeGreaterThan(0);
      expect(g.nodeCount).toBeLessThanOrEqual(whole.graph.nodeCount);
      expect(Array.from(g.externalId)).toEqual(Array.from(whole.graph.externalId.subarray(0, g.nodeCount)));
    }
  });

  it("a cut right after the last object keeps every object; roots missing show as unreachable", async () => {
    const w = new GoDumpWriter().object(A, 16, {}).object(A + 16, 16, { 0: A });
    const cutAt = w.length;
    w.bss(0x600000, 8, { 0: A + 16 }).eof();
    const { graph: g, warnings } = await loadBytes(w.bytes().subarray(0, cutAt + 4));
    expect(g.nodeCount).toBe(2);
    expect(g.edgeCount).toBe(1);
    expect(warnings[0]).toContain(`truncated at byte ${cutAt}`);
  });

  it("a dump without an EOF record warns", async () => {
    const { warnings } = await loadBytes(new GoDumpWriter().object(A, 16, {}).bytes());
    expect(warnings[0]).toMatch(/no EOF record/);
  });

  // Offsets: tag (1) + 6-byte address varint + size (1) + 16 content bytes.
  it.each([
    ["an unknown record tag", () => { const w = new GoDumpWriter().object(A, 16, {}); const at = w.length; w.uv(42); return { b: w.bytes(), at }; }, /record tag 0-17, got 42/],
    ["a bad field kind", () => { const w = new GoDumpWriter(); const at = w.length + 1 + 6 + 1 + 16; w.uv(1).uv(A).uv(16).raw(new Uint8Array(16)).uv(9).uv(0).uv(0); return { b: w.bytes(), at }; }, /field kind 0-3, got 9/],
    ["a pointer field past the object", () => { const w = new GoDumpWriter(); const at = w.length + 1 + 6 + 1 + 16; w.uv(1).uv(A).uv(16).raw(new Uint8Array(16)).uv(1).uv(16).uv(0); return { b: w.bytes(), at }; }, /offset 16 lies outside/],
    ["pointer size 3", () => { const w = new GoDumpWriter({}, { params: false }); w.uv(6).uv(0); const at = w.length; w.uv(3); return { b: w.bytes(), at }; }, /pointer size 4 or 8/],
    ["objects before params", () => { const w = new GoDumpWriter({}, { params: false }); const at = w.length; w.object(A, 16, {}); return { b: w.bytes(), at }; }, /params record before/],
    ["a bad header", () => ({ b: new TextEncoder().encode("go1.7 heap dunp\n\x00"), at: 13 }), /header/],
  ])("%s is an InputError with the byte offset", async (_name, make, msg) => {
    const { b, at } = make();
    const err = await loadBytes(b, "bad.dump").catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).offset).toBe(at);
    expect((err as InputError).message).toMatch(msg);
    expect((err as InputError).message).toContain("bad.dump");
  });
});

describe("streaming", () => {
  it("reads pointer words of objects larger than the read window by positioned reads", () => {
    const big = 300_000;
    const ptrs: Record<number, number> = { 8: A + big, [big - 8]: A + big + 8 };
    const w = new GoDumpWriter().object(A, big, ptrs).object(A + big, 16, {}).eof();
    const labels: string[] = [];
    const t = parseDump(new MemorySource(w.bytes(), "big.dump"), { options: {}, progress: silentProgress, warn: () => {} }, { label: (s) => labels.push(s) }, 64 * 1024);
    expect(Array.from(t.ptrTarget.view())).toEqual([A + big, A + big + 8]);
    expect(Array.from(t.ptrOffset.view())).toEqual([8, big - 8]);
    expect(Array.from(t.objEdgeStart.view())).toEqual([0, 2, 2]);
  });

  it("parses every record tag (other root, type, itab, defer, panic, queued finalizer)", async () => {
    const w = new GoDumpWriter()
      .type(0x500000, 8, "main.T").itab(0x510000, 0x500000)
      .object(A, 16, {}).object(A + 16, 16, {}).object(A + 32, 16, {}).object(A + 48, 16, {})
      .goroutine(5, { ctxt: A + 48 }).defer(A, 0).panic(0xc0000ff000, A + 16)
      .otherRoot("cgo handle", A + 32)
      .finalizer(A + 48, 0x401000, true)
      .eof();
    const { graph: g } = await loadBytes(w.bytes());
    expect(rootsOf(g, 0)).toEqual(["go-other goroutine 5: defer"]);
    expect(rootsOf(g, 1)).toEqual(["go-other goroutine 5: panic value"]);
    expect(rootsOf(g, 2)).toEqual(["go-other other root: cgo handle"]);
    expect(rootsOf(g, 3)).toEqual(["go-frame goroutine 5: context", `go-finalizer queued finalizer on 0x${(A + 48).toString(16)}`]);
    const rec = g.inputs[0].meta.records as Record<string, number>;
    expect(rec).toMatchObject({ type: 1, itab: 1, object: 4, goroutine: 1, defer: 1, panic: 1, otherRoot: 1, queuedFinalizer: 1, eof: 1 });
    expect(g.rootKind[0]).toBeLessThan(RootKind.Profile);
  });
});

describe("two dumps in one builder", () => {
  it("the second input's nodes, edges and roots are offset by the first input's nodes", async () => {
    const { GraphBuilder } = await import("../../../src/graph/builder.ts");
    const a = new GoDumpWriter().object(A, 16, { 0: A + 16 }).object(A + 16, 16, {}).bss(0x600000, 8, { 0: A }).eof().bytes();
    const b = new GoDumpWriter().object(A, 32, {}).object(A + 32, 16, { 8: A + 4 }).bss(0x600000, 8, { 0: A + 32 }).eof().bytes();
    const builder = new GraphBuilder();
    for (const [bytes, name] of [[a, "a.dump"], [b, "b.dump"]] as const) {
      builder.beginInput({ file: name, format: "godump", language: "go" });
      await godumpFormat.load(new MemorySource(bytes, name), builder, { options: {}, progress: silentProgress, warn: () => {} });
      builder.endInput();
    }
    const g = builder.freeze();
    expect(g.nodeCount).toBe(4);
    expect(edges(g, 0)).toEqual([`+0x0->0x${(A + 16).toString(16)}`]);
    expect(Array.from(g.edgeTo.subarray(g.edgeStart[3], g.edgeStart[4]))).toEqual([2]);
    expect(rootsOf(g, 3)).toEqual(["go-bss bss+0x0"]);
    expect(goHeapMemoryOf(g, 1)!.mapHeaders).toEqual([]);
    expect(g.inputs[1]).toMatchObject({ firstNode: 2, endNode: 4 });
  });
});
