// ThreadLocal, finalizer, Cleaner and class-loader detectors on
// samples/java/programs/DetectorRuntimeLeaks.java (JDK 17, and JDK 25 when present). Expected bytes
// come from the program's constants (FACT lines), the shallow-size model and brute-force reachability.
import { describe, expect, it } from "vitest";
import { cleanerActionReachesReferent } from "../../../src/analysis/detectors/java-cleaner.ts";
import { classLoaderPinned } from "../../../src/analysis/detectors/java-classloader.ts";
import { finalizerBacklog } from "../../../src/analysis/detectors/java-finalizer.ts";
import { threadLocalStaleValue } from "../../../src/analysis/detectors/java-threadlocal.ts";
import { JDKS, analyzed, bruteFreed, byteArray, facts, hasSample, instance, isClassNode, run, staticOf } from "./java-fixture.ts";
import { readFileSync } from "node:fs";
import { samplePath } from "../../helpers/paths.ts";

const PROGRAM = "DetectorRuntimeLeaks";
const CLS = "DetectorRuntimeLeaks";

/** Instances of a class in the JVM's own histogram (jcmd GC.class_histogram) taken before the dump. */
function histogramCount(dir: string, className: string): number {
  for (const line of readFileSync(samplePath(dir, `${PROGRAM}.histo.txt`), "utf8").split("\n")) {
    const m = /^\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)/.exec(line);
    if (m && m[3] === className) return Number(m[1]);
  }
  return 0;
}

