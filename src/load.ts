import { sniffFormat } from "./formats/index.ts";
import type { LoadOptions, ParallelHelper } from "./formats/format.ts";
import { GraphBuilder } from "./graph/builder.ts";
import { combineGraphs } from "./graph/combine.ts";
import type { HeapGraph } from "./graph/heap-graph.ts";
import { InputError } from "./io/errors.ts";
import { inflateBudget, limitProgress } from "./io/memory-guard.ts";
import { silentProgress, type Progress } from "./io/progress.ts";
import { head, openInput } from "./io/source.ts";

export interface InputSpec {
  file: string;
  /** Process name (hybrid audits); defaults to the file's base name. */
  process?: string;
  options?: LoadOptions;
}

export interface LoadGraphOptions extends LoadOptions {
  progress?: Progress;
  signal?: AbortSignal;
  /** --max-memory in bytes: a LimitError instead of an out-of-memory crash (checked on progress ticks). */
  maxMemory?: number;
  /** A second thread loaders may share work with. */
  helperThread?: ParallelHelper;
}

const describeHead = (h: Uint8Array) =>
  Array.from(h.subarray(0, 8), (b) => b.toString(16).padStart(2, "0")).join(" ");

/** Loads one file into its own graph: inflate gzip, sniff the format from the bytes, parse. */
export async function loadOne(spec: InputSpec, opts: LoadGraphOptions = {}): Promise<HeapGraph> {
  const progress = limitProgress(opts.progress ?? silentProgress, opts.maxMemory);
  const builder = new GraphBuilder();
  const budget = inflateBudget(opts.maxMemory);
  const opened = openInput(spec.file, budget ? { maxInflated: budget } : {});
  const source = opened.source;
  try {
    const h = head(source, 64);
    if (h.length === 0) throw new InputError(spec.file, 0, "empty file");
    const format = sniffFormat(h);
    if (!format) {
      throw new InputError(spec.file, 0, `unrecognised format (first bytes ${describeHead(h)}); expected an HPROF dump, a Go heap profile (pprof proto or debug=1 text) or a Go heap dump`);
    }
    const { helperThread: _thread, ...rest } = opts;
    const options: LoadOptions = { ...rest, ...spec.options };
    builder.beginInput({ file: spec.file, format: format.name, language: format.language, process: spec.process });
    if (opened.gunzipped) builder.setMeta("gzip", true);
    const warn = (m: string) => builder.warnings.push(`${spec.file}: ${m}`);
    if (opened.truncatedGzip) warn("gzip stream ends early; analysing the bytes that could be inflated");
    await format.load(source, builder, { options, progress, signal: opts.signal, warn, parallel: opts.helperThread });
    builder.endInput();
  } finally {
    source.close();
  }
  return builder.freeze();
}

/** Loads several inputs into one combined graph under one super-root. */
export async function loadGraph(specs: InputSpec[], opts: LoadGraphOptions = {}): Promise<HeapGraph> {
  const graphs: HeapGraph[] = [];
  for (const s of specs) graphs.push(await loadOne(s, opts));
  return combineGraphs(graphs);
}
