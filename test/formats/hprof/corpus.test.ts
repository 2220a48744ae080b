import { describe, expect, it } from "vitest";
import type { HeapGraph } from "../../../src/graph/heap-graph.ts";
import { NodeKind, RootKind } from "../../../src/graph/kinds.ts";
import { loadOne } from "../../../src/load.ts";
import { corpusPath, hasCorpus } from "../../helpers/paths.ts";

// Real dumps from other tools' test suites (../shared/corpus, PROVENANCE.md). Every one loads; the
// expected figures are the ones PROVENANCE.md lists (counted there with an independent scanner).
interface Expect {
  file: string;
  version: string;
  idSize: number;
  classes?: number;
  instances?: number;
  primArrays?: number;
  dumps?: number;
  rootKinds?: number[];
}
const FILES: Expect[] = [
  { file: "hprof-android/aosp-perflib-dialer.hprof", version: "1.0.3", idSize: 4, classes: 3571, instances: 24612, rootKinds: [RootKind.InternedString, RootKind.Finalizing, RootKind.Debugger, RootKind.NativeStack] },
  { file: "hprof-android/leakcanary-service-binder.hprof", version: "1.0.3", idSize: 4, classes: 3645, instances: 25183, primArrays: 13610, rootKinds: [RootKind.InternedString, RootKind.Finalizing, RootKind.Debugger] },
  { file: "hprof-jvm/slurp-hprof32-agent.hprof", version: "1.0.1", idSize: 4, rootKinds: [RootKind.Unknown, RootKind.ThreadBlock] },
  { file: "hprof-jvm/slurp-hprof64.hprof", version: "1.0.1", idSize: 8, classes: 474, instances: 4149 },
  { file: "hprof-jvm/visualvm-small-heap.hprof", version: "1.0.1", idSize: 4, classes: 443, instances: 1348 },
  { file: "hprof-jvm/mat-sun-jdk5-13-x32.hprof", version: "1.0.1", idSize: 4, classes: 336, instances: 544 },
  { file: "hprof-jvm/mat-sun-jdk5-64bit.hprof", version: "1.0.1", idSize: 8 },
  { file: "hprof-jvm/mat-sun-jdk6-30-x64-coops.hprof", version: "1.0.1", idSize: 8 },
  { file: "hprof-jvm/mat-sun-jdk6-31-hprofagent.hprof", version: "1.0.2", idSize: 4, dumps: 2, rootKinds: [RootKind.Unknown] },
  { file: "hprof-jvm/mat-oracle-jdk7-21-hprofagent.hprof", version: "1.0.1", idSize: 4, dumps: 2 },
  { file: "hprof-jvm/mat-oracle-jdk8-05-x64.hprof", version: "1.0.1", idSize: 8, classes: 603, instances: 7920 },
  { file: "hprof-jvm/mat-openjdk-jdk11-04-x64.hprof.gz", version: "1.0.2", idSize: 8, classes: 1912, instances: 129433 },
  { file: "hprof-jvm/pyhprof-example-java.hprof", version: "1.0.2", idSize: 8, classes: 504, instances: 14484 },
];

function countKind(g: HeapGraph, k: number): number {
  let n = 0;
  for (let i = 0; i < g.nodeCount; i++) if (g.kind[i] === k) n++;
  return n;
}

describe.skipIf(!hasCorpus)("HPROF corpus", () => {
  it.each(FILES)("$file loads with plausible counts", async (x) => {
    const g = await loadOne({ file: corpusPath(x.file) });
    const meta = g.inputs[0].meta as Record<string, unknown>;
    expect(meta.version).toBe(`JAVA PROFILE ${x.version}`);
    expect(meta.idSize).toBe(x.idSize);
    expect(meta.dumpCount).toBe(x.dumps ?? 1);
    if (x.classes !== undefined) expect(countKind(g, NodeKind.Class)).toBe(x.classes);
    if (x.instances !== undefined) expect(countKind(g, NodeKind.Instance)).toBe(x.instances);
    if (x.primArrays !== undefined) expect(countKind(g, NodeKind.PrimitiveArray)).toBe(x.primArrays);
    for (const k of x.rootKinds ?? []) expect(Array.from(g.rootKind)).toContain(k);
    expect(g.rootCount).toBeGreaterThan(0);
    expect(g.edgeCount).toBeGreaterThan(g.nodeCount);
    // No truncation or structural warnings on intact files (dangling ids and several dumps are facts of the file).
    for (const w of g.warnings) expect(w).toMatch(/dangling ids|heap dumps; loaded dump|repeat an object id/);
    // Strings decode (byte[] + coder on JDK 9+, char[] with offset/count before, char[] on Android).
    const v = g.valueReaders[0]!;
    let strings = 0;
    let decoded = 0;
    for (let n = 0; n < g.nodeCount && strings < 300; n++) {
      if (g.kind[n] !== NodeKind.Instance || g.typeName(n) !== "java.lang.String") continue;
      strings++;
      if (/^".*"$/s.test(v.display(n) ?? "")) decoded++;
    }
    expect(strings).toBeGreaterThan(0);
    expect(decoded / strings).toBeGreaterThan(0.95);
    // Thread roots carry names read from Thread.name.
    const threadLabels = Array.from({ length: g.rootCount }, (_, r) => r).filter((r) => g.rootKind[r] === RootKind.ThreadObject).map((r) => g.rootLabelText(r));
    expect(threadLabels.some((l) => /main|Finalizer|Reference Handler|Signal/.test(l))).toBe(true);
  });

  it("two-dump files: each dump can be chosen; the class dumps add up to PROVENANCE.md's 856", async () => {
    const f = corpusPath("hprof-jvm/mat-oracle-jdk7-21-hprofagent.hprof");
    const d0 = await loadOne({ file: f, options: { dumpIndex: 0 } });
    const d1 = await loadOne({ file: f });
    expect(d1.inputs[0].meta.dumpIndex).toBe(1);
    expect(countKind(d0, NodeKind.Class) + countKind(d1, NodeKind.Class)).toBe(856);
    expect(d1.warnings.join()).toMatch(/holds 2 heap dumps; loaded dump 1/);
  });
});
