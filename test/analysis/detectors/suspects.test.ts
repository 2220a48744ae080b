// java.suspect on the runtime-leaks sample (one ArrayList of 64 large byte[] holds most of the heap)
// and on the other samples, where nothing reaches the threshold.
import { describe, expect, it } from "vitest";
import { javaLeakSuspects, SUSPECT_MIN_BYTES, SUSPECT_SHARE } from "../../../src/analysis/detectors/suspects.ts";
import { JDKS, analyzed, bruteFreed, byteArray, edgeTarget, elements, facts, hasSample, instance, isClassNode, run, staticOf } from "./java-fixture.ts";

const PROGRAM = "DetectorRuntimeLeaks";
const CLS = "DetectorRuntimeLeaks";

for (const { jdk, dir } of JDKS) {
  if (!hasSample(dir, PROGRAM)) {
    describe(`java.suspect, JDK ${jdk}`, () => {
      it.skip(`sample ${dir}/${PROGRAM}.hprof.gz absent (JDK ${jdk} not installed when samples were generated)`, () => {});
    });
    continue;
  }

  describe(`java.suspect, JDK ${jdk}`, () => {
    it("walks down to SUSPECT_CACHE's element array as the accumulation point", async () => {
      const ctx = await analyzed(dir, PROGRAM);
      const { graph } = ctx;
      const found = run(javaLeakSuspects, ctx);
      expect(found.map((f) => f.evidence.kind).sort()).toEqual(["accumulation-point", "class-group"]);
      const f = found.find((x) => x.evidence.kind === "accumulation-point")!;
      const list = staticOf(graph, CLS, "SUSPECT_CACHE");
      const array = edgeTarget(graph, list, "elementData");
      expect(f.subject.id).toBe(graph.hexId(array));
      expect(f.evidence.kind).toBe("accumulation-point");
      expect(f.evidence.holder).toBe(`${CLS}.SUSPECT_CACHE`);
      expect((f.evidence.suspect as { id: string }).id).toBe(graph.hexId(list));
      expect(f.path.map((s) => s.via).slice(-2)).toEqual(["SUSPECT_CACHE", "elementData"]);

      const chunks = Number(facts(dir, PROGRAM)["suspect.chunks"]);
      const chunk = Number(facts(dir, PROGRAM)["suspect.chunk"]);
      expect(elements(graph, array)).toHaveLength(chunks);
      expect(f.retainedBytes).toBe(bruteFreed(graph, [array]));
      expect(f.retainedBytes).toBe(graph.shallow[array] + chunks * byteArray(chunk));
      // The share is computed against everything reachable: brute-force total.
      const total = bruteFreed(graph, [...graph.rootNode]);
      expect(f.evidence.heapBytes).toBe(total);
      expect(f.retainedBytes / total).toBeGreaterThan(SUSPECT_SHARE);
    });

    it("reports the Records spread over many threads as one class group", async () => {
      const ctx = await analyzed(dir, PROGRAM);
      const { graph } = ctx;
      const g = run(javaLeakSuspects, ctx).find((x) => x.evidence.kind === "class-group")!;
      const fact = facts(dir, PROGRAM);
      const n = Number(fact["group.threads"]) * Number(fact["group.records"]);
      expect(g.evidence.className).toBe(`${CLS}$Record`);
      expect(g.count).toBe(n);
      // each Record: one reference (data) + its byte[RECORD_BYTES]; brute force: remove every Record
      const records: number[] = [];
      for (let v = 0; v < graph.nodeCount; v++) if (!isClassNode(graph, v) && graph.typeName(v) === `${CLS}$Record`) records.push(v);
      expect(records).toHaveLength(n);
      expect(g.retainedBytes).toBe(n * (instance(1) + byteArray(Number(fact["record.bytes"]))));
      expect(g.retainedBytes).toBe(bruteFreed(graph, records));
      expect(g.path[0].root).toMatch(/^java-frame record-worker-/);
      // no single thread holds enough to be a suspect by itself
      expect(g.retainedBytes / Number(fact["group.threads"])).toBeLessThan(SUSPECT_MIN_BYTES);
    });
  });
}

describe("java.suspect stays quiet below the threshold", () => {
  for (const { jdk, dir } of JDKS) {
    for (const program of ["DetectorWeakHashMaps", "DetectorHealthyControl"]) {
      it.skipIf(!hasSample(dir, program))(`${program}, JDK ${jdk}: no object reaches ${SUSPECT_MIN_BYTES} bytes`, async () => {
        const ctx = await analyzed(dir, program);
        expect(run(javaLeakSuspects, ctx)).toEqual([]);
      });
    }
  }

  it.skipIf(!hasSample("java", PROGRAM))("a larger minBytes than the suspect drops it", async () => {
    const ctx = await analyzed("java", PROGRAM);
    expect(run(javaLeakSuspects, { ...ctx, minBytes: 64 * 1024 * 1024 })).toEqual([]);
  });
});
