import { selectDetectors } from "./analysis/detectors/index.ts";
import type { DetectorContext, Finding } from "./analysis/detectors/types.ts";
import { computeDominators } from "./analysis/dominators.ts";
import { edgeMask, type EdgeMask } from "./analysis/edge-policy.ts";
import type { PairGrouping } from "./analysis/pair-buckets.ts";
import { sortFindings } from "./analysis/findings.ts";
import { histogramInputs, histogramRows, histogramTotals, typeSumInputs, type TypeSums } from "./analysis/histogram.ts";
import { computePaths } from "./analysis/paths.ts";
import type { DominatorResult, HistogramRow, PathIndex } from "./analysis/types.ts";
import type { HeapGraph } from "./graph/heap-graph.ts";
import { limitProgress } from "./io/memory-guard.ts";
import { silentProgress, type Progress } from "./io/progress.ts";
import { loadGraph, type InputSpec, type LoadGraphOptions } from "./load.ts";
import { GraphThread, HandOff } from "./parallel/graph-thread.ts";

export interface AnalyzeOptions extends LoadGraphOptions {
  /** Follow weak/soft/phantom/final references as if strong. */
  followWeak?: boolean;
  /** Detector ids (or prefixes like "java.weakhashmap") to run / to skip. */
  only?: string[];
  skip?: string[];
  /** Drop findings retaining fewer bytes. */
  minBytes?: number;
  /** Run detectors at all (default true). */
  detectors?: boolean;
  /** Base inputs for comparisons (Go map detector, diffs). */
  base?: InputSpec[];
  /**
   * A second thread (HPROF pass 2, graph walks beside the dominators, the histogram beside the
   * detectors): "auto" (default) when the machine has two cores and the inputs are large, false
   * never, true always.
   */
  threads?: boolean | "auto";
}

/** Everything one analysis computed; reports and commands read from here. */
export interface Analysis {
  graph: HeapGraph;
  mask: EdgeMask;
  dominators: DominatorResult;
  paths: PathIndex;
  histogram: HistogramRow[];
  findings: Finding[];
  base?: HeapGraph;
  /** Wall time per phase in ms. */
  timings: Record<string, number>;
}

/** Times one phase; `reportsOwnPhases` steps report sub-phases themselves, so no outer progress line. */
function timed<T>(timings: Record<string, number>, name: string, progress: Progress, f: () => T, reportsOwnPhases = false): T {
  const t0 = performance.now();
  if (!reportsOwnPhases) progress.phase(name);
  const r = f();
  if (!reportsOwnPhases) progress.end();
  timings[name] = Math.round(performance.now() - t0);
  return r;
}

/** The graph thread's result for a step, timed as "<name> (thread, wait)"; undefined when the step did not go there or failed. */
async function awaited<T>(timings: Record<string, number>, name: string, progress: Progress, onThread: Promise<T | undefined> | undefined): Promise<T | undefined> {
  if (!onThread) return undefined;
  const t0 = performance.now();
  progress.phase(`${name}: waiting for the thread`);
  const r = await onThread;
  progress.end();
  timings[`${name} (thread, wait)`] = Math.round(performance.now() - t0);
  return r;
}

/** Loads inputs into one graph and runs every analysis on it. */
export async function analyzeFiles(specs: InputSpec[], options: AnalyzeOptions = {}): Promise<Analysis> {
  const t0 = performance.now();
  // Started first: the thread compiles its modules while the main thread loads.
  const thread = GraphThread.forInputs(specs.map((s) => s.file), options.threads ?? "auto");
  try {
    const graph = await loadGraph(specs, { ...options, helperThread: thread });
    const loadMs = Math.round(performance.now() - t0);
    const base = options.base?.length ? await loadGraph(options.base, options) : undefined;
    // (the base is only compared against: no dominators will use its builder's spare buffers)
    base?.spares.clear();
    const a = await analyzeGraph(graph, { ...options, baseGraph: base, thread });
    a.timings = { load: loadMs, ...a.timings };
    return a;
  } finally {
    thread?.close();
  }
}