for (const { jdk, dir } of JDKS) {
  if (!hasSample(dir, PROGRAM)) {
    describe(`runtime detectors, JDK ${jdk}`, () => {
      it.skip(`sample ${dir}/${PROGRAM}.hprof.gz absent (JDK ${jdk} not installed when samples were generated)`, () => {});
    });
    continue;
  }
  const fact = () => facts(dir, PROGRAM);

  describe(`java.threadlocal.stale-value, JDK ${jdk}`, () => {
    it("reports the pool thread and the plain thread, each with its one stale value", async () => {
      const ctx = await analyzed(dir, PROGRAM);
      const found = run(threadLocalStaleValue, ctx);
      expect(found.map((f) => f.evidence.thread).sort()).toEqual(["leaky-pool-1", "plain-tl-holder"]);
      const payload = Number(fact()["tl.payload"]);
      for (const f of found) {
        expect(f.count).toBe(1);
        expect(f.evidence.pool).toBe(f.evidence.thread === "leaky-pool-1");
        expect(f.evidence.maps).toEqual(["threadLocals"]);
        expect(f.path.at(-1)!.id).toBe(f.subject.id);
        expect(f.subject.type).toBe("java.lang.Thread");
        // ThreadLocalMap$Entry (value, referent, queue, next, discovered) + the byte[] value
        expect(f.retainedBytes).toBe(instance(5) + byteArray(payload));
      }
      // brute force: remove the stale entries of the pool thread's map
      const { graph } = ctx;
      const pool = found.find((f) => f.evidence.pool)!;
      const thread = pool.subject.node!;
      const r = graph.values(thread)!;
      const map = r.field(thread, "threadLocals")!.value as number;
      const table = r.field(map, "table")!.value as number;
      const stale: number[] = [];
      for (let e = graph.edgeStart[table]; e < graph.edgeStart[table + 1]; e++) {
        const entry = graph.edgeTo[e];
        if (isClassNode(graph, entry) || graph.typeName(entry) !== "java.lang.ThreadLocal$ThreadLocalMap$Entry") continue;
        if (r.field(entry, "referent")!.value === -1 && (r.field(entry, "value")!.value as number) >= 0) stale.push(entry);
      }
      expect(stale).toHaveLength(1);
      expect(pool.retainedBytes).toBe(bruteFreed(graph, stale));
    });
  });

  describe(`java.finalizer.backlog, JDK ${jdk}`, () => {
    it("counts the Slow objects queued behind the blocked finalize()", async () => {
      const ctx = await analyzed(dir, PROGRAM);
      const found = run(finalizerBacklog, ctx);
      expect(found).toHaveLength(1);
      const f = found[0];
      const queued = Number(fact()["fin.queued"]);
      expect(f.count).toBe(queued);
      expect(f.evidence.byType).toEqual({ [`${CLS}$Slow`]: queued });
      expect(f.evidence.queueLength).toBe(queued);
      expect(f.evidence.beingFinalized).toBe(`${CLS}$Slow`);
      // the finalizer thread's stack (from its frame roots) shows where it is stuck
      expect((f.evidence.finalizerThreadFrames as string[]).some((fr) => fr.startsWith(`${CLS}$Slow.finalize(`))).toBe(true);
      expect(f.explanation).toContain(`${CLS}$Slow.finalize(`);
      // The JVM's own histogram saw every Slow: the queued ones plus the one being finalized.
      expect(histogramCount(dir, `${CLS}$Slow`)).toBe(queued + 1);
      // Each queued Slow (one ref) and its byte[FIN_PAYLOAD] wait only for the finalizer.
      expect(f.retainedBytes).toBe(queued * (instance(1) + byteArray(Number(fact()["fin.payload"]))));
      expect(f.subject.id).toBe(ctx.graph.hexId(staticOf(ctx.graph, "java.lang.ref.Finalizer", "queue")));
    });
  });

  describe(`java.cleaner.action-reaches-referent, JDK ${jdk}`, () => {
    it("finds the lambda actions that captured their own resource", async () => {
      const ctx = await analyzed(dir, PROGRAM);
      const found = run(cleanerActionReachesReferent, ctx);
      expect(found).toHaveLength(1);
      const f = found[0];
      const bad = Number(fact()["clean.bad"]);
      expect(f.count).toBe(bad);
      expect(f.evidence.referentType).toBe(`${CLS}$Resource`);
      expect(String(f.evidence.actionType)).toMatch(/^DetectorRuntimeLeaks\$\$Lambda/);
      expect(f.evidence.chainFields).toEqual(["action", "arg$1"]);
      expect(f.advice).toContain("arg$1");
      // brute force: remove every action of that class; hand arithmetic: lambda (1 ref) + Resource (1 ref) + byte[]
      const { graph } = ctx;
      const actions: number[] = [];
      for (let v = 0; v < graph.nodeCount; v++) {
        if (isClassNode(graph, v) || graph.typeName(v) !== "jdk.internal.ref.CleanerImpl$PhantomCleanableRef") continue;
        const a = graph.values(v)!.field(v, "action")!.value as number;
        if (a >= 0 && graph.typeName(a).startsWith(`${CLS}$$Lambda`)) actions.push(a);
      }
      expect(actions).toHaveLength(bad);
      expect(f.retainedBytes).toBe(bruteFreed(graph, actions));
      expect(f.retainedBytes).toBe(bad * (instance(1) + instance(1) + byteArray(Number(fact()["clean.payload"]))));
    });
  });

  describe(`java.classloader.pinned, JDK ${jdk}`, () => {
    it("reports loader A (foreign static), B (thread context loader) and C (pool thread's ThreadLocal), nothing else", async () => {
      const ctx = await analyzed(dir, PROGRAM);
      const found = run(classLoaderPinned, ctx);
      expect(found.map((f) => f.evidence.loader).sort()).toEqual(["plugin-a", "plugin-b", "plugin-c"]);
      const c = found.find((f) => f.evidence.loader === "plugin-c")!;
      expect(c.evidence.pinKind).toBe("thread-local");
      expect(c.evidence.pinnedBy).toBe('ThreadLocal value in thread "leaky-pool-1"');
      expect(c.path.map((s) => s.via)).toEqual(expect.arrayContaining(["threadLocals", "value", "<class>", "<classloader>"]));
      expect(c.retainedBytes).toBe(bruteFreed(ctx.graph, [c.path.find((s) => s.type === `${CLS}$PluginImpl`)!.node!]));
      const a = found.find((f) => f.evidence.loader === "plugin-a")!;
      expect(a.evidence.pinnedBy).toBe(`static ${CLS}.PLUGIN_REGISTRY`);
      expect(a.path.map((s) => s.via)).toEqual(expect.arrayContaining(["PLUGIN_REGISTRY", "<class>", "<classloader>"]));
      const b = found.find((f) => f.evidence.loader === "plugin-b")!;
      expect(b.evidence.pinnedBy).toBe('context class loader of thread "ccl-holder"');
      expect(b.path.at(-1)!.via).toBe("contextClassLoader");
      // brute force: what frees if the pin's first object of the loader's world were gone
      const { graph } = ctx;
      const impl = a.path.find((s) => s.type === `${CLS}$PluginImpl`)!.node!;
      expect(a.retainedBytes).toBe(bruteFreed(graph, [impl]));
      expect(b.retainedBytes).toBe(bruteFreed(graph, [b.subject.node!]));
      expect(a.retainedBytes).toBeGreaterThan(b.retainedBytes); // A also frees the PluginImpl and its byte[1024]
    });
  });
}

describe("runtime detector signatures across JDK 17 and 25", () => {
  const both = JDKS.every(({ dir }) => hasSample(dir, PROGRAM));
  it.skipIf(!both)("match for the thread-local, finalizer and class-loader findings", async () => {
    const sigs: string[][] = [];
    for (const { dir } of JDKS) {
      const ctx = await analyzed(dir, PROGRAM);
      sigs.push([threadLocalStaleValue, finalizerBacklog, classLoaderPinned].flatMap((d) => run(d, ctx)).map((f) => f.signature).sort());
    }
    expect(sigs[0]).toHaveLength(6);
    expect(sigs[0]).toEqual(sigs[1]);
  });
});
