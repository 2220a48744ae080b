import type { Finding } from "../analysis/detectors/types.ts";
import { SEVERITY_ORDER } from "../analysis/detectors/types.ts";
import { combineGraphs } from "../graph/combine.ts";
import type { HeapGraph } from "../graph/heap-graph.ts";
import { InputError } from "../io/errors.ts";
import { limitProgress } from "../io/memory-guard.ts";
import { silentProgress } from "../io/progress.ts";
import { loadOne, type InputSpec } from "../load.ts";
import { computeDominators, dominatedBy } from "../analysis/dominators.ts";
import { edgeMask } from "../analysis/edge-policy.ts";
import { sortFindings } from "../analysis/findings.ts";
import { computePaths } from "../analysis/paths.ts";
import { analyzeGraph, runDetectors, type Analysis, type AnalyzeOptions } from "../pipeline.ts";
import { buildReport, type BuildReportOptions } from "../report/build.ts";
import type { CrossLanguageEntry, DominatorEntry, HistogramEntry, ProcessSummary, Report } from "../report/model.ts";
import { sniffFile, type AuditPlan, type PlannedInput, type ProcessPlan, type Skipped } from "./manifest.ts";

export interface AuditOptions extends AnalyzeOptions {
  /**
   * Load Go inputs in worker threads while the main thread loads the HPROF dumps. "auto" (default)
   * uses workers only when there is enough Go input to pay for a worker's start-up.
   */
  parallel?: boolean | "auto";
}

export interface AuditResult {
  plan: AuditPlan;
  analysis: Analysis;
  /** Plan-time problems plus inputs that failed to load. */
  skipped: Skipped[];
  notes: string[];
  /** Processes actually audited (with at least one loaded input). */
  processes: ProcessPlan[];
  /** Same array as analysis.findings; the CLI's baseline gate may replace it. */
  findings: Finding[];
  timings: Record<string, number>;
  /** How inputs were loaded: "sequential" or "workers(n)". */
  loadMode: string;
}

/** One loaded input, or why it could not be. */
export type Loaded = { graph: HeapGraph } | { error: string };

/** Loads inputs one by one on this thread (the default loader). */
export async function loadSequential(specs: InputSpec[], options: AnalyzeOptions): Promise<Loaded[]> {
  const out: Loaded[] = [];
  for (const s of specs) {
    try {
      out.push({ graph: await loadOne(s, options) });
    } catch (e) {
      if (!(e instanceof InputError)) throw e;
      out.push({ error: e.message });
    }
  }
  return out;
}

const RUNTIME_OF_FORMAT = (f: string) => (f === "hprof" ? "java" : "go");

/** Drops inputs whose sniffed format does not match the process's runtime (before any loading). */
function checkRuntime(p: ProcessPlan, inp: PlannedInput, skipped: Skipped[]): boolean {
  const format = inp.format ?? sniffFile(inp.file)?.name;
  if (!format) return true; // let the loader produce its precise "unrecognised format" message
  if (RUNTIME_OF_FORMAT(format) !== p.runtime) {
    skipped.push({ entry: inp.entry, reason: `process "${p.name}" has runtime ${p.runtime}, but this file is ${format === "hprof" ? "a Java HPROF dump" : `Go evidence (${format})`}` });
    return false;
  }
  return true;
}

/**
 * Loads every process's inputs (and base profiles), combines them into one graph under one
 * super-root (each node keeps its process and language), runs the analyses and the detectors once.
 */