/** The selected detectors that apply to the graph's languages, findings below ctx.minBytes dropped (unsorted). */
export function runDetectors(ctx: DetectorContext, options: Pick<AnalyzeOptions, "only" | "skip">): Finding[] {
  const out: Finding[] = [];
  for (const d of selectDetectors(options.only, options.skip)) {
    if (d.language !== "hybrid" && !ctx.graph.inputs.some((i) => i.language === d.language)) continue;
    for (const f of d.run(ctx)) if (f.retainedBytes >= ctx.minBytes) out.push(f);
  }
  return out;
}

export async function analyzeGraph(graph: HeapGraph, options: AnalyzeOptions & { baseGraph?: HeapGraph; thread?: GraphThread } = {}): Promise<Analysis> {
  const progress = limitProgress(options.progress ?? silentProgress, options.maxMemory);
  const timings: Record<string, number> = {};
  const mask = edgeMask({ followWeak: options.followWeak });
  // The path BFS needs only the graph: on the second thread it runs while the dominators are
  // computed. Its queues are handed back for the dominators' predecessor arrays (HandOff).
  const thread = options.thread;
  const n = graph.nodeCount;
  // (the BFS's has room for every predecessor pair: only what it touches is resident)
  let handOffs = thread ? [new HandOff(Math.max(n + 2, graph.edgeCount + n + 1)), new HandOff(n + 2)] : [];
  const pathsOnThread = thread?.paths(graph, mask, handOffs[0])?.catch(() => undefined);
  const nonJniReach = options.detectors !== false ? thread?.nonJniReach(graph, mask, handOffs[1])?.catch(() => undefined) : undefined;
  // The histogram's type sums need only the graph: queued on the thread right behind its share of
  // the predecessor grouping, they run while this thread is in semi-NCA (where the thread is idle).
  let sumsOnThread: Promise<TypeSums | undefined> | undefined;
  const helper = thread && {
    groupPairs(g: PairGrouping, nodes: number) {
      thread.groupPairs(g, nodes);
      sumsOnThread = thread.typeSums(typeSumInputs(graph), nodes)?.catch(() => undefined);
    },
    scratch(length: number) {
      // The smallest that will do, so the BFS's long queue is kept for the long request.
      let best = -1;
      for (let i = 0; i < handOffs.length; i++) {
        const h = handOffs[i];
        if (h.ready() && h.array.length >= length && (best < 0 || h.array.length < handOffs[best].array.length)) best = i;
      }
      return best < 0 ? undefined : handOffs.splice(best, 1)[0].array;
    },
  };
  const dominators = timed(timings, "dominators", progress, () => computeDominators(graph, mask, progress, helper), true);
  // Queues the thread had not finished with in time are its own to drop.
  handOffs = [];
  const paths = (await awaited(timings, "paths", progress, pathsOnThread)) ?? timed(timings, "paths", progress, () => computePaths(graph, mask, progress), true);
  // Exact set-retained sizes for the top rows while that stays cheap (one graph pass per row);
  // the rest are the dominator-tree lower bound. With the graph thread, the whole histogram (its
  // sums and those passes) is computed there while this thread runs the detectors.
  const precise = Math.min(25, Math.floor(12_500_000 / Math.max(1, graph.nodeCount)));
  const sums = await awaited(timings, "type sums", progress, sumsOnThread);
  const histInputs = histogramInputs(graph, dominators);
  const histOnThread = thread?.histogram(histInputs, precise, sums)?.catch(() => undefined);
  const minBytes = options.minBytes ?? 0;
  let findings: Finding[] = [];
  if (options.detectors !== false) {
    const precomputed = { nonJniReach: nonJniReach ? await nonJniReach : undefined };
    findings = timed(timings, "detectors", progress, () => sortFindings(runDetectors({ graph, dominators, paths, mask, minBytes, base: options.baseGraph, precomputed }, options)));
  }
  const totals = (await awaited(timings, "histogram", progress, histOnThread)) ?? timed(timings, "histogram", progress, () => histogramTotals(histInputs, precise, sums));
  const hist = histogramRows(graph, dominators, totals);
  return { graph, mask, dominators, paths, histogram: hist, findings, base: options.baseGraph, timings };
}
