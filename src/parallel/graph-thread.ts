import { availableParallelism } from "node:os";
import type { Worker } from "node:worker_threads";
import type { DominatorHelper } from "../analysis/dominators.ts";
import type { EdgeMask } from "../analysis/edge-policy.ts";
import type { PairGrouping } from "../analysis/pair-buckets.ts";
import type { HistogramInputs, HistogramTotals, TypeSumInputs, TypeSums } from "../analysis/histogram.ts";
import type { TraversalGraph } from "../analysis/paths.ts";
import type { PathIndex } from "../analysis/types.ts";
import { isShared, sharedArray } from "../graph/growable.ts";
import type { HeapGraph } from "../graph/heap-graph.ts";
import { RootKind } from "../graph/kinds.ts";
import type { ParallelHelper } from "../formats/format.ts";
import { inputWeight } from "../io/source.ts";
import { siblingUrl, startWorker } from "./boot.ts";
import type { ThreadJob, ThreadReply } from "./graph-worker.ts";

/** Graphs smaller than this are analysed on one thread: a job would cost more than it saves. */
export const THREAD_MIN_NODES = 1_000_000;
/** Inputs smaller than this (on disk, gzip counted ×4) do not start the thread at all. */
export const THREAD_MIN_INPUT_BYTES = 32 * 1024 * 1024;

/**
 * A queue a traversal job on the thread walks through and then hands to the main thread, whose
 * next phase lays an array over it: its pages are resident by then (the thread faulted them in
 * while the main thread was busy), where a fresh array would fault them in on the main thread.
 * `ready()` once the job is done with it; its contents are garbage. Sized generously (only what
 * the job touches is resident).
 */
export class HandOff {
  readonly array: Uint32Array;
  readonly done = sharedArray(Int32Array, 1);
  constructor(length: number) {
    this.array = sharedArray(Uint32Array, length);
  }
  ready(): boolean {
    return Atomics.load(this.done, 0) === 1;
  }
}

/**
 * One worker thread that traverses a graph whose columns are on SharedArrayBuffers (GraphBuilder
 * puts them there) while the main thread works on the same graph: the GC-root path BFS runs beside
 * the dominator computation. Started before loading (it needs ~0.1 s to boot from its bundle, see
 * worker-bundle.ts, which overlaps the load); jobs that cannot run there
 * (a graph not on shared memory, a thread that failed) return undefined and the caller computes
 * on the main thread.
 */
