import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import type { ParallelHelper } from "../../src/formats/format.ts";
import { RangeClaims, pass1PartBuffers, runPass1Job, type Pass1Job, type Pass1Part } from "../../src/formats/hprof/pass1-parallel.ts";
import type { HeapGraph } from "../../src/graph/heap-graph.ts";
import { loadOne } from "../../src/load.ts";
import { GraphThread } from "../../src/parallel/graph-thread.ts";
import { Rng } from "../fuzz/rng.ts";
import { splittingHelper } from "../helpers/pass2-helper.ts";
import { ROOT, corpusPath, samplePath } from "../helpers/paths.ts";

// Real dumps as plain files (pass 1 is shared only for plain files): JDK 17 and 25 samples (a few
// HEAP DUMP SEGMENTs) and two Android dumps (hundreds of segments, classes between objects).
const dir = mkdtempSync(join(tmpdir(), "heaplens-pass1-"));
const inflate = (rel: string, name: string): string => {
  const file = join(dir, name);
  writeFileSync(file, gunzipSync(readFileSync(samplePath(rel))));
  return file;
};
const jdk17 = inflate("java/CoreObjects.hprof.gz", "jdk17.hprof");
const jdk25 = inflate("java/jdk25/CoreObjects.hprof.gz", "jdk25.hprof");
const dialer = corpusPath("hprof-android/aosp-perflib-dialer.hprof");
const binder = corpusPath("hprof-android/leakcanary-service-binder.hprof");

/** A ~45 MB dump written by the JDK from the benchmark's DenseHeap program (1M objects), made once. */
let denseFile: string | undefined;
function dense(): string {
  if (denseFile) return denseFile;
  execFileSync("javac", ["-nowarn", "-d", dir, join(ROOT, "bench/java/DenseHeap.java")]);
  const file = join(dir, "dense.hprof");
  execFileSync("java", ["-Xmx512m", "-XX:+UseSerialGC", "-Xshare:off", "-cp", dir, "DenseHeap", "1000000", file]);
  return (denseFile = file);
}

interface Taken {
  first: number;
  ranges: number;
  part: Pass1Part;
}

/**
 * A helper that runs the second thread's side of pass 1 here, deterministically: before the main
 * thread claims anything it takes the last ranges making up `fraction` of the shared bytes, walks
 * them with runPass1Job and hands the part over as a worker would (moved, not shared). Pass 2 it
 * refuses, so pass 2 runs on the main thread.
 */
function backHelper(fraction: number): { helper: ParallelHelper; taken: Taken[] } {
  const taken: Taken[] = [];
  const helper: ParallelHelper = {
    run: <T>(kind: string, payload: unknown): Promise<T> => {
      if (kind !== "hprof-pass1") return Promise.reject(new Error("pass 1 only"));
      const job = payload as Pass1Job;
      const R = job.starts.length;
      const lo = Number(Atomics.load(job.claims, 0) & 0xffffffffn);
      const first = new RangeClaims(job.claims).back(job.starts, job.ends, fraction * (job.ends[R - 1] - job.starts[lo]));
      if (first < 0) return Promise.reject(new Error("nothing left"));
      const part = runPass1Job({ ...job, claims: RangeClaims.open(first, R).word });
      taken.push({ first, ranges: R - first, part });
      return Promise.resolve(structuredClone(part, { transfer: pass1PartBuffers(part) }) as T);
    },
    minShare: 1,
  };
  return { helper, taken };
}

const COLUMNS = ["kind", "type", "shallow", "externalId", "lang", "edgeStart", "edgeTo", "edgeKind", "rootNode", "rootKind", "rootLabel"] as const;

/** The first index where two columns differ (-1: none), compared as bytes (the dense dump has millions of rows). */
function firstDifference(a: ArrayLike<number> & ArrayBufferView, b: ArrayLike<number> & ArrayBufferView): number {
  if (a.length !== b.length) return Math.min(a.length, b.length);
  if (Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength))) return -1;
  for (let i = 0; ; i++) if (a[i] !== b[i]) return i;
}

function expectSameGraph(a: HeapGraph, b: HeapGraph): void {
  expect(b.nodeCount).toBe(a.nodeCount);
  for (const c of COLUMNS) expect(firstDifference(a[c] as Uint32Array, b[c] as Uint32Array), c).toBe(-1);
  expect(firstDifference(a.edgeLabels.toUint32(), b.edgeLabels.toUint32()), "edge labels").toBe(-1);
  expect(b.types.names).toEqual(a.types.names);
  expect(b.labels).toEqual(a.labels);
  expect(b.warnings).toEqual(a.warnings);
  expect(b.inputs[0].meta).toEqual(a.inputs[0].meta);
}

/**
 * Field values and display text of the last `count` nodes (the second thread's, appended last):
 * they are found through its checkpoints, whose nodes are not every 32nd (ckNode).
 */
function expectSameValues(a: HeapGraph, b: HeapGraph, count: number, step = 1): void {
  const va = a.valueReaders[0]!;
  const vb = b.valueReaders[0]!;
  let shown = 0;
  for (let v = a.nodeCount - count; v < a.nodeCount; v += step) {
    const want = va.display(v);
    expect(vb.display(v), `display of node ${v}`).toBe(want);
    expect(vb.fields(v), `fields of node ${v}`).toEqual(va.fields(v));
    if (want !== undefined) shown++;
  }
  expect(shown).toBeGreaterThan(0);
}

