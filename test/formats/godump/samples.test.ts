import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { computeDominators } from "../../../src/analysis/dominators.ts";
import { STRONG } from "../../../src/analysis/edge-policy.ts";
import { computePaths, pathSteps } from "../../../src/analysis/paths.ts";
import { goHeapMemoryOf } from "../../../src/graph/go-heap.ts";
import { hmapLayout, readWord } from "../../../src/graph/go-layout.ts";
import type { HeapGraph } from "../../../src/graph/heap-graph.ts";
import { RootKind } from "../../../src/graph/kinds.ts";
import { InputError } from "../../../src/io/errors.ts";
import { ROOT } from "../../helpers/paths.ts";
import { SAMPLE_RUNS, loadDump, sampleDump, sampleFacts } from "./helpers.ts";

const SRC = join(ROOT, "samples/go/heapdump/main.go");

/** Builds the sample program (the binary that wrote the committed dumps, same source and toolchain). */
function buildSample(): string | undefined {
  try {
    execFileSync("go", ["version"], { stdio: "ignore" });
  } catch {
    return undefined;
  }
  const dir = mkdtempSync(join(tmpdir(), "heaplens-godump-"));
  const exe = join(dir, "heapdump-sample");
  execFileSync("go", ["build", "-trimpath", "-o", exe, "main.go"], { cwd: join(ROOT, "samples/go/heapdump"), env: { ...process.env, GO111MODULE: "off", GOCACHE: join(dir, "cache") } });
  return exe;
}

const hex = (s: string) => parseInt(s, 16);

