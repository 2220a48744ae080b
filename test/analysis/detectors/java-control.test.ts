// The healthy control (samples/java/programs/DetectorHealthyControl.java): every false-positive trap
// is in the heap, and no Java detector may report anything. The traps are checked to be present, so
// an empty result is not an accident of a broken sample.
import { describe, expect, it } from "vitest";
import { DETECTORS } from "../../../src/analysis/detectors/index.ts";
import { isSharedConstant } from "../../../src/analysis/detectors/java-support.ts";
import { JDKS, analyzed, hasSample, run, staticOf, weakMapEntries } from "./java-fixture.ts";

const PROGRAM = "DetectorHealthyControl";
const CLS = "DetectorHealthyControl";
const JAVA_DETECTORS = DETECTORS.filter((d) => d.language === "java");

describe("Java detector registry", () => {
  it("registers every Java detector of issue #4", () => {
    expect(JAVA_DETECTORS.map((d) => d.id).sort()).toEqual([
      "java.classloader.pinned",
      "java.cleaner.action-reaches-referent",
      "java.finalizer.backlog",
      "java.suspect",
      "java.threadlocal.stale-value",
      "java.weakhashmap.stale-entries",
      "java.weakhashmap.value-pinned",
      "java.weakhashmap.value-reaches-key",
    ]);
  });
});

for (const { jdk, dir } of JDKS) {
  describe(`healthy control, JDK ${jdk}`, () => {
    it.skipIf(!hasSample(dir, PROGRAM))("has every trap in the heap", async () => {
      const { graph } = await analyzed(dir, PROGRAM);
      const valueType = (field: string) => {
        const entries = weakMapEntries(graph, staticOf(graph, CLS, field === "WEAK_SET" ? "WEAK_SET" : field));
        return entries.map((e) => (e.value >= 0 ? graph.nodeName(e.value) : "null"));
      };
      // newSetFromMap wraps the WeakHashMap: reach it through the wrapper's `m` field.
      const set = staticOf(graph, CLS, "WEAK_SET");
      const setMap = graph.values(set)!.field(set, "m")!.value as number;
      const setValues = weakMapEntries(graph, setMap).map((e) => graph.nodeName(e.value));
      expect(setValues).toEqual(Array(8).fill("java.lang.Boolean"));
      expect(valueType("CACHED_INTS")).toEqual(Array(8).fill("java.lang.Integer"));
      expect(valueType("CACHED_LONGS")).toEqual(Array(8).fill("java.lang.Long"));
      expect(valueType("LITERALS")).toEqual(Array(8).fill("java.lang.String"));
      expect(valueType("ENUMS")).toEqual(Array(8).fill(`${CLS}$Mode`));
      expect(valueType("CLASSES").every((t) => t.startsWith("class "))).toBe(true);
      expect(valueType("TINY_PINNED")).toEqual(Array(8).fill("java.lang.Object"));
      expect(valueType("OWNED")).toEqual(Array(8).fill("byte[]"));
      expect(valueType("WEAK_BACKREF")).toEqual(Array(8).fill(`${CLS}$BackRef`));
      // every key is alive (owned by OWNERS), so no entry is stale
      for (const f of ["CACHED_INTS", "OWNED", "WEAK_BACKREF"]) {
        expect(weakMapEntries(graph, staticOf(graph, CLS, f)).every((e) => e.key >= 0)).toBe(true);
      }
      const names = new Set(graph.types.names);
      expect(names.has(`${CLS}$PluginLoader`)).toBe(true);
      expect(names.has(`${CLS}$Finalizable`)).toBe(true);
      expect(names.has(`${CLS}$State`)).toBe(true);
    });

    it.skipIf(!hasSample(dir, PROGRAM))("classifies the trap values as shared constants, and private values as not", async () => {
      const { graph } = await analyzed(dir, PROGRAM);
      const values = (field: string) => weakMapEntries(graph, staticOf(graph, CLS, field)).map((e) => e.value);
      const set = staticOf(graph, CLS, "WEAK_SET");
      const setMap = graph.values(set)!.field(set, "m")!.value as number;
      const constants = [
        ...weakMapEntries(graph, setMap).map((e) => e.value),
        ...values("CACHED_INTS"), ...values("CACHED_LONGS"), ...values("LITERALS"), ...values("ENUMS"), ...values("CLASSES"),
      ];
      expect(constants).toHaveLength(48);
      for (const v of constants) expect(isSharedConstant(graph, v), graph.nodeName(v)).toBe(true);
      for (const v of [...values("OWNED"), ...values("TINY_PINNED"), ...values("WEAK_BACKREF")]) {
        expect(isSharedConstant(graph, v), graph.nodeName(v)).toBe(false);
      }
    });

    it.skipIf(!hasSample(dir, PROGRAM))("yields zero findings from every Java detector", async () => {
      const ctx = await analyzed(dir, PROGRAM);
      for (const d of JAVA_DETECTORS) {
        const found = run(d, ctx);
        expect(found.map((f) => f.title), d.id).toEqual([]);
      }
    });
  });
}
