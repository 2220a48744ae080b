// The three WeakHashMap detectors on samples/java/programs/DetectorWeakHashMaps.java, dumped by
// JDK 17 and (when present) JDK 25. Expected bytes come from brute-force reachability and from the
// program's known sizes, never from the detectors.
import { describe, expect, it } from "vitest";
import { weakHashMapValuePinned } from "../../../src/analysis/detectors/java-weakhashmap-pinned.ts";
import { weakHashMapValueReachesKey } from "../../../src/analysis/detectors/java-weakhashmap-reaches-key.ts";
import { weakHashMapStaleEntries } from "../../../src/analysis/detectors/java-weakhashmap-stale.ts";
import type { Finding } from "../../../src/analysis/detectors/types.ts";
import {
  JDKS, analyzeFresh, analyzed, bruteFreed, byteArray, edgeTarget, elements, facts, hasSample, instance, latin1String, run, staticOf, weakMapEntries,
} from "./java-fixture.ts";

const PROGRAM = "DetectorWeakHashMaps";
const CLS = "DetectorWeakHashMaps";

for (const { jdk, dir } of JDKS) {
  const present = hasSample(dir, PROGRAM);
  if (!present) {
    describe(`WeakHashMap detectors, JDK ${jdk}`, () => {
      it.skip(`sample ${dir}/${PROGRAM}.hprof.gz absent (JDK ${jdk} not installed when samples were generated)`, () => {});
    });
    continue;
  }

  describe(`java.weakhashmap.value-reaches-key, JDK ${jdk}`, () => {
    it("finds exactly the four maps whose values reach their keys, with the capture in the chain", async () => {
      const ctx = await analyzed(dir, PROGRAM);
      const found = run(weakHashMapValueReachesKey, ctx);
      const byHolder = new Map(found.map((f) => [f.evidence.holder as string, f]));
      expect([...byHolder.keys()].sort()).toEqual([`${CLS}.CALLBACKS`, `${CLS}.HANDLES`, `${CLS}.INDEX`, `${CLS}.LISTENERS`]);
      expect(found).toHaveLength(4);

      const expectChain = (field: string, count: number, chainFields: string[], keyType: string) => {
        const f = byHolder.get(`${CLS}.${field}`)!;
        const map = staticOf(ctx.graph, CLS, field);
        expect(f.subject.id).toBe(ctx.graph.hexId(map));
        expect(f.count).toBe(count);
        expect(f.severity).toBe("high");
        expect(f.evidence.chainFields).toEqual(chainFields);
        expect(f.evidence.keyType).toBe(keyType);
        // path: root → … → class → static field → the map
        expect(f.path.at(-1)!.id).toBe(ctx.graph.hexId(map));
        expect(f.path.at(-1)!.via).toBe(field);
        expect(f.path.at(-2)!.type).toBe(`class ${CLS}`);
        expect(f.path[0].root).toBeTruthy();
        // retained = what removing all those entries frees, by brute force
        const entries = weakMapEntries(ctx.graph, map).map((e) => e.entry);
        expect(entries).toHaveLength(count);
        expect(f.retainedBytes).toBe(bruteFreed(ctx.graph, entries, "next"));
        return f;
      };
      const cb = expectChain("CALLBACKS", 3, ["value", "arg$1"], `${CLS}$Session`);
      expect(cb.advice).toContain("arg$1");
      expect(String(cb.evidence.valueType)).toMatch(/^DetectorWeakHashMaps\$\$Lambda/);
      expectChain("HANDLES", 2, ["value", "this$0"], `${CLS}$Owner`);
      const li = expectChain("LISTENERS", 2, ["value", "val$widget"], `${CLS}$Widget`);
      expect(li.advice).toContain("widget");
      const ix = expectChain("INDEX", 2, ["value", "refs", "elementData", "[0]", "doc"], `${CLS}$Doc`);
      expect(ix.subject.type).toBe(`${CLS}$DocIndex`); // a WeakHashMap subclass

      // Hand arithmetic for CALLBACKS from the program: per entry the Entry (6 refs + int hash), the lambda
      // (arg$1 Session, arg$2 byte[]), the Session and its id "cb-N" (4 Latin-1 chars), the byte[PAYLOAD].
      const payload = Number(facts(dir, PROGRAM).payload);
      const perEntry = instance(6, 4) + instance(2) + instance(1) + latin1String(4) + byteArray(payload);
      expect(cb.retainedBytes).toBe(3 * perEntry);
    });

    it("gives the same signatures when the dump is loaded and analysed again", async () => {
      // analyzed() is cached, so the second context must be a fresh load or a would be compared with itself.
      const a = run(weakHashMapValueReachesKey, await analyzed(dir, PROGRAM)).map((f) => f.signature).sort();
      const b = run(weakHashMapValueReachesKey, await analyzeFresh(dir, PROGRAM)).map((f) => f.signature).sort();
      expect(a).toEqual(b);
      expect(new Set(a).size).toBe(4);
      for (const s of a) expect(s).toMatch(/^[0-9a-f]{16}$/);
    });
  });

  describe(`java.weakhashmap.value-pinned, JDK ${jdk}`, () => {
    it("reports the static pin and the closure pin with their paths and the values' own bytes", async () => {
      const ctx = await analyzed(dir, PROGRAM);
      const { graph } = ctx;
      const found = run(weakHashMapValuePinned, ctx);
      expect(found.map((f) => f.evidence.holder).sort()).toEqual([`${CLS}.PINNED_BY_CLOSURE`, `${CLS}.PINNED_BY_QUEUE`, `${CLS}.PINNED_BY_STATIC`]);
      const payload = Number(facts(dir, PROGRAM).payload);

      const byStatic = found.find((f) => f.evidence.holder === `${CLS}.PINNED_BY_STATIC`)!;
      expect(byStatic.count).toBe(3);
      expect(byStatic.evidence.pinnedBy).toBe(`static ${CLS}.ALL_REPORTS`);
      const pinPath = byStatic.evidence.pinPath as { via: string; type: string }[];
      expect(pinPath.map((s) => s.via)).toEqual(expect.arrayContaining(["ALL_REPORTS", "elementData"]));
      expect(pinPath.at(-1)!.type).toBe(`${CLS}$Report`);
      expect(pinPath.some((s) => s.type === "java.util.WeakHashMap")).toBe(false);
      const staticMap = staticOf(graph, CLS, "PINNED_BY_STATIC");
      const values = weakMapEntries(graph, staticMap).map((e) => e.value);
      expect(byStatic.retainedBytes).toBe(values.reduce((s, v) => s + bruteFreed(graph, [v]), 0));
      expect(byStatic.retainedBytes).toBe(3 * (instance(1) + byteArray(payload)));

      const byClosure = found.find((f) => f.evidence.holder === `${CLS}.PINNED_BY_CLOSURE`)!;
      expect(byClosure.count).toBe(2);
      expect(String(byClosure.evidence.pinnedBy)).toMatch(/^closure DetectorWeakHashMaps\$\$Lambda.*\.arg\$1 \(held by static DetectorWeakHashMaps\.EVENT_BUS\)$/);
      const closurePath = byClosure.evidence.pinPath as { via: string }[];
      expect(closurePath.at(-1)!.via).toBe("arg$1");
      expect(byClosure.retainedBytes).toBe(2 * (instance(1) + byteArray(payload)));

      // tasks waiting in an executor's queue: the pin path runs through the pool's work queue
      const byQueue = found.find((f) => f.evidence.holder === `${CLS}.PINNED_BY_QUEUE`)!;
      expect(byQueue.count).toBe(2);
      expect(String(byQueue.evidence.pinnedBy)).toMatch(/^closure DetectorWeakHashMaps\$\$Lambda.*\.arg\$1 \(held by /);
      const queuePath = byQueue.evidence.pinPath as { via: string; type: string }[];
      expect(queuePath.map((s) => s.via)).toContain("workQueue");
      expect(queuePath.some((s) => s.type === "java.util.concurrent.LinkedBlockingQueue")).toBe(true);
      expect(queuePath.at(-1)!.via).toBe("arg$1");
      const queueMap = staticOf(graph, CLS, "PINNED_BY_QUEUE");
      const queued = weakMapEntries(graph, queueMap).map((e) => e.value);
      expect(byQueue.retainedBytes).toBe(queued.reduce((s, v) => s + bruteFreed(graph, [v]), 0));
    });

    it("does not report maps whose values only the map holds", async () => {
      const ctx = await analyzed(dir, PROGRAM);
      const holders = run(weakHashMapValuePinned, ctx).map((f) => f.evidence.holder);
      for (const healthy of ["CALLBACKS", "HANDLES", "LISTENERS", "INDEX", "STALE"]) expect(holders).not.toContain(`${CLS}.${healthy}`);
    });
  });

  describe(`java.weakhashmap.stale-entries, JDK ${jdk}`, () => {
    it("counts the five cleared entries of STALE and the bytes the next expunge frees", async () => {
      const ctx = await analyzed(dir, PROGRAM);
      const { graph } = ctx;
      const found = run(weakHashMapStaleEntries, ctx);
      expect(found).toHaveLength(1);
      const f = found[0];
      const map = staticOf(graph, CLS, "STALE");
      expect(f.subject.id).toBe(graph.hexId(map));
      expect(f.evidence.holder).toBe(`${CLS}.STALE`);
      expect(f.count).toBe(5);
      expect(f.evidence.size).toBe(6);
      expect(f.evidence.live).toBe(1);
      // Stale = referent null in the dump, read independently through the ValueReader.
      const entries = weakMapEntries(graph, map);
      const stale = entries.filter((e) => e.key === -1).map((e) => e.entry);
      expect(stale).toHaveLength(5);
      expect((f.evidence.enqueued as number) + (f.evidence.pending as number)).toBe(5);
      const payload = Number(facts(dir, PROGRAM).payload);
      expect(f.retainedBytes).toBe(bruteFreed(graph, stale, "next"));
      expect(f.retainedBytes).toBe(5 * (instance(6, 4) + byteArray(payload)));
      // The live entry's key is the static STALE_LIVE_KEY.
      expect(entries.find((e) => e.key >= 0)!.key).toBe(staticOf(graph, CLS, "STALE_LIVE_KEY"));
    });
  });

  describe(`WeakHashMap detectors stay quiet on JDK-internal maps, JDK ${jdk}`, () => {
    it("reports only the program's own maps", async () => {
      const ctx = await analyzed(dir, PROGRAM);
      const all: Finding[] = [weakHashMapValueReachesKey, weakHashMapValuePinned, weakHashMapStaleEntries].flatMap((d) => run(d, ctx));
      for (const f of all) expect(String(f.evidence.holder)).toMatch(/^DetectorWeakHashMaps\./);
      expect(all).toHaveLength(8);
      // the table really is an Entry[] and holds the entries we counted
      const map = staticOf(ctx.graph, CLS, "CALLBACKS");
      expect(elements(ctx.graph, edgeTarget(ctx.graph, map, "table")).length).toBeGreaterThan(0);
    });
  });
}

describe("signatures across JDK 17 and 25", () => {
  const both = JDKS.every(({ dir }) => hasSample(dir, PROGRAM));
  it.skipIf(!both)("are equal for the same program and finding (hidden-class names and lambda counters stripped)", async () => {
    const sigs = [];
    for (const { dir } of JDKS) {
      const ctx = await analyzed(dir, PROGRAM);
      sigs.push([weakHashMapValueReachesKey, weakHashMapValuePinned, weakHashMapStaleEntries].flatMap((d) => run(d, ctx)).map((f) => `${f.evidence.holder} ${f.signature}`).sort());
    }
    expect(sigs[0]).toEqual(sigs[1]);
  });
});