describe.each(SAMPLE_RUNS)("Go heap dump sample (%s)", (run) => {
  const facts = sampleFacts(run);
  let graph: HeapGraph;
  let warnings: string[];
  beforeAll(async () => {
    ({ graph, warnings } = await loadDump(sampleDump(run)));
  });

  it("reads every object: count and bytes equal the runtime's MemStats record exactly", () => {
    const meta = graph.inputs[0].meta as { memstats: Record<string, number>; heap: { objects: number; bytes: number } };
    let bytes = 0;
    for (let i = 0; i < graph.nodeCount; i++) bytes += graph.shallow[i];
    expect(warnings).toEqual([]);
    expect(graph.nodeCount).toBe(meta.memstats.HeapObjects);
    expect(bytes).toBe(meta.memstats.HeapAlloc);
    // The program's own runtime.ReadMemStats right after WriteHeapDump (may differ by an allocation or two).
    expect(Math.abs(graph.nodeCount - facts.memStatsAfterDump.HeapObjects)).toBeLessThanOrEqual(2);
    expect(meta.heap.objects).toBe(graph.nodeCount);
  });

  it("records params from the dump", () => {
    const p = graph.inputs[0].meta.params as { ptrSize: number; endianness: string; goVersion: string; arch: string };
    expect(p).toMatchObject({ ptrSize: 8, endianness: "little", goVersion: facts.goVersion, arch: "amd64" });
  });

  it("reads each map's count and B as the program printed them", () => {
    const mem = goHeapMemoryOf(graph, 0)!;
    const L = hmapLayout(8);
    for (const m of facts.maps.filter((x) => !x.onStack)) {
      const h = graph.findByExternalId(hex(m.hmap));
      expect(h, m.name).toBeGreaterThanOrEqual(0);
      expect(mem.mapHeaders).toContain(h);
      const b = mem.contents(h)!;
      expect(readWord(b, L.count, 8, true), m.name).toBe(m.len);
      expect(b[L.B], m.name).toBe(m.B);
      expect(readWord(b, L.buckets, 8, true), m.name).toBe(hex(m.buckets));
      // Named as map parts by layout, with the allocation site when sampled.
      expect(graph.typeName(h), m.name).toMatch(run === "rate1" ? /^map\.hmap @ main\.\w+ \(main\.go:\d+\)$/ : /^map\.hmap$/);
      expect(graph.typeName(graph.findByExternalId(hex(m.buckets))), m.name).toMatch(/^map\.buckets( @ main\.\w+ \(main\.go:\d+\))?$/);
      // The hmap → bucket array edge carries the field name.
      const arr = graph.findByExternalId(hex(m.buckets));
      let via = "";
      for (let e = graph.edgeStart[h]; e < graph.edgeStart[h + 1]; e++) if (graph.edgeTo[e] === arr) via = graph.edgeLabelText(e);
      expect(via).toBe("buckets");
    }
  });

  it("finds the header of a never-escaping map among its goroutine frame's words", () => {
    const mem = goHeapMemoryOf(graph, 0)!;
    const m = facts.maps.find((x) => x.onStack)!;
    expect(graph.findByExternalId(hex(m.hmap))).toBe(-1); // not a heap object
    const L = hmapLayout(8);
    const found = mem.stackMaps.filter((s) => readWord(s.header, L.buckets, 8, true) === hex(m.buckets));
    expect(found.length).toBeGreaterThanOrEqual(1);
    expect(found[0].root).toMatch(/^goroutine \d+: main\.stackWorker$/);
    expect(readWord(found[0].header, L.count, 8, true)).toBe(m.len);
    expect(found[0].header[L.B]).toBe(m.B);
  });

  it("roots globals at bss+offset without a binary, frames per goroutine, finalizers not on their object", () => {
    const bss = (graph.inputs[0].meta.roots as { segments: { kind: string; addr: number; size: number }[] }).segments.find((s) => s.kind === "bss")!;
    const paths = computePaths(graph, STRONG);
    for (const m of facts.maps.filter((x) => x.global)) {
      const steps = pathSteps(graph, paths, undefined, graph.findByExternalId(hex(m.hmap)));
      const off = hex(m.global!) - bss.addr;
      expect(off).toBeGreaterThanOrEqual(0);
      expect(off).toBeLessThan(bss.size);
      expect(steps[0].root).toBe(`go-bss bss+0x${off.toString(16)}`);
      expect(steps).toHaveLength(1);
    }
    const local = facts.maps.find((m) => m.name === "local")!;
    const ls = pathSteps(graph, paths, undefined, graph.findByExternalId(hex(local.hmap)));
    expect(ls[0].root).toMatch(/^go-frame goroutine \d+: main\.worker$/);
    // The finalizer's object is reachable through main.res, never a root of its own finalizer.
    const fin = graph.findByExternalId(hex(facts.finalizerObject));
    expect(fin).toBeGreaterThanOrEqual(0);
    for (let r = 0; r < graph.rootCount; r++) {
      if (graph.rootKind[r] === RootKind.GoFinalizer) expect(graph.rootNode[r]).not.toBe(fin);
    }
    expect(paths.parent[fin]).not.toBe(0xffffffff);
  });

  it("resolves interior pointers to the containing object and counts pointers to non-objects", () => {
    const p = graph.inputs[0].meta.pointers as Record<string, number>;
    expect(p.interior).toBeGreaterThan(0);
    expect(p.toObjectStart + p.interior).toBe(graph.edgeCount);
    expect(p.outsideArena).toBeGreaterThan(0);
    expect(p.fields).toBe(p.nil + p.toObjectStart + p.interior + p.selfReferences + p.outsideArena + p.inArenaNotObject);
  });

  it("dominators agree with brute force (remove a node, count what becomes unreachable)", () => {
    const dom = computeDominators(graph, STRONG);
    const n = graph.nodeCount;
    const seen = new Uint8Array(n);
    const stack = new Uint32Array(n);
    const reach = (removed: number): number => {
      seen.fill(0);
      let top = 0, bytes = 0;
      for (let r = 0; r < graph.rootCount; r++) {
        const v = graph.rootNode[r];
        if (v !== removed && !seen[v]) {
          seen[v] = 1;
          stack[top++] = v;
        }
      }
      while (top > 0) {
        const v = stack[--top];
        bytes += graph.shallow[v];
        for (let e = graph.edgeStart[v]; e < graph.edgeStart[v + 1]; e++) {
          const w = graph.edgeTo[e];
          if (w !== removed && !seen[w]) {
            seen[w] = 1;
            stack[top++] = w;
          }
        }
      }
      return bytes;
    };
    const all = reach(-1);
    expect(dom.retained[n]).toBe(all);
    let checked = 0;
    for (let v = 0; v < n; v++) {
      if (!dom.reachable[v]) continue;
      expect(all - reach(v), `retained of ${graph.hexId(v)}`).toBe(dom.retained[v]);
      checked++;
    }
    expect(checked).toBeGreaterThan(500);
  });

  it("reports not-yet-swept garbage as unreachable instead of rooting it", () => {
    const dom = computeDominators(graph, STRONG);
    expect(dom.unreachableCount).toBeGreaterThanOrEqual(facts.garbageObjects);
    if (run !== "rate1") return;
    // With every allocation sampled, the 1000 garbage objects carry the site of `g := &garbage{}`
    // (the leaf frame's line comes from the raw return address, so it may be the next line).
    const lines = readFileSync(SRC, "utf8").split("\n");
    const line = lines.findIndex((l) => l.includes("g := &garbage{}")) + 1;
    const site = new RegExp(`^main\\.(main|makeGarbage) \\(main\\.go:(${line}|${line + 1})\\)$`);
    let garbage = 0;
    for (let v = 0; v < graph.nodeCount; v++) {
      if (!site.test(graph.typeName(v))) continue;
      garbage++;
      expect(graph.shallow[v]).toBe(80); // 72-byte struct in the 80-byte size class
      expect(dom.reachable[v]).toBe(0);
    }
    expect(garbage).toBe(facts.garbageObjects);
  });
});