export async function runAudit(plan: AuditPlan, options: AuditOptions = {}): Promise<AuditResult> {
  const progress = options.progress ?? silentProgress;
  const skipped: Skipped[] = [...plan.skipped];
  const t0 = performance.now();
  const current: { process: ProcessPlan; input: PlannedInput }[] = [];
  const base: { process: ProcessPlan; input: PlannedInput }[] = [];
  for (const p of plan.processes) {
    for (const i of p.inputs) if (checkRuntime(p, i, skipped)) current.push({ process: p, input: i });
    for (const i of p.base) if (checkRuntime(p, i, skipped)) base.push({ process: p, input: i });
  }
  const all = [...current, ...base];
  const specs: InputSpec[] = all.map(({ process, input }) => ({ file: input.file, process: process.name, options: input.options }));
  let loadMode = "sequential";
  let loaded: Loaded[];
  const parallel = options.parallel ?? "auto";
  if (parallel !== false && specs.length > 1) {
    const { loadParallel, worthParallel } = await import("./parallel-load.ts");
    if (parallel === true || worthParallel(specs)) {
      const r = await loadParallel(specs, options);
      loaded = r.loaded;
      loadMode = r.mode;
    } else loaded = await loadSequential(specs, options);
  } else loaded = await loadSequential(specs, options);
  const perProcess = new Map<ProcessPlan, { graphs: HeapGraph[]; base: HeapGraph[] }>();
  all.forEach(({ process, input }, k) => {
    const r = loaded[k];
    if ("error" in r) {
      skipped.push({ entry: input.entry, reason: r.error });
      return;
    }
    let e = perProcess.get(process);
    if (!e) perProcess.set(process, (e = { graphs: [], base: [] }));
    (k >= current.length ? e.base : e.graphs).push(r.graph);
  });
  const processes = plan.processes.filter((p) => perProcess.get(p)?.graphs.length);
  for (const p of plan.processes) {
    if (!processes.includes(p) && !skipped.some((s) => s.entry === p.entry)) skipped.push({ entry: p.entry, reason: "no input could be loaded; process not audited" });
  }
  if (!processes.length) {
    const why = skipped.map((s) => `${s.entry}: ${s.reason}`).join("; ");
    throw new InputError(plan.source, -1, `nothing to audit${why ? ` (${why})` : ""}`);
  }
  const loadMs = Math.round(performance.now() - t0);
  // Detectors run per process, on that process's own graph and base: a detector's heap totals
  // and its base matching then see exactly what a single-process analysis sees, however many
  // processes (even replicas of one binary) the service has. Ordinals are shifted afterwards to
  // the combined graph, where processes follow each other in this order.
  const t1 = performance.now();
  const findings: Finding[] = [];
  const processGraphs: HeapGraph[] = [];
  let offset = 0;
  const single = processes.length === 1;
  let singleBase: HeapGraph | undefined;
  for (const p of processes) {
    const e = perProcess.get(p)!;
    const g = combineGraphs(e.graphs);
    const base = e.base.length ? combineGraphs(e.base) : undefined;
    singleBase = base;
    // One process: its analysis below is the combined one; no need to run it twice.
    if (options.detectors !== false && !single) {
      for (const f of detectProcess(g, base, options)) findings.push(shiftFinding(f, offset, p.name));
    }
    processGraphs.push(g);
    offset += g.nodeCount;
  }
  const detectMs = Math.round(performance.now() - t1);
  progress.phase("combine");
  const graph = combineGraphs(processGraphs);
  progress.end();
  // The per-process graphs were copied into the combined one: let them go before the big analysis.
  if (processGraphs.length > 1) {
    processGraphs.length = 0;
    perProcess.clear();
    loaded.length = 0;
  }
  const analysis = single ? await analyzeGraph(graph, { ...options, baseGraph: singleBase }) : await analyzeGraph(graph, { ...options, detectors: false });
  if (single) for (const f of analysis.findings) f.process ??= processes[0].name;
  else analysis.findings = sortFindings(findings);
  analysis.timings = { load: loadMs, "per-process analysis": detectMs, ...analysis.timings };
  return {
    plan,
    analysis,
    skipped,
    notes: [...plan.notes],
    processes,
    findings: analysis.findings,
    timings: analysis.timings,
    loadMode,
  };
}

/**
 * The detector part of analyzeGraph for one process (dominators, paths, detectors; no histogram,
 * which detectors do not use): the same selection, language filter and minBytes cut.
 */
function detectProcess(graph: HeapGraph, base: HeapGraph | undefined, options: AnalyzeOptions): Finding[] {
  const mask = edgeMask({ followWeak: options.followWeak });
  const dominators = computeDominators(graph, mask, limitProgress(options.progress ?? silentProgress, options.maxMemory));
  const paths = computePaths(graph, mask);
  return runDetectors({ graph, dominators, paths, mask, minBytes: options.minBytes ?? 0, base }, options);
}

/** A finding of one process's graph, re-based to the combined graph's ordinals. */
function shiftFinding(f: Finding, offset: number, process: string): Finding {
  const shift = (n: number | undefined) => (n === undefined ? undefined : n + offset);
  return {
    ...f,
    process: f.process ?? process,
    subject: f.subject.node === undefined ? f.subject : { ...f.subject, node: shift(f.subject.node) },
    path: f.path.map((s) => (s.node === undefined ? s : { ...s, node: shift(s.node) })),
  };
}

