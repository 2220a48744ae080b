import { parentPort } from "node:worker_threads";
import { markFromOtherRoots } from "../analysis/detectors/hybrid-jni-global.ts";
import type { EdgeMask } from "../analysis/edge-policy.ts";
import { histogramTotals, typeSums, type HistogramInputs, type TypeSumInputs, type TypeSums } from "../analysis/histogram.ts";
import { helpGroup, type PairGrouping } from "../analysis/pair-buckets.ts";
import { computePaths, type TraversalGraph } from "../analysis/paths.ts";
import { loadHprof } from "../formats/hprof/index.ts";
import { pass1PartBuffers, runPass1Job, type Pass1Job } from "../formats/hprof/pass1-parallel.ts";
import { runPass2Job, type Pass2Job } from "../formats/hprof/pass2-parallel.ts";
import { warmUp } from "../formats/hprof/warmup.ts";
import { releaseMemory } from "../io/release.ts";

/** A traversal's queue handed in by the main thread (HandOff), to be handed back when the walk is done. */
interface HandedQueue {
  queue?: Uint32Array;
  done?: Int32Array;
}

/** Tells the main thread the queue is free; without one, returns this thread's own (4 bytes per node) to the system. */
function handBack(p: HandedQueue & { nodeCount: number }): void {
  if (p.done) Atomics.store(p.done, 0, 1);
  else releaseMemory(4 * p.nodeCount);
}

export interface ThreadJob {
  id: number;
  kind: string;
  payload: unknown;
}

export interface ThreadReply {
  id: number;
  result?: unknown;
  error?: string;
}

/**
 * The jobs a GraphThread runs: each takes plain data and arrays on SharedArrayBuffers (read and
 * written in place, never copied) and returns plain data or a fresh array whose buffer is
 * transferred back.
 */
const jobs: Record<string, (payload: never) => { result: unknown; transfer?: ArrayBuffer[] }> = {
  paths(p: TraversalGraph & { mask: Uint8Array } & HandedQueue) {
    const { parent } = computePaths(p, p.mask, undefined, p.queue ?? new Uint32Array(p.nodeCount));
    handBack(p);
    return { result: parent, transfer: [parent.buffer as ArrayBuffer] };
  },
  "non-jni-reach"(p: TraversalGraph & { mask: EdgeMask; firstRoot: number; endRoot: number } & HandedQueue) {
    const mark = new Uint8Array(p.nodeCount);
    markFromOtherRoots(p, p.mask, p.firstRoot, p.endRoot, mark, p.queue ?? new Uint32Array(p.nodeCount));
    handBack(p);
    return { result: mark, transfer: [mark.buffer as ArrayBuffer] };
  },
  histogram(p: { inputs: HistogramInputs; precise: number; sums?: TypeSums }) {
    const totals = histogramTotals(p.inputs, p.precise, p.sums);
    // The exact rows' BFS scratch (5 bytes per node) and the histogram's type column (2 or 4), once
    // the reply is out: collecting first would hold the main thread up.
    setImmediate(() => releaseMemory((p.precise > 0 ? 5 : 0) * p.inputs.nodeCount + p.inputs.type.byteLength));
    const { count, shallow, retained } = totals;
    return { result: totals, transfer: [count.buffer, shallow.buffer, retained.buffer] as ArrayBuffer[] };
  },
  "type-sums"(p: TypeSumInputs) {
    const sums = typeSums(p);
    return { result: sums, transfer: [sums.count.buffer, sums.shallow.buffer] as ArrayBuffer[] };
  },
  "group-pairs"(p: PairGrouping) {
    const taken = helpGroup(p);
    // This thread's views of the pairs keep their shared buffers alive until it collects them,
    // which it can only do once this message's handler has returned.
    const bytes = p.chunks.reduce((sum, list) => sum + list.reduce((s, c) => s + c.byteLength, 0), 0);
    p.chunks = [];
    setImmediate(() => releaseMemory(bytes));
    return { result: taken };
  },
  "hprof-pass1"(p: Pass1Job) {
    const part = runPass1Job(p);
    return { result: part, transfer: pass1PartBuffers(part) };
  },
  "hprof-pass2"(p: Pass2Job) {
    return { result: runPass2Job(p) };
  },
};

// This thread's compiler needs the hot loops' type feedback too (see warmUp): taken while the
// main thread is still in its own pass 1.
warmUp(loadHprof);

parentPort?.on("message", (job: ThreadJob) => {
  try {
    const run = jobs[job.kind];
    if (!run) throw new Error(`unknown job kind ${job.kind}`);
    const { result, transfer } = run(job.payload as never);
    const reply: ThreadReply = { id: job.id, result };
    parentPort!.postMessage(reply, transfer ?? []);
  } catch (e) {
    const reply: ThreadReply = { id: job.id, error: e instanceof Error ? e.message : String(e) };
    parentPort!.postMessage(reply);
  }
});
