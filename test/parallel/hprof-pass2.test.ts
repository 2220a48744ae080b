import { mkdtempSync, rmSync, writeFileSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import type { ParallelHelper } from "../../src/formats/format.ts";
import type { HeapGraph } from "../../src/graph/heap-graph.ts";
import { loadOne } from "../../src/load.ts";
import { GraphThread } from "../../src/parallel/graph-thread.ts";
import { splittingHelper } from "../helpers/pass2-helper.ts";
import { samplePath } from "../helpers/paths.ts";

// Real JDK 17 and 25 dumps, inflated to plain files (pass 2 is shared only for plain files).
const dir = mkdtempSync(join(tmpdir(), "heaplens-pass2-"));
const dumps = ["java/CoreObjects.hprof.gz", "java/jdk25/CoreObjects.hprof.gz"].map((rel, i) => {
  const file = join(dir, `dump-${i}.hprof`);
  writeFileSync(file, gunzipSync(readFileSync(samplePath(rel))));
  return file;
});

const COLUMNS = ["kind", "type", "shallow", "externalId", "lang", "edgeStart", "edgeTo", "edgeKind", "rootNode", "rootKind", "rootLabel"] as const;

function expectSameGraph(a: HeapGraph, b: HeapGraph): void {
  for (const c of COLUMNS) expect(Array.from(b[c] as ArrayLike<number>), c).toEqual(Array.from(a[c] as ArrayLike<number>));
  expect(Array.from(b.edgeLabels.toUint32()), "edge labels").toEqual(Array.from(a.edgeLabels.toUint32()));
  expect(b.types.names).toEqual(a.types.names);
  expect(b.labels).toEqual(a.labels);
  expect(b.warnings).toEqual(a.warnings);
  expect(b.inputs[0].meta).toEqual(a.inputs[0].meta);
}

describe("HPROF pass 2 on two threads", () => {
  const thread = GraphThread.forInputs([], true)!;
  afterAll(() => {
    thread.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const [i, file] of dumps.entries()) {
    it(`gives the same graph as one thread (${i === 0 ? "JDK 17" : "JDK 25"} sample)`, async () => {
      const one = await loadOne({ file });
      const { helper, jobs } = splittingHelper(thread);
      const two = await loadOne({ file }, { helperThread: helper });
      // Pass 1 is offered to the thread too (it may take nothing of a dump this small).
      expect(jobs).toEqual(["hprof-pass1", "hprof-pass2"]);
      expect(one.edgeCount).toBeGreaterThan(10_000);
      expectSameGraph(one, two);
    });
  }

  it("finishes on one thread when the helper fails", async () => {
    const one = await loadOne({ file: dumps[0] });
    let asked = 0;
    const failing: ParallelHelper = {
      run: () => {
        asked++;
        return Promise.reject(new Error("no thread"));
      },
      minShare: 1,
    };
    expectSameGraph(one, await loadOne({ file: dumps[0] }, { helperThread: failing }));
    // Asked once for pass 1 and once for pass 2; both passes then finish here.
    expect(asked).toBe(2);
  });
});