const helperNodes = (t: Taken): number => t.part.blocks.reduce((n, b) => n + b.nodes, 0);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("HPROF pass 1 shared with a second thread", () => {
  for (const [name, file] of [["JDK 17", jdk17], ["JDK 25", jdk25]] as const) {
    it(`gives the same graph and values when the second thread walks the last segments (${name} sample)`, async () => {
      const one = await loadOne({ file });
      const { helper, taken } = backHelper(0.5);
      const two = await loadOne({ file }, { helperThread: helper });
      expect(taken).toHaveLength(1);
      expect(taken[0].part.bailedAt).toBe(-1);
      const nodes = helperNodes(taken[0]);
      expect(nodes).toBeGreaterThan(1000);
      expectSameGraph(one, two);
      expectSameValues(one, two, nodes);
    });
  }

  for (const [name, file] of [["AOSP perflib dialer", dialer], ["LeakCanary service binder", binder]] as const) {
    it(`gives the same graph over hundreds of Android segments (${name})`, async () => {
      const one = await loadOne({ file });
      expect(one.inputs[0].meta.classesAfterObjects).toBe(true);
      for (const fraction of [0.1, 0.6]) {
        const { helper, taken } = backHelper(fraction);
        const two = await loadOne({ file }, { helperThread: helper });
        expect(taken).toHaveLength(1);
        // Android writes classes between objects: the second thread stops at the first object of
        // a class it was not given, and the main thread walks every range it had taken.
        const t = taken[0];
        expect(t.ranges).toBeGreaterThan(10);
        expect(t.part.bailedAt).toBe(t.first);
        expectSameGraph(one, two);
      }
    });
  }

  it("merges many blocks from several claims (a real 45 MB JDK dump of ~45 segments)", async () => {
    const one = await loadOne({ file: dense() });
    const { helper, taken } = backHelper(0.8);
    const two = await loadOne({ file: dense() }, { helperThread: helper });
    expect(taken).toHaveLength(1);
    const t = taken[0];
    expect(t.part.bailedAt).toBe(-1);
    expect(t.ranges).toBeGreaterThan(30);
    // Claims of ~16 MB, the last first, each walked forward: the blocks' ranges are not in file order.
    const order = t.part.blocks.map((b) => b.range);
    expect(order).not.toEqual([...order].sort((x, y) => x - y));
    expect([...order].sort((x, y) => x - y)).toEqual(Array.from({ length: t.ranges }, (_, i) => t.first + i));
    expectSameGraph(one, two);
    expectSameValues(one, two, helperNodes(t), 97);
  }, 60_000);

  it("leaves a truncated last segment to the main thread, which reports it as one thread does", async () => {
    const whole = readFileSync(jdk17);
    const file = join(dir, "cut.hprof");
    writeFileSync(file, whole.subarray(0, whole.length - 5000));
    const one = await loadOne({ file });
    expect(one.warnings.join("\n")).toMatch(/truncated at byte \d+/);
    const { helper, taken } = backHelper(0.5);
    const two = await loadOne({ file }, { helperThread: helper });
    expect(taken).toHaveLength(1);
    expect(taken[0].part.bailedAt).toBe(taken[0].first + taken[0].ranges - 1);
    expectSameGraph(one, two);
  });

  it("finishes on one thread when the helper fails", async () => {
    const one = await loadOne({ file: dialer });
    const kinds: string[] = [];
    const failing: ParallelHelper = {
      run: (kind) => {
        kinds.push(kind);
        return Promise.reject(new Error("no thread"));
      },
      minShare: 1,
    };
    expectSameGraph(one, await loadOne({ file: dialer }, { helperThread: failing }));
    expect(kinds[0]).toBe("hprof-pass1");
  });

  it("gives the same graph with a real second thread", async () => {
    const thread = GraphThread.forInputs([], true)!;
    try {
      for (const file of [dialer, jdk25]) {
        const { helper, jobs } = splittingHelper(thread);
        expectSameGraph(await loadOne({ file }), await loadOne({ file }, { helperThread: helper }));
        expect(jobs[0]).toBe("hprof-pass1");
      }
    } finally {
      thread.close();
    }
  });
});

describe("RangeClaims", () => {
  it("hands out every range exactly once, front and back interleaved at random", () => {
    const rand = new Rng("range-claims");
    for (let trial = 0; trial < 500; trial++) {
      const n = 1 + rand.int(60);
      const starts: number[] = [];
      const ends: number[] = [];
      for (let r = 0, pos = 100; r < n; r++) {
        starts.push(pos);
        pos += 1 + rand.int(50);
        ends.push(pos);
        pos += 9;
      }
      const lo = rand.int(n);
      const c = RangeClaims.open(lo, n);
      const seen = new Array<number>(n).fill(0);
      let backEnd = n;
      for (;;) {
        if (rand.chance(0.5)) {
          const f = c.front();
          if (f < 0) break;
          seen[f]++;
        } else {
          const bytes = rand.int(120);
          const first = c.back(starts, ends, bytes);
          if (first < 0) break;
          // A back claim is contiguous, ends where the previous one began, and at least one range.
          expect(first).toBeLessThan(backEnd);
          expect(first === backEnd - 1 || ends[backEnd - 1] - starts[first] <= bytes).toBe(true);
          for (let r = first; r < backEnd; r++) seen[r]++;
          backEnd = first;
          expect(c.backStart()).toBe(first);
        }
      }
      expect(c.front()).toBe(-1);
      expect(c.back(starts, ends, 1 << 30)).toBe(-1);
      expect(seen).toEqual(Array.from({ length: n }, (_, r) => (r >= lo ? 1 : 0)));
    }
  });

  it("hands out nothing after close", () => {
    const c = RangeClaims.open(0, 10);
    expect(c.front()).toBe(0);
    c.close();
    expect(c.front()).toBe(-1);
    expect(c.back([0], [1], 10)).toBe(-1);
  });
});
