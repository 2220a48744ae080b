import type { GraphBuilder } from "../graph/builder.ts";
import type { ByteSource } from "../io/source.ts";
import type { Progress } from "../io/progress.ts";

export interface LoadOptions {
  /** pprof: which sample type becomes node size (name like "inuse_space" or an index). */
  sampleIndex?: string;
  /** godump: an ELF binary whose symbol table names the globals. */
  binary?: string;
  /** HPROF files with several dumps: which one (0-based); default the last. */
  dumpIndex?: number;
  /** Process name for hybrid audits. */
  process?: string;
}

/** A second thread a loader may hand part of its work to (a job kind the thread knows, plain data or shared arrays). */
export interface ParallelHelper {
  run<T>(kind: string, payload: unknown): Promise<T>;
  /** Smallest share of work (format-specific units: HPROF pass 1 bytes, pass 2 edges) worth sending; formats have defaults. */
  minShare?: number;
}

export interface LoadContext {
  options: LoadOptions;
  progress: Progress;
  signal?: AbortSignal;
  /** Present when a second thread is available for this load. */
  parallel?: ParallelHelper;
  /** Non-fatal problems (truncation, dangling ids…): also copied into the report's warnings[]. */
  warn(message: string): void;
}

/**
 * One input format. `sniff` looks only at the first bytes (after gzip inflation); `load` writes the
 * input's nodes/edges/roots into the builder between the caller's beginInput/endInput, throwing
 * InputError (file, offset, expected) on bad input.
 */
export interface InputFormat {
  /** "hprof" | "pprof" | "pprof-text" | "godump" … (goref is reported by the pprof loader via meta) */
  readonly name: string;
  readonly language: "java" | "go";
  sniff(head: Uint8Array): boolean;
  load(source: ByteSource, builder: GraphBuilder, ctx: LoadContext): void | Promise<void>;
}