/** Findings that belong in the cross-language section. */
export const CROSS_LANGUAGE = /^(hybrid\.|go\.map\.|java\.weakhashmap\.)/;

/**
 * The audit report: the ordinary report of the combined graph plus the service overview (one
 * summary per process), the cross-language ranking and what was skipped.
 */
export function buildAuditReport(r: AuditResult, opts: BuildReportOptions = {}): Report {
  const a = { ...r.analysis, findings: r.findings };
  const report = buildReport(a, { ...opts, service: r.plan.service });
  const g = a.graph;
  const d = a.dominators;
  const top = Math.min(opts.top ?? 25, 25);
  // Type index → process (types are per input after combining).
  const typeProcess = new Array<string>(g.types.names.length);
  for (const inp of g.inputs) for (let v = inp.firstNode; v < inp.endNode; v++) typeProcess[g.type[v]] ??= inp.process;
  const allRetainers = topRetainersByProcess(r, top);
  report.processes = r.processes.map((p): ProcessSummary => {
    const inputs = report.inputs.filter((i) => i.process === p.name);
    const sum = (k: "objects" | "shallowBytes" | "unreachableObjects" | "unreachableBytes" | "roots") => inputs.reduce((s, i) => s + i[k], 0);
    let reachable = 0;
    for (const inp of g.inputs) {
      if (inp.process !== p.name) continue;
      for (let v = inp.firstNode; v < inp.endNode; v++) if (d.reachable[v]) reachable += g.shallow[v];
    }
    const findingIndexes: number[] = [];
    const bySeverity: Record<string, number> = {};
    const byDetector: Record<string, number> = {};
    report.findings.forEach((f, i) => {
      if (f.process !== p.name) return;
      findingIndexes.push(i);
      bySeverity[f.severity] = (bySeverity[f.severity] ?? 0) + 1;
      byDetector[f.detector] = (byDetector[f.detector] ?? 0) + 1;
    });
    const topTypes: HistogramEntry[] = [];
    for (const h of a.histogram) {
      if (topTypes.length >= top) break;
      if (typeProcess[h.type] !== p.name) continue;
      topTypes.push({ type: h.name, count: h.count, shallowBytes: h.shallowBytes, retainedBytes: h.retainedBytes, language: p.runtime });
    }
    return {
      name: p.name,
      runtime: p.runtime,
      files: inputs.map((i) => i.file),
      ...(p.base.length ? { baseFiles: p.base.map((b) => b.file) } : {}),
      formats: [...new Set(inputs.map((i) => i.format))],
      objects: sum("objects"),
      shallowBytes: sum("shallowBytes"),
      reachableBytes: reachable,
      unreachableObjects: sum("unreachableObjects"),
      unreachableBytes: sum("unreachableBytes"),
      roots: sum("roots"),
      topRetainers: allRetainers.get(p.name) ?? [],
      topTypes,
      findings: { total: findingIndexes.length, bySeverity, byDetector },
      findingIndexes,
    };
  });
  report.crossLanguage = report.findings
    .map((f, i): CrossLanguageEntry | undefined =>
      CROSS_LANGUAGE.test(f.detector)
        ? { finding: i, detector: f.detector, process: f.process, language: f.language, severity: f.severity, title: f.title, retainedBytes: f.retainedBytes, count: f.count, signature: f.signature }
        : undefined,
    )
    .filter((e): e is CrossLanguageEntry => e !== undefined)
    .sort((x, y) => y.retainedBytes - x.retainedBytes || SEVERITY_ORDER[y.severity as keyof typeof SEVERITY_ORDER] - SEVERITY_ORDER[x.severity as keyof typeof SEVERITY_ORDER]);
  report.skipped = r.skipped;
  report.warnings.push(...r.notes);
  return report;
}

/** Each process's largest dominator-tree children of the super-root. */
function topRetainersByProcess(r: AuditResult, top: number): Map<string, DominatorEntry[]> {
  const g = r.analysis.graph;
  const d = r.analysis.dominators;
  const out = new Map<string, DominatorEntry[]>();
  const s = g.superRoot;
  for (const v of dominatedBy(d, s)) {
    const p = g.inputOf(v)?.process;
    if (p === undefined) continue;
    let list = out.get(p);
    if (!list) out.set(p, (list = []));
    if (list.length >= top) continue;
    list.push({ id: g.hexId(v), type: g.nodeName(v), shallowBytes: g.shallow[v], retainedBytes: d.retained[v], retainedCount: d.retainedCount[v], process: p });
  }
  return out;
}
