import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { buildAuditReport, runAudit, type AuditResult } from "../../src/audit/audit.ts";
import { planAudit, type ProcessPlan } from "../../src/audit/manifest.ts";
import type { Finding } from "../../src/analysis/detectors/types.ts";
import { analyzeFiles } from "../../src/pipeline.ts";
import { buildReport } from "../../src/report/build.ts";
import type { Report } from "../../src/report/model.ts";
import { samplePath } from "../helpers/paths.ts";

const MANIFEST = samplePath("hybrid", "service", "manifest.json");

/** jcmd GC.class_histogram rows: class → {count, bytes}. */
function histogram(file: string): Map<string, { count: number; bytes: number }> {
  const m = new Map<string, { count: number; bytes: number }>();
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const r = /^\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)/.exec(line);
    if (r) m.set(r[3], { count: Number(r[1]), bytes: Number(r[2]) });
  }
  return m;
}

/** "FACT key=value" lines the sample program printed. */
function facts(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of readFileSync(file, "utf8").split("\n")) {
    const r = /^FACT ([^=]+)=(.*)$/.exec(line);
    if (r) out[r[1]] = r[2];
  }
  return out;
}

const align8 = (n: number) => Math.ceil(n / 8) * 8;
const key = (f: Finding) => [f.detector, f.signature, f.severity, f.count, f.retainedBytes].join(" ");

let result: AuditResult;
let report: Report;
let plan: ReturnType<typeof planAudit>;

beforeAll(async () => {
  plan = planAudit(MANIFEST);
  result = await runAudit(plan, { parallel: false });
  report = buildAuditReport(result, { top: 10 });
}, 120_000);

