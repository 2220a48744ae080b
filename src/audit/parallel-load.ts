import { HeapGraph } from "../graph/heap-graph.ts";
import { ProfileTable } from "../graph/profile-table.ts";
import type { LoadOptions } from "../formats/format.ts";
import type { InputSpec } from "../load.ts";
import type { AnalyzeOptions } from "../pipeline.ts";
import { loadSequential, type Loaded } from "./audit.ts";
import type { GraphMessage, WorkerJob } from "./load-worker.ts";
import { sniffFile } from "./manifest.ts";
import { inputWeight } from "../io/source.ts";
import { siblingUrl, startWorker } from "../parallel/boot.ts";

/**
 * Parallel loading for audits: the main thread loads the HPROF dumps (their ValueReader reads the
 * dump lazily and cannot cross threads) and Go heap dumps (their meta carries a memory accessor
 * function for the map detectors) while ONE worker loads the pprof profiles and transfers each
 * graph's typed arrays back without copying. One worker because the machine has 2 cores. An input
 * whose graph turns out not to be transferable is loaded again on the main thread.
 *
 * Measured on this 2-core machine (bench/audit.bench.ts; the sample HPROF + two 0.8 MB gzip
 * profiles of 131,072 stacks each): sequential load 3.4–5.3 s, with the worker 4.2–7.2 s, and
 * ~130 MB more peak RSS. A worker costs ~0.6 s to start (tsx compiles the loader modules again
 * inside it) and the two cores are shared with the analysis itself, so "auto" uses a worker only
 * when both sides have a lot to load (MIN_BYTES_EACH_SIDE); `--workers on` forces it.
 */

/** Input bytes (on disk, gzip counted ×4) each thread must have before "auto" starts a worker. */
export const MIN_BYTES_EACH_SIDE = 256 * 1024 * 1024;

/** Formats whose graphs must be built on the main thread (ValueReader / functions in meta). */
const MAIN_THREAD_FORMATS = new Set(["hprof", "godump"]);

function mainThreadOnly(file: string): boolean {
  const f = sniffFile(file)?.name;
  return f === undefined || MAIN_THREAD_FORMATS.has(f);
}

export function worthParallel(specs: InputSpec[]): boolean {
  let worker = 0, main = 0, workerCount = 0;
  for (const s of specs) {
    if (mainThreadOnly(s.file)) main += inputWeight(s.file);
    else {
      worker += inputWeight(s.file);
      workerCount++;
    }
  }
  // Without main-thread work the main thread takes one of the worker's inputs (loadParallel).
  if (main === 0 && workerCount > 1) {
    main = worker / workerCount;
    worker -= main;
  }
  return worker >= MIN_BYTES_EACH_SIDE && main >= MIN_BYTES_EACH_SIDE;
}

/** Options a worker can receive (structured-clone safe: no progress callbacks, no signal). */
function cloneable(o: AnalyzeOptions): LoadOptions & { maxMemory?: number } {
  const out: LoadOptions & { maxMemory?: number } = {};
  if (o.maxMemory !== undefined) out.maxMemory = o.maxMemory;
  if (o.sampleIndex !== undefined) out.sampleIndex = o.sampleIndex;
  if (o.binary !== undefined) out.binary = o.binary;
  if (o.dumpIndex !== undefined) out.dumpIndex = o.dumpIndex;
  return out;
}

function workerUrl(): string {
  return siblingUrl(import.meta.url, "load-worker");
}

/** Runs loadOne for `specs` in one worker thread; results in spec order. */
export function loadInWorker(specs: InputSpec[], options: AnalyzeOptions): Promise<(Loaded | { retry: true })[]> {
  const job: WorkerJob = { specs: specs.map((s) => ({ file: s.file, process: s.process, options: s.options })), options: cloneable(options) };
  return new Promise((resolve, reject) => {
    const results: (Loaded | { retry: true })[] = new Array(specs.length);
    let received = 0;
    const w = startWorker(workerUrl(), { workerData: job });
    w.on("message", (m: GraphMessage) => {
      if (m.ok) results[m.index] = { graph: rehydrate(new HeapGraph(m.parts)) };
      else if (m.input) results[m.index] = { error: m.error };
      else if (m.retry) results[m.index] = { retry: true };
      else {
        reject(new Error(m.error));
        void w.terminate();
        return;
      }
      received++;
    });
    w.on("error", reject);
    w.on("exit", (code) => {
      if (received === specs.length) resolve(results);
      else reject(new Error(`load worker exited (code ${code}) after ${received} of ${specs.length} inputs`));
    });
  });
}

/** Gives cloned meta its classes back (structured cloning drops prototypes). */
function rehydrate(g: HeapGraph): HeapGraph {
  for (const inp of g.inputs) {
    const t = inp.meta.profile;
    if (t && typeof t === "object" && !(t instanceof ProfileTable)) inp.meta.profile = new ProfileTable(t as ConstructorParameters<typeof ProfileTable>[0]);
  }
  return g;
}

export async function loadParallel(specs: InputSpec[], options: AnalyzeOptions): Promise<{ loaded: Loaded[]; mode: string }> {
  const mainIdx: number[] = [];
  const workerIdx: number[] = [];
  specs.forEach((s, i) => (mainThreadOnly(s.file) ? mainIdx : workerIdx).push(i));
  if (!mainIdx.length && workerIdx.length > 1) mainIdx.push(workerIdx.shift()!);
  if (!workerIdx.length) return { loaded: await loadSequential(specs, options), mode: "sequential" };
  const inWorker = loadInWorker(workerIdx.map((i) => specs[i]), options);
  // Let the worker start before the main thread gets busy with synchronous parsing.
  await new Promise((r) => setImmediate(r));
  const onMain = await loadSequential(mainIdx.map((i) => specs[i]), options);
  const fromWorker = await inWorker;
  const loaded: Loaded[] = new Array(specs.length);
  mainIdx.forEach((i, k) => (loaded[i] = onMain[k]));
  for (let k = 0; k < workerIdx.length; k++) {
    const r = fromWorker[k];
    const i = workerIdx[k];
    loaded[i] = "retry" in r ? (await loadSequential([specs[i]], options))[0] : r;
  }
  return { loaded, mode: `main ${mainIdx.length} + worker ${workerIdx.length}` };
}