export class GraphThread implements ParallelHelper, DominatorHelper {
  private readonly worker: Worker;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (r: ThreadReply) => void; reject: (e: Error) => void }>();
  private failed: Error | undefined;

  /** @param minNodes graphs smaller than this are left to the main thread (tests set 0). */
  private constructor(private readonly minNodes: number) {
    this.worker = startWorker(siblingUrl(import.meta.url, "graph-worker"));
    this.worker.unref();
    this.worker.on("message", (m: ThreadReply) => {
      const p = this.pending.get(m.id);
      this.pending.delete(m.id);
      p?.resolve(m);
    });
    const fail = (e: Error) => {
      this.failed = e;
      for (const p of this.pending.values()) p.reject(e);
      this.pending.clear();
    };
    this.worker.on("error", fail);
    this.worker.on("exit", (code) => fail(new Error(`graph thread exited (code ${code})`)));
  }

  /** A thread when the machine has a second core and the inputs are big enough to use it. */
  static forInputs(files: string[], wanted: boolean | "auto" = "auto", minNodes = THREAD_MIN_NODES): GraphThread | undefined {
    if (wanted === false || availableParallelism() < 2) return undefined;
    if (wanted === "auto" && files.reduce((sum, f) => sum + inputWeight(f), 0) < THREAD_MIN_INPUT_BYTES) return undefined;
    return new GraphThread(minNodes);
  }

  /** Shortest GC-root paths (computePaths) on the thread, or undefined when the graph cannot go there. */
  paths(graph: HeapGraph, mask: EdgeMask, handOff?: HandOff): Promise<PathIndex> | undefined {
    const t = this.traversal(graph);
    if (!t) return undefined;
    return this.run<Uint32Array>("paths", { ...t, mask, queue: handOff?.array, done: handOff?.done }).then((parent) => ({ parent, mask }));
  }

  /**
   * Per input, the nodes reachable from its roots other than JNI globals (what
   * hybrid.jni-global-roots starts from), for Java inputs that have JNI-global roots.
   */
  nonJniReach(graph: HeapGraph, mask: EdgeMask, handOff?: HandOff): Promise<(Uint8Array | undefined)[]> | undefined {
    const t = this.traversal(graph);
    if (!t) return undefined;
    let queue = handOff;
    const jobs = graph.inputs.map((inp) => {
      if (inp.language !== "java") return undefined;
      let any = false;
      for (let r = inp.firstRoot; r < inp.endRoot && !any; r++) any = t.rootKind[r] === RootKind.JniGlobal;
      if (!any) return undefined;
      // (the first job walks the hand-off queue, any other its own)
      const h = queue;
      queue = undefined;
      return this.run<Uint8Array>("non-jni-reach", { ...t, mask, firstRoot: inp.firstRoot, endRoot: inp.endRoot, queue: h?.array, done: h?.done });
    });
    return Promise.all(jobs);
  }

  /**
   * The histogram's per-type sums and its exact rows (histogramTotals) on the thread, while the main
   * thread runs the detectors; undefined when the graph or the dominator arrays are not on shared
   * memory (the calling-context-tree dominators of pprof inputs are not).
   */
  histogram(inputs: HistogramInputs, precise: number, sums?: TypeSums): Promise<HistogramTotals> | undefined {
    const { shallow, count, kind, type, treeOrder, subtreeSize, retained } = inputs;
    if (!this.traversal(inputs) || ![shallow, kind, type, treeOrder, subtreeSize, retained].every(isShared) || (count && !isShared(count))) return undefined;
    return this.run<HistogramTotals>("histogram", { inputs, precise, sums });
  }

  /**
   * The histogram's per-type sums (typeSums), which need only the graph; undefined
   * when its columns are not on shared memory or the graph is left to the main thread.
   */
  typeSums(inputs: TypeSumInputs, nodes: number): Promise<TypeSums> | undefined {
    const { kind, type, shallow, count } = inputs;
    if (this.failed || nodes < this.minNodes || ![kind, type, shallow].every(isShared) || (count && !isShared(count))) return undefined;
    return this.run<TypeSums>("type-sums", inputs);
  }

  /**
   * Takes a share of the dominator DFS's pairs to group, bucket by bucket, while the main thread
   * takes the rest (see pair-buckets.ts); nothing when the thread cannot take part.
   */
  groupPairs(g: PairGrouping, nodes: number): void {
    if (this.failed || nodes < this.minNodes) return;
    // A failure surfaces on the main side: it waits for a bucket the thread held and times out.
    this.run("group-pairs", g).catch(() => undefined);
  }

  /** The columns a traversal job reads, when the thread takes this graph and they are on shared memory. */
  private traversal(graph: TraversalGraph): TraversalGraph | undefined {
    if (this.failed || graph.nodeCount < this.minNodes) return undefined;
    const { nodeCount, edgeStart, edgeTo, edgeKind, rootNode, rootKind } = graph;
    if (![edgeStart, edgeTo, edgeKind, rootNode, rootKind].every(isShared)) return undefined;
    return { nodeCount, edgeStart, edgeTo, edgeKind, rootNode, rootKind };
  }

  /** Runs a job kind the worker knows (see graph-worker.ts) on plain data and shared arrays. */
  run<T>(kind: string, payload: unknown): Promise<T> {
    if (this.failed) return Promise.reject(this.failed);
    const job: ThreadJob = { id: this.nextId++, kind, payload };
    return new Promise<ThreadReply>((resolve, reject) => {
      this.pending.set(job.id, { resolve, reject });
      this.worker.postMessage(job);
    }).then((reply) => {
      if (reply.error !== undefined) throw new Error(`graph thread: ${reply.error}`);
      return reply.result as T;
    });
  }

  close(): void {
    this.failed ??= new Error("graph thread closed");
    void this.worker.terminate();
  }
}