describe("Go heap dump sample with --binary", () => {
  let exe: string | undefined;
  let other: string | undefined;
  beforeAll(() => {
    exe = buildSample();
    if (!exe) return;
    // Another Go program (the benchmark's) stands in for "the wrong binary".
    other = join(mkdtempSync(join(tmpdir(), "heaplens-godump-other-")), "other");
    execFileSync("go", ["build", "-o", other, "main.go"], { cwd: join(ROOT, "bench/go-heapdump"), env: { ...process.env, GO111MODULE: "off", GOCACHE: join(tmpdir(), "heaplens-gocache") } });
  }, 180_000);

  it("refuses a binary that did not write the dump, naming it", async (t) => {
    if (!other) return t.skip("go toolchain not available: cannot build a second binary");
    const err = await loadDump(sampleDump("rate1"), other).catch((e) => e);
    expect(err).toBeInstanceOf(InputError);
    expect((err as Error).message).toMatch(/other: binary does not match the dump/);
  });

  it("names globals by their ELF symbols (main.big, main.small, main.handler)", async (t) => {
    if (!exe) return t.skip("go toolchain not available: cannot build the sample binary for --binary");
    const facts = sampleFacts("rate1");
    const { graph, warnings } = await loadDump(sampleDump("rate1"), exe);
    expect(warnings).toEqual([]);
    const paths = computePaths(graph, STRONG);
    for (const m of facts.maps.filter((x) => x.global)) {
      const steps = pathSteps(graph, paths, undefined, graph.findByExternalId(hex(m.hmap)));
      expect(steps[0].root).toBe(`go-bss main.${m.name}`);
    }
    const captured = facts.maps.find((m) => m.name === "captured")!;
    const cs = pathSteps(graph, paths, undefined, graph.findByExternalId(hex(captured.hmap)));
    expect(cs[0].root).toBe("go-bss main.handler");
    expect(cs.length).toBeGreaterThan(1);
  });
});