describe("audit of the sample hybrid service", () => {
  it("audits all three processes in one combined graph", () => {
    expect(report.service).toBe("checkout");
    expect(report.skipped).toEqual([]);
    expect(report.processes!.map((p) => [p.name, p.runtime, p.formats])).toEqual([
      ["app", "java", ["hprof"]],
      ["gateway", "go", ["pprof"]],
      ["sidecar", "go", ["godump"]],
    ]);
    const g = result.analysis.graph;
    expect(g.inputs.map((i) => [i.process, i.language])).toEqual([["app", "java"], ["gateway", "go"], ["sidecar", "go"]]);
    // One super-root: the reachable total is the sum of the processes'.
    const sum = report.processes!.reduce((s, p) => s + p.reachableBytes, 0);
    expect(report.summary.reachableBytes).toBe(sum);
    for (const p of report.processes!) {
      for (const i of p.findingIndexes) expect(report.findings[i].process).toBe(p.name);
      for (const d of p.topRetainers) expect(d.process).toBe(p.name);
    }
  });

  it.each(["app", "gateway", "sidecar"])("process %s: objects, bytes and findings equal its single-input analysis", async (name) => {
    const p = plan.processes.find((x) => x.name === name) as ProcessPlan;
    const single = await analyzeFiles(p.inputs.map((i) => ({ file: i.file })), { base: p.base.map((b) => ({ file: b.file })) });
    const sr = buildReport(single, { top: 10 });
    const ap = report.processes!.find((x) => x.name === name)!;
    expect(ap.objects).toBe(sr.summary.objects);
    expect(ap.shallowBytes).toBe(sr.summary.shallowBytes);
    expect(ap.reachableBytes).toBe(sr.summary.reachableBytes);
    expect(ap.unreachableObjects).toBe(sr.summary.unreachableObjects);
    expect(ap.roots).toBe(sr.summary.roots);
    expect(ap.topRetainers.map((d) => [d.id, d.retainedBytes])).toEqual(sr.dominators.map((d) => [d.id, d.retainedBytes]).slice(0, ap.topRetainers.length));
    const mine = report.findings.filter((f) => f.process === name).map(key).sort();
    expect(mine).toEqual(single.findings.map(key).sort());
    expect(ap.findings.total).toBe(single.findings.length);
  }, 120_000);

  it("JNI-only objects match the JVM's histogram and the program's facts", () => {
    const dir = samplePath("hybrid", "service", "app");
    const h = histogram(`${dir}/HybridApp.histo.txt`);
    const fact = facts(`${dir}/HybridApp.out.txt`);
    const jni = report.findings.filter((f) => f.detector === "hybrid.jni-global-roots");
    expect(jni.map((f) => f.subject.type).sort()).toEqual(["HybridApp$CallbackHandle", "HybridApp$SessionState"]);
    const sessions = Number(fact["jni.only.SessionState.count"]);
    const session = jni.find((f) => f.subject.type === "HybridApp$SessionState")!;
    expect(session.count).toBe(sessions);
    expect(h.get("HybridApp$SessionState")!.count).toBe(sessions);
    // Per session: the instance, its byte[PAYLOAD], its "user-<i>" String and that String's Latin-1 byte[].
    const sessionSize = h.get("HybridApp$SessionState")!.bytes / sessions;
    const stringSize = h.get("java.lang.String")!.bytes / h.get("java.lang.String")!.count;
    const payload = align8(16 + Number(fact["jni.only.SessionState.payloadLength"]));
    let userBytes = 0;
    for (let i = 0; i < sessions; i++) userBytes += align8(16 + `user-${i}`.length);
    expect(session.retainedBytes).toBe(sessions * (sessionSize + payload + stringSize) + userBytes);
    expect(session.evidence.objects).toBe(4 * sessions);
    expect(session.severity).toBe("high");
    expect(session.path[0].root).toMatch(/^jni-global/);
    const handles = Number(fact["jni.only.CallbackHandle.count"]);
    const handle = jni.find((f) => f.subject.type === "HybridApp$CallbackHandle")!;
    expect(handle.count).toBe(handles);
    const handleSize = h.get("HybridApp$CallbackHandle")!.bytes / handles;
    expect(handle.retainedBytes).toBe(handles * (handleSize + align8(16 + 4 * Number(fact["jni.only.CallbackHandle.countersLength"]))));
    // Pinned by JNI but also by a static field: not JNI-only.
    expect(jni.some((f) => f.subject.type.includes("SharedConfig"))).toBe(false);
  });

  it("the cross-language section ranks JNI-only Java objects and Go map retention together by bytes", () => {
    const cross = report.crossLanguage!;
    expect(cross.some((c) => c.detector === "hybrid.jni-global-roots" && c.process === "app")).toBe(true);
    expect(cross.some((c) => c.detector.startsWith("go.map.") && c.language === "go")).toBe(true);
    for (let i = 1; i < cross.length; i++) expect(cross[i - 1].retainedBytes).toBeGreaterThanOrEqual(cross[i].retainedBytes);
    for (const c of cross) expect(report.findings[c.finding].signature).toBe(c.signature);
  });

  it("signatures are stable across two dumps of the same program (different addresses)", async () => {
    const rerun = await analyzeFiles([{ file: samplePath("hybrid", "rerun", "app", "HybridApp.hprof.gz") }], { only: ["hybrid"] });
    const first = report.findings.filter((f) => f.process === "app" && f.detector.startsWith("hybrid."));
    const again = rerun.findings;
    expect(again.map((f) => f.signature).sort()).toEqual(first.map((f) => f.signature).sort());
    expect(again.map((f) => f.subject.id).sort()).not.toEqual(first.map((f) => f.subject.id).sort());
  }, 120_000);

  it("loading the Go profiles in a worker thread changes nothing", async () => {
    const w = await runAudit(plan, { parallel: true });
    expect(w.loadMode).toMatch(/worker/);
    const wr = buildAuditReport(w, { top: 10 });
    const shape = (r: Report) => r.processes!.map((p) => [p.name, p.objects, p.shallowBytes, p.reachableBytes, p.topRetainers]);
    expect(shape(wr)).toEqual(shape(report));
    expect(wr.findings.map(key)).toEqual(report.findings.map(key));
  }, 120_000);

  it("directory mode gives the same processes and numbers as the manifest", async () => {
    const d = await runAudit(planAudit(samplePath("hybrid", "service")), { parallel: false });
    const dr = buildAuditReport(d, { top: 5 });
    const shape = (r: Report) => r.processes!.map((p) => [p.name, p.objects, p.shallowBytes, p.reachableBytes, p.findings.total]);
    expect(shape(dr)).toEqual(shape(report));
  }, 120_000);
});
