import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { HeapGraph } from "../../../src/graph/heap-graph.ts";
import { NodeKind } from "../../../src/graph/kinds.ts";
import { loadOne } from "../../../src/load.ts";
import { GraphThread } from "../../../src/parallel/graph-thread.ts";
import { splittingHelper } from "../../helpers/pass2-helper.ts";
import { ROOT } from "../../helpers/paths.ts";

// A real JDK dump with object arrays of 40000+ slots: the slot labels past 32766 have no 16-bit
// code and live in the overflow table (edge-labels.ts), filled by pass 2 on one thread or two.
const dir = mkdtempSync(join(tmpdir(), "heaplens-large-arrays-"));
const dump = join(dir, "LargeArrays.hprof");

beforeAll(() => {
  execFileSync("javac", ["-nowarn", "-d", dir, join(ROOT, "test/fixtures/java/LargeArrays.java")]);
  execFileSync("java", ["-Xmx128m", "-XX:+UseSerialGC", "-Xshare:off", "-cp", dir, "LargeArrays", dump]);
}, 60_000);
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Every slot edge of the Slot arrays: its label must be "[i]" where i is the Slot's own index field. */
function checkSlots(g: HeapGraph): { arrays: number; slots: number; past: number } {
  const values = g.valueReaders[0]!;
  let arrays = 0, slots = 0, past = 0;
  for (let v = 0; v < g.nodeCount; v++) {
    if (g.kind[v] !== NodeKind.ObjectArray || g.typeName(v) !== "java.lang.Object[]") continue;
    if (values.arrayLength(v) < 40_000) continue;
    arrays++;
    for (let e = g.edgeStart[v]; e < g.edgeStart[v + 1]; e++) {
      const label = g.edgeLabelText(e);
      if (label === "<class>") continue;
      const index = values.field(g.edgeTo[e], "index")?.value;
      expect(label).toBe(`[${index}]`);
      slots++;
      if ((index as number) > 32766) past++;
    }
  }
  return { arrays, slots, past };
}

describe("HPROF object arrays past 32767 slots (real JDK dump)", () => {
  it("labels every slot with its index, the escaped ones too", async () => {
    const g = await loadOne({ file: dump });
    const { arrays, slots, past } = checkSlots(g);
    expect(arrays).toBe(6);
    // 3 dense arrays of 40000-40004 slots and 3 with every 7th slot filled.
    expect(slots).toBe(40_000 + 40_002 + 40_004 + Math.ceil(40_001 / 7) + Math.ceil(40_003 / 7) + Math.ceil(40_005 / 7));
    expect(past).toBeGreaterThan(20_000);
    // Two steps per array of 40000+ slots (to high bits 1 at slot 32768, back to 0 after it), no escapes.
    expect(g.edgeLabels.column().stepEdge!.length).toBe(12);
    expect(g.edgeLabels.column().escapedEdge!.length).toBe(0);
  });

  it("gives the same labels when passes 1 and 2 run on two threads", async () => {
    const thread = GraphThread.forInputs([], true)!;
    try {
      const { helper, jobs } = splittingHelper(thread);
      const one = await loadOne({ file: dump });
      const two = await loadOne({ file: dump }, { helperThread: helper });
      expect(jobs).toEqual(["hprof-pass1", "hprof-pass2"]);
      expect(Array.from(two.edgeLabels.toUint32())).toEqual(Array.from(one.edgeLabels.toUint32()));
      expect(checkSlots(two)).toEqual(checkSlots(one));
    } finally {
      thread.close();
    }
  });
});
